/**
 * The dependency direction of src/: the engine (src/schedules) at the bottom, the curves wing
 * (src/curves) on it, the training code (src/training) beside it, the stores (src/state) above
 * them, the React UI (src/ui) on top, and src/util usable by all. Every import of every .ts/.tsx
 * file is read with the TypeScript parser (static and type imports, re-exports, `import()`,
 * `import('…')` types, and `new URL('…', import.meta.url)` worker references), resolved to a
 * file, and checked against the rules below; the import graph must have no cycle.
 *
 * Folder names are all the rules know of: files inside a folder may be renamed or regrouped freely.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

/** One module reference as written, and its line. */
interface ImportRef {
  specifier: string;
  line: number;
}

/** Every module reference in a source text (see the module comment for the kinds). */
function importsOf(fileName: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: ImportRef[] = [];
  const add = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node)) out.push({ specifier: node.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length > 0) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isNewExpression(node) && isUrlFromImportMeta(node) && node.arguments) add(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `new URL('…', import.meta.url)`: how Vite finds a worker's (or an asset's) file. */
function isUrlFromImportMeta(node: ts.NewExpression): boolean {
  const base = node.arguments?.[1];
  return (
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'URL' &&
    base !== undefined &&
    ts.isPropertyAccessExpression(base) &&
    base.name.text === 'url' &&
    ts.isMetaProperty(base.expression) &&
    base.expression.keywordToken === ts.SyntaxKind.ImportKeyword
  );
}

const isRelative = (s: string) => s.startsWith('./') || s.startsWith('../');

/** The file a relative specifier names: as written, then with .ts/.tsx, then as a folder's index. */
function resolveImport(fromFile: string, specifier: string, exists: (path: string) => boolean): string | null {
  // Vite's `?url`, `?raw`, `?worker` suffixes name the same file.
  const base = resolve(dirname(fromFile), specifier.replace(/\?.*$/, ''));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find(exists) ?? null;
}

/** Project files as `src/…` paths (forward slashes), the graph's nodes. */
const rel = (abs: string) => relative(ROOT, abs).split(sep).join('/');

interface ImportGraph {
  /** file -> the project files it imports */
  edges: Map<string, Set<string>>;
  /** file -> the packages it imports */
  packages: Map<string, Set<string>>;
  /** Relative imports that name no file. */
  unresolved: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

function buildGraph(files: readonly string[], read: (f: string) => string, exists: (p: string) => boolean): ImportGraph {
  const graph: ImportGraph = { edges: new Map(), packages: new Map(), unresolved: [] };
  for (const f of files) {
    const edges = new Set<string>();
    const packages = new Set<string>();
    for (const { specifier, line } of importsOf(f, read(f))) {
      if (!isRelative(specifier)) {
        packages.add(specifier);
        continue;
      }
      const target = resolveImport(f, specifier, exists);
      if (target) edges.add(rel(target));
      else graph.unresolved.push(`${rel(f)}:${line} '${specifier}'`);
    }
    graph.edges.set(rel(f), edges);
    graph.packages.set(rel(f), packages);
  }
  return graph;
}

/** The top folder under src/ a file belongs to (`schedules`, `ui`, …), or `` for src/main.tsx and the like. */
function layerOf(file: string): string | null {
  const m = /^src\/(?:([^/]+)\/)?/.exec(file);
  if (!m) return null;
  return m[1] ?? '';
}

/**
 * What each folder may import, as a list of the folders it may (`only`) or may not (`not`) reach;
 * its own folder is always allowed. `outside` is anything not under src/ (tools/, test/...).
 */
const RULES: Record<string, { only: readonly string[] } | { not: readonly string[] }> = {
  schedules: { only: [] },
  // The code and config importer reads the engine's definitions; the stores and the UI use it.
  import: { only: ['schedules'] },
  curves: { only: ['schedules', 'util'] },
  training: { not: ['state', 'ui', 'curves'] },
  state: { not: ['ui'] },
  util: { only: [] },
};

/** Imports that break {@link RULES}, as `from -> to` lines. */
function ruleViolations(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph.edges) {
    const layer = layerOf(from);
    const rule = layer === null ? undefined : RULES[layer];
    if (!rule) continue;
    for (const to of targets) {
      const target = layerOf(to) ?? 'outside';
      if (target === layer) continue;
      const allowed = 'only' in rule ? rule.only.includes(target) : !rule.not.includes(target);
      if (!allowed) out.push(`${from} -> ${to} (src/${layer} may not import ${target === 'outside' ? 'files outside src/' : `src/${target}`})`);
    }
  }
  return out.sort();
}

/**
 * The import cycles: every strongly connected component of more than one file (or a file that
 * imports itself), each given as one cycle through it (`a -> b -> a`). Tarjan's algorithm.
 */
function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const strongConnect = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || edges.get(v)?.has(v)) components.push(scc);
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) strongConnect(v);
  return components.map((scc) => cycleWithin(new Set(scc), edges));
}

/** The shortest closed path through a strongly connected component, from its first file by name. */
function cycleWithin(scc: ReadonlySet<string>, edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const start = [...scc].sort()[0];
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(parent.get(path[0])!);
        return [...path, start];
      }
      if (!scc.has(w) || parent.has(w)) continue;
      parent.set(w, v);
      queue.push(w);
    }
  }
  return [...scc];
}

