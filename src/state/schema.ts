/**
 * One schema for everything the studio saves or shares: the link (`#s=...`) and localStorage carry
 * the same versioned document. Reading it is strict about shape and tolerant about damage: a bad
 * schedule or setting is dropped or replaced by its default with a message saying what and why,
 * one schedule at a time (one unreadable schedule never sets aside the others); nothing unchecked
 * reaches the store.
 *
 * Versions:
 *   1: `{ version: 1, settings: {totalSteps, stepsPerEpoch, stepping, xAxis},
 *         schedules: [{ name, color, visible, scheduler, params }] }` (flat entries, no ids).
 *   2: entries `{ id, name, color, visible, spec: { scheduler, params } }`, settings with `yScale`,
 *      `selectedId`, optional `training` (the training lab's setup).
 *   3: each entry has its own `stepping` (and, from a preset, the `designedFor` horizon); the
 *      settings hold the horizon only. An older document's global stepping goes to every schedule.
 *      A plateau schedule may carry the `metric` it watches (constant, synthetic loss, values, a CSV
 *      file's column or a training run's validation loss: both stored as their values, with the file,
 *      column or run name).
 *      Optional, still version 3: `run` `{ optimizer, optimizerParams }`, the optimizer the lab trains
 *      that schedule with (absent: the setup's); `reported`, what the source document reports for it
 *      (a short text, e.g. "tutorial: 0.9575 (1st)"). An unreadable one is left out with a warning.
 */
import * as z from 'zod/mini';
import { getDefinition, MAX_STEPS, ScheduleParamError, STEPPINGS, validateSpec, type ScheduleSpec, type Stepping } from '../schedules';
import {
  DEFAULT_SETTINGS,
  DEFAULT_STEPPING,
  initialSpec,
  type ScheduleEntry,
  type StudioDocument,
  type StudioSettings,
} from './studio';
import { DEFAULT_TRAINING_SETUP, optimizerParamsSchema, parseTrainingSetup, trainingSetupSchema } from './trainingSetup';
import { OPTIMIZER_KINDS } from '../training/setup';
import { MAX_METRIC_VALUES } from '../curves/metric';

export const CURRENT_VERSION = 3;
/** More schedules than anyone compares; bounds the work a tampered link can ask for. */
export const MAX_SCHEDULES = 32;
/** Nesting depth of a document (child specs nest); deeper input is rejected before any recursion. */
export const MAX_DEPTH = 24;

const steps = (what: string) =>
  z.int({ error: `${what} must be a whole number` }).check(
    z.minimum(1, `${what} must be at least 1`),
    z.maximum(MAX_STEPS, `${what} must be at most ${MAX_STEPS.toLocaleString('en-US')}`),
  );

export const horizonSchema = z.object({
  totalSteps: steps('total steps'),
  stepsPerEpoch: steps('steps per epoch'),
});

export const steppingSchema = z.enum(STEPPINGS);

const finite = z.number().check(z.refine(Number.isFinite, 'must be a finite number'));
const nonNegative = finite.check(z.minimum(0, 'must be at least 0'));
const metricList = z.array(finite).check(z.minLength(1, 'needs at least one value'), z.maxLength(MAX_METRIC_VALUES));
/** A file, column or run name shown with a loaded metric. */
const shortText = z.string().check(z.maxLength(200));
export const metricSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), value: finite }),
  z.object({ kind: z.literal('synthetic'), start: finite, floor: finite, speed: nonNegative, noise: nonNegative, seed: z.int() }),
  z.object({ kind: z.literal('values'), values: metricList }),
  z.object({ kind: z.literal('csv'), file: shortText, column: shortText, values: metricList }),
  z.object({ kind: z.literal('run'), run: shortText, values: metricList }),
]);

/** A schedule's own optimizer in the lab (hyperparameters validated as the setup's are). */
export const runOptimizerSchema = z.object({
  optimizer: z.enum(OPTIMIZER_KINDS),
  optimizerParams: optimizerParamsSchema,
});

export const settingsSchema = z.object({
  totalSteps: horizonSchema.shape.totalSteps,
  stepsPerEpoch: horizonSchema.shape.stepsPerEpoch,
  xAxis: z.enum(['step', 'epoch']),
  yScale: z.enum(['linear', 'log']),
});

