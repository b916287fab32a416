/**
 * The Content Security Policy (tools/vite-plugin-csp.ts), in Debian Chromium on the production
 * build: the studio, its typeset formula, a long curve in a curve worker, a PNG export and short
 * training runs on WASM and on WebGL all work under it without a single violation; a script
 * injected into the page (inline, as an event handler, or from another origin) is refused.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { defaultDocument, linkFor } from '../../src/state/persist';
import type { ScheduleEntry } from '../../src/state/studio';
import { CONTENT_SECURITY_POLICY } from '../../tools/vite-plugin-csp';
import { startSession, type Session } from './harness';
import { runRows, setField, showLab, smallSetup, until } from './lab';

interface Violation {
  directive: string;
  blocked: string;
  sample: string;
}

let s: Session;
/** Console lines of the browser about the policy (page and workers). */
const consoleCsp: string[] = [];

beforeAll(async () => {
  s = await startSession();
  // Every page of this context records the violations it sees, from before its first script.
  await s.context.addInitScript(() => {
    const seen: { directive: string; blocked: string; sample: string }[] = [];
    (window as unknown as { __csp: typeof seen }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }));
  });
  s.context.on('console', (m) => {
    if (/content security policy|refused to/i.test(m.text())) consoleCsp.push(m.text());
  });
});
afterAll(async () => {
  await s?.close();
});

const violations = (page: Page) => page.evaluate(() => (window as unknown as { __csp: Violation[] }).__csp);

function link(schedules: ScheduleEntry[], totalSteps: number): string {
  const base = defaultDocument();
  return linkFor({ ...base, schedules, settings: { ...base.settings, totalSteps, stepsPerEpoch: 1000 }, selectedId: schedules[0].id }, '/');
}

async function trainBriefly(page: Page, backend: 'wasm' | 'webgl'): Promise<string> {
  await smallSetup(page, { examples: 320, batch: 32, epochs: 2, evalEvery: 5 });
  await setField(page, 'setup-hiddenSizes', '32');
  await page.getByTestId('setup-backend').selectOption(backend);
  if (backend === 'webgl') await page.getByTestId('setup-software-webgl').check();
  await page.getByTestId('train').click();
  // The previous comparison's rows are done too: wait for this one's backend first, then for its runs.
  const info = () => page.getByTestId('backend-info').innerText().then((t) => t.replace(/\s+/g, ' '));
  const wanted = backend === 'webgl' ? /Backend: WebGL/ : /Backend: WASM/;
  await until(page, info, (t) => wanted.test(t), 120_000, `the comparison on ${backend} to start`);
  const rows = await until(page, () => runRows(page), (r) => r.length > 0 && r.every((x) => x.status === 'done'), 120_000, `the runs on ${backend} to finish`);
  expect(rows.every((r) => r.step === 20)).toBe(true);
  return info();
}

test('the built app runs under its policy: studio, formula, curve worker, PNG export, training on WASM and WebGL, and no violation', async () => {
  // The policy travels in the page (static hosts) and, from `vite preview`, as a header on every file.
  const res = await fetch(s.url + '/');
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  const entry = await fetch(s.url + '/assets/' + (await res.text()).match(/assets\/(index-[^"]+\.js)/)![1]);
  expect(entry.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
  expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'/);

  const step: ScheduleEntry = { id: 'step', name: 'Step', color: '#f28e2b', visible: true, stepping: 'iteration', spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 1000, gamma: 0.5 } } };
  const page = await s.newPage(link([step], 300_000));
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(CONTENT_SECURITY_POLICY);
  // The long curve, computed in a curve worker.
  await page.waitForFunction(() => document.querySelector('[data-testid="curve-step"]')?.getAttribute('data-pending') === 'false', undefined, { timeout: 60_000 });
  expect(page.workers().some((w) => /curve\.worker/.test(w.url()))).toBe(true);
  expect(await page.getByTestId('curve-step').getAttribute('data-length')).toBe('300000');
  // The formula, typeset by KaTeX, with its layout (style attributes) applied.
  await expect.poll(() => page.getByTestId('formula').getAttribute('data-typeset'), { timeout: 30_000 }).toBe('true');
  const strut = await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('[data-testid="formula"] .katex-html [style*="height"]');
    return el ? { attr: el.getAttribute('style') ?? '', applied: el.style.height } : null;
  });
  expect(strut).not.toBeNull();
  expect(strut!.attr).toMatch(/height/);
  expect(strut!.applied).not.toBe('');
  // The PNG export draws the chart's SVG through a data: image.
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);

  // The lab's chunk and stylesheet, then training in its worker: WASM compiles under the policy.
  await showLab(page);
  expect(await trainBriefly(page, 'wasm')).toMatch(/Backend: WASM \(as chosen\)/);
  expect(await trainBriefly(page, 'webgl')).toMatch(/Backend: WebGL/);
  // The worker's own script carries the policy (a worker's policy comes from its response).
  const trainingWorker = page.workers().find((w) => /\/assets\/worker-[^/]*\.js$/.test(w.url()));
  expect((await fetch(trainingWorker!.url())).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);

  expect(await violations(page)).toEqual([]);
  expect(consoleCsp).toEqual([]);
  await page.close();
});

test('a shared link cannot run script: its text stays text, and an injected inline script, handler or foreign script is refused', async () => {
  const hostile: ScheduleEntry = {
    id: 'x',
    name: '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>',
    color: '#123456',
    visible: true,
    stepping: 'iteration',
    spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 10 } },
  };
  const page = await s.newPage(link([hostile], 1000));
  await page.getByTestId('curve-x').waitFor();
  expect(await page.getByTestId('curve-x').innerText()).toContain('<img src=x');
  expect(await violations(page)).toEqual([]);

  // Suppose some bug let markup through: the browser still refuses to run it.
  await page.evaluate(() => {
    const inline = document.createElement('script');
    inline.textContent = 'window.__pwned = 3';
    document.body.append(inline);
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" onload="window.__pwned = 4" onerror="window.__pwned = 4">';
    document.body.append(div);
    const foreign = document.createElement('script');
    foreign.src = 'https://example.com/evil.js';
    document.head.append(foreign);
  });
  await expect.poll(async () => (await violations(page)).length).toBeGreaterThanOrEqual(3);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  const seen = await violations(page);
  // (Each refusal is reported once per policy in force: the page's <meta> and the preview's header.)
  expect(seen.filter((v) => v.directive === 'script-src-elem' && v.blocked === 'inline').length).toBeGreaterThanOrEqual(1);
  expect(seen.filter((v) => v.directive === 'script-src-attr' && v.blocked === 'inline').length).toBeGreaterThanOrEqual(1);
  expect(seen.filter((v) => v.directive === 'script-src-elem' && v.blocked === 'https://example.com/evil.js').length).toBeGreaterThanOrEqual(1);
  // These were the test's own doing; nothing else was refused.
  expect(seen.every((v) => v.directive.startsWith('script-src'))).toBe(true);
  consoleCsp.length = 0;
  await page.close();
});
