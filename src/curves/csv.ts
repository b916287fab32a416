/**
 * The chart's CSV, pure: which columns it has (one list, {@link csvColumns}), their values read in
 * order from their source (a schedule evaluated in chunks, a plateau metric, the diff view's A / B),
 * and the text in chunks: one row per step, one row every k steps, or one row per pixel column
 * (the envelope). The export worker (csv.worker.ts) runs {@link csvStream}; nothing here holds a
 * horizon's values at once except a plateau metric (its own array, as for the chart).
 */
import {
  closedFormOf,
  cyclesMomentum,
  evaluate,
  evaluateColumnsInSlices,
  momentumOf,
  ScheduleColumnsError,
  ScheduleError,
  ScheduleStepError,
  valuesInChunks,
  type Columns,
  type ScheduleSpec,
  type Stepping,
} from '../schedules';
import { evaluatedSteps, isMetricDriven, metricPerUpdate, type CurveSettings } from './compute';
import { DEFAULT_METRIC, metricValues } from './metric';

export type DiffMode = 'ratio' | 'difference';

/** The diff view's value at one step: A - B, or A / B (undefined, NaN, where B = 0). */
export function diffOf(a: number, b: number, mode: DiffMode): number {
  if (mode === 'difference') return a - b;
  return b === 0 ? NaN : a / b;
}

/** Where a column's values come from. */
export type CsvSource =
  /** A schedule as the chart computes it (per update, or per epoch held across its updates). */
  | { kind: 'schedule'; spec: ScheduleSpec; settings: CurveSettings }
  /** The metric a plateau schedule watches, per update. */
  | { kind: 'metric'; settings: CurveSettings }
  /** The optimizer momentum a schedule sets per update (torch CyclicLR / OneCycleLR with cycle_momentum). */
  | { kind: 'momentum'; spec: ScheduleSpec; settings: CurveSettings }
  /** The diff view's A / B or A - B, over the steps both have. */
  | { kind: 'diff'; a: CsvSource; b: CsvSource; mode: DiffMode }
  /** Values already at hand (steps past their length are empty). */
  | { kind: 'values'; values: ArrayLike<number> };

export interface CsvColumn {
  /** Header: the schedule's name. */
  name: string;
  /** The schedule's stepping, written in its header after the name: `Noam (every iteration)`. */
  stepping?: Stepping;
  source: CsvSource;
}

/** A schedule of the chart, as the CSV lists it. */
export interface CsvSchedule {
  name: string;
  stepping?: Stepping;
  spec: ScheduleSpec;
  settings: CurveSettings;
}

/**
 * The CSV's columns, the one place a kind of column is added: each schedule and, for a plateau
 * schedule, the metric it watches, for a schedule that cycles the momentum, that momentum; in the
 * diff view what it shows: A, B and their ratio or difference.
 */
export function csvColumns(schedules: readonly CsvSchedule[], diff: { a: CsvSchedule; b: CsvSchedule; mode: DiffMode } | null): CsvColumn[] {
  const schedule = (s: CsvSchedule): CsvColumn => ({ name: s.name, stepping: s.stepping, source: { kind: 'schedule', spec: s.spec, settings: s.settings } });
  if (diff) {
    const a = schedule(diff.a);
    const b = schedule(diff.b);
    return [a, b, { name: diff.mode === 'ratio' ? 'ratio A / B' : 'difference A - B', source: { kind: 'diff', a: a.source, b: b.source, mode: diff.mode } }];
  }
  return schedules.flatMap((s) => [
    schedule(s),
    ...(isMetricDriven(s.spec) ? [{ name: `${s.name} metric`, source: { kind: 'metric', settings: s.settings } } satisfies CsvColumn] : []),
    ...(cyclesMomentum(s.spec) ? [{ name: `${s.name} momentum`, source: { kind: 'momentum', spec: s.spec, settings: s.settings } } satisfies CsvColumn] : []),
  ]);
}

/** A column's header: the name, with the stepping where the column has one. */
export function csvColumnName(c: Pick<CsvColumn, 'name' | 'stepping'>): string {
  return c.stepping ? `${c.name} (every ${c.stepping})` : c.name;
}

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A column's values, read at increasing steps (NaN: empty, past an end or undefined). */
interface Reader {
  at(step: number): number;
}