export const specSchema = z.object({
  scheduler: z.string().check(z.minLength(1), z.maxLength(100)),
  params: z.record(z.string(), z.unknown()),
});

export const entrySchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.trim(), z.minLength(1, 'a schedule needs a name'), z.maxLength(120)),
  color: z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'a color is #rrggbb')),
  visible: z.boolean(),
  spec: specSchema,
  stepping: steppingSchema,
  designedFor: z.optional(horizonSchema),
  metric: z.optional(metricSchema),
  run: z.optional(runOptimizerSchema),
  reported: z.optional(shortText),
});

/** The stored/shared document, current version. */
export const documentSchema = z.object({
  version: z.literal(CURRENT_VERSION),
  settings: settingsSchema,
  schedules: z.array(entrySchema).check(z.maxLength(MAX_SCHEDULES)),
  selectedId: z.optional(z.nullable(z.string())),
  training: z.optional(trainingSetupSchema),
});
export type StoredDocument = z.infer<typeof documentSchema>;

/** Upgrades a document of version `from` to `from + 1`. */
export const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  1(doc) {
    const list = Array.isArray(doc.schedules) ? doc.schedules : [];
    const settings = isRecord(doc.settings) ? doc.settings : {};
    return {
      version: 2,
      settings: { yScale: 'linear', ...settings },
      schedules: list.map((e: unknown, i: number) => {
        const r = isRecord(e) ? e : {};
        return {
          id: `s${i + 1}`,
          name: r.name,
          color: r.color,
          visible: r.visible ?? true,
          spec: { scheduler: r.scheduler, params: r.params ?? {} },
        };
      }),
      selectedId: null,
    };
  },
  2(doc) {
    // The one global stepping of version 2 becomes every schedule's own: each curve stays as it was.
    const settings = isRecord(doc.settings) ? { ...doc.settings } : {};
    const stepping = settings.stepping;
    delete settings.stepping;
    return {
      ...doc,
      version: 3,
      settings,
      schedules: Array.isArray(doc.schedules) ? doc.schedules.map((e: unknown) => (isRecord(e) ? { ...e, stepping } : e)) : doc.schedules,
    };
  },
};

/** What the store needs from a document, plus what could not be restored. */
export interface DecodedDocument {
  doc: StudioDocument;
  /** Entries whose params did not validate: what was stored, shown in the form with its error. */
  drafts: Record<string, ScheduleSpec>;
  invalid: Record<string, string>;
  /** One line per thing dropped or replaced. Empty when everything was restored exactly. */
  warnings: string[];
}

export class DocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Depth of nested objects/arrays, stopping as soon as `limit` is passed (no deep recursion). */
export function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  let visited = 0;
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d >= limit) return true;
    if (++visited > 200_000) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

type Issue = { path: readonly PropertyKey[]; message: string };

function oneIssueText(issue: Issue): string {
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function issueText(error: { issues: readonly Issue[] }): string {
  const issue = error.issues[0];
  return issue ? oneIssueText(issue) : 'invalid';
}

/** Brings any known version to the current one. Throws DocumentError when it cannot. */
export function migrate(raw: unknown): Record<string, unknown> {
  if (!isRecord(raw)) throw new DocumentError('it is not a studio state');
  let doc = raw;
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new DocumentError('it has no version number');
  }
  if (version > CURRENT_VERSION) {
    throw new DocumentError(`it was made by a newer version of the studio (format ${version}; this one reads up to ${CURRENT_VERSION})`);
  }
  for (let v = version; v < CURRENT_VERSION; v++) doc = MIGRATIONS[v](doc);
  return doc;
}

function readSettings(raw: unknown, warnings: string[]): StudioSettings {
  const whole = settingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  // Keep every valid setting; replace the bad ones by their defaults, saying which.
  const src = isRecord(raw) ? raw : {};
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settingsSchema.shape) as (keyof StudioSettings)[]) {
    const r = settingsSchema.shape[key].safeParse(src[key]);
    if (r.success) out[key] = r.data;
    else {
      out[key] = DEFAULT_SETTINGS[key];
      warnings.push(`setting ${key} was invalid (${issueText(r.error)}); using ${DEFAULT_SETTINGS[key]}`);
    }
  }
  return out as unknown as StudioSettings;
}

