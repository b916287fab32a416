/**
 * `npm run bench`: runs every bench/*.bench.ts module (or those named on the command line),
 * prints their tables, writes bench/out/results.json and replaces the README's benchmark section.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchSection } from './types';

const here = dirname(fileURLToPath(import.meta.url));
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
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
    .sort();
  const sections: BenchSection[] = [];
  for (const f of files) {
    console.log(`\n== ${f}`);
    const mod = (await import(pathToFileURL(join(here, f)).href)) as BenchModule;
    const out = await mod.run();
    for (const s of out) console.log('\n' + toMarkdown(s));
    sections.push(...out);
  }
  mkdirSync(join(here, 'out'), { recursive: true });
  writeFileSync(join(here, 'out', 'results.json'), JSON.stringify(sections, null, 2));
  if (only.length === 0) {
    const readmePath = join(root, 'README.md');
    const readme = readFileSync(readmePath, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    const i = readme.indexOf(start);
    const j = readme.indexOf(end);
    if (i >= 0 && j > i) {
      const machine = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`;
      const body = `${start}\n${machine}\n\n${sections.map(toMarkdown).join('\n\n')}\n${end}`;
      writeFileSync(readmePath, readme.slice(0, i) + body + readme.slice(j + end.length));
      console.log('\nREADME benchmark section updated.');
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
