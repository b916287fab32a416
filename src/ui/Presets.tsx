/**
 * Presets from the engine (src/schedules/presets.ts: the seeds' Paddle configurations, custom CLR
 * and Adjust_lr, PaddleOCR Cosine with warmup, 1cycle, SGDR, Noam, WSD), one click away. A click
 * adds the preset's schedule(s) to the list and applies the settings it was made for.
 *
 * The module is read through import.meta.glob so the studio builds and runs whether or not it is
 * there yet; whatever it exports as `presets` is checked before use, and a preset whose specs do not
 * validate is shown disabled with the engine's reason.
 */
import { useMemo, useState } from 'react';
import { validateSpec, type ScheduleSpec } from '../schedules';
import { settingsSchema } from '../state/schema';
import { defaultName, useStudio, type StudioSettings } from '../state/studio';

interface PresetItem {
  name: string;
  spec: ScheduleSpec;
}

export interface StudioPreset {
  id: string;
  name: string;
  description: string;
  items: PresetItem[];
  settings: Partial<StudioSettings>;
  /** Why it cannot be used, when one of its specs does not validate. */
  problem: string | null;
}

const modules = import.meta.glob<{ presets?: unknown }>('../schedules/presets.ts', { eager: true });

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asSpec(v: unknown): ScheduleSpec | null {
  return isRecord(v) && typeof v.scheduler === 'string' ? { scheduler: v.scheduler, params: isRecord(v.params) ? v.params : {} } : null;
}

function asItem(v: unknown): PresetItem | null {
  const spec = asSpec(v) ?? (isRecord(v) ? asSpec(v.spec) : null);
  if (!spec) return null;
  const name = isRecord(v) && typeof v.name === 'string' && !asSpec(v) ? v.name : defaultName(spec.scheduler);
  return { name, spec };
}

/** Only the settings the studio knows, each valid. */
function asSettings(v: unknown): Partial<StudioSettings> {
  if (!isRecord(v)) return {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settingsSchema.shape) as (keyof StudioSettings)[]) {
    const r = settingsSchema.shape[key].safeParse(v[key]);
    if (v[key] !== undefined && r.success) out[key] = r.data;
  }
  return out as Partial<StudioSettings>;
}

/** Reads the engine's presets, whatever their exact shape (one spec or a list of schedules). */
export function readPresets(raw: unknown): StudioPreset[] {
  const list = Array.isArray(raw) ? raw : isRecord(raw) ? Object.values(raw) : [];
  const out: StudioPreset[] = [];
  list.forEach((p, i) => {
    if (!isRecord(p)) return;
    const source = Array.isArray(p.schedules) ? p.schedules : Array.isArray(p.specs) ? p.specs : [p.spec ?? p];
    const items = source.map(asItem).filter((x): x is PresetItem => x !== null);
    if (!items.length) return;
    const name = typeof p.name === 'string' ? p.name : typeof p.title === 'string' ? p.title : items[0].name;
    const single = items.length === 1 && source.length === 1 && !Array.isArray(p.schedules);
    if (single) items[0] = { ...items[0], name };
    const errors = items.map((it) => validateSpec(it.spec)).filter((e) => e !== null);
    out.push({
      id: typeof p.id === 'string' ? p.id : `preset-${i}`,
      name,
      description: typeof p.description === 'string' ? p.description : '',
      items,
      settings: asSettings(p.settings),
      problem: errors.length ? errors[0]!.message : null,
    });
  });
  return out;
}

function describeSettings(s: Partial<StudioSettings>): string {
  const parts: string[] = [];
  if (s.totalSteps !== undefined) parts.push(`${s.totalSteps.toLocaleString('en-US')} steps`);
  if (s.stepsPerEpoch !== undefined) parts.push(`${s.stepsPerEpoch.toLocaleString('en-US')} per epoch`);
  if (s.stepping !== undefined) parts.push(`stepping every ${s.stepping}`);
  return parts.join(', ');
}

export function Presets() {
  const presets = useMemo(() => readPresets(Object.values(modules)[0]?.presets), []);
  const [status, setStatus] = useState('');
  if (!presets.length) return null;

  const apply = (p: StudioPreset) => {
    const studio = useStudio.getState();
    let firstId: string | null = null;
    for (const it of p.items) {
      const id = studio.addSchedule(structuredClone(it.spec), it.name);
      firstId ??= id;
    }
    if (Object.keys(p.settings).length) studio.updateSettings(p.settings);
    if (firstId) studio.select(firstId);
    const set = describeSettings(p.settings);
    setStatus(`Added “${p.name}”${set ? ` (${set})` : ''}.`);
  };

  return (
    <section className="presets" aria-labelledby="presets-heading">
      <h2 id="presets-heading">Presets</h2>
      <ul>
        {presets.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              disabled={p.problem !== null}
              title={p.problem ?? ([p.description, describeSettings(p.settings)].filter(Boolean).join(' — ') || p.name)}
              onClick={() => apply(p)}
            >
              {p.name}
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
