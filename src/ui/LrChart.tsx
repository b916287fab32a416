/**
 * The chart section: all visible schedules overlaid (colours from the list, legend with the key
 * parameters; a legend click hides or shows one), linear/log y axis, box zoom on both axes, wheel and
 * pinch zoom, autoscale, fullscreen, an exact hover readout, per-schedule stats, a diff view, and
 * CSV/PNG export. Axes and grid are Recharts; the curves are min/max-decimated per pixel
 * column and drawn on a canvas inside the Recharts frame, so the chart redraws on every slider
 * input even for 8 schedules of 1M steps.
 */
import { memo, useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ChartFrame, plotArea, yAxisWidth } from './chart/ChartFrame';
import { sameDrawing, type DrawnSeries, type PlotGeometry } from './chart/draw';
import { Legend, type HiddenItem, type LegendEntry, type LegendItem } from './chart/Legend';
import { PlotLayer, type CursorDot } from './chart/PlotLayer';
import { Readout, readoutSummary } from './chart/Readout';
import { autoscaleDomain, formatTick, linearDomain, linearTicks, logDomain, rangeDomain, tickFormatter, yDomainFor, yPixel, type Domain, type YScale } from './chart/scale';
import { decimatedView, diffValues, drawnSeries, NO_RUNAWAY, runawaySeries, seriesModel, type SeriesModel } from './chart/series';
import { chartNotes, diffNotes } from './chart/notes';
import { ViewControls, type DiffChoice } from './chart/ViewControls';
import { StatsTable } from './chart/StatsTable';
import { MomentumChart, type MomentumSeries } from './chart/MomentumChart';
import { cyclesMomentum } from '../schedules';
import { useCurves } from './chart/useCurves';
import { DRAG_FOLLOW_MS, useDragFollow, usePointerDown } from './dragFollow';
import { CsvExport } from './CsvExport';
import { downloadBlob, exportName, figurePng } from './export';
import { CANVAS_COLORS, useTheme, type Theme } from './theme';
import { csvColumns, entrySettings, type CsvSchedule, type CurveSnapshot, type DecimateMode, type PreviewView } from '../curves';
import { curveManager } from '../state/curves';
import { useStudio, type ScheduleEntry, type StudioSettings, type StudioState } from '../state/studio';
import './chart/chart.css';

const CHART_HEIGHT = 400;
/** On a phone the chart stays at the top while the form scrolls under it (styles.css): a lower plot leaves room for the form. */
const PHONE_CHART_HEIGHT = 230;
const PHONE_QUERY = '(max-width: 760px)';

