/**
 * Text <-> value conversions of the generated forms, slider scales, and the path convention that
 * maps the engine's ScheduleParamError.path to a field.
 *
 * Text that is not a number is kept as the raw string in the draft (the last valid spec stays in
 * effect), so the engine's own message ("gamma: must be a number (got "abc")") is what the user sees
 * at the field, unless the number parser (../numberText) knows better why ("30, 80" is 2 numbers).
 */
import { pyBool, pyDict, pyList, pyNumber, pyStr } from '../../schedules/pyliteral';
import type { ParamDef, ParamType, ScheduleSpec, SliderHint } from '../../schedules';
import { readNumber, readNumberList, splitList } from '../numberText';

/** A typed number, or the text itself when it is not one (the engine then says why). */
export function parseNumberText(text: string): number | string {
  const r = readNumber(text);
  return r.ok ? r.value : text;
}

/** Why `text` is not a number, where the parser can say more than the engine's "must be a number". */
export function numberTextError(text: string): string | null {
  const r = readNumber(text);
  return r.ok || r.generic ? null : r.error;
}

/** Which item of a typed list is not a number and why (null when every item is one). */
export function listTextError(text: string): string | null {
  const r = readNumberList(text);
  return r.ok ? null : r.error;
}

export function formatNumber(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  return '';
}

/** `30, 80, 120` (brackets and any mix of commas/spaces accepted). */
export function parseListText(text: string): (number | string)[] {
  return splitList(text).map(parseNumberText);
}

/** Like parseListText, but a single bare number stays a number (`[5]` is a list of one). */
export function parseListOrNumberText(text: string): (number | string)[] | number | string {
  const t = text.trim();
  if (!/[,\s[\]]/.test(t) && t !== '') return parseNumberText(t);
  return parseListText(text);
}

export function formatList(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'string') return formatNumber(v);
  return Array.isArray(v) ? (v.length === 1 ? `[${formatNumber(v[0])}]` : v.map(formatNumber).join(', ')) : '';
}

/** Which value of a typed mapping is not a number and why (null when each is one). */
export function mapTextError(text: string): string | null {
  for (const [key, v] of Object.entries(parseMapText(text))) {
    if (typeof v !== 'string') continue;
    if (v === '') return `"${key}" has no value: write step: value, e.g. 300: 0.5`;
    const r = readNumber(v);
    if (!r.ok) return `at ${key}: ${r.error}`;
  }
  return null;
}

/** `100: 0.5, 200: 0.1` (braces accepted) -> `{ "100": 0.5, "200": 0.1 }`. */
export function parseMapText(text: string): Record<string, number | string> {
  const body = text.trim().replace(/^\{|\}$/g, '');
  const out: Record<string, number | string> = {};
  for (const part of body.split(',')) {
    if (!part.trim()) continue;
    const i = part.indexOf(':');
    const key = (i < 0 ? part : part.slice(0, i)).trim();
    out[key] = i < 0 ? '' : parseNumberText(part.slice(i + 1));
  }
  return out;
}

export function formatMap(v: unknown): string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return '';
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${formatNumber(x)}`)
    .join(', ');
}

/** The Python literal of a default, as the framework's docs write it. */
export function pyLiteral(t: ParamType, v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return pyBool(v);
  if (typeof v === 'number') return pyNumber(v, t.kind === 'integer' || (t.kind === 'numberList' && t.integer === true));
  if (typeof v === 'string') return t.kind === 'expression' ? v : pyStr(v);
  if (Array.isArray(v)) return pyList(v.map((x) => pyLiteral(t, x)));
  if (typeof v === 'object' && typeof (v as ScheduleSpec).scheduler === 'string') return (v as ScheduleSpec).scheduler;
  if (typeof v === 'object') return pyDict(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, pyLiteral(t, x)] as const));
  return String(v);
}

/** "default: 0.1", "required", ... */
export function describeDefault(p: ParamDef): string {
  if (p.default === undefined) return 'required';
  return `default: ${pyLiteral(p.type, p.default)}`;
}

/** Error path of parameter `name` inside `parent` (engine convention: `schedulers[1].gamma`). */
export function joinPath(parent: string, name: string, index?: number): string {
  const base = parent ? `${parent}.${name}` : name;
  return index === undefined ? base : `${base}[${index}]`;
}

function roundSig(v: number, digits: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(digits));
}

/** A 1-2-5 step close to `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/** How a slider position maps to a parameter value. */
export interface SliderScale {
  min: number;
  max: number;
  step: number;
  log: boolean;
  toPosition(v: number): number;
  fromPosition(p: number): number;
}

const LOG_POSITIONS = 1000;

export function sliderScale(hint: SliderHint, integer: boolean): SliderScale {
  const lo = Math.min(hint.min, hint.max);
  const hi = Math.max(hint.min, hint.max);
  if (hint.scale === 'log' && lo > 0) {
    const a = Math.log(lo);
    const b = Math.log(hi);
    return {
      min: 0,
      max: LOG_POSITIONS,
      step: 1,
      log: true,
      toPosition: (v) => (v > 0 ? Math.min(LOG_POSITIONS, Math.max(0, Math.round(((Math.log(v) - a) / (b - a)) * LOG_POSITIONS))) : 0),
      fromPosition: (p) => {
        const v = roundSig(Math.exp(a + ((b - a) * p) / LOG_POSITIONS), 3);
        return integer ? Math.max(Math.ceil(lo), Math.round(v)) : v;
      },
    };
  }
  const step = integer ? Math.max(1, Math.round(niceStep((hi - lo) / 1000))) : niceStep((hi - lo) / 1000);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return {
    min: lo,
    max: hi,
    step,
    log: false,
    toPosition: (v) => Math.min(hi, Math.max(lo, v)),
    fromPosition: (p) => (integer ? Math.round(p) : Number(p.toFixed(Math.min(20, decimals + 1)))),
  };
}

/** The horizon a step count's slider follows: scheduler steps (in the schedule's stepping) and epochs. */
export interface FormHorizon {
  steps: number;
  epochs: number;
}

/** Where a step-count parameter starts: its lower bound, 1 where the framework wants it > 0. */
export function stepLowerBound(t: ParamType): number {
  if (t.kind !== 'number' && t.kind !== 'integer') return 0;
  const min = t.min ?? 0;
  return t.minExclusive ? Math.floor(min) + 1 : Math.ceil(min);
}

/**
 * The slider of a step count (ParamDef `unit`): linear from its lower bound to the horizon, or to a
 * typed value beyond it (the value is kept and the slider widens), in whole steps of about 1% of
 * the span rounded to 1-2-5 (so one arrow key moves T_max by 10,000 on a million-step horizon, not
 * by 1). Positions are a grid from 0 so the horizon itself is on it; below the bound they clamp.
 */
export function stepSliderScale(lower: number, horizon: number, value: number): SliderScale {
  const top = Math.max(horizon, Number.isFinite(value) ? value : 0, lower + 1, 1);
  const step = Math.max(1, niceStep(top / 100));
  const max = Math.ceil(top / step) * step;
  const min = lower > step ? Math.floor(lower / step) * step : 0;
  return {
    min,
    max,
    step,
    log: false,
    toPosition: (v) => Math.min(max, Math.max(min, v)),
    fromPosition: (p) => Math.max(lower, Math.round(p)),
  };
}
