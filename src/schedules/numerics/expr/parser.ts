/**
 * Recursive-descent parser for a one-argument Python lambda, following Python's expression grammar:
 *
 *   lambda    := 'lambda' NAME ':' expr END  |  expr END        (bare expression: its free variable is the argument)
 *   expr      := disj ['if' disj 'else' expr]
 *   disj      := conj ('or' conj)*           conj := inv ('and' inv)*        inv := 'not' inv | comparison
 *   comparison:= sum (('<'|'<='|'>'|'>='|'=='|'!=') sum)*                      (chained: a < b < c)
 *   sum       := term (('+'|'-') term)*      term := factor (('*'|'/'|'//'|'%') factor)*
 *   factor    := ('+'|'-') factor | power    power := primary ['**' factor]  (right-assoc, above unary minus on its left)
 *   primary   := NUMBER | NAME | True | False | '(' expr ')' | NAME '(' args ')' | 'math' '.' NAME ['(' args ')']
 *
 * Names are resolved here (argument, builtins, math.*), and calls are checked for arity, so that every
 * mistake is reported with its column before anything runs.
 */
import { BUILTINS, MATH_CONSTANTS, type PyType } from './builtins';
import { KEYWORDS, syntaxError, tokenize, type Token } from './lexer';

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Expr =
  | { kind: 'number'; pos: number; value: number; type: PyType }
  | { kind: 'arg'; pos: number }
  | { kind: 'unary'; pos: number; op: '-' | '+' | 'not'; operand: Expr }
  | { kind: 'binary'; pos: number; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'compare'; pos: number; ops: CompareOp[]; operands: Expr[] }
  | { kind: 'logic'; pos: number; op: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'if'; pos: number; test: Expr; body: Expr; orelse: Expr }
  | { kind: 'call'; pos: number; name: string; args: Expr[] };

export interface ParsedLambda {
  /** The parameter name; for a bare expression its free variable (`x` when it has none). */
  argName: string;
  body: Expr;
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '==', '!=']);
const LAMBDA_FORM = '"lambda <name>: <expression>"';

