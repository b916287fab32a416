/**
 * A recursive-descent parser for the statements and expressions of training scripts (Python 3's
 * grammar, less what schedules never need: no class bodies are interpreted, comprehensions and
 * slices are read past). Brackets are the only source of deep recursion, and the lexer bounds them
 * at Python's own 200; operator chains are loops. Errors are {@link ImportError}s naming the line,
 * the column and what was expected.
 */
import { importErrorAt } from '../errors';
import type { Keyword, PyExpr, PyStmt } from './ast';
import { tokenizePython, type PyToken } from './lexer';

const COMPARE = new Set(['<', '<=', '>', '>=', '==', '!=']);
const AUG = new Set(['+=', '-=', '*=', '/=', '//=', '%=', '**=', '&=', '|=', '^=', '<<=', '>>=', '@=']);
/** Binary levels from loosest to tightest, below comparisons and above unary signs. */
const LEVELS: readonly (readonly string[])[] = [['|'], ['^'], ['&'], ['<<', '>>'], ['+', '-'], ['*', '/', '//', '%', '@']];
const SIMPLE_KEYWORDS = new Set(['pass', 'break', 'continue', 'global', 'nonlocal', 'del', 'assert', 'raise', 'yield', 'await']);

export function parsePython(src: string): PyStmt[] {
  return new Parser(src).module();
}

class Parser {
  private readonly t: PyToken[];
  private i = 0;

  constructor(private readonly src: string) {
    this.t = tokenizePython(src);
  }

  module(): PyStmt[] {
    const out: PyStmt[] = [];
    while (this.peek().kind !== 'end') {
      if (this.peek().kind === 'indent') this.fail(this.peek(), 'a statement', 'unexpected indent');
      if (this.peek().kind === 'newline' || this.peek().kind === 'dedent') {
        this.i++;
        continue;
      }
      out.push(...this.statement());
    }
    return out;
  }

  // ---- tokens ----

  private peek(o = 0): PyToken {
    return this.t[Math.min(this.i + o, this.t.length - 1)];
  }
  private next(): PyToken {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }
  private isOp(text: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind === 'op' && t.text === text;
  }
  private isKw(text: string, o = 0): boolean {
    const t = this.peek(o);
    return t.kind === 'name' && t.text === text;
  }
  private describe(t: PyToken): string {
    if (t.kind === 'end') return 'end of input';
    if (t.kind === 'newline') return 'end of line';
    if (t.kind === 'indent') return 'an indented block';
    if (t.kind === 'dedent') return 'the end of the block';
    return `"${t.text}"`;
  }
  private fail(t: PyToken, expected: string, detail?: string): never {
    importErrorAt(this.src, t.pos, expected, detail ?? `expected ${expected} but found ${this.describe(t)}`);
  }
  private expectOp(text: string): PyToken {
    if (!this.isOp(text)) this.fail(this.peek(), `"${text}"`);
    return this.next();
  }
  private expectName(): PyToken {
    const t = this.peek();
    if (t.kind !== 'name') this.fail(t, 'a name');
    return this.next();
  }
  private endOfStatement(): void {
    if (this.isOp(';')) {
      this.next();
      return;
    }
    const t = this.peek();
    if (t.kind === 'newline') this.next();
    else if (t.kind !== 'end' && t.kind !== 'dedent') this.fail(t, 'the end of the statement');
  }

  // ---- statements ----

