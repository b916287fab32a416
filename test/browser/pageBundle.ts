/**
 * A source module bundled for the page (an IIFE exposing it as `window[name]`), so that expected
 * values are computed in the same JavaScript engine as the app: Chromium's Math.cos/exp/pow
 * differ from Node 20's in the last bit.
 */
import { build, type Rollup } from 'vite';

export async function bundleForPage(entry: string, name: string): Promise<string> {
  const out = (await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ['iife'], name, fileName: name },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const o = Array.isArray(out) ? out[0] : out;
  return (o.output[0] as Rollup.OutputChunk).code;
}