/** The values of a sequence produced in chunks (reused buffers), read at increasing indices. */
class ChunkReader {
  private buf: ArrayLike<number> = [];
  private start = 0;
  /** Index where the values end (a raise), or Infinity while the chunks go on. */
  private end = Infinity;
  private done = false;
  constructor(private readonly chunks: Generator<ArrayLike<number>, void, void>) {}

  at(j: number): number {
    while (j >= this.start + this.buf.length && !this.done) this.pull();
    return j < this.end && j - this.start < this.buf.length ? this.buf[j - this.start] : NaN;
  }

  private pull(): void {
    const from = this.start + this.buf.length;
    try {
      const r = this.chunks.next();
      if (r.done) {
        this.done = true;
        this.end = from;
        return;
      }
      this.start = from;
      this.buf = r.value;
    } catch (e) {
      this.done = true;
      if (e instanceof ScheduleStepError) {
        // The failing chunk's values before its step, then empty fields (as the chart's curve).
        this.start = e.step - e.partial.length;
        this.buf = e.partial;
        this.end = e.step;
      } else if (e instanceof ScheduleError) {
        // An invalid spec has no values (the chart shows its message).
        this.buf = [];
        this.end = 0;
      } else throw e;
    }
  }
}

/** Evaluated steps per chunk when a schedule is read for the CSV. */
const EVAL_CHUNK = 1 << 16;

function metricsFor(spec: ScheduleSpec, settings: CurveSettings) {
  return isMetricDriven(spec) ? { metrics: metricValues(settings.metric ?? DEFAULT_METRIC, evaluatedSteps(settings)) } : {};
}

function readerOf(source: CsvSource): Reader {
  switch (source.kind) {
    case 'values': {
      const v = source.values;
      return { at: (i) => (i < v.length ? v[i] : NaN) };
    }
    case 'metric': {
      let m: Float64Array | null = null;
      return {
        at: (i) => {
          m ??= metricPerUpdate(source.settings);
          return i < m.length ? m[i] : NaN;
        },
      };
    }
    case 'momentum': {
      const at = momentumOf(source.spec);
      const k = source.settings.stepping === 'epoch' ? source.settings.stepsPerEpoch : 1;
      // Past the horizon, or once the framework raised (as the lr does), the field is empty.
      let end = source.settings.totalSteps;
      return {
        at: (i) => {
          if (!at || i >= end) return NaN;
          try {
            return at(Math.floor(i / k));
          } catch {
            end = i;
            return NaN;
          }
        },
      };
    }
    case 'diff': {
      const a = readerOf(source.a);
      const b = readerOf(source.b);
      return {
        at: (i) => {
          const x = a.at(i);
          const y = b.at(i);
          // Past either curve's end there is no difference to show.
          return x === x && y === y ? diffOf(x, y, source.mode) : NaN;
        },
      };
    }
    case 'schedule': {
      const { spec, settings } = source;
      const values = new ChunkReader(valuesInChunks(spec, evaluatedSteps(settings), metricsFor(spec, settings), EVAL_CHUNK));
      if (settings.stepping !== 'epoch') return values;
      const k = settings.stepsPerEpoch;
      return { at: (i) => values.at(Math.floor(i / k)) };
    }
  }
}

/** The steps and epochs a CSV covers. */
export interface CsvHorizon {
  totalSteps: number;
  stepsPerEpoch: number;
}

/** What the CSV holds: every step, every k-th step, or per pixel column its min, max, first and last. */
export type CsvChoice = { kind: 'full' } | { kind: 'every'; k: number } | { kind: 'envelope'; columns: number };

/** A piece of the CSV text and how far it is. */
export interface CsvPiece {
  text: string;
  /** Work done and to do (rows, or for the envelope evaluated steps), for a progress bar. */
  done: number;
  total: number;
}

/** Rows of one piece: about a megabyte of text for a few columns. */
export const CSV_ROWS_PER_PIECE = 20_000;

function checkChoice(choice: CsvChoice, h: CsvHorizon): void {
  if (choice.kind === 'every' && !(Number.isInteger(choice.k) && choice.k >= 1)) throw new RangeError('k must be a whole number ≥ 1');
  if (choice.kind === 'envelope' && !(Number.isInteger(choice.columns) && choice.columns >= 1 && choice.columns <= h.totalSteps)) {
    throw new RangeError(`the envelope needs 1 to ${h.totalSteps} columns`);
  }
}

