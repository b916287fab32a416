/**
 * Nested editors: a child schedule (Paddle LinearWarmup's `learning_rate`), a list of children
 * (torch SequentialLR / ChainedScheduler, optax join_schedules), a number-or-schedule switch, and
 * lists of records (optax sgdr_schedule's `cosine_kwargs`). Each child is a full generated form
 * whose error paths continue the parent's (`schedulers[1].T_max`), rendered through the form
 * ParamForm provides (useNestedForm).
 */
import { useRef, type ReactNode } from 'react';
import { FRAMEWORK_LABELS, getDefinition, schedulers, type Framework, type ParamDef, type ScheduleSpec } from '../../schedules';
import { initialSpec } from '../../state/studio';
import { FieldShell, firstValue, useFieldError, useNestedForm, type FieldProps } from './Field';
import { NumberInput, numberValueError } from './NumberField';
import { joinPath } from './values';

interface Allowed {
  frameworks: readonly Framework[];
  exclude?: readonly string[];
  omitBaseLr?: boolean;
}

function allowedDefinitions(a: Allowed) {
  return schedulers.filter((d) => a.frameworks.includes(d.framework) && !a.exclude?.includes(d.id));
}

function isSpec(v: unknown): v is ScheduleSpec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as ScheduleSpec).scheduler === 'string';
}

