/**
 * Form fields of the training setup. What the user types stays in the field until it is valid;
 * a bad value shows its message at the field and never reaches the setup.
 */
import { useId, useState, type ReactNode } from 'react';
import type { core } from 'zod';
import { trainingSetupSchema } from '../../state/trainingSetup';
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

/** Parses a number as typed: `1e-7`, `0.9`, ` 64 `. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** Parses `128, 64` into numbers; null when any part is not a number. */
export function parseNumberList(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const out = parts.map(parseNumber);
  return out.every((v): v is number => v !== null) ? out : null;
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
    parse(text: string): T | null;
    parseError: string;
    /** Message for a parsed value, or null if it may be applied. */
    validate(v: T): string | null;
    onValid(v: T): void;
    inputMode?: 'decimal' | 'numeric' | 'text';
    width?: number;
  },
) {
  const { label, help, testId, value, show, parse, parseError, validate, onValid, inputMode = 'decimal', width } = props;
  const id = useId();
  const { draft, setDraft, error, setError } = useDraft();
  const onChange = (text: string) => {
    setDraft(text);
    const v = parse(text);
    const err = v === null ? parseError : validate(v);
    setError(err);
    if (v !== null && err === null) onValid(v);
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
  return <TextField<number> {...props} show={String} parse={parseNumber} parseError="enter a number" />;
}

export function ListField(props: FieldShell & { value: number[]; validate(v: number[]): string | null; onValid(v: number[]): void; width?: number }) {
  return <TextField<number[]> {...props} show={(v) => v.join(', ')} parse={parseNumberList} parseError="enter numbers separated by commas" inputMode="text" />;
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
