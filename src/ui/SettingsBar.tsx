/**
 * Global settings: the experiment's horizon (total steps, steps per epoch) and the x axis in steps
 * or epochs. Each schedule's stepping is its own (the editor's "Stepping"). Text is read by the page's one number parser (./numberText: "30, 80" is refused, never
 * read as 3080), values are checked with the same schema links and storage use; an invalid one
 * shows its message at the field and the chart keeps the last valid setting.
 */
import { useId, useState } from 'react';
import { settingsSchema } from '../state/schema';
import { useStudio, type StudioSettings } from '../state/studio';
import { readNumber } from './numberText';

function StepsField({ label, field, hint }: { label: string; field: 'totalSteps' | 'stepsPerEpoch'; hint: string }) {
  const id = useId();
  const value = useStudio((s) => s.settings[field]);
  const update = useStudio((s) => s.updateSettings);
  const [text, setText] = useState(String(value));
  const [seen, setSeen] = useState(value);
  const [error, setError] = useState<string | null>(null);
  if (seen !== value) {
    setSeen(value);
    // Changed elsewhere (a link, a preset): show it, unless the text already reads as it.
    const typed = readNumber(text);
    if (!typed.ok || typed.value !== value) {
      setText(String(value));
      setError(null);
    }
  }
  const commit = (t: string) => {
    setText(t);
    // What does not read as one number stays in the field with the reason; the setting keeps its value.
    const typed = readNumber(t);
    if (!typed.ok) {
      setError(typed.generic ? `${label.toLowerCase()} must be a whole number` : `${label.toLowerCase()}: ${typed.error}`);
      return;
    }
    const r = settingsSchema.shape[field].safeParse(typed.value);
    if (!r.success) {
      setError(r.error.issues[0].message);
      return;
    }
    setError(null);
    if (r.data !== value) update({ [field]: r.data } as Partial<StudioSettings>);
  };
  const nudge = (d: number) => commit(String(Math.max(1, value + d)));
  return (
    <div className={`setting${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        role="spinbutton"
        aria-valuenow={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-err` : ''}`}
        value={text}
        size={9}
        onChange={(e) => commit(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
            e.preventDefault();
            const step = e.shiftKey ? Math.max(10, 10 ** Math.floor(Math.log10(Math.max(1, value)))) : 1;
            nudge(e.key === 'ArrowUp' ? step : -step);
          }
        }}
      />
      <span className="sr-only" id={`${id}-hint`}>
        {hint}
      </span>
      {error && (
        <span className="field-error" id={`${id}-err`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

function Choice<K extends 'xAxis'>({
  label,
  field,
  options,
}: {
  label: string;
  field: K;
  options: { value: StudioSettings[K]; text: string }[];
}) {
  const id = useId();
  const value = useStudio((s) => s.settings[field]);
  const update = useStudio((s) => s.updateSettings);
  return (
    <div className="setting">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => update({ [field]: e.target.value } as Partial<StudioSettings>)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SettingsBar() {
  return (
    <section className="settings-bar" aria-label="Settings">
      <StepsField label="Total steps" field="totalSteps" hint="Optimizer updates shown on the chart (and trained)." />
      <StepsField label="Steps per epoch" field="stepsPerEpoch" hint="Optimizer updates in one epoch." />
      <Choice
        label="X axis"
        field="xAxis"
        options={[
          { value: 'step', text: 'steps' },
          { value: 'epoch', text: 'epochs' },
        ]}
      />
    </section>
  );
}
