/**
 * The studio store: the user's schedules and the global chart settings. UI components read narrow
 * selectors; the engine computes curves from `spec` (store -> engine -> chart).
 */
import { create } from 'zustand';
import type { ScheduleSpec } from '../schedules';
import { nextColor } from './palette';

export interface ScheduleEntry {
  /** Stable id of the entry (not the scheduler id). */
  id: string;
  name: string;
  color: string;
  visible: boolean;
  spec: ScheduleSpec;
}

export interface StudioSettings {
  /** Optimizer updates shown (and trained). */
  totalSteps: number;
  stepsPerEpoch: number;
  /** `epoch`: schedulers step once per epoch and hold their value across its iterations. */
  stepping: 'iteration' | 'epoch';
  xAxis: 'step' | 'epoch';
  yScale: 'linear' | 'log';
}

export const DEFAULT_SETTINGS: StudioSettings = {
  totalSteps: 1000,
  stepsPerEpoch: 10,
  stepping: 'iteration',
  xAxis: 'step',
  yScale: 'linear',
};

let counter = 0;
/** A short unique id for a new entry. */
export function newEntryId(): string {
  counter += 1;
  return `s${Date.now().toString(36)}${counter.toString(36)}`;
}

/** What a first visit shows: a warmup + cosine next to a StepLR. */
export function defaultSchedules(): ScheduleEntry[] {
  return [
    {
      id: 'warmup-cosine',
      name: 'Warmup + cosine (HF)',
      color: '#4e79a7',
      visible: true,
      spec: { scheduler: 'hf.cosine', params: { lr: 0.1, num_warmup_steps: 100, num_training_steps: 1000 } },
    },
    {
      id: 'steplr',
      name: 'StepLR (PyTorch)',
      color: '#f28e2b',
      visible: true,
      spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 300, gamma: 0.1 } },
    },
  ];
}

export interface StudioState {
  schedules: ScheduleEntry[];
  selectedId: string | null;
  settings: StudioSettings;
  addSchedule(spec: ScheduleSpec, name: string): string;
  duplicateSchedule(id: string): string | null;
  removeSchedule(id: string): void;
  renameSchedule(id: string, name: string): void;
  recolorSchedule(id: string, color: string): void;
  toggleVisible(id: string): void;
  moveSchedule(id: string, delta: number): void;
  /** Replaces the spec's params (the form keeps invalid drafts itself). */
  setSpec(id: string, spec: ScheduleSpec): void;
  select(id: string | null): void;
  updateSettings(patch: Partial<StudioSettings>): void;
  /** Replaces the whole state (link or storage restore). */
  replaceAll(schedules: ScheduleEntry[], settings: StudioSettings): void;
}

function patchEntry(list: ScheduleEntry[], id: string, patch: Partial<ScheduleEntry>): ScheduleEntry[] {
  return list.map((e) => (e.id === id ? { ...e, ...patch } : e));
}

export const useStudio = create<StudioState>()((set, get) => ({
  schedules: defaultSchedules(),
  selectedId: 'warmup-cosine',
  settings: DEFAULT_SETTINGS,
  addSchedule(spec, name) {
    const id = newEntryId();
    const color = nextColor(get().schedules.map((e) => e.color));
    set((s) => ({ schedules: [...s.schedules, { id, name, color, visible: true, spec }], selectedId: id }));
    return id;
  },
  duplicateSchedule(id) {
    const src = get().schedules.find((e) => e.id === id);
    if (!src) return null;
    const copy: ScheduleEntry = {
      ...structuredClone(src),
      id: newEntryId(),
      name: `${src.name} (copy)`,
      color: nextColor(get().schedules.map((e) => e.color)),
    };
    set((s) => {
      const i = s.schedules.findIndex((e) => e.id === id);
      const schedules = [...s.schedules];
      schedules.splice(i + 1, 0, copy);
      return { schedules, selectedId: copy.id };
    });
    return copy.id;
  },
  removeSchedule(id) {
    set((s) => {
      const schedules = s.schedules.filter((e) => e.id !== id);
      const selectedId = s.selectedId === id ? (schedules[0]?.id ?? null) : s.selectedId;
      return { schedules, selectedId };
    });
  },
  renameSchedule(id, name) {
    set((s) => ({ schedules: patchEntry(s.schedules, id, { name }) }));
  },
  recolorSchedule(id, color) {
    set((s) => ({ schedules: patchEntry(s.schedules, id, { color }) }));
  },
  toggleVisible(id) {
    set((s) => ({ schedules: s.schedules.map((e) => (e.id === id ? { ...e, visible: !e.visible } : e)) }));
  },
  moveSchedule(id, delta) {
    set((s) => {
      const i = s.schedules.findIndex((e) => e.id === id);
      const j = i + delta;
      if (i < 0 || j < 0 || j >= s.schedules.length) return s;
      const schedules = [...s.schedules];
      const [item] = schedules.splice(i, 1);
      schedules.splice(j, 0, item);
      return { schedules };
    });
  },
  setSpec(id, spec) {
    set((s) => ({ schedules: patchEntry(s.schedules, id, { spec }) }));
  },
  select(id) {
    set({ selectedId: id });
  },
  updateSettings(patch) {
    set((s) => ({ settings: { ...s.settings, ...patch } }));
  },
  replaceAll(schedules, settings) {
    set({ schedules, settings, selectedId: schedules[0]?.id ?? null });
  },
}));
