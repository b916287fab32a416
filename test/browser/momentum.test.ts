/**
 * The momentum that torch's CyclicLR and OneCycleLR set (cycle_momentum, on by default), as a person sees and
 * exports it: a "Momentum" toggle draws it under the lr chart, the CSV has a momentum column per such schedule
 * equal to the engine's evaluateMomentum (held per epoch for epoch stepping), and turning cycle_momentum off in
 * the form removes both.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { evaluateMomentum, type ScheduleSpec } from '../../src/schedules';
import { entry, link, settled } from './chartPage';
import { exportColumns } from './csvExport';
import { startSession, type Session } from './harness';

let s: Session;
beforeAll(async () => {
  s = await startSession();
});
afterAll(async () => {
  await s?.close();
});

const ONE_CYCLE: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.1, total_steps: 1000 } };
const PER_EPOCH: ScheduleSpec = { scheduler: 'torch.OneCycleLR', params: { max_lr: 0.05, total_steps: 10, three_phase: true } };
const STEP: ScheduleSpec = { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 300 } };

describe('momentum of cycle_momentum schedulers', () => {
  test('drawn under the chart on demand, exported exactly, gone with cycle_momentum=False', async () => {
    const page = await s.newPage(
      link(
        [
          entry('oc', 'One cycle', '#4e79a7', ONE_CYCLE),
          entry('ep', 'Per epoch', '#f28e2b', PER_EPOCH, true, 'epoch'),
          entry('st', 'Step', '#e15759', STEP),
        ],
        { totalSteps: 1000, stepsPerEpoch: 100 },
      ),
    );
    await settled(page);
    const toggle = page.getByRole('checkbox', { name: 'Momentum', exact: true });
    await expect.poll(() => toggle.isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId('momentum-chart').count()).toBe(0);
    await toggle.check();
    const chart = page.getByTestId('momentum-chart');
    await chart.waitFor();
    // One line per schedule that sets the momentum; StepLR has none.
    await expect.poll(() => chart.locator('path[data-testid^="momentum-"]').count()).toBe(2);
    const d = (await page.getByTestId('momentum-oc').getAttribute('d')) ?? '';
    expect(d.split(/[ML]/).length).toBeGreaterThan(100);
    expect(await chart.getAttribute('aria-label')).toMatch(/One cycle, Per epoch, from 0\.8\d* to 0\.9\d*/);

    const cols = await exportColumns(page);
    const oc = evaluateMomentum(ONE_CYCLE, 1000)!;
    expect(cols.get('One cycle momentum')).toEqual(Array.from(oc, String));
    const perEpoch = evaluateMomentum(PER_EPOCH, 10)!;
    expect(cols.get('Per epoch momentum')).toEqual(Array.from({ length: 1000 }, (_, i) => String(perEpoch[Math.floor(i / 100)])));
    expect(cols.has('Step momentum')).toBe(false);
    // OneCycleLR lowers the momentum while the lr rises: lowest where the lr peaks.
    const lr = cols.get('One cycle (every iteration)')!.map(Number);
    const peak = lr.indexOf(Math.max(...lr));
    expect(Math.min(...oc)).toBe(oc[peak]);

    // cycle_momentum=False: the column and the line go.
    await page.getByText('One cycle', { exact: true }).first().click();
    await page.getByRole('checkbox', { name: 'cycle_momentum', exact: true }).uncheck();
    await expect.poll(() => chart.locator('path[data-testid^="momentum-"]').count()).toBe(1);
    await settled(page);
    const after = await exportColumns(page);
    expect(after.has('One cycle momentum')).toBe(false);
    expect(after.has('Per epoch momentum')).toBe(true);
    await page.close();
  });
});
