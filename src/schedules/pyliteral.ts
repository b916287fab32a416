/**
 * Python literals as Python's `repr` writes them: the code export (codegen.ts) and the forms'
 * default descriptions print values with these, so both read like the framework's own docs.
 */

/** Python's `repr` of a float: shortest round-trip digits, `1e-05`, `0.0001`, `100.0`, `1e+16`. */
export function pyFloat(n: number): string {
  if (Number.isNaN(n)) return "float('nan')";
  if (!Number.isFinite(n)) return n > 0 ? "float('inf')" : "-float('inf')";
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mant, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  const sign = n < 0 ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    return `${sign}${intPart}.${digits.slice(exp + 1) || '0'}`;
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** Python int literal (integers beyond 2**53 are written exactly as the double holds them). */
export function pyInt(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/** An int or a float literal, as the parameter's type says. */
export function pyNumber(n: number, integer: boolean): string {
  return integer ? pyInt(n) : pyFloat(n);
}

/** Python string literal (single quotes, like `repr`). */
export function pyStr(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `'${body}'`;
}

export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** `[a, b]` of literals already printed. */
export function pyList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** `{k: v, ...}` of keys and values already printed. */
export function pyDict(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}
