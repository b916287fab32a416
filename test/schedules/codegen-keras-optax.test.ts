/**
 * Code export round trip for Keras and Optax, checked without Python: tools/check-codegen-keras-optax.ts ran the
 * "Copy code" snippet of every short Keras / Optax golden case in real Keras 3 (JAX) and Optax and recorded what it
 * printed, with the snippet, in test/fixtures/codegen/keras-optax.json. The export must still write exactly those
 * snippets (so the run still stands for them), and the engine's curve must be theirs within 4 float32 ulps (the
 * known cases of the golden test aside, within their bound).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, type ScheduleSpec } from '../../src/schedules';
import { generateCode } from '../../src/schedules/codegen';
import { FLUSHED_TO_ZERO, KNOWN_ULPS, MAX_ULPS, SMALLEST_NORMAL_F32, ulps } from './float32-known';

interface Snippet {
  id: string;
  spec: ScheduleSpec;
  steps: number;
  code: string;
  lrs: number[];
}

const doc = JSON.parse(readFileSync(new URL('../fixtures/codegen/keras-optax.json', import.meta.url), 'utf8')) as {
  keras: string;
  optax: string;
  snippets: Snippet[];
};

it('the snippets were run in Keras 3 and Optax 0.2, for every keras and optax scheduler', () => {
  expect(doc.keras).toMatch(/^3\./);
  expect(doc.optax).toMatch(/^0\.2\./);
  const ids = new Set(doc.snippets.map((s) => s.spec.scheduler));
  expect(ids.size).toBe(20);
});

describe.each(doc.snippets.map((s) => [s.id, s] as const))('%s', (id, s) => {
  it('the export writes the snippet that ran, and the engine draws its curve', () => {
    expect(generateCode(s.spec, { totalSteps: s.steps, stepsPerEpoch: 1, stepping: 'iteration' })).toBe(s.code);
    const ours = evaluate(s.spec, s.steps);
    expect(s.lrs).toHaveLength(s.steps);
    const allowed = KNOWN_ULPS.get(id)?.ulps ?? MAX_ULPS;
    for (let i = 0; i < s.steps; i++) {
      const got = FLUSHED_TO_ZERO.has(id) && Math.abs(ours[i]) < SMALLEST_NORMAL_F32 ? 0 : ours[i];
      const d = ulps(got, Math.fround(s.lrs[i]));
      if (d > allowed) expect.fail(`step ${i}: engine ${got}, snippet ${s.lrs[i]} (${d} ulps)\n${s.code}`);
    }
  });
});