/** The first header field of a row-per-step CSV: `step`, or what the rows are when not every step. */
function stepHeader(h: CsvHorizon, k: number): string {
  return k === 1 ? 'step' : `step (one row every ${k} steps of ${h.totalSteps})`;
}

/**
 * The CSV in pieces, with progress. `full`: `step,epoch,<name (stepping)>...`, then one row per
 * optimizer update; `every`: the same rows for steps 0, k, 2k, ... (the first header field says
 * so); `envelope`: one row per column (as `evaluateColumns` splits the horizon) with its step and
 * epoch range and each schedule's min, max, first and last there. Numbers are written in their
 * shortest exact form (they parse back to the same double); an undefined value (past a raise, a
 * ratio over 0) is an empty field. `epoch` is `floor(step / stepsPerEpoch)`.
 */
export function* csvStream(columns: readonly CsvColumn[], h: CsvHorizon, choice: CsvChoice, rowsPerPiece = CSV_ROWS_PER_PIECE): Generator<CsvPiece, void, void> {
  checkChoice(choice, h);
  if (choice.kind === 'envelope') {
    yield* envelopeStream(columns, h, choice.columns);
    return;
  }
  const k = choice.kind === 'every' ? choice.k : 1;
  const { totalSteps, stepsPerEpoch } = h;
  const rows = Math.ceil(totalSteps / k);
  yield { text: [stepHeader(h, k), 'epoch', ...columns.map((c) => csvField(csvColumnName(c)))].join(',') + '\n', done: 0, total: rows };
  const readers = columns.map((c) => readerOf(c.source));
  for (let from = 0; from < rows; from += rowsPerPiece) {
    const to = Math.min(rows, from + rowsPerPiece);
    let out = '';
    for (let r = from; r < to; r++) {
      const i = r * k;
      let row = `${i},${Math.floor(i / stepsPerEpoch)}`;
      for (let c = 0; c < readers.length; c++) {
        const v = readers[c].at(i);
        row += v === v ? ',' + v : ',';
      }
      out += row + '\n';
    }
    yield { text: out, done: to, total: rows };
  }
}

/** Start of column `c` of `columns` over [0, steps): the split of `evaluateColumns`. */
function columnStart(steps: number, columns: number, c: number): number {
  return Math.floor((c * steps) / columns);
}

/** One column's envelope: min, max, first and last per pixel column (NaN where it has no value). */
type Envelope = Pick<Columns, 'min' | 'max' | 'first' | 'last'>;

function nanEnvelope(n: number): Envelope {
  return { min: new Float64Array(n).fill(NaN), max: new Float64Array(n).fill(NaN), first: new Float64Array(n).fill(NaN), last: new Float64Array(n).fill(NaN) };
}

/**
 * A column's envelope: a schedule stepped per update from `evaluateColumns` (its closed form's
 * breakpoints where it has one: no pass over every step); the others by reading every value,
 * leaving out the undefined ones (first and last: the first and last defined value of the column).
 * Yields the steps done.
 */
function* envelopeOf(source: CsvSource, h: CsvHorizon, n: number): Generator<number, Envelope, void> {
  if (source.kind === 'schedule' && source.settings.stepping !== 'epoch') {
    const { spec, settings } = source;
    try {
      return yield* evaluateColumnsInSlices(spec, h.totalSteps, n, metricsFor(spec, settings), EVAL_CHUNK);
    } catch (e) {
      // The columns before the raise (the last of them over its steps before it), then empty ones.
      if (e instanceof ScheduleColumnsError) return e.columns;
      if (e instanceof ScheduleError) return nanEnvelope(n);
      throw e;
    }
  }
  const out = nanEnvelope(n);
  const r = readerOf(source);
  for (let c = 0; c < n; c++) {
    const s = columnStart(h.totalSteps, n, c);
    const e = columnStart(h.totalSteps, n, c + 1);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = s; i < e; i++) {
      const v = r.at(i);
      if (v !== v) continue;
      if (lo === Infinity && hi === -Infinity) out.first[c] = v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      out.last[c] = v;
    }
    if (hi !== -Infinity) {
      out.min[c] = lo;
      out.max[c] = hi;
    }
    if ((c & 63) === 63) yield e;
  }
  return out;
}

