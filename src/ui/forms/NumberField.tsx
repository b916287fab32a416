/**
 * Numbers and integers: a text field (Python's number notation, ../numberText; what is not a number
 * goes to the engine as typed, so the last valid value stays in effect and the text stays in the
 * field, and the field says why: the parser's reason where it knows one, "30, 80" is 2 numbers,
 * else the engine's) plus a slider when the definition gives a slider hint, on a log scale where the
 * hint says `scale: 'log'`. A step count (ParamDef `unit`) has a slider over the horizon instead
 * (HorizonContext; values.ts stepSliderScale). The slider updates the spec on every input event, so
 * the chart redraws while dragging. Integers get a stepper (buttons, and ArrowUp/ArrowDown in the
 * field), by 1, or by the slider's step for a step count.
 */
import { useContext, type KeyboardEvent } from 'react';
import type { ParamDef, SliderHint } from '../../schedules';
import { FieldShell, HorizonContext, useDraftText, type ControlProps, type FieldProps } from './Field';
import { formatNumber, numberTextError, parseNumberText, sliderScale, stepLowerBound, stepSliderScale, type FormHorizon } from './values';

interface NumberInputProps {
  ctrl: ControlProps;
  name: string;
  integer: boolean;
  slider?: SliderHint;
  /** A step count's slider: from `lower` to the horizon (or a value beyond it), in place of `slider`. */
  steps?: { lower: number; horizon: number };
  /** A number, or the raw text of an invalid entry. */
  value: unknown;
  fallback: number;
  onChange(value: unknown): void;
}

/** The parser's reason why the shown text is not a number, or null (then the engine's message applies). */
export function numberValueError(value: unknown): string | null {
  return typeof value === 'string' ? numberTextError(value) : null;
}

export function NumberInput({ ctrl, name, integer, slider, steps, value, fallback, onChange }: NumberInputProps) {
  const [text, setText] = useDraftText(value, formatNumber, parseNumberText);
  const numeric = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  const scale = steps ? stepSliderScale(steps.lower, steps.horizon, numeric) : slider ? sliderScale(slider, integer) : null;

  const emitText = (t: string) => {
    setText(t);
    onChange(parseNumberText(t));
  };
  const nudge = (dir: number, big: boolean) => {
    if (steps && scale) {
      // A step count moves by its slider's step (about 1% of the span), never below its bound.
      onChange(Math.max(steps.lower, Math.round(numeric) + dir * scale.step * (big ? 10 : 1)));
    } else if (integer) {
      onChange(Math.round(numeric) + dir * (big ? 10 : 1));
    } else if (scale) {
      const pos = scale.toPosition(numeric) + dir * scale.step * (big ? 10 : 1);
      onChange(scale.fromPosition(Math.min(scale.max, Math.max(scale.min, pos))));
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (!integer && !scale) return;
      e.preventDefault();
      nudge(e.key === 'ArrowUp' ? 1 : -1, e.shiftKey);
    }
  };

  return (
    <div className="number-input">
      <input
        id={ctrl.id}
        type="text"
        inputMode={integer ? 'numeric' : 'decimal'}
        role={integer ? 'spinbutton' : undefined}
        aria-valuenow={integer && typeof value === 'number' ? value : undefined}
        className="num-text"
        value={text}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={ctrl.invalid || undefined}
        aria-describedby={ctrl.describedBy}
        onChange={(e) => emitText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {integer && (
        <span className="stepper">
          <button type="button" tabIndex={-1} aria-label={`Decrease ${name}`} onClick={() => nudge(-1, false)}>
            −
          </button>
          <button type="button" tabIndex={-1} aria-label={`Increase ${name}`} onClick={() => nudge(1, false)}>
            +
          </button>
        </span>
      )}
      {scale && (
        <input
          type="range"
          className={`slider${scale.log ? ' log' : ''}`}
          aria-label={name}
          aria-describedby={ctrl.describedBy}
          aria-valuetext={formatNumber(numeric) + (scale.log ? ' (log scale)' : '')}
          data-scale={scale.log ? 'log' : 'linear'}
          min={scale.min}
          max={scale.max}
          step={scale.step}
          value={scale.toPosition(numeric)}
          onChange={(e) => onChange(scale.fromPosition(Number(e.target.value)))}
        />
      )}
    </div>
  );
}

/** The horizon a step count's slider spans: scheduler steps, or epochs for an `epochs` count. */
export function stepsOf(def: ParamDef, horizon: FormHorizon | null): { lower: number; horizon: number } | undefined {
  if (!def.unit || !horizon) return undefined;
  return { lower: stepLowerBound(def.type), horizon: def.unit === 'epochs' ? horizon.epochs : horizon.steps };
}

export function NumberField(props: FieldProps) {
  const { def, value, onChange } = props;
  const horizon = useContext(HorizonContext);
  const t = def.type;
  if (t.kind !== 'number' && t.kind !== 'integer') return null;
  const shown = value === undefined ? def.default : value;
  const fallback = typeof def.default === 'number' ? def.default : typeof def.example === 'number' ? def.example : (t.slider?.min ?? 0);
  return (
    <FieldShell {...props} parseError={numberValueError(shown)}>
      {(ctrl) => (
        <NumberInput
          ctrl={ctrl}
          name={def.name}
          integer={t.kind === 'integer'}
          slider={t.slider}
          steps={stepsOf(def, horizon)}
          value={shown}
          fallback={fallback}
          onChange={onChange}
        />
      )}
    </FieldShell>
  );
}
