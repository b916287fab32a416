/**
 * Tokenizer for the Python that training scripts are written in: names, numbers (read by the
 * engine's lambda lexer, so literals follow the same rules), strings, operators, and the NEWLINE /
 * INDENT / DEDENT tokens of Python's layout rule (inside brackets lines join, as in Python).
 * Offsets are 0-based into the whole text; errors are {@link ImportError}s with line and column.
 */
import { ExpressionSyntaxError } from '../../schedules';
import { scanNumber } from '../../schedules/numerics/expr/lexer';
import { importErrorAt } from '../errors';

export type PyTokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'indent' | 'dedent' | 'end';

export interface PyToken {
  kind: PyTokenKind;
  text: string;
  pos: number;
  end: number;
  /** Numbers: the value; strings: unused. */
  value: number;
  isInt: boolean;
  /** Strings: the decoded text (f-strings: their raw text). */
  str: string;
  /** An f-string, whose value is not known without running it. */
  formatted: boolean;
}

const OPERATORS = [
  '**=', '//=', '>>=', '<<=', '...', '->', ':=',
  '**', '//', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '<<', '>>',
  '+', '-', '*', '/', '%', '@', '&', '|', '^', '~', '<', '>', '(', ')', '[', ']', '{', '}', ',', ':', '.', ';', '=',
];
const OPEN = new Set(['(', '[', '{']);
const CLOSE: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
/** Python's own limit on open brackets (Parser/tokenizer.c MAXLEVEL). */
const MAX_BRACKETS = 200;

const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || (c > '\x7f' && /\p{L}/u.test(c));
const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentChar = (c: string) => isIdentStart(c) || isDigit(c);

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

export function tokenizePython(src: string): PyToken[] {
  const tokens: PyToken[] = [];
  const indents = [0];
  const brackets: { c: string; pos: number }[] = [];
  let i = 0;
  let atLineStart = true;
  const n = src.length;
  const push = (kind: PyTokenKind, start: number, extra: Partial<PyToken> = {}) =>
    tokens.push({ kind, text: src.slice(start, i), pos: start, end: i, value: 0, isInt: false, str: '', formatted: false, ...extra });
  const lastIsNewline = () => tokens.length === 0 || tokens[tokens.length - 1].kind === 'newline' || tokens[tokens.length - 1].kind === 'indent' || tokens[tokens.length - 1].kind === 'dedent';

  while (i < n) {
    if (atLineStart && brackets.length === 0) {
      // Measure the indentation; blank and comment-only lines do not count.
      let col = 0;
      let j = i;
      while (j < n && (src[j] === ' ' || src[j] === '\t' || src[j] === '\f')) {
        col = src[j] === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
        j++;
      }
      if (j >= n || src[j] === '\n' || src[j] === '\r' || src[j] === '#') {
        while (j < n && src[j] !== '\n') j++;
        i = j + 1;
        continue;
      }
      i = j;
      atLineStart = false;
      const top = indents[indents.length - 1];
      if (col > top) {
        indents.push(col);
        push('indent', i);
      } else if (col < top) {
        while (col < indents[indents.length - 1]) {
          indents.pop();
          push('dedent', i);
        }
        if (col !== indents[indents.length - 1]) importErrorAt(src, i, 'a matching indentation', 'unindent does not match any outer indentation level');
      }
    }
    const c = src[i];
    if (c === '\n') {
      i++;
      if (brackets.length === 0) {
        if (!lastIsNewline()) push('newline', i - 1);
        atLineStart = true;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\\') {
      if (/^\\\r?\n/.test(src.slice(i, i + 3))) {
        i += src[i + 1] === '\r' ? 3 : 2;
        continue;
      }
      importErrorAt(src, i, 'a line break after "\\"', 'unexpected character after line continuation character');
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      let num: { value: number; isInt: boolean; end: number };
      try {
        num = scanNumber(src, i);
      } catch (e) {
        if (e instanceof ExpressionSyntaxError) importErrorAt(src, e.position, e.expected, e.message.replace(/^column \d+: /, ''));
        throw e;
      }
      i = num.end;
      if (src[i] === 'j' || src[i] === 'J') importErrorAt(src, start, 'a real number', 'complex numbers are not supported');
      push('number', start, { value: num.value, isInt: num.isInt });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && isIdentChar(src[i])) i++;
      const word = src.slice(start, i);
      if (/^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/.test(word) && (src[i] === '"' || src[i] === "'")) {
        readString(word);
        continue;
      }
      push('name', start);
      continue;
    }
    if (c === '"' || c === "'") {
      readString('');
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op) {
      const code = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      importErrorAt(src, i, 'Python code', `unexpected character "${c}" (${code})`);
    }
    if (OPEN.has(op)) {
      if (brackets.length >= MAX_BRACKETS) importErrorAt(src, i, `at most ${MAX_BRACKETS} nested brackets`, 'too many nested parentheses');
      brackets.push({ c: op, pos: i });
    } else if (op in CLOSE) {
      const top = brackets.pop();
      if (!top) importErrorAt(src, i, 'an expression', `unmatched "${op}"`);
      if (top.c !== CLOSE[op]) importErrorAt(src, i, `a closing bracket for "${top.c}"`, `closing "${op}" does not match opening "${top.c}"`);
    }
    i += op.length;
    push('op', start);
  }
  if (brackets.length) {
    const b = brackets[brackets.length - 1];
    importErrorAt(src, b.pos, `a closing bracket for "${b.c}"`, `"${b.c}" was never closed`);
  }
  if (!lastIsNewline()) push('newline', i);
  while (indents.length > 1) {
    indents.pop();
    push('dedent', i);
  }
  push('end', i);
  return tokens;

  function readString(prefix: string): void {
    const start = i - prefix.length;
    const raw = /[rR]/.test(prefix);
    const formatted = /[fF]/.test(prefix);
    const q = src[i];
    const triple = src.startsWith(q.repeat(3), i);
    const close = triple ? q.repeat(3) : q;
    i += close.length;
    let out = '';
    for (;;) {
      if (i >= n || (!triple && src[i] === '\n')) importErrorAt(src, start, `a closing ${close}`, 'unterminated string literal');
      if (src.startsWith(close, i)) {
        i += close.length;
        break;
      }
      const ch = src[i];
      if (ch === '\\' && i + 1 < n) {
        const nx = src[i + 1];
        if (raw) out += ch + nx;
        else if (nx === '\n') out += '';
        else out += ESCAPES[nx] ?? ch + nx;
        i += 2;
        continue;
      }
      out += ch;
      i++;
    }
    push('string', start, { str: out, formatted });
  }
}
