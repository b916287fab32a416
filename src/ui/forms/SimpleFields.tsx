/**
 * Enum selects, checkboxes, list and mapping editors (`milestones`, `boundaries_and_scales`) and
 * the code field for Python lambdas, with the parse error pointed at in the text.
 */
import { useMemo } from 'react';
import { compileLambda, ExpressionSyntaxError } from '../../schedules';
import { FieldShell, useDraftText, type FieldProps } from './Field';
import { formatList, formatMap, listTextError, mapTextError, numberTextError, parseListOrNumberText, parseListText, parseMapText } from './values';

export function EnumField(props: FieldProps) {
  const { def, value, onChange } = props;
  if (def.type.kind !== 'enum') return null;
  const options = def.type.options;
  const shown = String(value === undefined ? def.default : value);
  return (
    <FieldShell {...props}>
      {(ctrl) => (
        <select
          id={ctrl.id}
          value={shown}
          aria-invalid={ctrl.invalid || undefined}
          aria-describedby={ctrl.describedBy}
          onChange={(e) => onChange(e.target.value)}
        >
          {!options.includes(shown) && <option value={shown}>{shown}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** A plain string argument (Keras's `name`), passed on as typed. */
export function StringField(props: FieldProps) {
  const { def, value, onChange } = props;
  const shown = typeof value === 'string' ? value : typeof def.default === 'string' ? def.default : '';
  return (
    <FieldShell {...props}>
      {(ctrl) => (
        <input
          id={ctrl.id}
          type="text"
          value={shown}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={ctrl.invalid || undefined}
          aria-describedby={ctrl.describedBy}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FieldShell>
  );
}

export function BooleanField(props: FieldProps) {
  const { def, value, onChange } = props;
  const shown = (value === undefined ? def.default : value) === true;
  return (
    <FieldShell {...props}>
      {(ctrl) => (
        <input
          id={ctrl.id}
          type="checkbox"
          checked={shown}
          aria-invalid={ctrl.invalid || undefined}
          aria-describedby={ctrl.describedBy}
          onChange={(e) => onChange(e.target.checked)}
        />
      )}
    </FieldShell>
  );
}

/** A one-line text editor of a structured value (a list, a mapping), parsed on every keystroke. */
function TextValueField({
  props,
  format,
  parse,
  explain,
  placeholder,
}: {
  props: FieldProps;
  format(v: unknown): string;
  parse(text: string): unknown;
  /** Why the text is not a value, where the engine's message would say less (which item, and why). */
  explain?(text: string): string | null;
  placeholder: string;
}) {
  const { def, value, onChange } = props;
  const shown = value === undefined ? def.default : value;
  const [text, setText] = useDraftText(shown, format, parse);
  return (
    <FieldShell {...props} parseError={explain?.(text) ?? null}>
      {(ctrl) => (
        <input
          id={ctrl.id}
          type="text"
          className="list-text"
          value={text}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={ctrl.invalid || undefined}
          aria-describedby={ctrl.describedBy}
          onChange={(e) => {
            setText(e.target.value);
            onChange(parse(e.target.value));
          }}
        />
      )}
    </FieldShell>
  );
}

export function NumberListField(props: FieldProps) {
  const t = props.def.type;
  const orNumber = t.kind === 'numberList' && t.orNumber;
  const parse = orNumber ? parseListOrNumberText : parseListText;
  // A bare word in a number-or-list field is one number that is not one; anything else is a list.
  const explain = (text: string) => (orNumber && typeof parse(text) === 'string' ? numberTextError(text) : listTextError(text));
  return <TextValueField props={props} format={formatList} parse={parse} explain={explain} placeholder="e.g. 30, 80" />;
}

export function NumberMapField(props: FieldProps) {
  return <TextValueField props={props} format={formatMap} parse={parseMapText} explain={mapTextError} placeholder="step: scale, e.g. 300: 0.1, 600: 0.1" />;
}

/** Where the parser stopped, for the caret under the source. */
function syntaxErrorAt(source: string): ExpressionSyntaxError | null {
  try {
    compileLambda(source);
    return null;
  } catch (e) {
    return e instanceof ExpressionSyntaxError ? e : null;
  }
}

export function ExpressionField(props: FieldProps) {
  const { def, value, onChange } = props;
  const source = typeof value === 'string' ? value : typeof def.default === 'string' ? def.default : '';
  const syntax = useMemo(() => syntaxErrorAt(source), [source]);
  const pos = syntax ? Math.min(Math.max(0, syntax.position), source.length) : -1;
  return (
    <FieldShell {...props}>
      {(ctrl) => (
        <div className="expr">
          <input
            id={ctrl.id}
            type="text"
            className="code"
            value={source}
            placeholder="lambda epoch: 0.95 ** epoch"
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            aria-invalid={ctrl.invalid || undefined}
            aria-describedby={ctrl.describedBy}
            onChange={(e) => onChange(e.target.value)}
          />
          {syntax && (
            <pre className="expr-caret" aria-hidden="true">
              {source.slice(0, pos)}
              <mark>{source.slice(pos, pos + 1) || ' '}</mark>
              {source.slice(pos + 1)}
              {'\n'}
              {' '.repeat(pos)}^
            </pre>
          )}
        </div>
      )}
    </FieldShell>
  );
}