  private statement(): PyStmt[] {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '@') {
      const decorators: PyExpr[] = [];
      while (this.isOp('@')) {
        this.next();
        decorators.push(this.expr());
        if (this.peek().kind === 'newline') this.next();
      }
      if (!this.isKw('def') && !this.isKw('class') && !this.isKw('async')) this.fail(this.peek(), 'a def or class after the decorator');
      const [s] = this.statement();
      if (s.k === 'def') s.decorators = decorators;
      return [s];
    }
    if (t.kind === 'name') {
      switch (t.text) {
        case 'async':
          this.next();
          return this.statement();
        case 'def':
          return [this.def()];
        case 'class':
          return [this.classDef()];
        case 'for':
          return [this.forStmt()];
        case 'while': {
          this.next();
          const test = this.expr();
          const body = this.block();
          if (this.isKw('else')) {
            this.next();
            this.block();
          }
          return [{ k: 'while', test, body, pos: t.pos, end: this.peek().pos }];
        }
        case 'if':
          return [this.ifStmt()];
        case 'with':
          return [this.withStmt()];
        case 'try':
          return [this.tryStmt()];
      }
    }
    const out: PyStmt[] = [this.simple()];
    while (this.isOp(';') && this.peek(1).kind !== 'newline' && this.peek(1).kind !== 'end') {
      this.next();
      out.push(this.simple());
    }
    this.endOfStatement();
    return out;
  }

  /** An indented block after `:` (or statements on the same line). */
  private block(): PyStmt[] {
    this.expectOp(':');
    if (this.peek().kind !== 'newline') {
      const out = [this.simple()];
      while (this.isOp(';') && this.peek(1).kind !== 'newline') {
        this.next();
        out.push(this.simple());
      }
      this.endOfStatement();
      return out;
    }
    this.next();
    if (this.peek().kind !== 'indent') this.fail(this.peek(), 'an indented block');
    this.next();
    const out: PyStmt[] = [];
    while (this.peek().kind !== 'dedent' && this.peek().kind !== 'end') {
      if (this.peek().kind === 'newline') {
        this.next();
        continue;
      }
      out.push(...this.statement());
    }
    if (this.peek().kind === 'dedent') this.next();
    return out;
  }

  private def(): PyStmt {
    const start = this.next().pos;
    const name = this.expectName().text;
    this.expectOp('(');
    const params: { name: string; default: PyExpr | null }[] = [];
    while (!this.isOp(')')) {
      if (this.isOp('*') || this.isOp('**') || this.isOp('/')) {
        this.next();
        if (this.peek().kind === 'name') params.push({ name: this.next().text, default: null });
      } else {
        const p = this.expectName().text;
        if (this.isOp(':')) {
          this.next();
          this.expr();
        }
        let dflt: PyExpr | null = null;
        if (this.isOp('=')) {
          this.next();
          dflt = this.expr();
        }
        params.push({ name: p, default: dflt });
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(')');
    if (this.isOp('->')) {
      this.next();
      this.expr();
    }
    const body = this.block();
    return { k: 'def', name, params, body, decorators: [], pos: start, end: this.peek().pos };
  }

  private classDef(): PyStmt {
    const start = this.next().pos;
    const name = this.expectName().text;
    let bases: PyExpr[] = [];
    if (this.isOp('(')) {
      const call = this.callArgs();
      bases = call.args;
    }
    const body = this.block();
    return { k: 'class', name, bases, body, pos: start, end: this.peek().pos };
  }

  private forStmt(): PyStmt {
    const start = this.next().pos;
    const target = this.targetList();
    if (!this.isKw('in')) this.fail(this.peek(), '"in"');
    this.next();
    const iter = this.exprList();
    const body = this.block();
    let orelse: PyStmt[] = [];
    if (this.isKw('else')) {
      this.next();
      orelse = this.block();
    }
    return { k: 'for', target, iter, body, orelse, pos: start, end: this.peek().pos };
  }

  private ifStmt(): PyStmt {
    const start = this.next().pos; // if / elif
    const test = this.namedExpr();
    const body = this.block();
    let orelse: PyStmt[] = [];
    if (this.isKw('elif')) orelse = [this.ifStmt()];
    else if (this.isKw('else')) {
      this.next();
      orelse = this.block();
    }
    return { k: 'if', test, body, orelse, pos: start, end: this.peek().pos };
  }

  private withStmt(): PyStmt {
    const start = this.next().pos;
    const items: { value: PyExpr; target: PyExpr | null }[] = [];
    const paren = this.isOp('(') && this.withIsParenthesized();
    if (paren) this.next();
    for (;;) {
      const value = this.expr();
      let target: PyExpr | null = null;
      if (this.isKw('as')) {
        this.next();
        target = this.primaryTarget();
      }
      items.push({ value, target });
      if (!this.isOp(',')) break;
      this.next();
      if (paren && this.isOp(')')) break;
    }
    if (paren) this.expectOp(')');
    const body = this.block();
    return { k: 'with', items, body, pos: start, end: this.peek().pos };
  }

  /** `with (a as b, c):`: a bracket that holds `as` at its own level. */
  private withIsParenthesized(): boolean {
    let depth = 0;
    for (let j = this.i; j < this.t.length; j++) {
      const t = this.t[j];
      if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
      else if (t.kind === 'op' && ')]}'.includes(t.text)) {
        depth--;
        if (depth === 0) return false;
      } else if (depth === 1 && t.kind === 'name' && t.text === 'as') return true;
    }
    return false;
  }

  private tryStmt(): PyStmt {
    const start = this.next().pos;
    const body = this.block();
    const handlers: PyStmt[][] = [];
    let orelse: PyStmt[] = [];
    let final: PyStmt[] = [];
    while (this.isKw('except')) {
      this.next();
      if (this.isOp('*')) this.next();
      if (!this.isOp(':')) {
        this.expr();
        if (this.isKw('as')) {
          this.next();
          this.expectName();
        }
      }
      handlers.push(this.block());
    }
    if (this.isKw('else')) {
      this.next();
      orelse = this.block();
    }
    if (this.isKw('finally')) {
      this.next();
      final = this.block();
    }
    return { k: 'try', body, handlers, orelse, final, pos: start, end: this.peek().pos };
  }

  private simple(): PyStmt {
    const t = this.peek();
    if (t.kind === 'name') {
      if (t.text === 'import') return this.importStmt();
      if (t.text === 'from') return this.fromStmt();
      if (t.text === 'return') {
        this.next();
        const atEnd = this.peek().kind === 'newline' || this.peek().kind === 'end' || this.isOp(';') || this.peek().kind === 'dedent';
        return { k: 'return', value: atEnd ? null : this.exprList(), pos: t.pos, end: this.peek().pos };
      }
      if (SIMPLE_KEYWORDS.has(t.text)) {
        // Read past the rest of the statement.
        while (!(this.peek().kind === 'newline' || this.peek().kind === 'end' || this.isOp(';') || this.peek().kind === 'dedent')) this.next();
        return { k: 'other', what: t.text, pos: t.pos, end: this.peek().pos };
      }
    }
    const first = this.exprList(true);
    if (this.isOp(':')) {
      // An annotated assignment: `x: int = 3`.
      this.next();
      this.expr();
      if (!this.isOp('=')) return { k: 'other', what: 'annotation', pos: t.pos, end: this.peek().pos };
      this.next();
      return { k: 'assign', targets: [first], value: this.exprList(true), pos: t.pos, end: this.peek().pos };
    }
    const op = this.peek();
    if (op.kind === 'op' && AUG.has(op.text)) {
      this.next();
      return { k: 'augassign', target: first, op: op.text.slice(0, -1), value: this.exprList(true), pos: t.pos, end: this.peek().pos };
    }
    if (this.isOp('=')) {
      const targets = [first];
      let value: PyExpr = first;
      while (this.isOp('=')) {
        this.next();
        value = this.exprList(true);
        targets.push(value);
      }
      targets.pop();
      return { k: 'assign', targets, value, pos: t.pos, end: this.peek().pos };
    }
    return { k: 'expr', value: first, pos: t.pos, end: this.peek().pos };
  }

  private dotted(): string {
    let name = this.expectName().text;
    while (this.isOp('.')) {
      this.next();
      name += '.' + this.expectName().text;
    }
    return name;
  }

  private importStmt(): PyStmt {
    const start = this.next().pos;
    const names: { module: string; alias: string | null }[] = [];
    for (;;) {
      const module = this.dotted();
      let alias: string | null = null;
      if (this.isKw('as')) {
        this.next();
        alias = this.expectName().text;
      }
      names.push({ module, alias });
      if (!this.isOp(',')) break;
      this.next();
    }
    return { k: 'import', names, pos: start, end: this.peek().pos };
  }

  private fromStmt(): PyStmt {
    const start = this.next().pos;
    let module = '';
    while (this.isOp('.') || this.isOp('...')) module += this.next().text;
    if (!this.isKw('import')) module += this.dotted();
    if (!this.isKw('import')) this.fail(this.peek(), '"import"');
    this.next();
    const names: { name: string; alias: string | null }[] = [];
    const paren = this.isOp('(');
    if (paren) this.next();
    if (this.isOp('*')) {
      this.next();
      names.push({ name: '*', alias: null });
    } else {
      for (;;) {
        if (paren && this.isOp(')')) break;
        const name = this.expectName().text;
        let alias: string | null = null;
        if (this.isKw('as')) {
          this.next();
          alias = this.expectName().text;
        }
        names.push({ name, alias });
        if (!this.isOp(',')) break;
        this.next();
      }
    }
    if (paren) this.expectOp(')');
    return { k: 'from', module, names, pos: start, end: this.peek().pos };
  }

  // ---- expressions ----

  /** `a, b` is a tuple; `starOk` allows `*rest` items (assignment targets, returns). */
  private exprList(starOk = false): PyExpr {
    const first = this.starOrExpr(starOk);
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.endsList()) break;
      items.push(this.starOrExpr(starOk));
    }
    return { k: 'list', items, tuple: true, pos: first.pos, end: items[items.length - 1].end };
  }

  private endsList(): boolean {
    const t = this.peek();
    return t.kind === 'newline' || t.kind === 'end' || (t.kind === 'op' && ['=', ')', ']', '}', ':', ';'].includes(t.text)) || (t.kind === 'name' && t.text === 'in');
  }

  private starOrExpr(starOk: boolean): PyExpr {
    if (starOk && this.isOp('*')) {
      const s = this.next();
      const value = this.orExpr();
      return { k: 'starred', value, pos: s.pos, end: value.end };
    }
    return this.expr();
  }

  /** The target of `for`: names, attributes, subscripts, tuples of them. */
  private targetList(): PyExpr {
    const first = this.primaryTarget();
    if (!this.isOp(',')) return first;
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isKw('in')) break;
      items.push(this.primaryTarget());
    }
    return { k: 'list', items, tuple: true, pos: first.pos, end: items[items.length - 1].end };
  }

  private primaryTarget(): PyExpr {
    if (this.isOp('*')) {
      const s = this.next();
      const value = this.primaryTarget();
      return { k: 'starred', value, pos: s.pos, end: value.end };
    }
    return this.orExpr();
  }

  private namedExpr(): PyExpr {
    const e = this.expr();
    if (this.isOp(':=')) {
      this.next();
      const value = this.expr();
      return { k: 'other', what: 'assignment expression', parts: [e, value], pos: e.pos, end: value.end };
    }
    return e;
  }

  expr(): PyExpr {
    if (this.isKw('lambda')) return this.lambda();
    const body = this.logic('or');
    if (!this.isKw('if')) return body;
    // `if` here is a conditional expression unless a comprehension clause reads it (handled there).
    this.next();
    const test = this.logic('or');
    if (!this.isKw('else')) this.fail(this.peek(), '"else"');
    this.next();
    const orelse = this.expr();
    return { k: 'ifexp', test, body, orelse, pos: body.pos, end: orelse.end };
  }

  /** An expression without a trailing conditional (comprehension filters read this). */
  private exprNoCond(): PyExpr {
    if (this.isKw('lambda')) return this.lambda();
    return this.logic('or');
  }

  private lambda(): PyExpr {
    const start = this.next().pos;
    const params: string[] = [];
    while (!this.isOp(':')) {
      if (this.isOp('*') || this.isOp('**')) this.next();
      params.push(this.expectName().text);
      if (this.isOp('=')) {
        this.next();
        this.expr();
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(':');
    const body = this.expr();
    return { k: 'lambda', params, body, pos: start, end: body.end };
  }

  private logic(op: 'and' | 'or'): PyExpr {
    const sub = () => (op === 'or' ? this.logic('and') : this.not());
    const first = sub();
    if (!this.isKw(op)) return first;
    const operands = [first];
    while (this.isKw(op)) {
      this.next();
      operands.push(sub());
    }
    return { k: 'logic', op, operands, pos: first.pos, end: operands[operands.length - 1].end };
  }

  private not(): PyExpr {
    if (this.isKw('not')) {
      const t = this.next();
      const operand = this.not();
      return { k: 'unary', op: 'not', operand, pos: t.pos, end: operand.end };
    }
    return this.comparison();
  }

  private comparison(): PyExpr {
    const first = this.orExpr();
    const ops: string[] = [];
    const operands = [first];
    for (;;) {
      const t = this.peek();
      let op: string | null = null;
      if (t.kind === 'op' && COMPARE.has(t.text)) op = t.text;
      else if (this.isKw('in')) op = 'in';
      else if (this.isKw('not') && this.isKw('in', 1)) op = 'not in';
      else if (this.isKw('is')) op = this.isKw('not', 1) ? 'is not' : 'is';
      if (!op) break;
      this.i += op.includes(' ') ? 2 : 1;
      ops.push(op);
      operands.push(this.orExpr());
    }
    return ops.length ? { k: 'compare', ops, operands, pos: first.pos, end: operands[operands.length - 1].end } : first;
  }

  /** The binary levels `|` down to `* / // % @`, each a left-associative loop. */
  private orExpr(level = 0): PyExpr {
    if (level === LEVELS.length) return this.unary();
    let left = this.orExpr(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !LEVELS[level].includes(t.text)) return left;
      this.next();
      const right = this.orExpr(level + 1);
      left = { k: 'binary', op: t.text, left, right, pos: left.pos, end: right.end };
    }
  }

  private unary(): PyExpr {
    const signs: PyToken[] = [];
    while (this.isOp('-') || this.isOp('+') || this.isOp('~')) signs.push(this.next());
    let out = this.power();
    for (let j = signs.length - 1; j >= 0; j--) out = { k: 'unary', op: signs[j].text, operand: out, pos: signs[j].pos, end: out.end };
    return out;
  }

  private power(): PyExpr {
    if (this.isKw('await')) this.next();
    const base = this.postfix();
    if (!this.isOp('**')) return base;
    this.next();
    const exponent = this.unary();
    return { k: 'binary', op: '**', left: base, right: exponent, pos: base.pos, end: exponent.end };
  }

  private postfix(): PyExpr {
    let e = this.atom();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const name = this.expectName();
        e = { k: 'attr', obj: e, name: name.text, pos: e.pos, end: name.end };
      } else if (this.isOp('(')) {
        const { args, keywords, end } = this.callArgs();
        e = { k: 'call', fn: e, args, keywords, pos: e.pos, end };
      } else if (this.isOp('[')) {
        this.next();
        const index = this.subscript();
        const close = this.expectOp(']');
        e = { k: 'subscript', obj: e, index, pos: e.pos, end: close.end };
      } else return e;
    }
    return e;
  }

  private subscript(): PyExpr {
    const parts: PyExpr[] = [];
    let slice = false;
    const start = this.peek().pos;
    for (;;) {
      if (this.isOp(':')) {
        slice = true;
        this.next();
        continue;
      }
      if (this.isOp(']')) break;
      if (this.isOp(',')) {
        slice = true;
        this.next();
        continue;
      }
      parts.push(this.expr());
    }
    if (!slice && parts.length === 1) return parts[0];
    return { k: 'other', what: 'slice', parts, pos: start, end: this.peek().pos };
  }

  private callArgs(): { args: PyExpr[]; keywords: Keyword[]; end: number } {
    this.expectOp('(');
    const args: PyExpr[] = [];
    const keywords: Keyword[] = [];
    while (!this.isOp(')')) {
      const t = this.peek();
      if (this.isOp('**')) {
        this.next();
        keywords.push({ name: null, value: this.expr(), pos: t.pos });
      } else if (this.isOp('*')) {
        this.next();
        const value = this.expr();
        args.push({ k: 'starred', value, pos: t.pos, end: value.end });
      } else if (t.kind === 'name' && this.isOp('=', 1)) {
        this.next();
        this.next();
        keywords.push({ name: t.text, value: this.expr(), pos: t.pos });
      } else {
        if (t.kind === 'op' && t.text === ',') this.fail(t, 'an expression');
        if (keywords.length && keywords.some((k) => k.name !== null)) {
          this.fail(t, 'a keyword argument', 'positional argument follows keyword argument');
        }
        let a = this.namedExpr();
        if (this.isKw('for')) a = this.comprehension(a, t.pos, ')');
        args.push(a);
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.expectOp(')');
    return { args, keywords, end: close.end };
  }

  /** `x for a in b if c ...` after its element; read, not understood. */
  private comprehension(element: PyExpr, pos: number, close: string): PyExpr {
    const parts = [element];
    while (this.isKw('for') || this.isKw('async')) {
      if (this.isKw('async')) this.next();
      this.next();
      parts.push(this.targetList());
      if (!this.isKw('in')) this.fail(this.peek(), '"in"');
      this.next();
      parts.push(this.logic('or'));
      while (this.isKw('if')) {
        this.next();
        parts.push(this.exprNoCond());
      }
    }
    if (!this.isOp(close)) this.fail(this.peek(), `"${close}"`);
    return { k: 'other', what: 'comprehension', parts, pos, end: this.peek().pos };
  }

  private atom(): PyExpr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { k: 'num', value: t.value, isInt: t.isInt, pos: t.pos, end: t.end };
      case 'string': {
        let value = t.str;
        let formatted = t.formatted;
        let end = t.end;
        while (this.peek().kind === 'string') {
          const s = this.next();
          value += s.str;
          formatted ||= s.formatted;
          end = s.end;
        }
        return { k: 'str', value, formatted, pos: t.pos, end };
      }
      case 'name':
        if (t.text === 'True' || t.text === 'False') return { k: 'const', value: t.text === 'True', pos: t.pos, end: t.end };
        if (t.text === 'None') return { k: 'const', value: null, pos: t.pos, end: t.end };
        if (RESERVED.has(t.text)) this.fail(t, 'an expression', `expected an expression but found "${t.text}"`);
        return { k: 'name', id: t.text, pos: t.pos, end: t.end };
      case 'op':
        if (t.text === '(') return this.paren(t);
        if (t.text === '[') return this.listDisplay(t);
        if (t.text === '{') return this.dictDisplay(t);
        if (t.text === '...') return { k: 'other', what: 'Ellipsis', parts: [], pos: t.pos, end: t.end };
    }
    this.fail(t, 'an expression');
  }

  private paren(open: PyToken): PyExpr {
    if (this.isOp(')')) {
      const close = this.next();
      return { k: 'list', items: [], tuple: true, pos: open.pos, end: close.end };
    }
    const first = this.isOp('*') ? this.starOrExpr(true) : this.namedExpr();
    if (this.isKw('for')) {
      const c = this.comprehension(first, open.pos, ')');
      this.expectOp(')');
      return c;
    }
    if (!this.isOp(',')) {
      this.expectOp(')');
      return first;
    }
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(')')) break;
      items.push(this.starOrExpr(true));
    }
    const close = this.expectOp(')');
    return { k: 'list', items, tuple: true, pos: open.pos, end: close.end };
  }

  private listDisplay(open: PyToken): PyExpr {
    const items: PyExpr[] = [];
    while (!this.isOp(']')) {
      const item = this.starOrExpr(true);
      if (this.isKw('for')) {
        const c = this.comprehension(item, open.pos, ']');
        this.expectOp(']');
        return c;
      }
      items.push(item);
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.expectOp(']');
    return { k: 'list', items, tuple: false, pos: open.pos, end: close.end };
  }

  private dictDisplay(open: PyToken): PyExpr {
    const entries: { key: PyExpr | null; value: PyExpr }[] = [];
    let isSet = false;
    while (!this.isOp('}')) {
      if (this.isOp('**')) {
        this.next();
        entries.push({ key: null, value: this.orExpr() });
      } else {
        const key = this.starOrExpr(true);
        if (this.isOp(':')) {
          this.next();
          const value = this.expr();
          if (this.isKw('for')) {
            const c = this.comprehension(value, open.pos, '}');
            this.expectOp('}');
            return c;
          }
          entries.push({ key, value });
        } else {
          isSet = true;
          if (this.isKw('for')) {
            const c = this.comprehension(key, open.pos, '}');
            this.expectOp('}');
            return c;
          }
          entries.push({ key: null, value: key });
        }
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    const close = this.expectOp('}');
    if (isSet) return { k: 'other', what: 'set', parts: entries.map((e) => e.value), pos: open.pos, end: close.end };
    return { k: 'dict', entries, pos: open.pos, end: close.end };
  }
}

/** Keywords that cannot start an expression. */
const RESERVED = new Set([
  'and', 'as', 'assert', 'async', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except', 'finally', 'for',
  'from', 'global', 'if', 'import', 'in', 'is', 'nonlocal', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);
