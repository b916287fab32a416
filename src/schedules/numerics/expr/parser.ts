/**
 * Parser for a one-argument Python lambda, following Python's expression grammar:
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
 *
 * Size limits. Only brackets make the parser recurse (at most 200 deep, CPython's tokenizer limit,
 * checked in lexer.ts); chains of one precedence level are loops, and the right-recursive forms
 * (unary operators, `not`, `**`, `if ... else`) are read iteratively. Each node records its depth;
 * a tree nested more than {@link MAX_DEPTH} levels is refused, so that compiling it and calling it
 * stay far from the JS stack limit. A flat chain (`a + b - c + ...`, `a and b and ...`, `a < b < ...`)
 * is one level, whatever its length: it compiles to a loop (compile.ts).
 */
import { BUILTINS, MATH_CONSTANTS, type PyType } from './builtins';
import { KEYWORDS, syntaxError, tokenize, type Token } from './lexer';

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** `+ -` or `* / // %`: the operators a left-associative chain is made of. */
export type ChainOp = Exclude<BinaryOp, '**'>;

type Shape =
  | { kind: 'number'; value: number; type: PyType }
  | { kind: 'arg' }
  | { kind: 'unary'; op: '-' | '+' | 'not'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  /** `a + b - c ...` (or `a * b / c ...`), left-associative: ops[i] joins operands[i] and operands[i + 1]. */
  | { kind: 'chain'; ops: ChainOp[]; operands: Expr[] }
  | { kind: 'compare'; ops: CompareOp[]; operands: Expr[] }
  /** `a or b or c ...`: the first true operand, else the last (`and`: the first false one). */
  | { kind: 'logic'; op: 'and' | 'or'; operands: Expr[] }
  | { kind: 'if'; test: Expr; body: Expr; orelse: Expr }
  | { kind: 'call'; name: string; args: Expr[] };

/** A node before `node` adds its depth. */
type Node = Shape & { pos: number };

/** `pos`: offset of the node's operator or first token; `depth`: 1 for a leaf. */
export type Expr = Node & { depth: number };

/**
 * Deepest tree accepted: CPython 3.11's limit at its default recursion limit. Its compiler refuses an
 * AST nested deeper than 3 x sys.getrecursionlimit() = 3000 levels (less the caller's own depth) with
 * "RecursionError: maximum recursion depth exceeded during compilation" (Python/ast_opt.c). Its parser
 * also stops at 6000 rule calls deep (MAXSTACK in Parser/parser.c, a MemoryError), which brackets
 * nested close to their limit can reach with a shallower tree (each costs ~25 calls); that is not
 * modelled. One difference on purpose: CPython counts every operator of a chain `a + b + c ...` as a
 * level, so a sum of more than ~3000 terms fails there unless the recursion limit is raised; here a
 * chain is one level whatever its length, and it computes what CPython computes once it compiles.
 */
export const MAX_DEPTH = 3000;

export interface ParsedLambda {
  /** The parameter name; for a bare expression its free variable (`x` when it has none). */
  argName: string;
  body: Expr;
}

const COMPARE_OPS: ReadonlySet<string> = new Set(['<', '<=', '>', '>=', '==', '!=']);
const SUM_OPS: readonly string[] = ['+', '-'];
const TERM_OPS: readonly string[] = ['*', '/', '//', '%'];
const LAMBDA_FORM = '"lambda <name>: <expression>"';

const describe = (t: Token) => (t.kind === 'end' ? 'end of input' : `"${t.text}"`);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function parseLambda(source: string): ParsedLambda {
  return new Parser(source).parse();
}

function childrenOf(e: Node): readonly Expr[] {
  switch (e.kind) {
    case 'number':
    case 'arg':
      return [];
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'chain':
    case 'compare':
    case 'logic':
      return e.operands;
    case 'if':
      return [e.test, e.body, e.orelse];
    case 'call':
      return e.args;
  }
}

/** `e` with its depth; refused past {@link MAX_DEPTH}. */
function node(e: Node): Expr {
  let depth = 0;
  for (const c of childrenOf(e)) depth = Math.max(depth, c.depth);
  depth += 1;
  if (depth > MAX_DEPTH) {
    syntaxError(
      e.pos,
      'a less deeply nested expression',
      `too deeply nested: more than ${MAX_DEPTH} nested operations (Python: RecursionError: maximum recursion depth exceeded during compilation)`,
    );
  }
  // Set on the fresh literal rather than copied: a spread of these many shapes is slow on long inputs.
  const out = e as Expr;
  out.depth = depth;
  return out;
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

  /** `b0 if t0 else b1 if t1 else ... else last`, read as a loop (CPython: right-recursive). */
  private expr(): Expr {
    const bodies: Expr[] = [];
    const tests: Expr[] = [];
    const ifs: number[] = [];
    let body = this.logic('or');
    for (;;) {
      const t = this.peek();
      if (!this.isName(t, 'if')) break;
      this.next();
      bodies.push(body);
      ifs.push(t.pos);
      tests.push(this.logic('or'));
      const e = this.peek();
      if (!this.isName(e, 'else')) syntaxError(e.pos, '"else"', `expected "else" but found ${describe(e)}`);
      this.next();
      body = this.logic('or');
    }
    let out = body;
    for (let i = bodies.length - 1; i >= 0; i--) out = node({ kind: 'if', pos: ifs[i], test: tests[i], body: bodies[i], orelse: out });
    return out;
  }

  /**
   * `disj` (`or`) and `conj` (`and`). The operand is chosen inline, not passed as a closure: with
   * fewer frames per bracket level, 200 nested brackets stay far from the stack limit.
   */
  private logic(op: 'and' | 'or'): Expr {
    const first = op === 'or' ? this.logic('and') : this.inversion();
    if (!this.isName(this.peek(), op)) return first;
    const pos = this.peek().pos;
    const operands = [first];
    while (this.isName(this.peek(), op)) {
      this.next();
      operands.push(op === 'or' ? this.logic('and') : this.inversion());
    }
    return node({ kind: 'logic', pos, op, operands });
  }

  private inversion(): Expr {
    const nots: number[] = [];
    while (this.isName(this.peek(), 'not')) nots.push(this.next().pos);
    let out = this.comparison();
    for (let i = nots.length - 1; i >= 0; i--) out = node({ kind: 'unary', pos: nots[i], op: 'not', operand: out });
    return out;
  }

  private comparison(): Expr {
    const first = this.chain(true);
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
      operands.push(this.chain(true));
    }
    return ops.length ? node({ kind: 'compare', pos, ops, operands }) : first;
  }

  /** `sum` (of `term`s), or `term` (of `factor`s): a left-associative chain, operand chosen inline as in `logic`. */
  private chain(sum: boolean): Expr {
    const ops = sum ? SUM_OPS : TERM_OPS;
    const first = sum ? this.chain(false) : this.factor();
    const chainOps: ChainOp[] = [];
    const operands = [first];
    let pos = -1;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !ops.includes(t.text)) break;
      if (pos < 0) pos = t.pos;
      this.next();
      chainOps.push(t.text as ChainOp);
      operands.push(sum ? this.chain(false) : this.factor());
    }
    return chainOps.length ? node({ kind: 'chain', pos, ops: chainOps, operands }) : first;
  }

  /** The unary `+`/`-` signs at the cursor. */
  private signs(): Token[] {
    const out: Token[] = [];
    while (this.isOp(this.peek(), '-') || this.isOp(this.peek(), '+')) out.push(this.next());
    return out;
  }

  /** `inner` under `signs`, the last one innermost. */
  private signed(signs: readonly Token[], inner: Expr): Expr {
    let out = inner;
    for (let i = signs.length - 1; i >= 0; i--) {
      out = node({ kind: 'unary', pos: signs[i].pos, op: signs[i].text as '-' | '+', operand: out });
    }
    return out;
  }

  private factor(): Expr {
    const signs = this.signs();
    return this.signed(signs, this.power());
  }

  /**
   * `p0 ** s1 p1 ** s2 p2 ...` (s: unary signs), right-associative: p0 ** (s1 (p1 ** (s2 p2 ...))),
   * as `power := primary ['**' factor]` reads it, folded from the right in a loop.
   */
  private power(): Expr {
    const bases = [this.primary()];
    const stars: number[] = [];
    const signs: Token[][] = [];
    while (this.isOp(this.peek(), '**')) {
      stars.push(this.next().pos);
      signs.push(this.signs());
      bases.push(this.primary());
    }
    let out = bases[bases.length - 1];
    for (let i = stars.length - 1; i >= 0; i--) {
      out = node({ kind: 'binary', pos: stars[i], op: '**', left: bases[i], right: this.signed(signs[i], out) });
    }
    return out;
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'number') return node({ kind: 'number', pos: t.pos, value: t.value, type: t.isInt ? 'int' : 'float' });
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
      return node({ kind: 'arg', pos: t.pos });
    }
    if (name === 'True' || name === 'False') return node({ kind: 'number', pos: t.pos, value: name === 'True' ? 1 : 0, type: 'bool' });
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
    return node({ kind: 'arg', pos: t.pos });
  }

  private mathMember(t: Token): Expr {
    if (!this.isOp(this.peek(), '.')) syntaxError(t.pos, 'math.<name>', '"math" is a module: use math.<name>, e.g. math.cos(x)');
    this.next();
    const member = this.peek();
    if (member.kind !== 'name') syntaxError(member.pos, 'a name', `expected a name after "math." but found ${describe(member)}`);
    this.next();
    const full = `math.${member.text}`;
    if (this.isOp(this.peek(), '(')) return this.call(t, full);
    if (member.text in MATH_CONSTANTS) return node({ kind: 'number', pos: t.pos, value: MATH_CONSTANTS[member.text], type: 'float' });
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
    if (name === 'pow') return node({ kind: 'binary', pos: nameTok.pos, op: '**', left: list[0], right: list[1] });
    return node({ kind: 'call', pos: nameTok.pos, name, args: list });
  }
}
