/**
 * The form generated from a definition's parameter schema: one control per parameter, chosen by
 * its ParamType kind. Values not set show (and use) the framework default.
 */
import type { ComponentType } from 'react';
import type { ParamDef, ParamKind } from '../../schedules';
import type { FieldProps } from './Field';
import { NumberOrScheduleField, RecordListField, ScheduleField, ScheduleListField } from './ChildFields';
import { NumberField } from './NumberField';
import { BooleanField, EnumField, ExpressionField, NumberListField, NumberMapField } from './SimpleFields';
import { joinPath } from './values';

const CONTROLS: Record<ParamKind, ComponentType<FieldProps>> = {
  number: NumberField,
  integer: NumberField,
  boolean: BooleanField,
  enum: EnumField,
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

export function ParamForm({
  params,
  values,
  path,
  omitBaseLr = false,
  onChange,
}: {
  params: readonly ParamDef[];
  values: Record<string, unknown>;
  /** Error path of the spec these params belong to ('' at the top). */
  path: string;
  /** Children sharing the parent's optimizer have no base lr of their own. */
  omitBaseLr?: boolean;
  onChange(values: Record<string, unknown>): void;
}) {
  return (
    <div className="param-form">
      {params
        .filter((p) => !(omitBaseLr && p.role === 'baseLr'))
        .map((p) => {
          const Control = CONTROLS[p.type.kind];
          return (
            <Control
              key={p.name}
              def={p}
              path={joinPath(path, p.name)}
              value={values[p.name]}
              onChange={(v) => onChange(withParam(values, p.name, v))}
            />
          );
        })}
    </div>
  );
}