const describe = (t: Token) => (t.kind === 'end' ? 'end of input' : `"${t.text}"`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function parseLambda(source: string): ParsedLambda {
  return new Parser(source).parse();
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;
  /** null until a bare expression meets its free variable. */
  private argName: string | null = null;
  private explicit = false;

  constructor(source: string) {
    this.tokens = tokenize(source);
  }

  parse(): ParsedLambda {
    const first = this.peek();
    if (first.kind === 'end') syntaxError(0, LAMBDA_FORM, `expected ${LAMBDA_FORM}`);
    if (this.isName(first, 'lambda')) this.parseHeader();
    else if (!this.startsExpression(first)) {
      syntaxError(first.pos, LAMBDA_FORM, `expected ${LAMBDA_FORM} but found ${describe(first)}`);
    }
    const body = this.expr();
    const rest = this.peek();
    if (rest.kind !== 'end') {
      if (rest.text === ')') syntaxError(rest.pos, 'end of input', 'unmatched ")"');
      if (rest.text === ',') syntaxError(rest.pos, 'end of input', 'tuples are not supported: the lambda must return one number');
      syntaxError(rest.pos, 'an operator or end of input', `expected an operator or end of input but found ${describe(rest)}`);
    }
    return { argName: this.argName ?? 'x', body };
  }

  private parseHeader(): void {
    this.next(); // lambda
    const name = this.peek();
    if (name.kind !== 'name' || KEYWORDS.has(name.text)) {
      const hint = name.text === ':' ? ' (a schedule lambda takes one argument, e.g. lambda epoch: ...)' : '';
      syntaxError(name.pos, 'an argument name', `expected an argument name but found ${describe(name)}${hint}`);
    }
    this.next();
    const after = this.peek();
    if (after.text === ',') {
      syntaxError(after.pos, '":"', 'a schedule lambda takes exactly one argument (the scheduler passes one number)');
    }
    if (after.text === '=') syntaxError(after.pos, '":"', 'default argument values are not supported');
    this.expect(':');
    this.argName = name.text;
    this.explicit = true;
  }

  // ---- tokens ----

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private isOp(t: Token, text: string): boolean {
    return t.kind === 'op' && t.text === text;
  }

  private isName(t: Token, text: string): boolean {
    return t.kind === 'name' && t.text === text;
  }

  private expect(text: string): Token {
    const t = this.peek();
    if (t.text !== text || t.kind === 'number') {
      syntaxError(t.pos, `"${text}"`, `expected "${text}" but found ${describe(t)}`);
    }
    return this.next();
  }

  private startsExpression(t: Token): boolean {
    if (t.kind === 'number') return true;
    if (t.kind === 'name') return !KEYWORDS.has(t.text) || ['not', 'True', 'False', 'None', 'lambda'].includes(t.text);
    return t.text === '(' || t.text === '-' || t.text === '+';
  }

  // ---- grammar ----

  private expr(): Expr {
    const body = this.disjunction();
    const t = this.peek();
    if (!this.isName(t, 'if')) return body;
    this.next();
    const test = this.disjunction();
    const e = this.peek();
    if (!this.isName(e, 'else')) syntaxError(e.pos, '"else"', `expected "else" but found ${describe(e)}`);
    this.next();
    return { kind: 'if', pos: t.pos, test, body, orelse: this.expr() };
  }

  private disjunction(): Expr {
    return this.logic('or', () => this.conjunction());
  }

  private conjunction(): Expr {
    return this.logic('and', () => this.inversion());
  }

  private logic(op: 'and' | 'or', operand: () => Expr): Expr {
    let left = operand();
    while (this.isName(this.peek(), op)) {
      const pos = this.next().pos;
      left = { kind: 'logic', pos, op, left, right: operand() };
    }
    return left;
  }

  private inversion(): Expr {
    const t = this.peek();
    if (this.isName(t, 'not')) {
      this.next();
      return { kind: 'unary', pos: t.pos, op: 'not', operand: this.inversion() };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const first = this.sum();
    const ops: CompareOp[] = [];
    const operands = [first];
    let pos = -1;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'name' && (t.text === 'in' || t.text === 'is' || (t.text === 'not' && this.isName(this.peek(1), 'in')))) {
        syntaxError(t.pos, 'a comparison', `"${t.text}" is not supported: compare numbers with < <= > >= == !=`);
      }
      if (t.kind !== 'op' || !COMPARE_OPS.has(t.text)) break;
      if (pos < 0) pos = t.pos;
      this.next();
      ops.push(t.text as CompareOp);
      operands.push(this.sum());
    }
    return ops.length ? { kind: 'compare', pos, ops, operands } : first;
  }

  private binaryLevel(ops: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !ops.includes(t.text)) return left;
      this.next();
      left = { kind: 'binary', pos: t.pos, op: t.text as BinaryOp, left, right: operand() };
    }
  }

  private sum(): Expr {
    return this.binaryLevel(['+', '-'], () => this.term());
  }

  private term(): Expr {
    return this.binaryLevel(['*', '/', '//', '%'], () => this.factor());
  }

  private factor(): Expr {
    const t = this.peek();
    if (this.isOp(t, '-') || this.isOp(t, '+')) {
      this.next();
      return { kind: 'unary', pos: t.pos, op: t.text as '-' | '+', operand: this.factor() };
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.primary();
    const t = this.peek();
    if (!this.isOp(t, '**')) return base;
    this.next();
    return { kind: 'binary', pos: t.pos, op: '**', left: base, right: this.factor() };
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'number') return { kind: 'number', pos: t.pos, value: t.value, type: t.isInt ? 'int' : 'float' };
    if (this.isOp(t, '(')) {
      const inner = this.expr();
      const close = this.peek();
      if (this.isOp(close, ',')) syntaxError(close.pos, '")"', 'tuples are not supported: the lambda must return one number');
      this.expect(')');
      return inner;
    }
    if (t.kind === 'name') return this.name(t);
    syntaxError(t.pos, 'an expression', `expected an expression but found ${describe(t)}`);
  }

  private name(t: Token): Expr {
    const name = t.text;
    const after = this.peek();
    if (name === this.argName) {
      if (this.isOp(after, '(')) syntaxError(t.pos, 'an operator', `"${name}" is the argument, not a function`);
      if (this.isOp(after, '.')) syntaxError(after.pos, 'an operator', `"${name}" is the argument: it has no attributes`);
      return { kind: 'arg', pos: t.pos };
    }
    if (name === 'True' || name === 'False') return { kind: 'number', pos: t.pos, value: name === 'True' ? 1 : 0, type: 'bool' };
    if (name === 'None') syntaxError(t.pos, 'a number', 'None is not a number');
    if (name === 'lambda') syntaxError(t.pos, 'an expression', 'nested lambdas are not supported');
    if (KEYWORDS.has(name)) syntaxError(t.pos, 'an expression', `expected an expression but found "${name}"`);
    if (name === 'math') return this.mathMember(t);
    if (this.isOp(after, '(')) return this.call(t, name);
    if (this.isOp(after, '.')) syntaxError(t.pos, 'math', `unknown module "${name}" (only math.* is supported)`);
    if (name in BUILTINS) syntaxError(t.pos, '"("', `"${name}" is a function: call it, e.g. ${name}(...)`);
    if (this.explicit) syntaxError(t.pos, `the argument "${this.argName}"`, `unknown name "${name}" (the argument is "${this.argName}")`);
    if (this.argName !== null) {
      syntaxError(t.pos, `the variable "${this.argName}"`, `more than one variable ("${this.argName}" and "${name}"): write lambda ${this.argName}: ... to name the argument`);
    }
    this.argName = name;
    return { kind: 'arg', pos: t.pos };
  }

  private mathMember(t: Token): Expr {
    if (!this.isOp(this.peek(), '.')) syntaxError(t.pos, 'math.<name>', '"math" is a module: use math.<name>, e.g. math.cos(x)');
    this.next();
    const member = this.peek();
    if (member.kind !== 'name') syntaxError(member.pos, 'a name', `expected a name after "math." but found ${describe(member)}`);
    this.next();
    const full = `math.${member.text}`;
    if (this.isOp(this.peek(), '(')) return this.call(t, full);
    if (member.text in MATH_CONSTANTS) return { kind: 'number', pos: t.pos, value: MATH_CONSTANTS[member.text], type: 'float' };
    if (full in BUILTINS) syntaxError(t.pos, '"("', `"${full}" is a function: call it, e.g. ${full}(x)`);
    syntaxError(t.pos, 'a math constant', `unknown name "${full}"`);
  }

  private call(nameTok: Token, name: string): Expr {
    const fn = BUILTINS[name];
    if (!fn) {
      const suggestion = `math.${name}` in BUILTINS || name in MATH_CONSTANTS ? ` (did you mean math.${name}?)` : '';
      if (name.startsWith('math.') && name.slice(5) in MATH_CONSTANTS) {
        syntaxError(nameTok.pos, 'an operator', `"${name}" is a number, not a function`);
      }
      syntaxError(nameTok.pos, 'a known function', `unknown function "${name}"${suggestion}`);
    }
    this.expect('(');
    const args: (Expr | undefined)[] = [];
    let sawKeyword = false;
    while (!this.isOp(this.peek(), ')')) {
      const t = this.peek();
      if (t.kind === 'name' && this.isOp(this.peek(1), '=')) {
        const slot = fn.keywords?.indexOf(t.text) ?? -1;
        if (slot < 0) syntaxError(t.pos, 'an argument', `${name}() has no keyword argument "${t.text}"`);
        if (args[slot] !== undefined) syntaxError(t.pos, 'an argument', `${name}() got argument "${t.text}" twice`);
        this.next();
        this.next();
        args[slot] = this.expr();
        sawKeyword = true;
      } else {
        if (sawKeyword) syntaxError(t.pos, 'a keyword argument', 'a positional argument cannot follow a keyword argument');
        args[args.length] = this.expr();
      }
      if (!this.isOp(this.peek(), ',')) break;
      this.next();
    }
    this.expect(')');
    const given = args.length;
    const missing = args.findIndex((a) => a === undefined);
    if (missing >= 0) syntaxError(nameTok.pos, 'an argument', `${name}() is missing argument "${fn.keywords?.[missing]}"`);
    if (given < fn.minArgs || given > fn.maxArgs) {
      const want =
        fn.maxArgs === Infinity
          ? `at least ${plural(fn.minArgs, 'argument')}`
          : fn.minArgs === fn.maxArgs
            ? `exactly ${plural(fn.minArgs, 'argument')}`
            : `${fn.minArgs} or ${plural(fn.maxArgs, 'argument')}`;
      syntaxError(nameTok.pos, want, `${name}() takes ${want} (${given} given)`);
    }
    const list = args as Expr[];
    if (name === 'pow') return { kind: 'binary', pos: nameTok.pos, op: '**', left: list[0], right: list[1] };
    return { kind: 'call', pos: nameTok.pos, name, args: list };
  }
}
