/**
 * Form fields of the training setup. What the user types stays in the field until it is valid;
 * a bad value shows its message at the field and never reaches the setup.
 */
import { useId, useState, type ReactNode } from 'react';
import type { core } from 'zod';
import { trainingSetupSchema } from '../../state/trainingSetup';
import { readNumber, readNumberList } from '../numberText';
import type { TrainingSetup } from '../../training/setup';

/** A user-facing message for a zod issue. */
export function issueText(issue: core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'number') return `must be at least ${issue.minimum}${issue.inclusive === false ? ' (exclusive)' : ''}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `must be at most ${issue.maximum}`;
  if (issue.code === 'too_small' && issue.origin === 'array') return issue.message.startsWith('Too small') ? `needs at least ${issue.minimum} value(s)` : issue.message;
  if (issue.code === 'too_big' && issue.origin === 'array') return issue.message.startsWith('Too big') ? `takes at most ${issue.maximum} values` : issue.message;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be a whole number';
  return issue.message;
}

/** The message for `patch` applied to `setup`, at `path` (dot-joined), or null when valid. */
export function setupError(setup: TrainingSetup, patch: Partial<TrainingSetup>, path: string): string | null {
  const r = trainingSetupSchema.safeParse({ ...setup, ...patch });
  if (r.success) return null;
  const issue = r.error.issues.find((i) => i.path.join('.').startsWith(path));
  return issue ? issueText(issue) : null;
}

interface FieldShell {
  label: string;
  help?: string;
  testId?: string;
  children?: ReactNode;
}

/** A typed value, or why the text is not one. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses a number as typed (the page's one number parser: `1e-7`, `0.9`, ` 64 `, `1_000`). */
export function parseNumber(text: string): Parsed<number> {
  const r = readNumber(text);
  return r.ok || !r.generic ? r : { ok: false, error: 'enter a number' };
}

/** Parses `128, 64` into numbers, or says which item is not one. */
export function parseNumberList(text: string): Parsed<number[]> {
  const r = readNumberList(text);
  if (r.ok && r.value.length === 0) return { ok: false, error: 'enter numbers separated by commas' };
  return r;
}

function useDraft() {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return { draft, setDraft, error, setError };
}

export function TextField<T>(
  props: FieldShell & {
    value: T;
    show(v: T): string;
    /** The value of the text, or why it is not one (shown at the field; the last valid value stays). */
    parse(text: string): Parsed<T>;
    /** Message for a parsed value, or null if it may be applied. */
    validate(v: T): string | null;
    onValid(v: T): void;
    inputMode?: 'decimal' | 'numeric' | 'text';
    width?: number;
  },
) {
  const { label, help, testId, value, show, parse, validate, onValid, inputMode = 'decimal', width } = props;
  const id = useId();
  const { draft, setDraft, error, setError } = useDraft();
  const onChange = (text: string) => {
    setDraft(text);
    const r = parse(text);
    const err = r.ok ? validate(r.value) : r.error;
    setError(err);
    if (r.ok && err === null) onValid(r.value);
  };
  return (
    <label className={`tl-field${error ? ' invalid' : ''}`} title={help}>
      <span className="tl-label">{label}</span>
      <input
        type="text"
        inputMode={inputMode}
        value={draft ?? show(value)}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => {
          if (!error) setDraft(null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        data-testid={testId}
        style={width ? { width } : undefined}
      />
      {error && (
        <span className="tl-field-error" id={`${id}-err`} role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

export function NumberField(props: FieldShell & { value: number; validate(v: number): string | null; onValid(v: number): void; width?: number }) {
  return <TextField<number> {...props} show={String} parse={parseNumber} />;
}

export function ListField(props: FieldShell & { value: number[]; validate(v: number[]): string | null; onValid(v: number[]): void; width?: number }) {
  return <TextField<number[]> {...props} show={(v) => v.join(', ')} parse={parseNumberList} inputMode="text" />;
}

export function SelectField<T extends string>(props: FieldShell & { value: T; options: readonly { value: T; label: string }[]; onChange(v: T): void }) {
  const { label, help, testId, value, options, onChange } = props;
  return (
    <label className="tl-field" title={help}>
      <span className="tl-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CheckField(props: FieldShell & { checked: boolean; onChange(v: boolean): void }) {
  const { label, help, testId, checked, onChange } = props;
  return (
    <label className="tl-check" title={help}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      {label}
    </label>
  );
}
