/**
 * The frame every generated control sits in: the parameter's exact name as its label, its default,
 * its one-line doc (shown on hover and focus, and read by screen readers through
 * aria-describedby), a None switch for nullable parameters, a reset to the default, and the
 * engine's message when this is the parameter the engine rejected.
 */
import { createContext, useContext, useId, useState, type ReactNode } from 'react';
import { fittedValue, ScheduleParamError, UnknownSchedulerError, type ParamDef } from '../../schedules';
import { describeDefault, type FormHorizon } from './values';

/** The engine's complaint, located: `path` is ScheduleParamError.path (e.g. `schedulers[1].gamma`). */
export interface FieldError {
  path: string;
  reason: string;
}

export function fieldErrorOf(err: Error | null): FieldError | null {
  if (!err) return null;
  if (err instanceof ScheduleParamError) return { path: err.path, reason: err.reason };
  if (err instanceof UnknownSchedulerError) return { path: err.path, reason: `unknown scheduler "${err.scheduler}"` };
  return { path: '', reason: err.message };
}

export const FormErrorContext = createContext<FieldError | null>(null);

/**
 * The horizon of the schedule being edited, in its own stepping: step counts' sliders span it
 * (null outside an editor: they keep their definitions' sliders).
 */
export const HorizonContext = createContext<FormHorizon | null>(null);

/** The message for the field at `path`, if the engine rejected that one. */
export function useFieldError(path: string): string | null {
  const err = useContext(FormErrorContext);
  return err && err.path === path ? err.reason : null;
}

/** What the generated form (ParamForm) receives. */
export interface ParamFormProps {
  params: readonly ParamDef[];
  values: Record<string, unknown>;
  /** Error path of the spec these params belong to ('' at the top). */
  path: string;
  /** Children sharing the parent's optimizer have no base lr of their own. */
  omitBaseLr?: boolean;
  onChange(values: Record<string, unknown>): void;
}

/**
 * Renders the generated form, for the nested editors (ChildFields.tsx) to show a child's form:
 * ParamForm provides it here, as it imports their controls and they cannot import it back.
 */
export const NestedFormContext = createContext<((props: ParamFormProps) => ReactNode) | null>(null);

export function useNestedForm(): (props: ParamFormProps) => ReactNode {
  const Form = useContext(NestedFormContext);
  if (!Form) throw new Error('a nested editor was rendered outside a ParamForm');
  return Form;
}

/** What a generated control receives. `value` undefined means "not set: the default applies". */
export interface FieldProps {
  def: ParamDef;
  path: string;
  value: unknown;
  onChange(value: unknown): void;
}

/** Ids and ARIA wiring handed to the control(s) inside a shell. */
export interface ControlProps {
  id: string;
  labelId: string;
  describedBy: string;
  invalid: boolean;
}

/** A first value for a parameter switched from None to a value: a step count fitted to the horizon where it has a fit. */
export function firstValue(def: ParamDef, horizon: FormHorizon | null = null): unknown {
  const fitted = horizon ? fittedValue(def, horizon) : undefined;
  if (fitted !== undefined) return fitted;
  if (def.example !== undefined) return structuredClone(def.example);
  const t = def.type;
  switch (t.kind) {
    case 'number':
    case 'integer':
    case 'numberOrSchedule':
      return t.slider ? Math.max(t.slider.min, t.kind === 'integer' ? 1 : 0) : (t.min ?? 0) + (t.minExclusive ? 1 : 0);
    case 'expression':
      return `lambda ${t.argNames?.[0] ?? 'x'}: 1.0`;
    case 'boolean':
      return false;
    case 'enum':
      return t.options[0];
    case 'numberList':
    case 'scheduleList':
    case 'recordList':
      return [];
    default:
      return {};
  }
}

export function FieldShell({
  def,
  path,
  value,
  onChange,
  group = false,
  parseError = null,
  children,
}: FieldProps & {
  group?: boolean;
  /** Why the typed text is not a value, said better than the engine can: shown in place of its message. */
  parseError?: string | null;
  children: (ctrl: ControlProps) => ReactNode;
}) {
  const id = useId();
  const engineError = useFieldError(path);
  const horizon = useContext(HorizonContext);
  const error = engineError && parseError ? parseError : engineError;
  const labelId = `${id}-label`;
  const docId = `${id}-doc`;
  const defId = `${id}-default`;
  const errId = `${id}-error`;
  const ctrl: ControlProps = {
    id,
    labelId,
    describedBy: [error ? errId : '', defId, docId].filter(Boolean).join(' '),
    invalid: Boolean(error),
  };
  const isNone = value === null || (value === undefined && def.default === null);
  const canReset = value !== undefined && def.default !== undefined;
  const head = (
    <div className="param-head">
      {group ? (
        <span className="param-name" id={labelId} title={def.doc}>
          {def.name}
        </span>
      ) : (
        <label className="param-name" htmlFor={id} id={labelId} title={def.doc}>
          {def.name}
        </label>
      )}
      <span className="param-default" id={defId}>
        {describeDefault(def)}
      </span>
      {def.nullable && (
        <label className="param-none" title={`Pass None as ${def.name}`}>
          <input
            type="checkbox"
            checked={isNone}
            aria-label={`${def.name} = None`}
            onChange={(e) => onChange(e.target.checked ? (def.default === null ? undefined : null) : firstValue(def, horizon))}
          />
          None
        </label>
      )}
      {canReset && (
        <button type="button" className="param-reset" aria-label={`Reset ${def.name} to its default`} onClick={() => onChange(undefined)}>
          reset
        </button>
      )}
    </div>
  );
  const body = (
    <>
      <div className="param-control">{isNone ? <span className="param-is-none">None</span> : children(ctrl)}</div>
      <p className="param-doc" id={docId}>
        {def.doc}
      </p>
      {error && (
        <p className="field-error" id={errId} role="alert" data-path={path}>
          {error}
        </p>
      )}
    </>
  );
  const cls = `param param-${def.type.kind}${error ? ' has-error' : ''}`;
  if (group) {
    return (
      <fieldset className={cls} data-path={path} aria-labelledby={labelId} aria-describedby={ctrl.describedBy}>
        {head}
        {body}
      </fieldset>
    );
  }
  return (
    <div className={cls} data-path={path}>
      {head}
      {body}
    </div>
  );
}

/**
 * Text typed into a field, kept while it is being typed ("0." or "1e-" would otherwise be
 * reformatted away), and replaced when the value changes from elsewhere (slider, reset, undo).
 */
export function useDraftText(value: unknown, format: (v: unknown) => string, parse: (text: string) => unknown) {
  const [text, setText] = useState(() => format(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (JSON.stringify(parse(text)) !== JSON.stringify(value)) setText(format(value));
  }
  return [text, setText] as const;
}
