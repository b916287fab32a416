/**
 * Input that cannot be imported: a syntax error, or nothing this importer understands. `line` and
 * `column` are 1-based; the message starts with them.
 */
export class ImportError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly expected: string,
    readonly detail: string,
  ) {
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'ImportError';
  }
}

/** Line and column (1-based) of a 0-based offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

/** Throws an {@link ImportError} at `offset` of `text`. */
export function importErrorAt(text: string, offset: number, expected: string, detail: string): never {
  const { line, column } = lineColumn(text, offset);
  throw new ImportError(line, column, expected, detail);
}
