/**
 * Browser-test harness: serves the production build (dist/, built by `npm run test:browser`) with
 * Vite's preview server on localhost and drives Debian's Chromium through playwright-core.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { findChromium, INSTALL_HELP } from '../../tools/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error(INSTALL_HELP);
  return found;
}

export interface Session {
  server: PreviewServer;
  browser: Browser;
  context: BrowserContext;
  url: string;
  newPage(path?: string): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the preview server on a free port and a headless Chromium. */
export async function startSession(): Promise<Session> {
  // DIST_DIR lets parallel builds use their own output folder.
  const outDir = process.env.DIST_DIR ?? 'dist';
  if (!existsSync(`${outDir}/index.html`)) throw new Error(`${outDir}/ is missing: run \`npm run build\` first`);
  const server = await preview({
    build: { outDir },
    preview: { port: 0, strictPort: false, host: '127.0.0.1' },
    logLevel: 'error',
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  return {
    server,
    browser,
    context,
    url,
    async newPage(path = '/') {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url + path);
      return page;
    },
    async close() {
      await context.close();
      await browser.close();
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
      if (errors.length) throw new Error(`uncaught page errors:\n${errors.join('\n')}`);
    },
  };
}