/** A <select> of the schedulers allowed here, grouped by framework. */
function SchedulerSelect({ label, allowed, value, onChange }: { label: string; allowed: Allowed; value: string; onChange(id: string): void }) {
  const defs = allowedDefinitions(allowed);
  const frameworks = [...new Set(defs.map((d) => d.framework))];
  return (
    <select className="child-scheduler" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {!defs.some((d) => d.id === value) && <option value={value}>{value || 'choose…'}</option>}
      {frameworks.map((fw) => (
        <optgroup key={fw} label={FRAMEWORK_LABELS[fw]}>
          {defs
            .filter((d) => d.framework === fw)
            .map((d) => (
              <option key={d.id} value={d.id}>
                {frameworks.length > 1 ? d.id : d.name}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

/** One child spec: which scheduler, then its own generated form. */
function ChildSpecEditor({
  spec,
  path,
  allowed,
  label,
  ownError = false,
  onChange,
}: {
  spec: ScheduleSpec;
  path: string;
  allowed: Allowed;
  label: string;
  /** Show errors about the child spec itself (list items; a single child's shell shows them). */
  ownError?: boolean;
  onChange(spec: ScheduleSpec): void;
}) {
  const nestedForm = useNestedForm();
  const def = getDefinition(spec.scheduler);
  const fieldError = useFieldError(path);
  const error = ownError ? fieldError : null;
  const params = (spec.params ?? {}) as Record<string, unknown>;
  return (
    <div className="child-spec">
      <SchedulerSelect
        label={label}
        allowed={allowed}
        value={spec.scheduler}
        onChange={(id) => onChange(initialSpec(id, allowed.omitBaseLr))}
      />
      {error && (
        <p className="field-error" role="alert" data-path={path}>
          {error}
        </p>
      )}
      {def &&
        nestedForm({
          params: def.params,
          values: params,
          path,
          omitBaseLr: allowed.omitBaseLr,
          onChange: (next) => onChange({ scheduler: spec.scheduler, params: next }),
        })}
    </div>
  );
}

function move<T>(list: readonly T[], i: number, j: number): T[] {
  const out = [...list];
  const [x] = out.splice(i, 1);
  out.splice(j, 0, x);
  return out;
}

function ItemActions({ what, i, n, onMove, onRemove }: { what: string; i: number; n: number; onMove(j: number): void; onRemove(): void }) {
  return (
    <span className="item-actions">
      <button type="button" aria-label={`Move ${what} up`} disabled={i === 0} onClick={() => onMove(i - 1)}>
        ↑
      </button>
      <button type="button" aria-label={`Move ${what} down`} disabled={i === n - 1} onClick={() => onMove(i + 1)}>
        ↓
      </button>
      <button type="button" aria-label={`Remove ${what}`} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}

/** One item of a list field: a fieldset named `name[i]` with move/remove buttons. */
function ListItem({
  what,
  i,
  list,
  onChange,
  children,
}: {
  what: string;
  i: number;
  list: readonly unknown[];
  onChange(list: unknown[]): void;
  children: ReactNode;
}) {
  return (
    <fieldset className="child" aria-label={what}>
      <legend>
        <code>{what}</code>
        <ItemActions
          what={what}
          i={i}
          n={list.length}
          onMove={(j) => onChange(move(list, i, j))}
          onRemove={() => onChange(list.filter((_, k) => k !== i))}
        />
      </legend>
      {children}
    </fieldset>
  );
}

export function ScheduleField(props: FieldProps) {
  const { def, path, value, onChange } = props;
  if (def.type.kind !== 'schedule') return null;
  const t = def.type;
  const spec = isSpec(value) ? value : isSpec(def.default) ? def.default : initialSpec(allowedDefinitions(t)[0]?.id ?? '', t.omitBaseLr);
  return (
    <FieldShell {...props} group>
      {() => <ChildSpecEditor spec={spec} path={path} allowed={t} label={`${def.name} scheduler`} onChange={onChange} />}
    </FieldShell>
  );
}

/** The items a list field shows (its value, else its default) and the error path of its owner. */
function listOf(def: ParamDef, path: string, value: unknown): { list: unknown[]; parentPath: string } {
  const list: unknown[] = Array.isArray(value) ? value : Array.isArray(def.default) ? def.default : [];
  return { list, parentPath: path.slice(0, Math.max(0, path.length - def.name.length - 1)) };
}

export function ScheduleListField(props: FieldProps) {
  const { def, path, value, onChange } = props;
  if (def.type.kind !== 'scheduleList') return null;
  const t = def.type;
  const { list, parentPath } = listOf(def, path, value);
  return (
    <FieldShell {...props} group>
      {() => (
        <div className="child-list">
          {list.map((child, i) => {
            const what = `${def.name}[${i}]`;
            const childPath = joinPath(parentPath, def.name, i);
            return (
              <ListItem key={i} what={what} i={i} list={list} onChange={onChange}>
                <ChildSpecEditor
                  spec={isSpec(child) ? child : { scheduler: '', params: {} }}
                  path={childPath}
                  allowed={t}
                  label={`${what} scheduler`}
                  ownError
                  onChange={(c) => onChange(list.map((x, k) => (k === i ? c : x)))}
                />
              </ListItem>
            );
          })}
          <label className="add-child">
            <span>Add to {def.name}</span>
            <select
              value=""
              aria-label={`Add a scheduler to ${def.name}`}
              onChange={(e) => e.target.value && onChange([...list, initialSpec(e.target.value, t.omitBaseLr)])}
            >
              <option value="">choose a scheduler…</option>
              {allowedDefinitions(t).map((d) => (
                <option key={d.id} value={d.id}>
                  {d.id}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
    </FieldShell>
  );
}

export function NumberOrScheduleField(props: FieldProps) {
  const { def, path, value, onChange } = props;
  // The other branch's last value, restored when switching back.
  const other = useRef<unknown>(undefined);
  if (def.type.kind !== 'numberOrSchedule') return null;
  const t = def.type;
  const shown = value === undefined ? def.default : value;
  const asSchedule = isSpec(shown);
  const switchTo = (schedule: boolean) => {
    if (schedule === asSchedule) return;
    const restore = other.current;
    other.current = shown;
    if (schedule) onChange(isSpec(restore) ? restore : initialSpec(allowedDefinitions(t)[0]?.id ?? '', false));
    else onChange(typeof restore === 'number' ? restore : firstValue({ ...def, example: undefined } as ParamDef));
  };
  return (
    <FieldShell {...props} parseError={asSchedule ? null : numberValueError(shown)}>
      {(ctrl) => (
        <div className="number-or-schedule">
          <div className="segmented" role="radiogroup" aria-label={`${def.name} kind`}>
            <label>
              <input type="radio" name={`${ctrl.id}-kind`} checked={!asSchedule} onChange={() => switchTo(false)} />
              number
            </label>
            <label>
              <input type="radio" name={`${ctrl.id}-kind`} checked={asSchedule} onChange={() => switchTo(true)} />
              scheduler
            </label>
          </div>
          {asSchedule ? (
            <ChildSpecEditor spec={shown as ScheduleSpec} path={path} allowed={t} label={`${def.name} scheduler`} onChange={onChange} />
          ) : (
            <NumberInput
              ctrl={ctrl}
              name={def.name}
              integer={false}
              slider={t.slider}
              value={shown}
              fallback={typeof def.example === 'number' ? def.example : (t.slider?.min ?? 0)}
              onChange={onChange}
            />
          )}
        </div>
      )}
    </FieldShell>
  );
}

function newRecord(fields: readonly ParamDef[], last: unknown): Record<string, unknown> {
  if (last && typeof last === 'object' && !Array.isArray(last)) return structuredClone(last as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f.default === undefined) out[f.name] = firstValue(f);
  return out;
}

export function RecordListField(props: FieldProps) {
  const nestedForm = useNestedForm();
  const { def, path, value, onChange } = props;
  if (def.type.kind !== 'recordList') return null;
  const fields = def.type.fields;
  const { list, parentPath } = listOf(def, path, value);
  return (
    <FieldShell {...props} group>
      {() => (
        <div className="child-list">
          {list.map((rec, i) => {
            const what = `${def.name}[${i}]`;
            const values = rec && typeof rec === 'object' && !Array.isArray(rec) ? (rec as Record<string, unknown>) : {};
            return (
              <ListItem key={i} what={what} i={i} list={list} onChange={onChange}>
                {nestedForm({
                  params: fields,
                  values,
                  path: joinPath(parentPath, def.name, i),
                  onChange: (next) => onChange(list.map((x, k) => (k === i ? next : x))),
                })}
              </ListItem>
            );
          })}
          <button type="button" className="add-child" onClick={() => onChange([...list, newRecord(fields, list[list.length - 1])])}>
            Add to {def.name}
          </button>
        </div>
      )}
    </FieldShell>
  );
}