function* envelopeStream(columns: readonly CsvColumn[], h: CsvHorizon, n: number): Generator<CsvPiece, void, void> {
  const { totalSteps, stepsPerEpoch } = h;
  const total = totalSteps * columns.length;
  const header = [
    `column (envelope: ${n} columns of ${totalSteps} steps)`,
    'first step',
    'last step',
    'first epoch',
    'last epoch',
    ...columns.flatMap((c) => ['min', 'max', 'first', 'last'].map((w) => csvField(`${csvColumnName(c)} ${w}`))),
  ];
  yield { text: header.join(',') + '\n', done: 0, total };
  const envelopes: Envelope[] = [];
  for (let j = 0; j < columns.length; j++) {
    const g = envelopeOf(columns[j].source, h, n);
    for (let s = g.next(); ; s = g.next()) {
      if (s.done) {
        envelopes.push(s.value);
        break;
      }
      yield { text: '', done: j * totalSteps + s.value, total };
    }
    yield { text: '', done: (j + 1) * totalSteps, total };
  }
  const field = (v: number) => (v === v ? ',' + v : ',');
  let out = '';
  for (let c = 0; c < n; c++) {
    const s = columnStart(totalSteps, n, c);
    const e = columnStart(totalSteps, n, c + 1) - 1;
    let row = `${c},${s},${e},${Math.floor(s / stepsPerEpoch)},${Math.floor(e / stepsPerEpoch)}`;
    for (const env of envelopes) row += field(env.min[c]) + field(env.max[c]) + field(env.first[c]) + field(env.last[c]);
    out += row + '\n';
  }
  yield { text: out, done: total, total };
}

/** The whole CSV as one string (tests, small horizons). */
export function csvText(columns: readonly CsvColumn[], h: CsvHorizon, choice: CsvChoice = { kind: 'full' }): string {
  let s = '';
  for (const p of csvStream(columns, h, choice)) s += p.text;
  return s;
}

/** Columns of values at hand, as the CSV writes them: the values' form of {@link csvText}. */
export interface CsvValues {
  name: string;
  stepping?: Stepping;
  values: ArrayLike<number>;
}

/** The full CSV of values at hand, in chunks of `rowsPerChunk` rows after the header. */
export function* csvChunks(columns: readonly CsvValues[], totalSteps: number, stepsPerEpoch: number, rowsPerChunk = CSV_ROWS_PER_PIECE): Generator<string> {
  const cols = columns.map((c): CsvColumn => ({ name: c.name, stepping: c.stepping, source: { kind: 'values', values: c.values } }));
  for (const p of csvStream(cols, { totalSteps, stepsPerEpoch }, { kind: 'full' }, rowsPerChunk)) yield p.text;
}

export function buildCsv(columns: readonly CsvValues[], totalSteps: number, stepsPerEpoch: number): string {
  let s = '';
  for (const chunk of csvChunks(columns, totalSteps, stepsPerEpoch)) s += chunk;
  return s;
}

// ---- Size, estimated before building ----

/** Σ over the steps 0, k, 2k, ... below `steps` of the number of decimal digits of floor(step / unit). */
function digitsOver(steps: number, k: number, unit: number): number {
  const multiples = (lo: number) => Math.max(0, Math.ceil(steps / k) - Math.ceil(lo / k));
  // floor(i / unit) has at least d digits exactly where i >= 10^(d-1) * unit.
  let sum = multiples(0);
  for (let p = 10; p * unit < steps; p *= 10) sum += multiples(p * unit);
  return sum;
}

/** Steps sampled to guess how many characters a column's numbers take. */
const SAMPLES = 128;

/**
 * A few of a column's values spread over the horizon, cheaply: from the closed form where there is
 * one, else from its first steps.
 */
