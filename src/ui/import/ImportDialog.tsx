/**
 * The import dialog: paste code or a config (or choose / drop a file), see what was understood
 * before anything is added (one line per schedule with a small preview, the run context the
 * import assumed, the notes, and what adding changes in the studio's settings), type over the run
 * context and see it all read again at once, then add. A chunk of its own with the importer: it is
 * loaded the first time the dialog opens, not with the page.
 */
import { useDeferredValue, useEffect, useId, useMemo, useRef, type ChangeEvent } from 'react';
import { computeCurve, isMetricDriven } from '../../curves/compute';
import { ImportError, importSchedules, type ImportResult, type RunContext } from '../../import';
import { getDefinition } from '../../schedules';
import { useImportDraft, type ContextField } from '../../state/importDraft';
import { planImport, type RunSettings } from '../../state/importing';
import { MAX_SCHEDULES } from '../../state/schema';
import { useStudio } from '../../state/studio';
import { keyParamText } from '../chart/series';
import { readNumber } from '../numberText';
import { readDrop } from './ImportDrop';
import './import.css';

/** The run context's fields, in the order a person thinks of a run. */
const CONTEXT_FIELDS: { field: ContextField; label: string; whole: boolean }[] = [
  { field: 'totalSteps', label: 'Total updates', whole: true },
  { field: 'epochs', label: 'Epochs', whole: false },
  { field: 'stepsPerEpoch', label: 'Steps per epoch', whole: true },
  { field: 'datasetSize', label: 'Dataset size', whole: true },
  { field: 'batchSize', label: 'Batch size per device', whole: true },
  { field: 'gradientAccumulation', label: 'Gradient accumulation', whole: true },
  { field: 'devices', label: 'Devices', whole: true },
];

/** Previews evaluate at most this many scheduler steps (the chart computes longer runs off the main thread). */
const PREVIEW_MAX_STEPS = 200_000;
const PREVIEW_POINTS = 120;

type Outcome = { kind: 'empty' } | { kind: 'error'; error: ImportError } | { kind: 'failed'; message: string } | { kind: 'ok'; result: ImportResult };

function read(text: string, context: RunContext): Outcome {
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'ok', result: importSchedules(text, context) };
  } catch (e) {
    if (e instanceof ImportError) return { kind: 'error', error: e };
    // A bug in the importer must not take the page (or the pasted text) down.
    return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
}

/** A context field's text as a value, or why it is not one ('' is no value: the input's is used). */
function fieldValue(text: string | undefined, whole: boolean): { value?: number; error?: string } {
  if (text === undefined || text.trim() === '') return {};
  const n = readNumber(text);
  if (!n.ok) return { error: n.error };
  if (!(n.value > 0)) return { error: 'must be more than 0' };
  if (whole && !Number.isInteger(n.value)) return { error: 'must be a whole number' };
  return { value: n.value };
}

const show = (v: number | undefined) => (v === undefined ? '' : String(v));

/** The 0-based offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

/** The line the error is on with the character marked, and a caret under it. */
function ErrorAt({ text, error }: { text: string; error: ImportError }) {
  const start = offsetOf(text, error.line, 1);
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? undefined : end);
  const col = Math.min(Math.max(0, error.column - 1), line.length);
  // Tabs stay tabs so that the caret lines up under them.
  const pad = line.slice(0, col).replace(/[^\t]/g, ' ');
  return (
    <pre className="expr-caret import-caret" aria-hidden="true">
      {line.slice(0, col)}
      <mark>{line.slice(col, col + 1) || ' '}</mark>
      {line.slice(col + 1)}
      {'\n'}
      {pad}^
    </pre>
  );
}

