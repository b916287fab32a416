/**
 * Keeps one curve result per schedule entry, memoized by spec identity and the settings that shape
 * a curve, so editing one schedule recomputes only that one. Horizons above
 * {@link ASYNC_THRESHOLD} steps (and shorter ones measured to be slow) are evaluated off the main
 * thread by an {@link AsyncCurveEvaluator} (the worker pool, pool.ts). Their drawing comes first:
 * where the closed form makes it cheap ({@link COLUMNS_BUDGET}), the per-column envelopes of the
 * chart's view are computed at once on this thread (evaluateColumns: the cost depends on the
 * columns and breakpoints, not the horizon), so the input's own curve is in its next frame;
 * otherwise the worker computes them. The full-resolution curve (readout, stats, CSV) follows.
 */
import type { ColumnsBudget, ScheduleSpec, Stepping } from '../schedules';
import type { MetricSource } from './metric';
import { computeResult, curveSettingsKey, evaluatedSteps, previewFromColumns, viewKey, type CurveResult, type CurveSettings, type PreviewView } from './compute';

/** What the manager needs of a schedule entry (the studio's ScheduleEntry satisfies it). */
export interface CurveEntry {
  id: string;
  visible: boolean;
  spec: ScheduleSpec;
  /** The entry's own stepping (every iteration when absent). */
  stepping?: Stepping;
  /** What a metric-driven entry watches. */
  metric?: MetricSource;
}

/** The horizon every entry shares; each entry brings its own stepping. */
export type CurveHorizon = Omit<CurveSettings, 'stepping' | 'metric'>;

/** The curve settings of one entry: the shared horizon with the entry's own stepping. */
export function entrySettings(e: Pick<CurveEntry, 'stepping' | 'metric'>, horizon: CurveHorizon): CurveSettings {
  const settings: CurveSettings = { totalSteps: horizon.totalSteps, stepsPerEpoch: horizon.stepsPerEpoch, stepping: e.stepping ?? 'iteration' };
  if (e.metric) settings.metric = e.metric;
  return settings;
}

/** Horizons longer than this are evaluated off the main thread. */
export const ASYNC_THRESHOLD = 100_000;
/**
 * Shorter horizons still go to the worker when their measured cost would exceed this on the main
 * thread (Keras/Optax emulate float32 and cost ~10x more per step than PyTorch).
 */
export const SYNC_BUDGET_MS = 6;
/**
 * Values kept at full resolution across the visible schedules (8 bytes each: 512 MB). Beyond it a
 * schedule is not computed and says why, rather than the tab running out of memory.
 */
export const MAX_RESIDENT_VALUES = 64_000_000;
/**
 * What a curve's drawing may take on the main thread: closed-form evaluations (one costs 50-300
 * ns; a step a recursion's exact form replays counts as one). A drawing that needs more (a
 * cycle much shorter than a pixel column of a long horizon, a replayed recursion) is computed in the
 * curve worker instead, and that scheduler's next drawings too, for {@link COLUMNS_BACKOFF_MS}.
 */
export const COLUMNS_BUDGET: Readonly<ColumnsBudget> = { evaluations: 40_000 };
/** How long a scheduler's drawings stay with the evaluator after one went past the budget. */
export const COLUMNS_BACKOFF_MS = 1000;
/** Cost assumed per evaluated step before a scheduler has been measured. */
const DEFAULT_MS_PER_STEP = 1e-4;

export interface CurveSnapshot {
  /** Latest result per entry id (possibly for an older spec while a newer one is computed). */
  results: ReadonlyMap<string, CurveResult>;
  /** Entries whose shown result is older than their current spec or settings, or only a preview. */
  pending: ReadonlySet<string>;
}

/** Evaluates off the main thread; resolves with the curve (values transferred, not copied). */
export interface AsyncCurveEvaluator {
  /**
   * Asks for `spec`'s curve. `onResult` runs once with the result; a newer request for the same
   * `key` may supersede a queued one, in which case the older `onResult` never runs.
   */
  request(
    key: string,
    spec: ScheduleSpec,
    settings: CurveSettings,
    onResult: (r: CurveResult) => void,
    preview?: PreviewView | null,
  ): void;
  /** Drops queued work for `key`. */
  cancel(key: string): void;
  dispose(): void;
}

