/**
 * The parameters of a reduce-on-plateau scheduler, declared once: torch's ReduceLROnPlateau (whose
 * group Hugging Face's get_reduce_on_plateau_schedule passes on), timm's PlateauLRScheduler (torch's
 * under other names) and Paddle's ReduceOnPlateau. Each kind's type, slider and default are
 * torch's; each framework keeps its own names and docs, and states where its checks or sliders
 * differ.
 */
import type { ParamDef, ParamType, SliderHint } from '../types';

/** The kinds, in torch's order (Hugging Face's and Paddle's too). */
export const PLATEAU_KINDS = ['mode', 'factor', 'patience', 'threshold', 'threshold_mode', 'cooldown', 'min_lr', 'eps'] as const;
export type PlateauKind = (typeof PLATEAU_KINDS)[number];

const TYPES: Record<PlateauKind, ParamType> = {
  mode: { kind: 'enum', options: ['min', 'max'] },
  factor: { kind: 'number', max: 1, maxExclusive: true, slider: { min: 0.01, max: 0.9, scale: 'log' } },
  patience: { kind: 'integer', min: 0, slider: { min: 0, max: 50 } },
  threshold: { kind: 'number', slider: { min: 0, max: 0.1 } },
  threshold_mode: { kind: 'enum', options: ['rel', 'abs'] },
  cooldown: { kind: 'integer', min: 0, slider: { min: 0, max: 20 } },
  min_lr: { kind: 'number', slider: { min: 0, max: 0.01 } },
  eps: { kind: 'number', slider: { min: 0, max: 1e-6 } },
};

const DEFAULTS: Record<PlateauKind, unknown> = {
  mode: 'min',
  factor: 0.1,
  patience: 10,
  threshold: 1e-4,
  threshold_mode: 'rel',
  cooldown: 0,
  min_lr: 0,
  eps: 1e-8,
};

/** The kinds worth showing in a chart legend. */
const KEY: ReadonlySet<PlateauKind> = new Set(['factor', 'patience']);

/** Where a framework's range differs from torch's: another slider, a bound `min` it checks, or `min: null` where it checks none. */
export interface RangeOverride {
  min?: number | null;
  slider?: SliderHint;
}

export interface PlateauOptions<K extends PlateauKind> {
  /** The framework's doc of each kind it has: these kinds, and only these, are returned. */
  docs: Record<K, string>;
  /** The framework's argument names where they are not torch's (timm's `decay_rate`, Paddle's `epsilon`). */
  names?: Partial<Record<K, string>>;
  ranges?: Partial<Record<K, RangeOverride>>;
  /** A default or key flag of the framework's own (timm's mode defaults to 'max'). */
  own?: Partial<Record<K, Pick<ParamDef, 'default' | 'key'>>>;
}

function typeOf(kind: PlateauKind, range: RangeOverride | undefined): ParamType {
  if (!range) return TYPES[kind];
  const type: Record<string, unknown> = { ...TYPES[kind], ...range };
  if (type.min === null) delete type.min;
  return type as ParamType;
}

/** The framework's parameter of each kind it names in `docs`. */
export function plateauParams<K extends PlateauKind>(o: PlateauOptions<K>): Record<K, ParamDef> {
  const out = {} as Record<K, ParamDef>;
  for (const kind of Object.keys(o.docs) as K[]) {
    const own = o.own?.[kind];
    const key = own?.key ?? KEY.has(kind);
    out[kind] = {
      name: o.names?.[kind] ?? kind,
      type: typeOf(kind, o.ranges?.[kind]),
      default: own && 'default' in own ? own.default : DEFAULTS[kind],
      doc: o.docs[kind],
      ...(key ? { key: true } : {}),
    };
  }
  return out;
}

/** All the kinds, in torch's order: ReduceLROnPlateau's parameters after `lr`. */
export function plateauGroup(o: PlateauOptions<PlateauKind>): ParamDef[] {
  const params = plateauParams(o);
  return PLATEAU_KINDS.map((kind) => params[kind]);
}
