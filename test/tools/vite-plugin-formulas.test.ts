/**
 * The formulas plugin typesets every registered scheduler's formula with KaTeX at build time: each
 * one must typeset without error (the build fails otherwise), into the fragment the page expects.
 */
import { describe, expect, test } from 'vitest';
import { schedulers } from '../../src/schedules';
import { formulaAsset, formulasPlugin, renderFormula } from '../../tools/vite-plugin-formulas';

describe('formulas plugin', () => {
  test.each(schedulers.map((d) => [d.id, d.formula] as const))('%s: the formula typesets with KaTeX (throwOnError)', (_id, tex) => {
    const html = renderFormula(tex);
    // SchedulerDocs accepts a fragment only if it starts so (an HTML fallback page does not).
    expect(html.startsWith('<span class="katex')).toBe(true);
    expect(html).toContain('<math');
    expect(html).not.toContain('katex-error');
  });

  test('a formula KaTeX cannot typeset throws instead of rendering an error box', () => {
    expect(() => renderFormula(String.raw`\frac{1}{`)).toThrow();
    expect(() => renderFormula(String.raw`\notacommand x`)).toThrow();
  });

  test('the build emits one fragment per scheduler id, at the path the page fetches', () => {
    const emitted = new Map<string, string>();
    const ctx = {
      emitFile: (f: { fileName: string; source: string }) => {
        emitted.set(f.fileName, f.source);
        return f.fileName;
      },
      error: (msg: string) => {
        throw new Error(msg);
      },
    };
    const hook = formulasPlugin().generateBundle as unknown as (this: typeof ctx) => void;
    hook.call(ctx);
    expect([...emitted.keys()].sort()).toEqual(schedulers.map((d) => `formulas/${d.id}.html`).sort());
    for (const d of schedulers) {
      expect(formulaAsset(d.id)).toBe(`formulas/${d.id}.html`);
      // Ids need no URL escaping (the page fetches `formulas/${encodeURIComponent(id)}.html`).
      expect(encodeURIComponent(d.id)).toBe(d.id);
      expect(emitted.get(formulaAsset(d.id))).toBe(renderFormula(d.formula));
    }
  });
});
