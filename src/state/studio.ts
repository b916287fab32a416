/**
 * The studio store: the user's schedules and the global chart settings. UI components read narrow
 * selectors; the engine computes curves from `spec` (store -> engine -> chart).
 *
 * `spec` is always the last VALID spec of an entry, so the chart keeps drawing the last valid curve
 * while the user types. What the user typed lives in `drafts[id]` while it does not validate, and
 * `invalid[id]` holds the engine's message: the chart marks that entry's curve stale.
 */
import { create } from 'zustand';
import { fitToHorizon, FRAMEWORK_LABELS, getDefinition, validateSpec, type FitHorizon, type ScheduleSpec, type Stepping } from '../schedules';
import type { ImportResult } from '../import';
import { planImport } from './importing';
import type { MetricSource } from '../curves/metric';
import { nextColor } from './palette';
import type { RunOptimizer, TrainingSetup } from '../training/setup';
import { DEFAULT_TRAINING_SETUP } from './trainingSetup';

export interface ScheduleEntry {
  /** Stable id of the entry (not the scheduler id). */
  id: string;
  name: string;
  color: string;
  visible: boolean;
  spec: ScheduleSpec;
  /**
   * When this schedule's `step()` is called: after every optimizer update, or once per epoch (its
   * value held across the epoch's iterations). Each schedule has its own: one schedule's stepping
   * never changes another's curve.
   */
  stepping: Stepping;
  /** The horizon a preset was designed for, where the studio's differs: said next to it, with an offer to adopt it. */
  designedFor?: Horizon;
  /** What a plateau schedule watches (the default synthetic loss when absent). */
  metric?: MetricSource;
  /** The optimizer its training runs use (absent: the lab setup's), so runs may differ in more than the schedule. */
  run?: RunOptimizer;
  /** What the source document reports for this run (e.g. the Paddle tutorial's test accuracy), shown beside the lab's result. */
  reported?: string;
}

/** The experiment's horizon: what a training run has (optimizer updates, and updates per epoch). */
export interface Horizon {
  /** Optimizer updates shown (and trained). */
  totalSteps: number;
  stepsPerEpoch: number;
}

export interface StudioSettings extends Horizon {
  xAxis: 'step' | 'epoch';
  yScale: 'linear' | 'log';
}

export const DEFAULT_SETTINGS: StudioSettings = {
  totalSteps: 1000,
  stepsPerEpoch: 10,
  xAxis: 'step',
  yScale: 'linear',
};

/** A schedule stepped per optimizer update unless it says otherwise (the engine's canonical loop). */
export const DEFAULT_STEPPING: Stepping = 'iteration';

/** What a new entry may carry besides its spec and name. */
export interface NewEntryOptions {
  stepping?: Stepping;
  designedFor?: Horizon;
}

/** Text that was set aside (a link or saved state not restored exactly), offered for copy and download. */
export interface SetAsideText {
  /** What it is, in words: "the original link", "the state the other tab saved". */
  what: string;
  text: string;
  fileName: string;
}

/** A button of a notice. */
export interface NoticeAction {
  label: string;
  run(): void;
}

/**
 * A message about the state as a whole: a link or stored state that could not be restored
 * exactly, or storage that could not be written, or another tab's save.
 */
export interface StudioNotice {
  kind: 'error' | 'info';
  text: string;
  /** One line per thing left out or replaced, and why. */
  items?: string[];
  /** The original text of what was set aside, so that nothing is lost. */
  originals?: SetAsideText[];
  actions?: NoticeAction[];
}

let counter = 0;
/** A short unique id for a new entry. */
export function newEntryId(): string {
  counter += 1;
  return `s${Date.now().toString(36)}${counter.toString(36)}`;
}

/**
 * The spec a new form starts with: the framework's defaults (left out, so they show as defaults)
 * plus each definition's example: required arguments, and None defaults that need a value to draw
 * (OneCycleLR's total_steps). `omitBaseLr` for children that share the parent optimizer.
 */
export function initialSpec(id: string, omitBaseLr = false): ScheduleSpec {
  const def = getDefinition(id);
  const params: Record<string, unknown> = {};
  for (const p of def?.params ?? []) {
    if (omitBaseLr && p.role === 'baseLr') continue;
    if (p.example !== undefined) params[p.name] = structuredClone(p.example);
  }
  return { scheduler: id, params };
}

