/**
 * `npm run bench`: runs every bench/*.bench.ts module (or those named on the command line; the soak
 * only when named), prints their tables, keeps each module's latest result in
 * bench/out/<module>.json and rewrites the README's benchmark section from them.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchSection } from './types';

const here = dirname(fileURLToPath(import.meta.url));
/** Modules run only when named (`npm run bench soak`): the soak takes 20 minutes. */
const ON_REQUEST = ['soak'];
const root = join(here, '..');

function toMarkdown(s: BenchSection): string {
  const head = `| ${s.columns.join(' | ')} |\n|${s.columns.map(() => '---').join('|')}|`;
  const body = s.rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
  const notes = (s.notes ?? []).map((n) => `\n${n}`).join('\n');
  return `#### ${s.title}\n\n${head}\n${body}\n${notes}`;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const selected = files.filter((f) => (only.length === 0 ? !ON_REQUEST.some((o) => f.startsWith(o)) : only.some((o) => f.startsWith(o))));
  const outDir = join(here, 'out');
  mkdirSync(outDir, { recursive: true });
  for (const f of selected) {
    console.log(`\n== ${f}`);
    const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule;
    const out = await mod.run();
    for (const s of out) console.log('\n' + toMarkdown(s));
    writeFileSync(join(outDir, f.replace(/\.bench\.ts$/, '.json')), JSON.stringify({ at: new Date().toISOString(), sections: out }, null, 2));
  }
  // The README table holds the latest result of every benchmark module (a partial run, e.g.
  // `npm run bench engine`, refreshes its own rows and keeps the others' latest figures).
  const sections: BenchSection[] = [];
  const today = new Date().toISOString().slice(0, 10);
  for (const f of files) {
    const path = join(outDir, f.replace(/\.bench\.ts$/, '.json'));
    if (!existsSync(path)) continue;
    const kept = JSON.parse(readFileSync(path, 'utf8')) as { at: string; sections: BenchSection[] };
    // A module not rerun today (the soak runs only on request) says when its figures were measured.
    const day = kept.at.slice(0, 10);
    sections.push(...kept.sections.map((s) => (day === today ? s : { ...s, title: `${s.title} (measured ${day})` })));
  }
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i >= 0 && j > i && sections.length) {
    const machine = `Measured ${today} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`;
    const body = `${start}\n${machine}\n\n${sections.map(toMarkdown).join('\n\n')}\n${end}`;
    writeFileSync(readmePath, readme.slice(0, i) + body + readme.slice(j + end.length));
    console.log('\nREADME benchmark section updated.');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