function sampleOf(source: CsvSource, totalSteps: number): number[] {
  // Golden-ratio spacing: no aliasing with a cycle (evenly spaced samples may all land on a cycle's start).
  const steps = Array.from({ length: Math.min(SAMPLES, totalSteps) }, (_, i) => Math.floor(((i * 0.6180339887498949) % 1) * totalSteps));
  switch (source.kind) {
    case 'values':
      return steps.map((i) => (i < source.values.length ? source.values[i] : NaN));
    case 'momentum': {
      const r = readerOf(source);
      return steps.sort((a, b) => a - b).map((i) => r.at(i));
    }
    case 'metric': {
      const m = metricValues(source.settings.metric ?? DEFAULT_METRIC, Math.min(SAMPLES, evaluatedSteps(source.settings)));
      return Array.from(m);
    }
    case 'diff': {
      const a = sampleOf(source.a, totalSteps);
      const b = sampleOf(source.b, totalSteps);
      return a.map((x, i) => (x === x && b[i] === b[i] ? diffOf(x, b[i], source.mode) : NaN));
    }
    case 'schedule': {
      const { spec, settings } = source;
      const per = settings.stepping === 'epoch' ? settings.stepsPerEpoch : 1;
      try {
        const form = isMetricDriven(spec) ? null : closedFormOf(spec);
        // Ascending: a recursive form (Paddle's) replays on from the last step instead of from 0.
        if (form) return steps.sort((a, b) => a - b).map((i) => form.at(Math.floor(i / per)));
        const n = Math.min(evaluatedSteps(settings), 4 * SAMPLES);
        return Array.from(evaluate(spec, n, metricsFor(spec, { ...settings, totalSteps: n * per })));
      } catch {
        // A raise or an invalid spec: the estimate assumes typical numbers.
        return [0.012345678901234567];
      }
    }
  }
}

/** Mean characters of a column's field (its comma and number; 0 for an empty one). */
function fieldChars(sample: readonly number[]): number {
  if (sample.length === 0) return 1;
  let sum = 0;
  for (const v of sample) sum += 1 + (v === v ? String(v).length : 0);
  return sum / sample.length;
}

/** Field sizes of recent schedule columns: a drag of one schedule must not resample the others. */
const fieldSizeCache = new Map<string, number>();
const FIELD_SIZE_CACHE = 64;

/** A field size, cached where the column is a schedule (its spec and settings say all). */
function fieldSizeOf(source: CsvSource, totalSteps: number): number {
  if (source.kind !== 'schedule') return fieldChars(sampleOf(source, totalSteps));
  const key = JSON.stringify([source.spec, source.settings, totalSteps]);
  let size = fieldSizeCache.get(key);
  if (size === undefined) {
    size = fieldChars(sampleOf(source, totalSteps));
    if (fieldSizeCache.size >= FIELD_SIZE_CACHE) fieldSizeCache.delete(fieldSizeCache.keys().next().value!);
    fieldSizeCache.set(key, size);
  }
  return size;
}

/** Bytes a field of each column takes on average, from a sample of its values. */
export function csvFieldSizes(columns: readonly CsvColumn[], totalSteps: number): number[] {
  return columns.map((c) => fieldSizeOf(c.source, totalSteps));
}

/**
 * The CSV's size in bytes, estimated: the step and epoch fields exactly, each value field at its
 * column's typical size (`fieldSizes`, {@link csvFieldSizes}); names as UTF-16 length (close to
 * their UTF-8 bytes for the usual names).
 */
export function csvSizeEstimate(columns: readonly CsvColumn[], fieldSizes: readonly number[], h: CsvHorizon, choice: CsvChoice): number {
  const names = columns.reduce((s, c) => s + csvField(csvColumnName(c)).length + 1, 0);
  const values = fieldSizes.reduce((s, x) => s + x, 0);
  if (choice.kind === 'envelope') {
    const n = choice.columns;
    const digits = (x: number) => String(Math.floor(x)).length;
    // Index, two steps, two epochs and five separators, then four numbers per column (an upper bound).
    const perRow = digits(n) + 2 * digits(h.totalSteps) + 2 * digits(h.totalSteps / h.stepsPerEpoch) + 5 + 4 * values;
    return Math.round(80 + 4 * (names + 6 * columns.length) + n * perRow);
  }
  const k = choice.kind === 'every' ? choice.k : 1;
  const rows = Math.ceil(h.totalSteps / k);
  // Each row: step, comma, epoch, its value fields, a newline.
  return Math.round(60 + names + digitsOver(h.totalSteps, k, 1) + digitsOver(h.totalSteps, k, h.stepsPerEpoch) + rows * (2 + values));
}

/** The smallest k whose every-k-th-step CSV is estimated at most `bytes`. */
export function everyKFor(columns: readonly CsvColumn[], fieldSizes: readonly number[], h: CsvHorizon, bytes: number): number {
  const full = csvSizeEstimate(columns, fieldSizes, h, { kind: 'full' });
  let k = Math.max(1, Math.ceil(full / bytes));
  while (k < h.totalSteps && csvSizeEstimate(columns, fieldSizes, h, { kind: 'every', k }) > bytes) k++;
  return k;
}