export interface CurveManagerOptions {
  /** Horizons above this use `evaluator` (default {@link ASYNC_THRESHOLD}). */
  asyncThreshold?: number;
  /** Shorter ones too when their estimated cost exceeds this (default {@link SYNC_BUDGET_MS}). */
  syncBudgetMs?: number;
  /** Created on first need; `null` computes everything on the calling thread. */
  evaluator?: (() => AsyncCurveEvaluator | null) | null;
  /** Memory budget in values (default {@link MAX_RESIDENT_VALUES}). */
  maxValues?: number;
  /** Synchronous computation (tests count calls through it). */
  compute?: (spec: ScheduleSpec, settings: CurveSettings) => CurveResult;
  /**
   * Requests for one entry closer together than this are a drag: they get previews, and the full
   * curve is asked for once they stop for {@link CurveManagerOptions.quietMs} (defaults 300/150).
   */
  burstMs?: number;
  quietMs?: number;
  /** {@link COLUMNS_BUDGET} (`null`: every drawing of a long curve is left to the evaluator). */
  columnsBudget?: ColumnsBudget | null;
}

interface Wanted {
  spec: ScheduleSpec;
  settingsKey: string;
  seq: number;
  /** Not computed at full resolution: over the memory budget (why, in words). */
  skipped?: string;
}