/**
 * The stored spec with each invalid top-level argument replaced by its default (or example), or the
 * scheduler's initial spec; null when even that does not validate.
 */
export function nearestValidSpec(spec: ScheduleSpec): ScheduleSpec | null {
  const def = getDefinition(spec.scheduler);
  if (!def) return null;
  const params: Record<string, unknown> = { ...spec.params };
  for (let i = 0; i <= def.params.length + 1; i++) {
    const err = validateSpec({ scheduler: spec.scheduler, params });
    if (!err) return { scheduler: spec.scheduler, params };
    if (!(err instanceof ScheduleParamError) || err.path !== err.param || !(err.param in params)) break;
    const p = def.params.find((x) => x.name === err.param);
    if (p && p.default === undefined && p.example !== undefined) params[err.param] = structuredClone(p.example);
    else delete params[err.param];
  }
  const initial = initialSpec(spec.scheduler);
  return validateSpec(initial) ? null : initial;
}

/**
 * Reads a parsed JSON value as a studio document: migrates, checks the shape, then checks every
 * schedule with the engine. Throws {@link DocumentError} only when nothing usable is left of it.
 */
export function readDocument(raw: unknown): DecodedDocument {
  // Depth is checked part by part: one schedule nested too deeply is dropped, not the document.
  if (isRecord(raw) && depthExceeds({ ...raw, schedules: null, training: null }, MAX_DEPTH)) throw new DocumentError('it is nested too deeply');
  const doc = migrate(raw);
  const warnings: string[] = [];
  const settings = readSettings(doc.settings, warnings);

  const rawList = Array.isArray(doc.schedules) ? doc.schedules : [];
  if (!Array.isArray(doc.schedules)) warnings.push('its list of schedules was missing');
  if (rawList.length > MAX_SCHEDULES) warnings.push(`only the first ${MAX_SCHEDULES} of ${rawList.length} schedules were kept`);
  const schedules: ScheduleEntry[] = [];
  const drafts: Record<string, ScheduleSpec> = {};
  const invalid: Record<string, string> = {};
  const ids = new Set<string>();
  rawList.slice(0, MAX_SCHEDULES).forEach((item, i) => {
    const label = isRecord(item) && typeof item.name === 'string' && item.name.trim() ? `schedule ${i + 1} ("${item.name.trim().slice(0, 60)}")` : `schedule ${i + 1}`;
    try {
      const read = readEntry(item, i, ids, label, warnings);
      if (!read) return;
      if (read.draft) {
        drafts[read.entry.id] = read.draft.spec;
        invalid[read.entry.id] = read.draft.message;
      }
      ids.add(read.entry.id);
      schedules.push(read.entry);
    } catch (e) {
      // Whatever a damaged entry makes a check throw, it costs that entry only.
      warnings.push(`${label} was dropped: it could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
  });

  const training = readTraining(doc.training, warnings);
  const selectedId = typeof doc.selectedId === 'string' && ids.has(doc.selectedId) ? doc.selectedId : (schedules[0]?.id ?? null);
  return { doc: { schedules, settings, selectedId, training }, drafts, invalid, warnings };
}

/**
 * One stored schedule: the entry to show (its spec valid), with the stored spec as its draft when
 * that did not validate; null (and a warning) when it is dropped.
 */
function readEntry(
  item: unknown,
  i: number,
  ids: ReadonlySet<string>,
  label: string,
  warnings: string[],
): { entry: ScheduleEntry; draft?: { spec: ScheduleSpec; message: string } } | null {
  if (depthExceeds(item, MAX_DEPTH - 2)) {
    warnings.push(`${label} was dropped: it is nested too deeply`);
    return null;
  }
  const repaired = repairEntry(item, label);
  const parsed = entrySchema.safeParse(repaired.item);
  if (!parsed.success) {
    warnings.push(`${label} was dropped: ${issueText(parsed.error)}`);
    return null;
  }
  const entry: ScheduleEntry = { ...parsed.data, color: parsed.data.color.toLowerCase() };
  if (ids.has(entry.id)) entry.id = `${entry.id}-${i}`;
  const err = validateSpec(entry.spec);
  if (err && err.name === 'UnknownSchedulerError') {
    warnings.push(`schedule "${entry.name}" was dropped: ${err.message}`);
    return null;
  }
  // What was repaired is said only of a schedule that is kept.
  const kept = <T,>(read: T): T => {
    warnings.push(...repaired.notes);
    return read;
  };
  if (!err) return kept({ entry });
  // Keep what was stored as the draft (the form shows it with the error at its field) and draw
  // the scheduler's defaults, marked stale, until it is fixed.
  const fallback = nearestValidSpec(entry.spec);
  if (!fallback) {
    warnings.push(`schedule "${entry.name}" was dropped: ${err.message}`);
    return null;
  }
  warnings.push(`schedule "${entry.name}" has an invalid parameter (${err.message}); its curve uses the default there until you fix it`);
  const draft = { spec: entry.spec, message: err.message };
  entry.spec = fallback;
  return kept({ entry, draft });
}

/**
 * An entry's stepping, designed-for horizon, metric, optimizer and reported result: an invalid one costs that field only (the entry
 * steps every iteration, the note is left out), with a warning, never the whole schedule.
 */
function repairEntry(item: unknown, label: string): { item: unknown; notes: string[] } {
  const notes: string[] = [];
  if (!isRecord(item)) return { item, notes };
  const out: Record<string, unknown> = { ...item };
  if (!steppingSchema.safeParse(out.stepping).success) {
    const was = out.stepping === undefined ? 'missing' : `invalid (${JSON.stringify(out.stepping)?.slice(0, 40)})`;
    notes.push(`${label}: its stepping was ${was}; it steps every iteration`);
    out.stepping = DEFAULT_STEPPING satisfies Stepping;
  }
  if (out.designedFor !== undefined && !horizonSchema.safeParse(out.designedFor).success) {
    notes.push(`${label}: the horizon its preset was designed for was unreadable and is left out`);
    delete out.designedFor;
  }
  if (out.metric !== undefined) {
    const m = metricSchema.safeParse(out.metric);
    if (!m.success) {
      notes.push(`${label}: its metric was unreadable (${issueText(m.error)}); it watches the default synthetic loss`);
      delete out.metric;
    }
  }
  if (out.run !== undefined) {
    const r = runOptimizerSchema.safeParse(out.run);
    if (!r.success) {
      notes.push(`${label}: its optimizer was unreadable (${issueText(r.error)}); it trains with the setup's`);
      delete out.run;
    }
  }
  if (out.reported !== undefined && !shortText.safeParse(out.reported).success) {
    notes.push(`${label}: its reported result was unreadable and is left out`);
    delete out.reported;
  }
  return { item: out, notes };
}

/** The training setup: every valid field kept, each invalid one replaced by its default and named. */
function readTraining(raw: unknown, warnings: string[]): StudioDocument['training'] {
  if (raw === undefined) return DEFAULT_TRAINING_SETUP;
  if (depthExceeds(raw, MAX_DEPTH - 1)) {
    warnings.push('the training setup was nested too deeply; using the default setup');
    return DEFAULT_TRAINING_SETUP;
  }
  const t = trainingSetupSchema.safeParse(raw);
  if (t.success) return t.data;
  const fields = t.error.issues.slice(0, 8).map(oneIssueText);
  if (t.error.issues.length > fields.length) fields.push(`${t.error.issues.length - fields.length} more`);
  warnings.push(`the training setup had invalid values, which use their defaults (${fields.join('; ')})`);
  return parseTrainingSetup(raw);
}

/** The document to store or share (current version). Drafts are not saved: only valid specs are. */
export function toStored(doc: StudioDocument): StoredDocument {
  return {
    version: CURRENT_VERSION,
    settings: doc.settings,
    schedules: doc.schedules.map(({ id, name, color, visible, spec, stepping, designedFor, metric, run, reported }) => ({
      id,
      name,
      color,
      visible,
      spec,
      stepping,
      ...(designedFor ? { designedFor } : {}),
      ...(metric ? { metric } : {}),
      ...(run ? { run } : {}),
      ...(reported ? { reported } : {}),
    })),
    selectedId: doc.selectedId,
    training: doc.training,
  };
}