function Preview({ values, name }: { values: Float64Array; name: string }) {
  const n = values.length;
  if (n === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo || 1;
  const pts: string[] = [];
  const count = Math.min(n, PREVIEW_POINTS);
  for (let k = 0; k < count; k++) {
    const i = count === 1 ? 0 : Math.round((k * (n - 1)) / (count - 1));
    pts.push(`${((i / Math.max(1, n - 1)) * 100).toFixed(2)},${(28 - ((values[i] - lo) / span) * 26).toFixed(2)}`);
  }
  return (
    <svg className="import-preview" viewBox="0 0 100 30" preserveAspectRatio="none" role="img" aria-label={`${name}: from ${values[0].toPrecision(3)} to ${values[n - 1].toPrecision(3)} over ${n.toLocaleString('en-US')} steps`} data-testid="import-preview" data-length={n} data-last={values[n - 1]}>
      <polyline points={pts.join(' ')} fill="none" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}

function ScheduleLine({ s, settings }: { s: ImportResult['schedules'][number]; settings: RunSettings }) {
  const def = getDefinition(s.spec.scheduler);
  const evaluated = s.stepping === 'epoch' ? Math.ceil(settings.totalSteps / settings.stepsPerEpoch) : settings.totalSteps;
  const curve = useMemo(
    () => (evaluated <= PREVIEW_MAX_STEPS ? computeCurve(s.spec, { ...settings, stepping: s.stepping }, isMetricDriven(s.spec)) : null),
    [s.spec, s.stepping, settings, evaluated],
  );
  return (
    <li className="import-schedule" data-testid="import-schedule" data-scheduler={s.spec.scheduler} data-stepping={s.stepping}>
      <div className="import-schedule-text">
        <strong>{s.name}</strong> <code>{s.spec.scheduler}</code>
        <span className="import-params">{keyParamText(def, s.spec)}</span>
        <span className="muted">{s.stepping === 'epoch' ? 'steps once per epoch' : 'steps every update'}</span>
        {curve?.error && <span className="field-error">{curve.error}</span>}
        {!curve && <span className="muted">(no preview for {evaluated.toLocaleString('en-US')} steps: the chart shows it once added)</span>}
      </div>
      {curve && <Preview values={curve.values} name={s.name} />}
    </li>
  );
}

function ContextFields({ assumed, typed }: { assumed: RunContext | null; typed: Partial<Record<ContextField, string>> }) {
  const id = useId();
  const setField = useImportDraft((s) => s.setContextField);
  const reset = useImportDraft((s) => s.resetContext);
  const changed = Object.keys(typed).length > 0;
  return (
    <fieldset className="import-context">
      <legend>Run context</legend>
      <p className="muted small">What turns epochs and ratios into updates: the input’s values, or yours where you type them.</p>
      <div className="import-context-grid">
        {CONTEXT_FIELDS.map(({ field, label, whole }) => {
          const text = typed[field];
          const { error } = fieldValue(text, whole);
          const fromInput = show(assumed?.[field]);
          return (
            <div key={field} className={`import-field${error ? ' has-error' : ''}`}>
              <label htmlFor={`${id}-${field}`}>{label}</label>
              <input
                id={`${id}-${field}`}
                data-testid={`import-context-${field}`}
                type="text"
                inputMode={whole ? 'numeric' : 'decimal'}
                value={text ?? fromInput}
                placeholder={text !== undefined && fromInput ? `input: ${fromInput}` : 'not given'}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${id}-${field}-err` : undefined}
                onChange={(e) => setField(field, e.target.value)}
              />
              {error && (
                <span className="field-error" id={`${id}-${field}-err`}>
                  {label.toLowerCase()}: {error}
                </span>
              )}
            </div>
          );
        })}
      </div>
      {changed && (
        <button type="button" className="linkish" onClick={reset}>
          Use the input’s values
        </button>
      )}
    </fieldset>
  );
}

export function ImportDialog() {
  const ref = useRef<HTMLDialogElement>(null);
  const textId = useId();
  const draft = useImportDraft();
  const settings = useStudio((s) => s.settings);
  const scheduleCount = useStudio((s) => s.schedules.length);
  const addImported = useStudio((s) => s.addImported);
  const undoImport = useStudio((s) => s.undoImport);
  const setNotice = useStudio((s) => s.setNotice);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const text = useDeferredValue(draft.text);
  const context = useMemo(() => {
    const c: RunContext = {};
    for (const { field, whole } of CONTEXT_FIELDS) {
      const v = fieldValue(draft.context[field], whole).value;
      if (v !== undefined) c[field] = v;
    }
    return c;
  }, [draft.context]);
  const outcome = useMemo(() => read(text, context), [text, context]);
  const result = outcome.kind === 'ok' ? outcome.result : null;
  const plan = useMemo(() => (result ? planImport(settings, result) : null), [settings, result]);
  const tooMany = result !== null && scheduleCount + result.schedules.length > MAX_SCHEDULES;
  const canAdd = result !== null && result.schedules.length > 0 && !tooMany;

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const dt = new DataTransfer();
    for (const f of Array.from(input.files ?? [])) dt.items.add(f);
    input.value = '';
    const r = await readDrop(dt);
    if ('error' in r) draft.showMessage(r.error);
    else draft.show(r.text, r.source, r.message);
  };

  const goToError = (error: ImportError) => {
    const ta = document.getElementById(textId) as HTMLTextAreaElement | null;
    if (!ta) return;
    const at = offsetOf(draft.text, error.line, error.column);
    ta.focus();
    ta.setSelectionRange(at, Math.min(at + 1, draft.text.length));
  };

  const add = () => {
    if (!result || !plan || !canAdd) return;
    const receipt = addImported(result);
    const names = result.schedules.map((s) => s.name).join(', ');
    setNotice({
      kind: 'info',
      text: `Imported ${result.schedules.length === 1 ? 'a schedule' : `${result.schedules.length} schedules`}: ${names}.`,
      items: plan.changes,
      actions: [
        {
          label: 'Undo import',
          run: () => {
            undoImport(receipt);
            setNotice(null);
          },
        },
      ],
    });
    draft.clear();
    ref.current?.close();
  };

  const errorId = `${textId}-error`;
  return (
    <dialog
      ref={ref}
      className="import-dialog"
      aria-labelledby={`${textId}-title`}
      data-testid="import-dialog"
      onClose={() => draft.hide()}
      onClick={(e) => e.target === ref.current && ref.current?.close()}
    >
      <div className="import-head">
        <h2 id={`${textId}-title`}>Import schedules</h2>
        <button type="button" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      <div className="import-input">
        <label htmlFor={textId}>Paste a training script or config</label>
        <textarea
          id={textId}
          data-testid="import-text"
          className="code"
          rows={10}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          placeholder={'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30)\n…or a Hugging Face / timm / PaddleOCR / OpenMMLab config (YAML, JSON, --flags, Python), Keras JSON'}
          value={draft.text}
          aria-invalid={outcome.kind === 'error' || undefined}
          aria-describedby={outcome.kind === 'error' ? errorId : undefined}
          onChange={(e) => draft.setText(e.target.value)}
        />
        <div className="import-file">
          <label>
            Or choose a file <input type="file" data-testid="import-file" onChange={(e) => void onFile(e)} />
          </label>
          <span className="muted small">or drop one anywhere on the page.</span>
          {draft.source && <span className="small">From {draft.source}</span>}
        </div>
        {draft.dropMessage && (
          <p className="field-error" role="alert">
            {draft.dropMessage}
          </p>
        )}
        {outcome.kind === 'error' && (
          <div className="import-error" data-testid="import-error">
            <p className="field-error" id={errorId} role="alert">
              {outcome.error.message}{' '}
              <button type="button" className="linkish" onClick={() => goToError(outcome.error)}>
                Show in the text
              </button>
            </p>
            <ErrorAt text={draft.text} error={outcome.error} />
          </div>
        )}
        {outcome.kind === 'failed' && (
          <p className="field-error" role="alert" data-testid="import-error">
            The importer failed on this input: {outcome.message}
          </p>
        )}
      </div>

      <section className="import-summary" aria-label="What was understood" data-testid="import-summary">
        {result && result.schedules.length > 0 && plan && (
          <ul className="import-schedules">
            {result.schedules.map((s, i) => (
              <ScheduleLine key={i} s={s} settings={plan.settings} />
            ))}
          </ul>
        )}
        {result && result.schedules.length === 0 && <p className="import-nothing">No schedule yet: the notes below say what the run context needs.</p>}
        {result && result.notes.length > 0 && (
          <>
            <h3>Notes</h3>
            <ul className="import-notes" data-testid="import-notes">
              {result.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          </>
        )}
        {plan && result && result.schedules.length > 0 && plan.changes.length > 0 && (
          <>
            <h3>Adding changes the studio’s settings (one for all schedules)</h3>
            <ul className="import-changes" data-testid="import-changes">
              {plan.changes.map((c, i) => (
                <li key={i}>{c}</li>
              ))}
            </ul>
          </>
        )}
        {tooMany && <p className="field-error">The studio holds at most {MAX_SCHEDULES} schedules: remove some first.</p>}
      </section>

      <ContextFields assumed={result?.context ?? null} typed={draft.context} />

      <div className="import-actions">
        <button type="button" className="primary" disabled={!canAdd} onClick={add}>
          {result && result.schedules.length > 1 ? `Add ${result.schedules.length} schedules` : 'Add schedule'}
        </button>
        <button type="button" onClick={() => ref.current?.close()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
