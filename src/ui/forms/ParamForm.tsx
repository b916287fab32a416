/**
 * The form generated from a definition's parameter schema: one control per parameter, chosen by
 * its ParamType kind. Values not set show (and use) the framework default.
 */
import { memo, useCallback, useLayoutEffect, useRef, type ComponentType } from 'react';
import type { ParamDef, ParamKind } from '../../schedules';
import { NestedFormContext, type FieldProps, type ParamFormProps } from './Field';
import { NumberOrScheduleField, RecordListField, ScheduleField, ScheduleListField } from './ChildFields';
import { NumberField } from './NumberField';
import { BooleanField, EnumField, ExpressionField, NumberListField, NumberMapField, StringField } from './SimpleFields';
import { joinPath } from './values';

const CONTROLS: Record<ParamKind, ComponentType<FieldProps>> = {
  number: NumberField,
  integer: NumberField,
  boolean: BooleanField,
  enum: EnumField,
  string: StringField,
  numberList: NumberListField,
  numberMap: NumberMapField,
  expression: ExpressionField,
  schedule: ScheduleField,
  scheduleList: ScheduleListField,
  numberOrSchedule: NumberOrScheduleField,
  recordList: RecordListField,
};

/** `values` with `name` set to `v`, or removed when `v` is undefined (back to the default). */
function withParam(values: Record<string, unknown>, name: string, v: unknown): Record<string, unknown> {
  const out = { ...values };
  if (v === undefined) delete out[name];
  else out[name] = v;
  return out;
}

/**
 * One parameter's control. Memoized with a stable `onChange`: dragging one slider re-renders that
 * field only, not every field of the form (the chart must redraw within a frame).
 */
const ParamRow = memo(function ParamRow({
  def,
  path,
  value,
  setParam,
}: {
  def: ParamDef;
  path: string;
  value: unknown;
  setParam(name: string, v: unknown): void;
}) {
  const Control = CONTROLS[def.type.kind];
  const onChange = useCallback((v: unknown) => setParam(def.name, v), [setParam, def.name]);
  return <Control def={def} path={path} value={value} onChange={onChange} />;
});

export function ParamForm({ params, values, path, omitBaseLr = false, onChange }: ParamFormProps) {
  // The latest values and handler, read when a field changes: the fields' callbacks stay stable.
  const latest = useRef({ values, onChange });
  useLayoutEffect(() => {
    latest.current = { values, onChange };
  });
  const setParam = useCallback((name: string, v: unknown) => {
    const { values: current, onChange: emit } = latest.current;
    emit(withParam(current, name, v));
  }, []);
  return (
    <NestedFormContext.Provider value={renderNestedForm}>
      <div className="param-form">
        {params
          .filter((p) => !(omitBaseLr && p.role === 'baseLr'))
          .map((p) => (
            <ParamRow key={p.name} def={p} path={joinPath(path, p.name)} value={values[p.name]} setParam={setParam} />
          ))}
      </div>
    </NestedFormContext.Provider>
  );
}

/** What the nested editors render a child's form with (NestedFormContext). */
function renderNestedForm(props: ParamFormProps) {
  return <ParamForm {...props} />;
}