function usePhoneLayout(): boolean {
  const [phone, setPhone] = useState(() => typeof matchMedia === 'function' && matchMedia(PHONE_QUERY).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const q = matchMedia(PHONE_QUERY);
    const on = () => setPhone(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, []);
  return phone;
}
const NO_DOTS: readonly CursorDot[] = [];
const NO_ROWS: readonly LegendEntry[] = [];
const FALLBACK_LINEAR: Domain = { lo: 0, hi: 1, ticks: linearTicks(0, 1) };

/** The forms' messages for entries whose current input is invalid (their curve is stale). */
const selectInvalid = (s: StudioState) => s.invalid;

/** Width of an element, following resizes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

function sameDomain(a: Domain | null, b: Domain | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.lo !== b.lo || a.hi !== b.hi || a.ticks.length !== b.ticks.length) return false;
  return a.ticks.every((t, i) => t === b.ticks[i]);
}

/** Whether `outer` holds `inner` and is not more than three times as wide (on this scale). */
function holds(outer: Domain, inner: Domain, log: boolean): boolean {
  const f = log ? Math.log10 : (v: number) => v;
  return inner.lo >= outer.lo && inner.hi <= outer.hi && f(inner.hi) - f(inner.lo) >= 0.3 * (f(outer.hi) - f(outer.lo));
}

/**
 * `d`, or the previous domain when it has the same values, or, while the pointer is down (a slider
 * or a zoom being dragged), when the previous one still holds the data well: the axes stay calm
 * during a drag (and the Recharts frame is not re-rendered on every input), and fit again on release.
 */
function useStableDomain(d: Domain | null, calm: boolean, scale: string, log: boolean, roomy: boolean): Domain | null {
  const [kept, setKept] = useState<{ d: Domain | null; scale: string; of: Domain | null }>({ d, scale, of: d });
  // `of`: the data the kept domain was chosen for (a roomier domain need not "hold" it well).
  if (sameDomain(kept.d, d) || (calm && kept.of === d && kept.scale === scale) || (calm && kept.scale === scale && kept.d && d && holds(kept.d, d, log))) return kept.d;
  // While dragging, an axis that must grow grows with room to spare, so it is not re-rendered on
  // every further input of the same drag.
  const next = calm && kept.scale === scale && roomy && d ? roomier(d, log) : d;
  setKept({ d: next, scale, of: d });
  return next;
}

function roomier(d: Domain, log: boolean): Domain {
  if (log) return logDomain(d.lo / 10, d.hi * 10);
  return linearDomain(d.lo < 0 ? d.lo * 2 : d.lo, d.hi * 2);
}

/** `value`, or while `hold` is true the largest value seen since it became true. */
function useWidest(value: number, hold: boolean): number {
  const [widest, setWidest] = useState(value);
  const next = hold ? Math.max(widest, value) : value;
  if (next !== widest) setWidest(next);
  return next;
}

/** The window's inner height, following resizes (the fullscreen chart fills it). */
function useWindowHeight(on: boolean): number {
  const [h, setH] = useState(() => window.innerHeight);
  useEffect(() => {
    if (!on) return;
    const f = () => setH(window.innerHeight);
    f();
    window.addEventListener('resize', f);
    return () => window.removeEventListener('resize', f);
  }, [on]);
  return h;
}

/** What the fullscreen chart leaves to the toolbar, legend and readout. */
const FULLSCREEN_CHROME = 250;

/**
 * The y axis chosen by the user, for the view (scale) it was chosen on: autoscaled to the visible
 * steps, or a range (box zoom, shift + wheel). `null`: fitted as usual (0 in view on a linear axis).
 */
type YZoom = { view: string; auto: true } | { view: string; auto?: false; lo: number; hi: number } | null;

/** Fullscreen by the Fullscreen API, or by CSS where the browser refuses it (an iframe, a policy). */
type FullscreenMode = 'api' | 'css' | null;

type CurveInputs = Parameters<typeof seriesModel>;

/** What the chart draws from: the store's schedules, settings and invalid inputs, and the curves. */
interface ChartInputs {
  entries: readonly ScheduleEntry[];
  settings: StudioSettings;
  invalid: Record<string, string>;
  snapshot: CurveSnapshot;
}

/**
 * The y axis the curves ask for: the user's range or autoscale (`yChoice`), else fitted to every
 * drawn curve except those that ran away.
 */
function wantedDomainOf(
  drawn: readonly DrawnSeries[],
  runaway: ReadonlySet<string>,
  o: { scale: YScale; diffOn: boolean; yChoice: YZoom; s0: number; s1: number },
): Domain | null {
  const counted = drawn.filter((d) => !runaway.has(d.id));
  if (o.yChoice?.auto) return autoscaleDomain(counted, o.s0, o.s1, o.scale);
  if (o.yChoice) return rangeDomain(o.yChoice.lo, o.yChoice.hi, o.scale);
  return yDomainFor(
    counted.map((d) => d.dec),
    o.scale,
    o.diffOn,
  );
}

/**
 * The drawing of every visible schedule of `live` for the view: the curves shown (`shown`) where
 * nothing of theirs changed, a new drawing where it did.
 */
function liveDrawing(live: ChartInputs, view: PreviewView, shown: readonly DrawnSeries[]): DrawnSeries[] {
  const byId = new Map(shown.map((d) => [d.id, d]));
  const { results, pending } = live.snapshot;
  return live.entries
    .filter((e) => e.visible)
    .map((e) => {
      const m = seriesModel(e, results.get(e.id), pending.has(e.id), live.invalid[e.id]);
      const old = byId.get(e.id);
      const d = drawnSeries(m, view);
      return old && sameDrawing(old, d) ? old : d;
    });
}

/**
 * Reuses each series model while its entry, result, pending flag and stale message are the same
 * objects, and each legend item while its model and view are, so memoized children (legend rows,
 * canvas) skip the schedules a slider input did not change.
 */
class ModelCache {
  private models = new Map<string, { inputs: CurveInputs; model: SeriesModel }>();
  private items = new WeakMap<SeriesModel, LegendItem>();

  modelsFor(entries: readonly ScheduleEntry[], snapshot: CurveSnapshot, invalid: Record<string, string>): SeriesModel[] {
    const next = new Map<string, { inputs: CurveInputs; model: SeriesModel }>();
    const out: SeriesModel[] = [];
    for (const e of entries) {
      if (!e.visible) continue;
      const inputs: CurveInputs = [e, snapshot.results.get(e.id), snapshot.pending.has(e.id), invalid[e.id]];
      const hit = this.models.get(e.id);
      const model = hit && hit.inputs.every((v, i) => v === inputs[i]) ? hit.model : seriesModel(...inputs);
      next.set(e.id, { inputs, model });
      out.push(model);
    }
    this.models = next;
    for (const id of this.drawn.keys()) if (!next.has(id)) this.drawn.delete(id);
    return out;
  }

  itemFor(m: SeriesModel, view: PreviewView): LegendItem {
    const hit = this.items.get(m);
    if (hit && hit.view === view) return hit;
    const item: LegendItem = { model: m, view, drawn: this.drawnFor(m, view) };
    this.items.set(m, item);
    return item;
  }

  private drawn = new Map<string, DrawnSeries>();

  /**
   * The drawing of one curve, the same object while what is drawn is the same: an input whose
   * curve is still being computed (long horizons) leaves the canvas alone.
   */
  private drawnFor(m: SeriesModel, view: PreviewView): DrawnSeries {
    const d = drawnSeries(m, view);
    const old = this.drawn.get(m.entry.id);
    if (old && sameDrawing(old, d)) return old;
    this.drawn.set(m.entry.id, d);
    return d;
  }

  private lastList: readonly DrawnSeries[] = [];

  /** `list`, or the previous list when it holds the same drawings: the canvas redraws only on change. */
  sameList(list: readonly DrawnSeries[]): readonly DrawnSeries[] {
    const prev = this.lastList;
    if (prev.length === list.length && prev.every((d, i) => d === list[i])) return prev;
    this.lastList = list;
    return list;
  }
}

/** Memoized: while a slider moves, the toolbar re-renders only when its own inputs change. */
const ChartViewControls = memo(ViewControls);
const LaterReadout = memo(Readout);
/** Memoized: a worker result or a deferred render that changes nothing drawn skips the canvas layer. */
const ChartPlotLayer = memo(PlotLayer);

export function LrChart() {
  const liveEntries = useStudio((s) => s.schedules);
  const liveSettings = useStudio((s) => s.settings);
  const liveInvalid = useStudio(selectInvalid);
  const updateSettings = useStudio((s) => s.updateSettings);
  const liveSnapshot = useCurves();
  const live = useMemo<ChartInputs>(
    () => ({ entries: liveEntries, settings: liveSettings, invalid: liveInvalid, snapshot: liveSnapshot }),
    [liveEntries, liveSettings, liveInvalid, liveSnapshot],
  );
  // While something is dragged, the chart renders a few times a second (in a transition): each
  // input's frame paints its curves on the canvas at once (the drag painter below), and the legend,
  // CSV estimate and the rest follow. A curve that would leave the axes shown renders the whole
  // chart at once, in the input's frame.
  const pointerDown = usePointerDown();
  const [inputs, showNow] = useDragFollow(live, pointerDown, DRAG_FOLLOW_MS);
  const { entries, settings, invalid, snapshot } = inputs;
  const { totalSteps, stepsPerEpoch, yScale } = settings;

  const plotRef = useRef<HTMLDivElement>(null);
  const figureRef = useRef<HTMLElement>(null);
  const width = useWidth(plotRef);
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const [yZoom, setYZoom] = useState<YZoom>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const [fullscreen, setFullscreen] = useState<FullscreenMode>(null);
  const toggleVisible = useStudio((s) => s.toggleVisible);
  const [cursor, setCursor] = useState<number | null>(null);
  const [diff, setDiff] = useState<DiffChoice>({ on: false, a: null, b: null, mode: 'ratio' });
  const [busy, setBusy] = useState<string | null>(null);
  const { theme } = useTheme();
  const windowHeight = useWindowHeight(fullscreen !== null);
  const phone = usePhoneLayout();
  const chartHeight = fullscreen ? Math.max(PHONE_CHART_HEIGHT, windowHeight - FULLSCREEN_CHROME) : phone ? PHONE_CHART_HEIGHT : CHART_HEIGHT;
  const [pngColors, setPngColors] = useState<'light' | 'shown'>('light');
  const [exportError, setExportError] = useState<string | null>(null);

  const [cache] = useState(() => new ModelCache());
  const models = useMemo(() => cache.modelsFor(entries, snapshot, invalid), [cache, entries, snapshot, invalid]);
  // The stats, readout, notes and view choices follow a drag a few times a second.
  const laterModels = useDeferredValue(useDragFollow(models, pointerDown, DRAG_FOLLOW_MS)[0]);

  // View: the zoomed step range, kept inside the horizon.
  let s0 = 0;
  let s1 = Math.max(1, totalSteps);
  if (zoom) {
    const a = Math.max(0, zoom[0]);
    const b = Math.min(totalSteps, zoom[1]);
    if (b - a >= 2) [s0, s1] = [a, b];
  }
  const xZoomed = s0 !== 0 || s1 !== Math.max(1, totalSteps);

  // Diff view: A relative to B, both visible.
  const diffA = models.find((m) => m.entry.id === diff.a) ?? models[0];
  const diffB = models.find((m) => m.entry.id === diff.b && m !== diffA) ?? models.find((m) => m !== diffA);
  const diffOn = diff.on && !!diffA && !!diffB;
  const diffResult = useMemo(
    () => (diffOn && diffA && diffB ? diffValues(diffA.values, diffB.values, diff.mode) : null),
    [diffOn, diffA?.values, diffB?.values, diff.mode], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const diffLabel = diffOn ? `${diffA!.entry.name} ${diff.mode === 'ratio' ? '÷' : '−'} ${diffB!.entry.name}` : '';

  const scale = diffOn ? 'linear' : yScale;
  // Columns from the widest plot (narrowest axis): the y labels depend on the data, the data on
  // the columns; a few columns more than pixels changes nothing visible.
  const columns = Math.max(1, Math.round(plotArea(width, chartHeight, yAxisWidth([])).width * Math.min(2, globalThis.devicePixelRatio || 1)));
  const mode: DecimateMode = diffOn ? 'finite' : yScale === 'log' ? 'positive' : 'all';

  const view = useMemo<PreviewView>(() => ({ s0, s1, columns, mode }), [s0, s1, columns, mode]);
  // Long curves dragged on arrive decimated for this view; the diff view needs full values.
  useLayoutEffect(() => curveManager().setView(diffOn ? null : view), [view, diffOn]);
  const legend = useMemo<LegendItem[]>(() => models.map((m) => cache.itemFor(m, view)), [cache, models, view]);
  const diffDrawn = useMemo<DrawnSeries | null>(
    () =>
      diffResult
        ? { id: 'diff', color: CANVAS_COLORS[theme].diff, dec: decimatedView(diffResult.values, s0, s1, columns, 'finite'), stale: false, errorStep: null }
        : null,
    [diffResult, s0, s1, columns, theme],
  );
  const drawn = useMemo(() => cache.sameList(diffDrawn ? [diffDrawn] : legend.map((l) => l.drawn)), [cache, diffDrawn, legend]);
  // The same domain object while its values stay the same: the Recharts frame only re-renders
  // when an axis really changes (not on every slider input).
  // A curve that ran away before its step error (an overflowing lambda) does not flatten the others.
  const runaway = useMemo(() => (diffOn ? NO_RUNAWAY : runawaySeries(drawn, scale)), [drawn, scale, diffOn]);
  // The y axis the user chose holds for the view it was chosen on (a log range means nothing on a
  // linear axis); on another it is fitted as usual.
  const yView = diffOn ? 'diff' : scale;
  const yChoice = yZoom && yZoom.view === yView ? yZoom : null;
  const wantedDomain = useMemo(() => wantedDomainOf(drawn, runaway, { scale, diffOn, yChoice, s0, s1 }), [drawn, runaway, scale, diffOn, yChoice, s0, s1]);
  const fittedDomain = useStableDomain(
    wantedDomain,
    pointerDown && !(yChoice && !yChoice.auto),
    `${yView}/${yChoice ? (yChoice.auto ? 'auto' : 'range') : 'fit'}`,
    scale === 'log',
    !diffOn && !yChoice,
  );
  const zoomed = xZoomed || yChoice !== null;
  // While something is dragged, the y axis changes with the chart's renders that follow the drag
  // (see `inputs`), or in the input's own frame where the curve would leave it (the drag painter).
  const shown = useMemo(() => ({ d: fittedDomain, scale }), [fittedDomain, scale]);
  const yDomain = shown.d;
  const y = yDomain ?? FALLBACK_LINEAR;
  const fitWidth = useMemo(() => {
    const f = tickFormatter(y.ticks);
    return yAxisWidth(y.ticks.map(f));
  }, [y]);
  // While something is dragged the axis only widens: a narrower label would resize the canvas
  // (a new backing store and a full redraw) on some inputs of the drag, and back on others.
  const yWidth = useWidest(fitWidth, pointerDown);
  const area = useMemo(() => plotArea(width, chartHeight, yWidth), [width, chartHeight, yWidth]);

  const epochs = settings.xAxis === 'epoch';
  const xDomain = useMemo<Domain>(() => {
    const k = epochs ? stepsPerEpoch : 1;
    const count = Math.max(2, Math.round(area.width / 90));
    // Steps are whole numbers: no tick at step 0.5 on a short horizon.
    const ticks = linearTicks(s0 / k, s1 / k, count).filter((t) => epochs || Number.isInteger(t));
    return { lo: s0 / k, hi: s1 / k, ticks };
  }, [epochs, stepsPerEpoch, s0, s1, area.width]);
  const geometry = useMemo<PlotGeometry>(
    () => ({ width: area.width, height: area.height, s0, s1, y, scale: yDomain ? shown.scale : 'linear' }),
    [area.width, area.height, s0, s1, y, yDomain, shown.scale],
  );

  // The drag painter: while the render shown is behind the store (a drag), the canvas shows the
  // latest curves now, on the axes shown. Where they would leave those axes, or the horizon or
  // view settings changed, or in the diff view, the whole chart renders now instead.
  const painterRef = useRef<((series: readonly DrawnSeries[]) => void) | null>(null);
  useLayoutEffect(() => {
    if (inputs === live) return;
    if (diffOn || live.settings !== settings || !yDomain) return showNow(live);
    const next = liveDrawing(live, view, drawn);
    const wanted = wantedDomainOf(next, runawaySeries(next, scale), { scale, diffOn, yChoice, s0, s1 });
    if (wanted && !(wanted.lo >= yDomain.lo && wanted.hi <= yDomain.hi)) return showNow(live);
    painterRef.current?.(next);
  }, [inputs, live, showNow, diffOn, settings, yDomain, view, drawn, scale, yChoice, s0, s1]);

  const lastStep = Math.min(totalSteps, Math.floor(s1)) - 1;
  const firstStep = Math.min(Math.ceil(s0), Math.max(0, lastStep));
  const stepRange = useMemo<[number, number]>(() => [firstStep, lastStep], [firstStep, lastStep]);
  const xBounds = useMemo<[number, number]>(() => [0, Math.max(1, totalSteps)], [totalSteps]);
  const shownCursor = cursor !== null && cursor >= firstStep && cursor <= lastStep ? cursor : null;
  const dots: readonly CursorDot[] =
    shownCursor === null
      ? NO_DOTS
      : (diffOn && diffResult
          ? [{ id: 'diff', color: CANVAS_COLORS[theme].diff, v: diffResult.values[shownCursor] }]
          : models.map((m) => ({ id: m.entry.id, color: m.entry.color, v: m.values[shownCursor] }))
        ).map((d) => ({
          id: d.id,
          color: d.color,
          y:
            d.v === undefined || !(d.v === d.v) || (geometry.scale === 'log' && d.v <= 0)
              ? null
              : yPixel(d.v, geometry.y, geometry.scale, geometry.height),
        }));

  const onYScale = useCallback((v: StudioSettings['yScale']) => updateSettings({ yScale: v }), [updateSettings]);
  const readoutDiff = useMemo(
    () => (diffOn && diffResult ? { label: diffLabel, values: diffResult.values } : null),
    [diffOn, diffResult, diffLabel],
  );
  const onZoomX = useCallback((a: number, b: number) => setZoom([Math.max(0, a), b]), []);
  const onZoomY = useCallback(
    (lo: number, hi: number) => {
      // A range must be drawable on its scale: positive on a log axis, not empty.
      if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi) || (scale === 'log' && !(lo > 0))) return;
      setYZoom({ view: yView, lo, hi });
    },
    [scale, yView],
  );
  const onAutoscale = useCallback(() => setYZoom({ view: yView, auto: true }), [yView]);
  const onResetZoom = useCallback(() => {
    setZoom(null);
    setYZoom(null);
  }, []);

  // Fullscreen: the whole chart section (toolbar, plot, legend, readout, stats).
  useEffect(() => {
    const on = () => setFullscreen((f) => (document.fullscreenElement && document.fullscreenElement === rootRef.current ? 'api' : f === 'api' ? null : f));
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);
  const exitFullscreen = useCallback(() => {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    setFullscreen(null);
  }, []);
  const toggleFullscreen = useCallback(() => {
    const el = rootRef.current;
    if (!el) return;
    if (fullscreen) return exitFullscreen();
    if (typeof el.requestFullscreen !== 'function') return setFullscreen('css');
    el.requestFullscreen().then(
      () => setFullscreen('api'),
      () => setFullscreen('css'),
    );
  }, [fullscreen, exitFullscreen]);
  useEffect(() => {
    if (!fullscreen) return;
    // Escape anywhere leaves it (the browser does so itself for the API; not for the CSS fallback).
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) exitFullscreen();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fullscreen, exitFullscreen]);
  const onEscape = useCallback(() => (fullscreen ? exitFullscreen() : onResetZoom()), [fullscreen, exitFullscreen, onResetZoom]);

  // The legend in list order: drawn curves, and hidden schedules (struck through) to show again.
  const [hiddenItems] = useState(() => new WeakMap<ScheduleEntry, HiddenItem>());
  const legendRows = useMemo<LegendEntry[]>(() => {
    const byId = new Map(legend.map((l) => [l.model.entry.id, l]));
    return entries.flatMap((e): LegendEntry[] => {
      if (e.visible) {
        const item = byId.get(e.id);
        return item ? [{ item }] : [];
      }
      let h = hiddenItems.get(e);
      if (!h) hiddenItems.set(e, (h = { id: e.id, name: e.name, color: e.color }));
      return [{ hidden: h }];
    });
  }, [entries, legend, hiddenItems]);
  const hiddenCount = entries.length - models.length;

  // What the CSV holds: the diff view's A, B and their ratio or difference, else every schedule.
  const csvCols = useMemo(() => {
    const of = (m: SeriesModel): CsvSchedule => ({ name: m.entry.name, stepping: m.entry.stepping, spec: m.entry.spec, settings: entrySettings(m.entry, settings) });
    return csvColumns(models.map(of), diffOn ? { a: of(diffA!), b: of(diffB!), mode: diff.mode } : null);
  }, [models, settings, diffOn, diffA, diffB, diff.mode]);
  const csvHorizon = useMemo(() => ({ totalSteps, stepsPerEpoch }), [totalSteps, stepsPerEpoch]);
  // torch CyclicLR / OneCycleLR with cycle_momentum also set the momentum: drawn under the chart when asked for.
  const [showMomentum, setShowMomentum] = useState(false);
  const momentumSeries = useMemo<MomentumSeries[]>(
    () =>
      models
        .filter((m) => cyclesMomentum(m.entry.spec))
        .map((m) => ({ id: m.entry.id, name: m.entry.name, color: m.entry.color, spec: m.entry.spec, settings: entrySettings(m.entry, settings) })),
    [models, settings],
  );
  const exportPng = async () => {
    const figure = figureRef.current;
    if (!figure) return;
    setBusy('png');
    setExportError(null);
    try {
      const pngTheme: Theme = theme === 'dark' && pngColors === 'shown' ? 'dark' : 'light';
      // The diff line takes the export theme's colour; schedules keep theirs.
      const series = drawn.map((d) => (d.id === 'diff' ? { ...d, color: CANVAS_COLORS[pngTheme].diff } : d));
      const blob = await figurePng(figure, { left: area.left, top: area.top, geometry, series }, { theme: pngTheme });
      downloadBlob(blob, exportName('png'));
    } catch (e) {
      setExportError(`PNG export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  const anyPending = models.some((m) => m.pending);
  const notes = chartNotes(laterModels, diffOn ? 'linear' : yScale, stepsPerEpoch, epochs || laterModels.some((m) => m.entry.stepping === 'epoch'), runaway);
  if (diffOn && diffResult) notes.push(...diffNotes(diffA!, diffB!, diffResult));

  return (
    <div
      className={`lr-chart${fullscreen ? ' chart-fullscreen' : ''}${fullscreen === 'css' ? ' chart-fullscreen-css' : ''}`}
      data-testid="lr-chart"
      data-fullscreen={fullscreen ?? ''}
      aria-busy={anyPending}
      ref={rootRef}
    >
      <div className="chart-toolbar" role="toolbar" aria-label="Chart options">
        <ChartViewControls
          diff={diff}
          onDiff={setDiff}
          models={laterModels}
          diffA={diffOn ? diffA! : null}
          diffB={diffOn ? diffB! : null}
          yScale={yScale}
          onYScale={onYScale}
        />
        <div className="zoom-state" data-testid="zoom-state" data-s0={s0} data-s1={s1} data-y0={y.lo} data-y1={y.hi} data-y-mode={yChoice ? (yChoice.auto ? 'auto' : 'range') : 'fit'}>
          {zoomed ? (
            <>
              {xZoomed && `steps ${Math.ceil(s0).toLocaleString('en-US')}–${Math.floor(s1).toLocaleString('en-US')}`}
              {xZoomed && yChoice && ' · '}
              {yChoice && (yChoice.auto ? 'y autoscaled' : `y ${formatTick(y.lo)}–${formatTick(y.hi)}`)}
              <button type="button" onClick={onResetZoom} title="Reset both axes (double-click the chart, or Esc)">
                Reset zoom
              </button>
            </>
          ) : (
            <span className="muted">Drag a box or use the wheel on the chart to zoom</span>
          )}
          <button type="button" onClick={onAutoscale} aria-pressed={!!yChoice?.auto} title="Fit the y axis to the visible steps (A)">
            Autoscale y
          </button>
          {momentumSeries.length > 0 && !diffOn && (
            <label className="momentum-toggle" title="The momentum (Adam: beta1) that cycle_momentum sets at every update, under the chart">
              <input type="checkbox" checked={showMomentum} onChange={(e) => setShowMomentum(e.target.checked)} /> Momentum
            </label>
          )}
          <button type="button" onClick={toggleFullscreen} aria-pressed={fullscreen !== null} title={fullscreen ? 'Leave fullscreen (Esc or F)' : 'Fullscreen chart (F)'}>
            {fullscreen ? 'Exit fullscreen' : 'Fullscreen'}
          </button>
        </div>
        <div className="chart-exports">
          <CsvExport columns={csvCols} horizon={csvHorizon} envelopeColumns={columns} disabled={busy !== null || models.length === 0 || anyPending} onError={setExportError} />
          <button type="button" onClick={exportPng} disabled={busy !== null || width === 0}>
            {busy === 'png' ? 'Exporting…' : 'Export PNG'}
          </button>
          {theme === 'dark' && (
            <select aria-label="PNG colours" value={pngColors} onChange={(e) => setPngColors(e.target.value as 'light' | 'shown')}>
              <option value="light">light (for papers)</option>
              <option value="shown">dark, as shown</option>
            </select>
          )}
        </div>
      </div>

      <figure
        className="chart-figure"
        ref={figureRef}
        aria-label={`Learning rate of ${models.length} schedule${models.length === 1 ? '' : 's'}${hiddenCount > 0 ? ` (${hiddenCount} hidden)` : ''} over steps ${Math.ceil(s0).toLocaleString('en-US')} to ${Math.floor(s1).toLocaleString('en-US')}${yScale === 'log' && !diffOn ? ', log scale' : ''}`}
      >
        <div className="chart-plot" ref={plotRef} style={{ height: chartHeight }}>
          {width > 0 && (
            <>
              <ChartFrame
                width={width}
                height={chartHeight}
                yAxisWidth={yWidth}
                x={xDomain}
                y={y}
                yScale={geometry.scale}
                xLabel={epochs ? 'epoch' : 'step (optimizer update)'}
                yLabel={diffOn ? (diff.mode === 'ratio' ? 'ratio A ÷ B' : 'difference A − B') : 'learning rate'}
              />
              <ChartPlotLayer
                area={area}
                geometry={geometry}
                series={drawn}
                stepRange={stepRange}
                xBounds={xBounds}
                cursor={shownCursor}
                dots={dots}
                cursorText={shownCursor === null ? 'no step selected' : readoutSummary(shownCursor, stepsPerEpoch, models)}
                onCursor={setCursor}
                onZoom={onZoomX}
                onZoomY={onZoomY}
                onAutoscale={onAutoscale}
                onFullscreen={toggleFullscreen}
                onEscape={onEscape}
                onResetZoom={onResetZoom}
                painterRef={painterRef}
              />
              {!yDomain && (
                <p className="chart-empty" style={{ left: area.left, top: area.top + area.height / 2 - 10, width: area.width }}>
                  {models.length === 0
                    ? 'No visible schedule: add one, or show one from the list or the legend.'
                    : scale === 'log'
                      ? 'Nothing to draw on a log axis: every value in view is ≤ 0.'
                      : anyPending
                        ? 'Computing…'
                        : 'Nothing to draw in this range.'}
                </p>
              )}
            </>
          )}
        </div>
        {showMomentum && !diffOn && momentumSeries.length > 0 && width > 0 && (
          <MomentumChart width={width} area={area} s0={s0} s1={s1} series={momentumSeries} />
        )}
        <Legend items={diffOn ? NO_ROWS : legendRows} onToggle={toggleVisible} extra={diffOn ? { label: diffLabel, color: CANVAS_COLORS[theme].diff } : undefined} offChart={runaway} />
      </figure>

      <LaterReadout
        step={shownCursor}
        stepsPerEpoch={stepsPerEpoch}
        models={laterModels}
        diff={readoutDiff}
      />
      {(notes.length > 0 || exportError) && (
        <ul className="chart-notes">
          {exportError && (
            <li className="error" role="alert">
              {exportError}
            </li>
          )}
          {notes.map((n) => (
            <li key={n.key} className={n.kind} role={n.kind === 'error' ? 'alert' : undefined} data-testid={n.key}>
              {n.text}
            </li>
          ))}
        </ul>
      )}
      <StatsTable models={laterModels} totalSteps={totalSteps} />
    </div>
  );
}
