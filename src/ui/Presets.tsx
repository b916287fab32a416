/**
 * Presets from the engine (src/schedules/presets.ts: the seeds' Paddle configurations, custom CLR
 * and Adjust_lr, PaddleOCR Cosine with warmup, 1cycle, SGDR, Noam, WSD, ...), one click away. A
 * click adds the preset's schedule to the list with its own stepping; nothing else changes (no
 * other schedule's curve, not the horizon). Where the preset was made for another horizon, the
 * schedule remembers it and the editor says so, offering to adopt it (with undo). A preset whose
 * spec does not validate is shown disabled with the engine's reason.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { validateSpec, type Stepping } from '../schedules';
import { presets as enginePresets, type Preset } from '../schedules/presets';
import { horizonSchema } from '../state/schema';
import { DEFAULT_STEPPING, useStudio, type Horizon } from '../state/studio';

export interface StudioPreset {
  preset: Preset;
  /** Its own stepping (every iteration where it says nothing). */
  stepping: Stepping;
  /** The horizon it was made for, each value checked like the studio's own. */
  horizon: Partial<Horizon>;
  /** Why it cannot be used, when its spec does not validate. */
  problem: string | null;
}

export function readPresets(list: readonly Preset[]): StudioPreset[] {
  return list.map((preset) => {
    const wanted: Partial<Horizon> = { totalSteps: preset.suggestedSteps, stepsPerEpoch: preset.stepsPerEpoch };
    const horizon: Partial<Horizon> = {};
    for (const key of ['totalSteps', 'stepsPerEpoch'] as const) {
      const v = wanted[key];
      if (v !== undefined && horizonSchema.shape[key].safeParse(v).success) horizon[key] = v;
    }
    return { preset, stepping: preset.stepping ?? DEFAULT_STEPPING, horizon, problem: validateSpec(preset.spec)?.message ?? null };
  });
}

/** The horizon a preset was made for, where it differs from `current` (what it leaves out is the current one's). */
export function designedHorizon(horizon: Partial<Horizon>, current: Horizon): Horizon | undefined {
  const full = { totalSteps: horizon.totalSteps ?? current.totalSteps, stepsPerEpoch: horizon.stepsPerEpoch ?? current.stepsPerEpoch };
  return sameHorizon(full, current) ? undefined : full;
}

export function sameHorizon(a: Horizon, b: Horizon): boolean {
  return a.totalSteps === b.totalSteps && a.stepsPerEpoch === b.stepsPerEpoch;
}

/**
 * Adds a preset's schedule with its own stepping, remembering the horizon it was made for where the
 * studio's differs. Nothing else changes: not the horizon, not any other schedule.
 */
export function addPreset({ preset, stepping, horizon }: StudioPreset): { id: string; designedFor: Horizon | undefined } {
  const studio = useStudio.getState();
  const designedFor = designedHorizon(horizon, studio.settings);
  const id = studio.addSchedule(structuredClone(preset.spec), preset.name, { stepping, designedFor });
  return { id, designedFor };
}

/** "6,250 steps, 125 per epoch" */
export function describeHorizon(s: Partial<Horizon>): string {
  const parts: string[] = [];
  if (s.totalSteps !== undefined) parts.push(`${s.totalSteps.toLocaleString('en-US')} steps`);
  if (s.stepsPerEpoch !== undefined) parts.push(`${s.stepsPerEpoch.toLocaleString('en-US')} per epoch`);
  return parts.join(', ');
}

/** Keys that move between presets (one tab stop for all of them: a toolbar with a roving tab index). */
const MOVES: Record<string, (i: number, n: number) => number> = {
  ArrowDown: (i, n) => (i + 1) % n,
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowUp: (i, n) => (i - 1 + n) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export function Presets() {
  const items = useMemo(() => readPresets(enginePresets), []);
  const usable = useMemo(() => items.filter((it) => it.problem === null), [items]);
  const [status, setStatus] = useState('');
  /** The preset that holds the tab stop, and whose description is shown. */
  const [current, setCurrent] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  if (!items.length) return null;

  const apply = (it: StudioPreset) => {
    const { preset, stepping } = it;
    const { designedFor } = addPreset(it);
    const note = designedFor ? ` It was made for ${describeHorizon(designedFor)}: the editor offers that horizon.` : '';
    setStatus(`Added “${preset.name}”, stepped every ${stepping}.${note}`);
  };
  const focusAt = (i: number) => {
    setCurrent(i);
    listRef.current?.querySelector<HTMLButtonElement>(`button[data-preset="${usable[i].preset.id}"]`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const move = MOVES[e.key];
    if (!move || !usable.length) return;
    e.preventDefault();
    focusAt(move(Math.min(current, usable.length - 1), usable.length));
  };
  const shown = usable[Math.min(current, usable.length - 1)];

  return (
    <section className="presets" aria-labelledby="presets-heading">
      <h2 id="presets-heading">Presets</h2>
      <ul role="toolbar" aria-orientation="vertical" aria-labelledby="presets-heading" aria-describedby="preset-description" ref={listRef} onKeyDown={onKeyDown}>
        {items.map((it) => {
          const at = usable.indexOf(it);
          return (
            <li key={it.preset.id} role="none">
              <button
                type="button"
                data-preset={it.preset.id}
                disabled={it.problem !== null}
                tabIndex={at >= 0 && at === Math.min(current, usable.length - 1) ? 0 : -1}
                title={it.problem ?? undefined}
                className={shown === it ? 'shown' : undefined}
                onFocus={() => at >= 0 && setCurrent(at)}
                onMouseEnter={() => at >= 0 && setCurrent(at)}
                onClick={() => apply(it)}
              >
                {it.preset.name}
              </button>
            </li>
          );
        })}
      </ul>
      {shown && (
        <p className="preset-description" id="preset-description" data-testid="preset-description">
          <strong>{shown.preset.name}</strong>: {shown.preset.description}{' '}
          <span className="muted">
            Source: {shown.preset.source} · stepped every {shown.stepping}
            {Object.keys(shown.horizon).length > 0 && ` · made for ${describeHorizon(shown.horizon)}`}
          </span>
        </p>
      )}
      <p className="toolbar-status" role="status">
        {status}
      </p>
    </section>
  );
}