/** The curve of a schedule over the memory budget: drawn from its columns, or not at all. */
function overBudget(why: string, drawn: boolean) {
  const what = drawn ? 'drawn from its columns, not kept at full resolution (no readout, stats or CSV)' : 'not computed';
  return { values: new Float64Array(0), error: `${what}: ${why}`, errorStep: null };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Keeps the curves of the visible entries up to date. `update` is called with the store's
 * entries and settings on every change; only entries whose spec object or curve settings changed
 * are recomputed. Subscribe to learn when results change (React: useSyncExternalStore).
 */
export class CurveManager {
  private results = new Map<string, CurveResult>();
  private wanted = new Map<string, Wanted>();
  /** Sequence of the result shown per entry: a late result of an older request never replaces a newer one. */
  private shownSeq = new Map<string, number>();
  private seq = 0;
  private snapshot: CurveSnapshot = { results: new Map(), pending: new Set() };
  private listeners = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];
  private evaluator: AsyncCurveEvaluator | null | undefined;
  private readonly threshold: number;
  private readonly budget: number;
  private readonly maxValues: number;
  private readonly burstMs: number;
  private readonly quietMs: number;
  private readonly columnsBudget: ColumnsBudget | null;
  /**
   * Until when (performance.now()) a scheduler's drawings at a horizon are left to the evaluator,
   * after one went past the budget: a second later they are tried here again (a cold JIT or a
   * loaded machine spends the time budget once, the spec may have changed since).
   */
  private columnsBackoff = new Map<string, number>();
  private view: PreviewView | null = null;
  /** Each visible entry's curve settings (the shared horizon with its own stepping and metric). */
  private entrySettings = new Map<string, CurveSettings>();
  private lastAsk = new Map<string, number>();
  private quiet = new Map<string, ReturnType<typeof setTimeout>>();
  /** Measured ms per evaluated step, per scheduler id. */
  private cost = new Map<string, number>();
  private readonly makeEvaluator: (() => AsyncCurveEvaluator | null) | null;
  private readonly compute: (spec: ScheduleSpec, settings: CurveSettings) => CurveResult;

  constructor(opts: CurveManagerOptions = {}) {
    this.threshold = opts.asyncThreshold ?? ASYNC_THRESHOLD;
    this.budget = opts.syncBudgetMs ?? SYNC_BUDGET_MS;
    this.maxValues = opts.maxValues ?? MAX_RESIDENT_VALUES;
    this.burstMs = opts.burstMs ?? 300;
    this.quietMs = opts.quietMs ?? 150;
    this.columnsBudget = opts.columnsBudget === undefined ? COLUMNS_BUDGET : opts.columnsBudget;
    this.makeEvaluator = opts.evaluator ?? null;
    this.compute = opts.compute ?? computeResult;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): CurveSnapshot => this.snapshot;

  /** Resolves when no computation is outstanding. */
  whenIdle(): Promise<void> {
    if (this.snapshot.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  update(entries: readonly CurveEntry[], horizon: CurveHorizon): void {
    let changed = false;
    const live = new Set<string>();
    const visible = entries.filter((e) => e.visible).length;
    let resident = 0;
    for (const e of entries) {
      live.add(e.id);
      if (!e.visible) {
        // Long hidden curves are let go (recomputed when shown again).
        if (horizon.totalSteps > this.threshold && this.forget(e.id)) changed = true;
        continue;
      }
      const settings = entrySettings(e, horizon);
      this.entrySettings.set(e.id, settings);
      const key = curveSettingsKey(settings);
      resident += settings.totalSteps;
      const fits = resident <= this.maxValues;
      const want = this.wanted.get(e.id);
      if (want && want.spec === e.spec && want.settingsKey === key && !want.skipped === fits) continue;
      const seq = ++this.seq;
      const requestedAt = now();
      this.wanted.set(e.id, { spec: e.spec, settingsKey: key, seq });
      if (!fits) {
        const kept = Math.max(0, Math.floor(this.maxValues / settings.totalSteps));
        const why = `${visible} schedules × ${settings.totalSteps.toLocaleString('en-US')} steps is more than the page keeps at full resolution (${kept} of them fit); hide some schedules or shorten the horizon`;
        this.wanted.set(e.id, { spec: e.spec, settingsKey: key, seq, skipped: why });
        // Its drawing still, where its columns are cheap: only the full-resolution values are left out.
        const drawn = this.view ? this.columnsPreview(e.spec, settings, this.view) : null;
        const curve = overBudget(why, drawn !== null);
        this.results.set(e.id, drawn ? { ...drawn, curve, requestedAt } : { spec: e.spec, settingsKey: key, curve, stats: null, ms: 0, requestedAt });
        this.shownSeq.set(e.id, seq);
        this.evaluator?.cancel(e.id);
        changed = true;
        continue;
      }
      const ev = this.offMainThread(e.spec, settings) ? this.getEvaluator() : null;
      if (ev) {
        clearTimeout(this.quiet.get(e.id));
        const last = this.lastAsk.get(e.id);
        this.lastAsk.set(e.id, requestedAt);
        const burst = last !== undefined && requestedAt - last < this.burstMs;
        // A draft may stand in for a replayed recursion here: the exact full curve replaces it.
        const drawn = this.view ? this.columnsPreview(e.spec, settings, this.view, true) : null;
        if (drawn) {
          // Drawn now; the full curve follows: at once for a single edit, after a drag stops.
          this.results.set(e.id, { ...drawn, requestedAt });
          this.shownSeq.set(e.id, seq);
          if (burst) {
            ev.cancel(e.id);
            this.followUp(e.id, settings);
          } else {
            const full = ++this.seq;
            this.wanted.set(e.id, { spec: e.spec, settingsKey: key, seq: full });
            ev.request(e.id, e.spec, settings, (r) => this.accept(e.id, full, { ...r, requestedAt }, settings), null);
          }
        } else {
          const preview = burst ? this.view : null;
          ev.request(e.id, e.spec, settings, (r) => this.accept(e.id, seq, { ...r, requestedAt }, settings), preview);
          if (preview) this.followUp(e.id, settings);
        }
      } else {
        const r = this.compute(e.spec, settings);
        this.learn(r, settings);
        this.results.set(e.id, { ...r, requestedAt });
        this.shownSeq.set(e.id, seq);
      }
      changed = true;
    }
    for (const id of [...this.wanted.keys()]) {
      if (!live.has(id) && this.forget(id)) changed = true;
    }
    if (changed) this.publish();
  }

  /**
   * The chart's current view: previews are computed for it. A curve shown only as the drawing of
   * another view (a zoom or resize while its full values are computed), or not kept at full
   * resolution (over the memory budget), is drawn again for this one from its columns, where they
   * are cheap.
   */
  setView(view: PreviewView | null): void {
    const changed = view !== null && (this.view === null || viewKey(view) !== viewKey(this.view));
    this.view = view;
    if (!changed) return;
    let redrawn = false;
    for (const [id, r] of this.results) {
      const settings = this.entrySettings.get(id);
      if (!settings) continue;
      const key = curveSettingsKey(settings);
      // Curves not kept at full resolution (over the memory budget) are only ever drawn.
      const skipped = this.wanted.get(id)?.skipped;
      if (!r.preview && r.curve.values.length > 0) {
        // A full curve: its drawing for this view, where columns are cheap.
        const { drawing, ...full } = r;
        if (r.settingsKey !== key || (drawing && viewKey(drawing.view) === viewKey(view))) continue;
        const next = this.withDrawing(full, settings);
        if (drawing || next.drawing) {
          this.results.set(id, next);
          redrawn = true;
        }
        continue;
      }
      if (r.settingsKey !== key || (r.preview ? viewKey(r.preview.view) === viewKey(view) : !skipped)) continue;
      const drawn = this.columnsPreview(r.spec, settings, view);
      if (!drawn) continue;
      this.results.set(id, { ...drawn, curve: skipped ? overBudget(skipped, true) : drawn.curve, requestedAt: r.requestedAt });
      redrawn = true;
    }
    if (redrawn) this.publish();
  }

  /** After a drag on a long horizon stops, asks for the full-resolution curve of its last spec. */
  private followUp(id: string, settings: CurveSettings): void {
    clearTimeout(this.quiet.get(id));
    this.quiet.set(
      id,
      setTimeout(() => {
        this.quiet.delete(id);
        const want = this.wanted.get(id);
        const ev = this.evaluator;
        if (!want || want.skipped || !ev) return;
        const seq = ++this.seq;
        const requestedAt = now();
        this.lastAsk.delete(id);
        this.wanted.set(id, { ...want, seq });
        ev.request(id, want.spec, settings, (r) => this.accept(id, seq, { ...r, requestedAt }, settings), null);
        this.publish();
      }, this.quietMs),
    );
  }

  /**
   * A full result of a long horizon with its drawing for the chart's view from columns, where they
   * are cheap: the chart then need not pass over millions of values for each view.
   */
  private withDrawing(r: CurveResult, settings: CurveSettings): CurveResult {
    if (r.preview || !this.view || settings.totalSteps <= this.threshold || r.curve.values.length === 0) return r;
    const drawn = this.columnsPreview(r.spec, settings, this.view);
    // Only for a curve the columns see whole (where the framework raised, from the values).
    return drawn && !drawn.curve.error && !r.curve.error ? { ...r, drawing: drawn.preview } : r;
  }

  /**
   * The drawing of `spec` from its columns on this thread, where that is within the budget; `draft`
   * only where the exact full curve follows (ColumnsOptions.draft).
   */
  private columnsPreview(spec: ScheduleSpec, settings: CurveSettings, view: PreviewView, draft = false): CurveResult | null {
    const costKey = `${spec?.scheduler}/${settings.totalSteps}/${draft}`;
    if (!this.columnsBudget || now() < (this.columnsBackoff.get(costKey) ?? -Infinity)) return null;
    const budget = { ...this.columnsBudget, spent: false };
    const drawn = previewFromColumns(spec, settings, view, budget, draft);
    if (budget.spent) this.columnsBackoff.set(costKey, now() + COLUMNS_BACKOFF_MS);
    return drawn;
  }

  /** Drops an entry's curve and any queued work for it. */
  private forget(id: string): boolean {
    clearTimeout(this.quiet.get(id));
    this.quiet.delete(id);
    this.lastAsk.delete(id);
    this.entrySettings.delete(id);
    if (!this.wanted.has(id) && !this.results.has(id)) return false;
    this.wanted.delete(id);
    this.results.delete(id);
    this.shownSeq.delete(id);
    this.evaluator?.cancel(id);
    return true;
  }

  dispose(): void {
    for (const t of this.quiet.values()) clearTimeout(t);
    this.quiet.clear();
    this.evaluator?.dispose();
    this.evaluator = null;
    this.listeners.clear();
  }

  private getEvaluator(): AsyncCurveEvaluator | null {
    if (this.evaluator === undefined) this.evaluator = this.makeEvaluator ? this.makeEvaluator() : null;
    return this.evaluator;
  }

  /** Whether a curve goes to the worker: long horizons, and shorter ones measured to be slow. */
  offMainThread(spec: ScheduleSpec, settings: CurveSettings): boolean {
    if (settings.totalSteps > this.threshold) return true;
    const perStep = this.cost.get(spec?.scheduler) ?? DEFAULT_MS_PER_STEP;
    return evaluatedSteps(settings) * perStep + settings.totalSteps * 5e-6 > this.budget;
  }

  private learn(r: CurveResult, settings: CurveSettings): void {
    const n = evaluatedSteps(settings);
    // A drawing (per-column envelopes) says nothing of the cost per step.
    if (n < 1000 || r.curve.values.length === 0 || r.preview) return;
    // A first call runs before the JIT has compiled the scheduler (5-40x slower): a high sample
    // moves the estimate up halfway only, a low one takes effect at once.
    const id = r.spec?.scheduler;
    const sample = r.ms / n;
    const prev = this.cost.get(id);
    this.cost.set(id, prev === undefined ? sample : Math.min(sample, (prev + sample) / 2));
  }

  private accept(id: string, seq: number, r: CurveResult, settings: CurveSettings): void {
    this.learn(r, settings);
    if (!this.wanted.has(id) || seq <= (this.shownSeq.get(id) ?? 0)) return;
    this.results.set(id, this.withDrawing(r, settings));
    this.shownSeq.set(id, seq);
    this.publish();
  }

  private publish(): void {
    const pending = new Set<string>();
    for (const [id, w] of this.wanted) {
      // A preview is drawn, but its full-resolution values are still to come (unless they are not kept).
      if ((this.shownSeq.get(id) ?? 0) < w.seq || (this.results.get(id)?.preview && !w.skipped)) pending.add(id);
    }
    this.snapshot = { results: new Map(this.results), pending };
    for (const l of this.listeners) l();
    if (pending.size === 0 && this.idleWaiters.length) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
