/**
 * Reading a number typed into a field, the one parser every number field of the page shares
 * (schedule parameters, list editors, Total steps / Steps per epoch, the training setup).
 *
 * Accepted: Python's number notation: `0.1`, `.5`, `3.`, `-2`, `1e-3`, `1E6`, and underscores
 * between digits (`1_000_000`, as Python allows: never leading, trailing or doubled).
 * Refused, with the reason: a comma anywhere. A comma separates the items of a list field, so
 * "30, 80" is two numbers, and "1,000" could be a thousand or the list [1, 0] (or a European 1.0):
 * reading it as one number would be a silent guess. Also refused: `inf`/`nan`, and numbers beyond
 * float64 (`1e400`).
 */

/** A number, or why the text is not one (`generic`: nothing more specific than "not a number"). */
export type NumberRead = { ok: true; value: number } | { ok: false; error: string; generic: boolean };

const DIGITS = String.raw`\d(?:_?\d)*`;
/** Python's float literal (with an optional sign), underscores between digits only. */
const NUMBER_RE = new RegExp(String.raw`^[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
/** The same without the underscore rule: what the text would be if its underscores were fine. */
const LOOSE_RE = /^[+-]?(?:[\d_]+(?:\.[\d_]*)?|\.[\d_]+)(?:[eE][+-]?[\d_]+)?$/;
const THOUSANDS_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const NON_FINITE_RE = /^[+-]?(?:inf|infinity|nan)$/i;

function quote(text: string): string {
  return JSON.stringify(text.length > 24 ? `${text.slice(0, 23)}…` : text);
}

const fail = (error: string, generic = false): NumberRead => ({ ok: false, error, generic });

/** Reads `text` as one number; see the module comment for what is accepted. */
export function readNumber(text: string): NumberRead {
  const t = text.trim();
  if (t === '') return fail('enter a number', true);
  if (NUMBER_RE.test(t)) {
    const value = Number(t.replace(/_/g, ''));
    if (!Number.isFinite(value)) return fail(`${quote(t)} is too large (the largest number is about 1.8e308)`);
    return { ok: true, value };
  }
  if (THOUSANDS_RE.test(t)) {
    const plain = t.replace(/,/g, '');
    return fail(`a comma is not read as a thousands separator (it separates list items): write ${plain} or ${t.replace(/,/g, '_')}`);
  }
  const parts = t.split(/\s*[,;]\s*|\s+/).filter(Boolean);
  if (parts.length > 1 && parts.every((p) => NUMBER_RE.test(p))) {
    return fail(`${quote(t)} is ${parts.length} numbers: this field takes one`);
  }
  if (t.includes('_') && LOOSE_RE.test(t)) return fail('an underscore may only stand between two digits, as in Python (1_000_000)');
  if (NON_FINITE_RE.test(t)) return fail('must be a finite number');
  return fail(`${quote(t)} is not a number`, true);
}

/** Whole numbers: the same notations (`1e6`, `1_000`), then a check that the value is whole. */
export function readInteger(text: string): NumberRead {
  const r = readNumber(text);
  if (r.ok && !Number.isInteger(r.value)) return fail(`must be a whole number (got ${r.value})`);
  return r;
}

/** A list of numbers: `30, 80, 120` or `30 80 120`, brackets optional. Says which item is not a number. */
export function readNumberList(text: string): { ok: true; value: number[] } | { ok: false; error: string } {
  const items = splitList(text);
  const value: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const r = readNumber(items[i]);
    if (!r.ok) return { ok: false, error: `item ${i + 1}: ${r.error}` };
    value.push(r.value);
  }
  return { ok: true, value };
}

/** The items of a typed list: separated by commas and/or spaces, inside optional brackets. */
export function splitList(text: string): string[] {
  return text
    .trim()
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter((s) => s.length > 0);
}
