/** The syntax tree of the Python subset the importer reads. `pos`/`end`: offsets into the source. */

export interface Span {
  pos: number;
  end: number;
}

export interface Keyword {
  /** `null` for `**kwargs`. */
  name: string | null;
  value: PyExpr;
  pos: number;
}

export type PyExpr = Span &
  (
    | { k: 'num'; value: number; isInt: boolean }
    | { k: 'str'; value: string; formatted: boolean }
    | { k: 'const'; value: boolean | null }
    | { k: 'name'; id: string }
    | { k: 'attr'; obj: PyExpr; name: string }
    | { k: 'call'; fn: PyExpr; args: PyExpr[]; keywords: Keyword[] }
    /** A list or a tuple. */
    | { k: 'list'; items: PyExpr[]; tuple: boolean }
    | { k: 'dict'; entries: { key: PyExpr | null; value: PyExpr }[] }
    | { k: 'binary'; op: string; left: PyExpr; right: PyExpr }
    | { k: 'unary'; op: string; operand: PyExpr }
    | { k: 'compare'; ops: string[]; operands: PyExpr[] }
    | { k: 'logic'; op: 'and' | 'or'; operands: PyExpr[] }
    | { k: 'ifexp'; test: PyExpr; body: PyExpr; orelse: PyExpr }
    | { k: 'lambda'; params: string[]; body: PyExpr }
    | { k: 'subscript'; obj: PyExpr; index: PyExpr }
    | { k: 'starred'; value: PyExpr }
    /** Comprehensions, slices, sets, `...`, walrus: read past, not understood. */
    | { k: 'other'; what: string; parts: PyExpr[] }
  );

export type PyStmt = Span &
  (
    | { k: 'import'; names: { module: string; alias: string | null }[] }
    | { k: 'from'; module: string; names: { name: string; alias: string | null }[] }
    | { k: 'assign'; targets: PyExpr[]; value: PyExpr }
    | { k: 'augassign'; target: PyExpr; op: string; value: PyExpr }
    | { k: 'expr'; value: PyExpr }
    | { k: 'def'; name: string; params: { name: string; default: PyExpr | null }[]; body: PyStmt[]; decorators: PyExpr[] }
    | { k: 'class'; name: string; bases: PyExpr[]; body: PyStmt[] }
    | { k: 'for'; target: PyExpr; iter: PyExpr; body: PyStmt[]; orelse: PyStmt[] }
    | { k: 'while'; test: PyExpr; body: PyStmt[] }
    | { k: 'if'; test: PyExpr; body: PyStmt[]; orelse: PyStmt[] }
    | { k: 'with'; items: { value: PyExpr; target: PyExpr | null }[]; body: PyStmt[] }
    | { k: 'try'; body: PyStmt[]; handlers: PyStmt[][]; orelse: PyStmt[]; final: PyStmt[] }
    | { k: 'return'; value: PyExpr | null }
    /** pass, break, continue, global, del, assert, raise, yield ...: nothing to read. */
    | { k: 'other'; what: string }
  );

/** The dotted name of `a.b.c` (names and attributes only), or null. */
export function dottedName(e: PyExpr): string | null {
  if (e.k === 'name') return e.id;
  if (e.k === 'attr') {
    const left = dottedName(e.obj);
    return left === null ? null : `${left}.${e.name}`;
  }
  return null;
}