/** The horizon in a schedule's own steps: what a new schedule of that stepping is fitted to. */
export function fitHorizon(h: Horizon, stepping: Stepping): FitHorizon {
  const epochs = Math.ceil(h.totalSteps / h.stepsPerEpoch);
  return { steps: stepping === 'epoch' ? epochs : h.totalSteps, epochs };
}

/** "StepLR (PyTorch)" */
export function defaultName(schedulerId: string): string {
  const def = getDefinition(schedulerId);
  return def ? `${def.name} (${FRAMEWORK_LABELS[def.framework]})` : schedulerId;
}

/** `name`, or `name 2`, `name 3`, ... so that names in the list (and CSV headers) stay distinct. */
export function uniqueName(name: string, taken: readonly string[]): string {
  const base = name.trim() || 'Schedule';
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base} ${i}`)) return `${base} ${i}`;
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
      stepping: 'iteration',
    },
    {
      id: 'steplr',
      name: 'StepLR (PyTorch)',
      color: '#f28e2b',
      visible: true,
      spec: { scheduler: 'torch.StepLR', params: { lr: 0.1, step_size: 300, gamma: 0.1 } },
      stepping: 'iteration',
    },
  ];
}

/** The part of the state that a link and localStorage carry. */
export interface StudioDocument {
  schedules: ScheduleEntry[];
  settings: StudioSettings;
  selectedId: string | null;
  training: TrainingSetup;
}

/** What undoing an import needs: the entries it added, and the settings and selection before it. */
export interface ImportReceipt {
  ids: string[];
  settings: StudioSettings;
  selectedId: string | null;
}

export interface StudioState {
  schedules: ScheduleEntry[];
  selectedId: string | null;
  settings: StudioSettings;
  /** Entry id -> the engine's message for the draft being typed; that entry's curve is stale. */
  invalid: Record<string, string>;
  /** Entry id -> the spec as typed, kept while it does not validate (`spec` keeps the last valid one). */
  drafts: Record<string, ScheduleSpec>;
  /** The training lab's setup (model, optimizer, seeds, ...), shared by link and storage. */
  training: TrainingSetup;
  notice: StudioNotice | null;
  /** About saving: storage that cannot be written, another tab that saved (src/state/persist.ts). */
  storageNotice: StudioNotice | null;
  /** Adds a schedule (stepped every iteration unless `opts.stepping` says otherwise); no other schedule changes. */
  addSchedule(spec: ScheduleSpec, name: string, opts?: NewEntryOptions): string;
  /**
   * Adds a new schedule of scheduler `schedulerId`: `spec` (a translated equivalent), else its defaults
   * and examples fitted to the horizon in its stepping (a decay ends at the horizon, a warmup takes 5%).
   */
  addScheduler(schedulerId: string, spec?: ScheduleSpec, opts?: NewEntryOptions): string;
  duplicateSchedule(id: string): string | null;
  removeSchedule(id: string): void;
  /** Puts a removed entry back at `index` (undo). */
  restoreSchedule(entry: ScheduleEntry, index: number): void;
  renameSchedule(id: string, name: string): void;
  recolorSchedule(id: string, color: string): void;
  toggleVisible(id: string): void;
  moveSchedule(id: string, delta: number): void;
  /** Replaces the spec (already valid) and drops any draft. */
  setSpec(id: string, spec: ScheduleSpec): void;
  /** This schedule's stepping (only its own curve changes). */
  setStepping(id: string, stepping: Stepping): void;
  /** What a plateau schedule watches (only its own curve changes). */
  setMetric(id: string, metric: MetricSource): void;
  /** This schedule's own optimizer in the lab; `undefined`: the setup's. */
  setRunOptimizer(id: string, run: RunOptimizer | undefined): void;
  /** Forgets the horizon a preset was designed for (its note is dismissed, or the horizon adopted). */
  clearDesignedFor(id: string): void;
  /**
   * The form's edit: a valid spec replaces `spec` (only that entry's object changes); an invalid
   * one is kept as the draft, with the engine's error in `invalid`. Returns the error, or null.
   */
  editSpec(id: string, spec: ScheduleSpec): Error | null;
  /** Forgets the draft: the form shows the last valid spec again. */
  discardDraft(id: string): void;
  select(id: string | null): void;
  updateSettings(patch: Partial<StudioSettings>): void;
  /**
   * Adds an import's schedules and sets the run (total steps, steps per epoch) and stepping it
   * assumed, as `planImport` words it. One action, so that the import is one change to undo.
   */
  addImported(result: Pick<ImportResult, 'schedules' | 'context'>): ImportReceipt;
  /** Takes an import back: its entries (those still there) go, the settings and selection come back. */
  undoImport(receipt: ImportReceipt): void;
  setTraining(setup: TrainingSetup): void;
  /** Replaces the whole state (link or storage restore). */
  replaceAll(schedules: ScheduleEntry[], settings: StudioSettings): void;
  /** Restores a whole document, with drafts for entries restored invalid, and a notice. */
  hydrate(
    doc: StudioDocument,
    extra?: { drafts?: Record<string, ScheduleSpec>; invalid?: Record<string, string>; notice?: StudioNotice | null },
  ): void;
  setNotice(notice: StudioNotice | null): void;
  setStorageNotice(notice: StudioNotice | null): void;
}

function patchEntry(list: ScheduleEntry[], id: string, patch: Partial<ScheduleEntry>): ScheduleEntry[] {
  return list.map((e) => (e.id === id ? { ...e, ...patch } : e));
}

function withoutDesignedFor(e: ScheduleEntry): ScheduleEntry {
  const copy = { ...e };
  delete copy.designedFor;
  return copy;
}

function without<T>(rec: Record<string, T>, id: string): Record<string, T> {
  if (!(id in rec)) return rec;
  const out = { ...rec };
  delete out[id];
  return out;
}

export const useStudio = create<StudioState>()((set, get) => ({
  schedules: defaultSchedules(),
  selectedId: 'warmup-cosine',
  settings: DEFAULT_SETTINGS,
  invalid: {},
  drafts: {},
  training: DEFAULT_TRAINING_SETUP,
  notice: null,
  storageNotice: null,
  addSchedule(spec, name, opts = {}) {
    const id = newEntryId();
    const { schedules } = get();
    const color = nextColor(schedules.map((e) => e.color));
    const entry: ScheduleEntry = {
      id,
      name: uniqueName(name, schedules.map((e) => e.name)),
      color,
      visible: true,
      spec,
      stepping: opts.stepping ?? DEFAULT_STEPPING,
      ...(opts.designedFor ? { designedFor: { ...opts.designedFor } } : {}),
    };
    set((s) => ({ schedules: [...s.schedules, entry], selectedId: id }));
    return id;
  },
  addScheduler(schedulerId, spec, opts) {
    const fitted = spec ?? fitToHorizon(initialSpec(schedulerId), fitHorizon(get().settings, opts?.stepping ?? DEFAULT_STEPPING));
    return get().addSchedule(fitted, defaultName(schedulerId), opts);
  },
  duplicateSchedule(id) {
    const { schedules, drafts, invalid } = get();
    const src = schedules.find((e) => e.id === id);
    if (!src) return null;
    const copy: ScheduleEntry = {
      ...structuredClone(src),
      id: newEntryId(),
      name: uniqueName(`${src.name} (copy)`, schedules.map((e) => e.name)),
      color: nextColor(schedules.map((e) => e.color)),
    };
    set((s) => {
      const i = s.schedules.findIndex((e) => e.id === id);
      const list = [...s.schedules];
      list.splice(i + 1, 0, copy);
      const next: Partial<StudioState> = { schedules: list, selectedId: copy.id };
      // The copy carries the draft being typed too, so nothing typed is lost.
      if (drafts[id]) next.drafts = { ...s.drafts, [copy.id]: structuredClone(drafts[id]) };
      if (invalid[id]) next.invalid = { ...s.invalid, [copy.id]: invalid[id] };
      return next;
    });
    return copy.id;
  },
  removeSchedule(id) {
    set((s) => {
      const i = s.schedules.findIndex((e) => e.id === id);
      if (i < 0) return s;
      const schedules = s.schedules.filter((e) => e.id !== id);
      const selectedId =
        s.selectedId === id ? (schedules[Math.min(i, schedules.length - 1)]?.id ?? null) : s.selectedId;
      return { schedules, selectedId, drafts: without(s.drafts, id), invalid: without(s.invalid, id) };
    });
  },
  restoreSchedule(entry, index) {
    set((s) => {
      if (s.schedules.some((e) => e.id === entry.id)) return s;
      const schedules = [...s.schedules];
      schedules.splice(Math.max(0, Math.min(index, schedules.length)), 0, entry);
      return { schedules, selectedId: entry.id };
    });
  },
  renameSchedule(id, name) {
    const trimmed = name.trim();
    if (!trimmed) return;
    set((s) => ({ schedules: patchEntry(s.schedules, id, { name: trimmed.slice(0, 120) }) }));
  },
  recolorSchedule(id, color) {
    if (!/^#[0-9a-fA-F]{6}$/.test(color)) return;
    set((s) => ({ schedules: patchEntry(s.schedules, id, { color: color.toLowerCase() }) }));
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
    set((s) => ({
      schedules: patchEntry(s.schedules, id, { spec }),
      drafts: without(s.drafts, id),
      invalid: without(s.invalid, id),
    }));
  },
  setStepping(id, stepping) {
    set((s) => ({ schedules: patchEntry(s.schedules, id, { stepping }) }));
  },
  setMetric(id, metric) {
    set((s) => ({ schedules: patchEntry(s.schedules, id, { metric }) }));
  },
  setRunOptimizer(id, run) {
    set((s) => ({
      schedules: s.schedules.map((e) => {
        if (e.id !== id) return e;
        const next = { ...e };
        if (run) next.run = structuredClone(run);
        else delete next.run;
        return next;
      }),
    }));
  },
  clearDesignedFor(id) {
    set((s) => ({ schedules: s.schedules.map((e) => (e.id === id && e.designedFor ? withoutDesignedFor(e) : e)) }));
  },
  editSpec(id, spec) {
    const err = validateSpec(spec);
    if (!err) {
      get().setSpec(id, spec);
      return null;
    }
    set((s) => ({ drafts: { ...s.drafts, [id]: spec }, invalid: { ...s.invalid, [id]: err.message } }));
    return err;
  },
  discardDraft(id) {
    set((s) => ({ drafts: without(s.drafts, id), invalid: without(s.invalid, id) }));
  },
  select(id) {
    set({ selectedId: id });
  },
  updateSettings(patch) {
    set((s) => ({ settings: { ...s.settings, ...patch } }));
  },
  addImported(result) {
    const before = get();
    const receipt: ImportReceipt = { ids: [], settings: before.settings, selectedId: before.selectedId };
    const added: ScheduleEntry[] = [];
    for (const s of result.schedules) {
      const taken = [...before.schedules, ...added];
      const entry: ScheduleEntry = {
        id: newEntryId(),
        name: uniqueName(s.name, taken.map((e) => e.name)),
        color: nextColor(taken.map((e) => e.color)),
        visible: true,
        spec: s.spec,
        // Each schedule steps as the imported code or config steps it.
        stepping: s.stepping,
      };
      added.push(entry);
      receipt.ids.push(entry.id);
    }
    const { settings } = planImport(before.settings, result);
    set((st) => ({ schedules: [...st.schedules, ...added], settings, selectedId: added[0]?.id ?? st.selectedId }));
    return receipt;
  },
  undoImport(receipt) {
    set((st) => {
      const schedules = st.schedules.filter((e) => !receipt.ids.includes(e.id));
      const selectedId = schedules.some((e) => e.id === receipt.selectedId) ? receipt.selectedId : (schedules[0]?.id ?? null);
      let { drafts, invalid } = st;
      for (const id of receipt.ids) {
        drafts = without(drafts, id);
        invalid = without(invalid, id);
      }
      return { schedules, settings: receipt.settings, selectedId, drafts, invalid };
    });
  },
  setTraining(setup) {
    set({ training: setup });
  },
  replaceAll(schedules, settings) {
    set({ schedules, settings, selectedId: schedules[0]?.id ?? null, drafts: {}, invalid: {} });
  },
  hydrate(doc, extra = {}) {
    const selectedId = doc.schedules.some((e) => e.id === doc.selectedId) ? doc.selectedId : (doc.schedules[0]?.id ?? null);
    set({
      schedules: doc.schedules,
      settings: doc.settings,
      training: doc.training,
      selectedId,
      drafts: extra.drafts ?? {},
      invalid: extra.invalid ?? {},
      notice: extra.notice ?? null,
    });
  },
  setNotice(notice) {
    set({ notice });
  },
  setStorageNotice(storageNotice) {
    set({ storageNotice });
  },
}));

/** The document a link or storage carries, read from the current state. */
export function currentDocument(s: StudioState = useStudio.getState()): StudioDocument {
  return { schedules: s.schedules, settings: s.settings, selectedId: s.selectedId, training: s.training };
}
