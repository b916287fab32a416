/**
 * Presets from the engine (src/schedules/presets.ts: the seeds' Paddle configurations, custom CLR
 * and Adjust_lr, PaddleOCR Cosine with warmup, 1cycle, SGDR, Noam, WSD, ...), one click away. A
 * click adds the preset's schedule to the list and applies the settings it was made for (horizon,
 * steps per epoch, stepping). A preset whose spec does not validate is shown disabled with the
 * engine's reason.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { validateSpec } from '../schedules';
import { presets as enginePresets, type Preset } from '../schedules/presets';
import { settingsSchema } from '../state/schema';
import { useStudio, type StudioSettings } from '../state/studio';

export interface StudioPreset {
  preset: Preset;
  /** The settings it was made for, each checked like any other setting. */
  settings: Partial<StudioSettings>;
  /** Why it cannot be used, when its spec does not validate. */
  problem: string | null;
}

export function readPresets(list: readonly Preset[]): StudioPreset[] {
  return list.map((preset) => {
    const wanted: Partial<StudioSettings> = {
      totalSteps: preset.suggestedSteps,
      stepsPerEpoch: preset.stepsPerEpoch,
      stepping: preset.stepping,
    };
    const settings: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(wanted) as [keyof StudioSettings, unknown][]) {
      if (v !== undefined && settingsSchema.shape[key].safeParse(v).success) settings[key] = v;
    }
    return { preset, settings: settings as Partial<StudioSettings>, problem: validateSpec(preset.spec)?.message ?? null };
  });
}

function describeSettings(s: Partial<StudioSettings>): string {
  const parts: string[] = [];
  if (s.totalSteps !== undefined) parts.push(`${s.totalSteps.toLocaleString('en-US')} steps`);
  if (s.stepsPerEpoch !== undefined) parts.push(`${s.stepsPerEpoch.toLocaleString('en-US')} per epoch`);
  if (s.stepping !== undefined) parts.push(`stepping every ${s.stepping}`);
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

  const apply = ({ preset, settings }: StudioPreset) => {
    const studio = useStudio.getState();
    studio.addSchedule(structuredClone(preset.spec), preset.name);
    if (Object.keys(settings).length) studio.updateSettings(settings);
    const set = describeSettings(settings);
    setStatus(`Added “${preset.name}”${set ? ` (${set})` : ''}.`);
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
            Source: {shown.preset.source}
            {Object.keys(shown.settings).length > 0 && ` · sets ${describeSettings(shown.settings)}`}
          </span>
        </p>
      )}
      <p className="toolbar-status" role="status">
        {status}
      </p>
    </section>
  );
}
