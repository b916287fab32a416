/**
 * Presets from the engine (src/schedules/presets.ts: the seeds' Paddle configurations, custom CLR
 * and Adjust_lr, PaddleOCR Cosine with warmup, 1cycle, SGDR, Noam, WSD, ...), one click away. A
 * click adds the preset's schedule to the list and applies the settings it was made for (horizon,
 * steps per epoch, stepping). A preset whose spec does not validate is shown disabled with the
 * engine's reason.
 */
import { useMemo, useState } from 'react';
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

export function Presets() {
  const items = useMemo(() => readPresets(enginePresets), []);
  const [status, setStatus] = useState('');
  if (!items.length) return null;

  const apply = ({ preset, settings }: StudioPreset) => {
    const studio = useStudio.getState();
    studio.addSchedule(structuredClone(preset.spec), preset.name);
    if (Object.keys(settings).length) studio.updateSettings(settings);
    const set = describeSettings(settings);
    setStatus(`Added “${preset.name}”${set ? ` (${set})` : ''}.`);
  };

  return (
    <section className="presets" aria-labelledby="presets-heading">
      <h2 id="presets-heading">Presets</h2>
      <ul>
        {items.map((it) => (
          <li key={it.preset.id}>
            <button
              type="button"
              data-preset={it.preset.id}
              disabled={it.problem !== null}
              title={it.problem ?? [it.preset.description, `Source: ${it.preset.source}`, describeSettings(it.settings)].filter(Boolean).join('\n')}
              onClick={() => apply(it)}
            >
              {it.preset.name}
            </button>
          </li>
        ))}
      </ul>
      <p className="toolbar-status" role="status">
        {status}
      </p>
    </section>
  );
}
