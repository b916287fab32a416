/**
 * Vite plugin: every scheduler definition's formula, typeset by KaTeX ahead of time (KaTeX's
 * `renderToString`, as it recommends for static math), so that KaTeX's JavaScript never reaches the
 * browser. One HTML fragment per scheduler id, `formulas/<id>.html`: emitted as assets by the build,
 * rendered on request by the dev server (from the current sources, so edits show up on reload).
 * The page fetches the fragment of the schedule whose docs it shows (src/ui/SchedulerDocs.tsx) and
 * styles it with KaTeX's stylesheet.
 *
 * A formula KaTeX cannot typeset fails the build (`throwOnError`).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import katex from 'katex';
import type { Plugin, ViteDevServer } from 'vite';
import { schedulers } from '../src/schedules/registry';
import type { SchedulerDefinition } from '../src/schedules/types';

/** Where the fragment of scheduler `id` lives, relative to the app's base URL (the page uses the same path). */
export function formulaAsset(id: string): string {
  return `formulas/${id}.html`;
}

/** The typeset HTML (display style, HTML plus MathML for screen readers); throws on a bad formula. */
export function renderFormula(tex: string): string {
  return katex.renderToString(tex, { displayMode: true, throwOnError: true, output: 'htmlAndMathml' });
}

/** Changes whenever a formula or the KaTeX version does: the page appends it to the URLs it fetches. */
function formulasVersion(defs: readonly SchedulerDefinition[]): string {
  const require = createRequire(import.meta.url);
  const h = createHash('sha256').update(`katex ${(require('katex/package.json') as { version: string }).version}\n`);
  for (const d of defs) h.update(`${d.id}\n${d.formula}\n`);
  return h.digest('hex').slice(0, 12);
}

const ASSET_RE = /^formulas\/([A-Za-z0-9_.-]+)\.html$/;

async function devResponse(server: ViteDevServer, id: string): Promise<{ status: number; body: string }> {
  // Loaded through Vite's module graph, so an edited definition is picked up without a restart.
  const registry = (await server.ssrLoadModule('/src/schedules/registry.ts')) as typeof import('../src/schedules/registry');
  const def = registry.getDefinition(id);
  if (!def) return { status: 404, body: `unknown scheduler ${id}` };
  try {
    return { status: 200, body: renderFormula(def.formula) };
  } catch (e) {
    return { status: 500, body: `KaTeX cannot typeset the formula of ${id}: ${(e as Error).message}` };
  }
}

export function formulasPlugin(): Plugin {
  let base = '/';
  return {
    name: 'lr-studio-formulas',
    config(_config, env) {
      const version = env.command === 'build' ? formulasVersion(schedulers) : 'dev';
      return { define: { __FORMULAS_VERSION__: JSON.stringify(version) } };
    },
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]);
        const m = path.startsWith(base) ? ASSET_RE.exec(path.slice(base.length)) : null;
        if (!m) return next();
        devResponse(server, m[1]).then(
          ({ status, body }) => {
            res.statusCode = status;
            res.setHeader('Content-Type', status === 200 ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8');
            res.setHeader('Cache-Control', 'no-cache');
            res.end(body);
          },
          (e: unknown) => next(e),
        );
      });
    },
    generateBundle() {
      for (const def of schedulers) {
        let source: string;
        try {
          source = renderFormula(def.formula);
        } catch (e) {
          this.error(`KaTeX cannot typeset the formula of ${def.id}: ${(e as Error).message}`);
        }
        this.emitFile({ type: 'asset', fileName: formulaAsset(def.id), source });
      }
    },
  };
}