describe('the import reader', () => {
  test('finds every kind of module reference, and no strings that are not one', () => {
    const text = `
      import a from './a';
      import type { B } from '../b';
      import './side-effect.css';
      export { c } from './c';
      export * from './d';
      const e = () => import('./e');
      type F = typeof import('./f');
      const w = new Worker(new URL('./g.worker.ts', import.meta.url), { type: 'module' });
      const notAModule = './h';
      const page = new URL('./i', location.href);
      import x from 'react';
    `;
    expect(importsOf('src/x.ts', text).map((r) => r.specifier)).toEqual([
      './a',
      '../b',
      './side-effect.css',
      './c',
      './d',
      './e',
      './f',
      './g.worker.ts',
      'react',
    ]);
  });

  test('resolves .ts, .tsx, folder index files and Vite query suffixes', () => {
    const files = new Set(['/p/src/a.ts', '/p/src/b.tsx', '/p/src/c/index.ts', '/p/src/d.worker.ts']);
    const exists = (p: string) => files.has(p.split(sep).join('/'));
    const r = (s: string) => resolveImport('/p/src/x.ts', s, exists)?.split(sep).join('/') ?? null;
    expect([r('./a'), r('./b'), r('./c'), r('./d.worker.ts'), r('./a?url'), r('./missing')]).toEqual([
      '/p/src/a.ts',
      '/p/src/b.tsx',
      '/p/src/c/index.ts',
      '/p/src/d.worker.ts',
      '/p/src/a.ts',
      null,
    ]);
  });
});

describe('the checks themselves', () => {
  const graphOf = (edges: Record<string, string[]>): ImportGraph => ({
    edges: new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)])),
    packages: new Map(),
    unresolved: [],
  });

  test('a wrong-way import is reported for each rule', () => {
    const g = graphOf({
      'src/schedules/x.ts': ['src/util/u.ts', 'tools/t.ts'],
      'src/curves/c.ts': ['src/schedules/x.ts', 'src/util/u.ts', 'src/state/s.ts'],
      'src/training/t.ts': ['src/schedules/x.ts', 'src/curves/c.ts'],
      'src/state/s.ts': ['src/curves/c.ts', 'src/training/t.ts', 'src/ui/v.tsx'],
      'src/util/u.ts': ['src/schedules/x.ts'],
      'src/ui/v.tsx': ['src/state/s.ts', 'src/curves/c.ts'],
      'src/import/i.ts': ['src/schedules/x.ts', 'src/state/s.ts'],
      'src/schedules/y.ts': ['src/import/i.ts'],
    });
    expect(ruleViolations(g)).toEqual([
      'src/curves/c.ts -> src/state/s.ts (src/curves may not import src/state)',
      'src/import/i.ts -> src/state/s.ts (src/import may not import src/state)',
      'src/schedules/x.ts -> src/util/u.ts (src/schedules may not import src/util)',
      'src/schedules/x.ts -> tools/t.ts (src/schedules may not import files outside src/)',
      'src/schedules/y.ts -> src/import/i.ts (src/schedules may not import src/import)',
      'src/state/s.ts -> src/ui/v.tsx (src/state may not import src/ui)',
      'src/training/t.ts -> src/curves/c.ts (src/training may not import src/curves)',
      'src/util/u.ts -> src/schedules/x.ts (src/util may not import src/schedules)',
    ]);
  });

  test('a cycle is found and given file by file; an acyclic graph has none', () => {
    const g = graphOf({
      'src/a.ts': ['src/b.ts'],
      'src/b.ts': ['src/c.ts', 'src/d.ts'],
      'src/c.ts': ['src/a.ts'],
      'src/d.ts': [],
      'src/e.ts': ['src/e.ts'],
    });
    expect(findCycles(g.edges)).toEqual([
      ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/a.ts'],
      ['src/e.ts', 'src/e.ts'],
    ]);
    expect(findCycles(graphOf({ 'src/a.ts': ['src/b.ts'], 'src/b.ts': [] }).edges)).toEqual([]);
  });
});

describe('src/', () => {
  const graph = buildGraph(sourceFiles(SRC), (f) => readFileSync(f, 'utf8'), isFile);

  test('the graph is read (every folder the rules name holds files with imports)', () => {
    for (const layer of Object.keys(RULES)) {
      expect([...graph.edges.keys()].some((f) => layerOf(f) === layer), `src/${layer}`).toBe(true);
    }
    const edges = [...graph.edges.values()].reduce((n, s) => n + s.size, 0);
    expect(edges).toBeGreaterThan(100);
  });

  test('every relative import names a file', () => {
    expect(graph.unresolved).toEqual([]);
  });

  test('imports run one way: engine <- curves <- state <- ui, training beside, util under all', () => {
    expect(ruleViolations(graph)).toEqual([]);
  });

  test('the engine uses no packages (pure and DOM-free)', () => {
    const used = [...graph.packages].filter(([f, p]) => layerOf(f) === 'schedules' && p.size > 0).map(([f, p]) => `${f}: ${[...p].join(', ')}`);
    expect(used).toEqual([]);
  });

  test('the importer uses no package but the YAML parser (pure and DOM-free)', () => {
    const used = [...graph.packages].filter(([f]) => layerOf(f) === 'import').flatMap(([, p]) => [...p]);
    expect(new Set(used)).toEqual(new Set(['yaml']));
  });

  test('no import cycle', () => {
    expect(findCycles(graph.edges).map((c) => c.join(' -> '))).toEqual([]);
  });
});
