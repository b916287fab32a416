/**
 * The metric a plateau scheduler watches in the studio's preview (ReduceLROnPlateau and kin): what
 * the user chose for that schedule, one value per scheduler step (the value reported after step i
 * is `values[i]`). Independent of the horizon: a longer chart shows more of the same metric, never
 * a stretched one. The training lab feeds the real validation loss instead.
 */
import { TorchGenerator } from '../schedules/numerics/mt19937';
import { CsvError, parseCsv } from '../util/csv';

/** Where a plateau schedule's metric comes from. */
export type MetricSource =
  /** The same value after every step (the PyTorch docs' table). */
  | { kind: 'constant'; value: number }
  /**
   * A falling loss: floor + (start - floor)·exp(-speed·i), plus Gaussian noise of sd `noise` drawn as
   * `torch.manual_seed(seed)` then one `torch.randn(1)` per step.
   */
  | { kind: 'synthetic'; start: number; floor: number; speed: number; noise: number; seed: number }
  /** Values pasted by the user; past their end the last one is held. */
  | { kind: 'values'; values: number[] }
  /**
   * A column of a CSV file (a TensorBoard or W&B export), one value per row in file order, held past
   * the end. The values are stored (a link carries them), with the file's and the column's names.
   */
  | { kind: 'csv'; file: string; column: string; values: number[] }
  /**
   * The validation loss of a finished run of the training lab, one value per evaluation in the
   * order measured (what a plateau scheduler in the lab is fed), held past the end; stored, with the run's name.
   */
  | { kind: 'run'; run: string; values: number[] };

export const METRIC_KINDS = ['synthetic', 'constant', 'values', 'csv', 'run'] as const;

export const DEFAULT_SYNTHETIC: Extract<MetricSource, { kind: 'synthetic' }> = { kind: 'synthetic', start: 2.2, floor: 0.2, speed: 0.05, noise: 0, seed: 0 };

/** What a plateau schedule watches when it says nothing else. */
export const DEFAULT_METRIC: MetricSource = DEFAULT_SYNTHETIC;

/** Most values a pasted metric keeps (a link stays a link). */
export const MAX_METRIC_VALUES = 100_000;

/** The metric reported after each of the first `n` scheduler steps. */
export function metricValues(source: MetricSource, n: number): Float64Array {
  const m = new Float64Array(n);
  switch (source.kind) {
    case 'constant':
      m.fill(source.value);
      break;
    case 'values':
    case 'csv':
    case 'run': {
      const v = source.values;
      for (let i = 0; i < n; i++) m[i] = v[Math.min(i, v.length - 1)];
      break;
    }
    case 'synthetic': {
      const { start, floor, speed, noise, seed } = source;
      const g = noise > 0 ? new TorchGenerator(seed) : null;
      for (let i = 0; i < n; i++) m[i] = floor + (start - floor) * Math.exp(-speed * i) + (g ? noise * g.randn() : 0);
      break;
    }
  }
  return m;
}

/** A short key of a metric source (the curve memo key): equal sources, equal keys. */
export function metricKey(source: MetricSource | undefined): string {
  return source ? JSON.stringify(source) : '';
}

/**
 * The scheduler steps after which the lr went down: `lrPerStep[i + 1] < lrPerStep[i]` means the
 * metric reported after step i made the scheduler reduce. Per scheduler step (not per update).
 */
export function reductionSteps(lrPerStep: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 1; i < lrPerStep.length; i++) if (lrPerStep[i] < lrPerStep[i - 1]) out.push(i - 1);
  return out;
}

/** A numeric column of a CSV file. */
export interface MetricColumn {
  name: string;
  /** Its numbers in row order (empty cells skipped: W&B leaves them where a metric was not logged). */
  values: number[];
}

export type CsvMetric = { ok: true; columns: MetricColumn[]; suggested: string } | { ok: false; error: string };

/** A plain decimal number as CSV exports write it (no Python notation, no thousands separators). */
const CSV_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Columns that are the x axis of an export, not a metric: TensorBoard's Wall time and Step, W&B's Step and its _MIN/_MAX bands. */
function isAxisOrBand(name: string): boolean {
  return /^(wall ?time|step|_step|epoch|timestamp|time|relative)$/i.test(name.trim()) || /__?(min|max)$/i.test(name.trim());
}

/**
 * The numeric columns of a CSV text (a TensorBoard export: `Wall time,Step,Value`; W&B:
 * `Step,<run> - <metric>,<run> - <metric>__MIN,...__MAX`), and the one a person would pick: the
 * first that is not a step, time or min/max band. A file without a header row (only numbers) names
 * its columns `column 1`, `column 2`, ... Every reason a file gives no metric is said in words.
 */
export function readMetricCsv(text: string): CsvMetric {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return { ok: false, error: `not a readable CSV: ${e.message}` };
    throw e;
  }
  rows = rows.filter((r) => r.some((c) => c.trim() !== ''));
  if (rows.length === 0) return { ok: false, error: 'the file is empty' };
  const headerless = rows[0].every((c) => CSV_NUMBER.test(c.trim()));
  const header = headerless ? rows[0].map((_, j) => `column ${j + 1}`) : rows[0].map((c, j) => c.trim() || `column ${j + 1}`);
  const body = headerless ? rows : rows.slice(1);
  if (body.length === 0) return { ok: false, error: `the file has a header (${header.join(', ')}) but no rows of values` };
  const width = Math.max(...rows.map((r) => r.length));
  const columns: MetricColumn[] = [];
  for (let j = 0; j < width; j++) {
    const cells = body.map((r) => (r[j] ?? '').trim()).filter((c) => c !== '');
    if (cells.length === 0 || !cells.every((c) => CSV_NUMBER.test(c) && Number.isFinite(Number(c)))) continue;
    columns.push({ name: header[j] ?? `column ${j + 1}`, values: cells.map(Number) });
  }
  if (columns.length === 0) return { ok: false, error: `no column holds only numbers (columns: ${header.join(', ')})` };
  const tooLong = columns.find((c) => c.values.length > MAX_METRIC_VALUES);
  if (tooLong) return { ok: false, error: `"${tooLong.name}" has ${tooLong.values.length.toLocaleString('en-US')} values; at most ${MAX_METRIC_VALUES.toLocaleString('en-US')} are kept` };
  const suggested = (columns.find((c) => !isAxisOrBand(c.name)) ?? columns[columns.length - 1]).name;
  return { ok: true, columns, suggested };
}
