/**
 * Tokenizer for the Python expression subset of schedule lambdas. Positions are 0-based offsets
 * into the source; messages report them as 1-based columns.
 */
import { ExpressionSyntaxError } from './errors';

export type TokenKind = 'number' | 'name' | 'op' | 'end';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (`''` for end of input). */
  text: string;
  /** 0-based offset of the first character. */
  pos: number;
  /** Numbers: the value as a double. */
  value: number;
  /** Numbers: an int literal (`7`, `0x10`, `1_000`) rather than a float one (`7.`, `1e3`). */
  isInt: boolean;
}

/** Python keywords: none of them can be a variable name. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Keywords Python 3.11 still accepts glued to a number (`1if x else 2`). */
const GLUED_KEYWORDS = new Set(['and', 'or', 'if', 'else', 'in', 'is', 'not', 'for']);

/** Longest first, so that `**` wins over `*` and `//` over `/`. */
const OPERATORS = ['**', '//', '<=', '>=', '==', '!=', '+', '-', '*', '/', '%', '(', ')', ',', ':', '.', '<', '>', '='];
const UNSUPPORTED_OPERATORS: Record<string, string> = {
  '<<': 'bit shifts are not supported',
  '>>': 'bit shifts are not supported',
  '&': 'bitwise operators are not supported',
  '|': 'bitwise operators are not supported',
  '^': 'bitwise operators are not supported (write ** for a power)',
  '~': 'bitwise operators are not supported',
  '@': 'matrix multiplication is not supported',
  '[': 'lists and indexing are not supported',
  ']': 'lists and indexing are not supported',
  '{': 'dicts and sets are not supported',
  '}': 'dicts and sets are not supported',
  '"': 'strings are not supported',
  "'": 'strings are not supported',
  ';': 'only one expression is allowed',
};

/**
 * Most brackets open at once: CPython's tokenizer refuses the 201st with "too many nested
 * parentheses" (MAXLEVEL, Parser/tokenizer.c). It also bounds the parser's recursion (parser.ts).
 */
export const MAX_BRACKETS = 200;

export function syntaxError(pos: number, expected: string, detail: string): never {
  throw new ExpressionSyntaxError(pos, expected, `column ${pos + 1}: ${detail}`);
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentStart = (c: string) =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (c > '\x7f' && /\p{L}/u.test(c));
const isIdentChar = (c: string) => isIdentStart(c) || isDigit(c);

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let open = 0;
  const n = src.length;
  const push = (kind: TokenKind, start: number, value = 0, isInt = false) =>
    tokens.push({ kind, text: src.slice(start, i), pos: start, value, isInt });
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\\') {
      // A backslash continues a line in Python; treat it as whitespace when a newline follows.
      if (c === '\\' && !/^\\\r?\n/.test(src.slice(i, i + 3))) syntaxError(i, 'an expression', 'unexpected "\\"');
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      const { value, isInt, end } = scanNumber(src, i);
      i = end;
      if (i < n && isIdentChar(src[i])) {
        let j = i;
        while (j < n && isIdentChar(src[j])) j++;
        const word = src.slice(i, j);
        if (src[i] === 'j' || src[i] === 'J') syntaxError(start, 'a real number', 'complex numbers are not supported');
        if (!GLUED_KEYWORDS.has(word)) syntaxError(start, 'a number', `invalid number "${src.slice(start, j)}"`);
      }
      push('number', start, value, isInt);
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentChar(src[i])) i++;
      push('name', start);
      continue;
    }
    const badOp = [src.slice(i, i + 2), c].find((o) => o in UNSUPPORTED_OPERATORS);
    if (badOp) syntaxError(i, 'an expression', `${UNSUPPORTED_OPERATORS[badOp]} (found "${badOp}")`);
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) {
      const code = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      syntaxError(i, 'an expression', `unexpected character "${c}" (${code})`);
    }
    if (op === '(') {
      if (open >= MAX_BRACKETS) syntaxError(i, `at most ${MAX_BRACKETS} nested parentheses`, 'too many nested parentheses');
      open++;
    } else if (op === ')' && open > 0) open--;
    i += op.length;
    push('op', start);
  }
  tokens.push({ kind: 'end', text: '', pos: n, value: 0, isInt: false });
  return tokens;
}

/** Digits with single underscores between them (`1_000`); returns the end offset. */
function scanDigits(src: string, i: number, ok: (c: string) => boolean, what: string): number {
  const start = i;
  while (i < src.length) {
    if (ok(src[i])) i++;
    else if (src[i] === '_' && i > start && ok(src[i - 1]) && ok(src[i + 1] ?? '')) i++;
    else if (src[i] === '_') syntaxError(i, 'a digit', `invalid ${what}: "_" must separate two digits`);
    else break;
  }
  return i;
}

export function scanNumber(src: string, i: number): { value: number; isInt: boolean; end: number } {
  const start = i;
  const prefix = src.slice(i, i + 2).toLowerCase();
  const radix = prefix === '0x' ? 16 : prefix === '0o' ? 8 : prefix === '0b' ? 2 : 0;
  if (radix) {
    const ok =
      radix === 16 ? (c: string) => /[0-9a-fA-F]/.test(c) : radix === 8 ? (c: string) => c >= '0' && c <= '7' : (c: string) => c === '0' || c === '1';
    let j = i + 2;
    if (src[j] === '_') j++; // Python allows 0x_ff
    const end = scanDigits(src, j, ok, 'number');
    if (end === j) syntaxError(start, 'a digit', `invalid number "${src.slice(start, j)}"`);
    const digits = src.slice(j, end).replace(/_/g, '');
    return { value: finiteInt(Number(BigInt(prefix + digits)), start), isInt: true, end };
  }
  i = scanDigits(src, i, isDigit, 'number');
  const intEnd = i;
  let isInt = true;
  if (src[i] === '.') {
    isInt = false;
    i++;
    if (isDigit(src[i] ?? '')) i = scanDigits(src, i, isDigit, 'number');
  }
  if (src[i] === 'e' || src[i] === 'E') {
    const s = src[i + 1] === '+' || src[i + 1] === '-' ? 2 : 1;
    if (isDigit(src[i + s] ?? '')) {
      isInt = false;
      i = scanDigits(src, i + s, isDigit, 'number');
    }
  }
  const text = src.slice(start, i).replace(/_/g, '');
  if (isInt && intEnd - start > 1 && src[start] === '0' && /[1-9]/.test(text)) {
    syntaxError(start, 'a number', `leading zeros are not allowed in "${src.slice(start, i)}" (Python 3)`);
  }
  // JS and Python both round a decimal literal to the nearest double.
  const value = Number(text);
  return { value: isInt ? finiteInt(value, start) : value, isInt, end: i };
}

/** Python ints are unbounded; one beyond the float range could never be used with a float. */
function finiteInt(value: number, start: number): number {
  if (!Number.isFinite(value)) syntaxError(start, 'a number', 'integer literal too large to use as a float');
  return value;
}
