/**
 * The selected schedule's stepping and parameters (a form generated from its definition), its docs
 * and its code.
 * Every edit goes to the store: a valid spec replaces the entry's spec (the chart redraws), an
 * invalid one stays a draft with the engine's message at the field it names, and the chart keeps
 * the last valid curve, marked stale.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { getDefinition, validateSpec } from '../schedules';
import { fitHorizon, useStudio, type ScheduleEntry } from '../state/studio';
import { fieldErrorOf, FormErrorContext, HorizonContext } from './forms/Field';
import { ParamForm } from './forms/ParamForm';
import { SchedulerDocs } from './SchedulerDocs';
import { DesignedForNote, SteppingField } from './ScheduleStepping';
import { codegenOptions, copyText, loadCodegen } from './Toolbar';

// Only plateau schedules have a metric: its section (sources, CSV reading, run picker) is a chunk of
// its own, not part of the first page load.
const MetricSection = lazy(() => import('./MetricSection').then((m) => ({ default: m.MetricSection })));

function CodePanel({ entry }: { entry: ScheduleEntry }) {
  const totalSteps = useStudio((s) => s.settings.totalSteps);
  const stepsPerEpoch = useStudio((s) => s.settings.stepsPerEpoch);
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState('');
  // Code export is its own chunk, loaded when the panel first opens.
  const [codegen, setCodegen] = useState<Awaited<ReturnType<typeof loadCodegen>> | null>(null);
  useEffect(() => {
    if (open && !codegen) void loadCodegen().then(setCodegen);
  }, [open, codegen]);
  const code = useMemo(() => {
    if (!open || !codegen) return '';
    try {
      return codegen.generateCode(entry.spec, codegenOptions(entry, { totalSteps, stepsPerEpoch }));
    } catch (e) {
      return `# could not generate code: ${(e as Error).message}`;
    }
  }, [open, codegen, entry, totalSteps, stepsPerEpoch]);
  return (
    <details className="code-panel" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Python code</summary>
      {open && (
        <>
          <pre className="code-block" data-testid="code-block">
            {codegen ? code : 'Loading…'}
          </pre>
          <button
            type="button"
            disabled={!codegen}
            onClick={async () => setCopied((await copyText(code)) ? 'Copied.' : 'Select the code above and copy it.')}
          >
            Copy this code
          </button>
          <span role="status" className="toolbar-status">
            {copied}
          </span>
        </>
      )}
    </details>
  );
}

export function ScheduleEditor() {
  const entry = useStudio((s) => s.schedules.find((e) => e.id === s.selectedId));
  const draft = useStudio((s) => (s.selectedId ? s.drafts[s.selectedId] : undefined));
  const editSpec = useStudio((s) => s.editSpec);
  const discardDraft = useStudio((s) => s.discardDraft);
  const shown = draft ?? entry?.spec;
  const error = useMemo(() => (draft ? validateSpec(draft) : null), [draft]);
  const fieldError = useMemo(() => fieldErrorOf(error), [error]);
  const totalSteps = useStudio((s) => s.settings.totalSteps);
  const stepsPerEpoch = useStudio((s) => s.settings.stepsPerEpoch);
  const stepping = entry?.stepping ?? 'iteration';
  // Step counts' sliders span the horizon in this schedule's own steps.
  const horizon = useMemo(() => fitHorizon({ totalSteps, stepsPerEpoch }, stepping), [totalSteps, stepsPerEpoch, stepping]);

  if (!entry || !shown) {
    return (
      <div className="schedule-editor">
        <h2>Parameters</h2>
        <p className="muted">Select a schedule, or add one with the Scheduler picker.</p>
      </div>
    );
  }
  const def = getDefinition(shown.scheduler);
  const params = (shown.params ?? {}) as Record<string, unknown>;
  return (
    <div className="schedule-editor" data-entry-id={entry.id}>
      <h2>
        {entry.name} <span className="muted small">{shown.scheduler}</span>
      </h2>
      <SteppingField entry={entry} />
      <DesignedForNote entry={entry} />
      {error && (
        <div className="stale-banner" role="alert">
          <p>
            <strong>Invalid input:</strong> {error.message}
          </p>
          <p className="muted">The chart keeps the last valid curve (marked stale) until this is fixed.</p>
          <button type="button" onClick={() => discardDraft(entry.id)}>
            Revert to the last valid values
          </button>
        </div>
      )}
      {def ? (
        <FormErrorContext.Provider value={fieldError}>
          <HorizonContext.Provider value={horizon}>
            <form className="params" aria-label={`Parameters of ${entry.name}`} onSubmit={(e) => e.preventDefault()} noValidate>
              <ParamForm
                params={def.params}
                values={params}
                path=""
                onChange={(next) => editSpec(entry.id, { scheduler: shown.scheduler, params: next })}
              />
            </form>
          </HorizonContext.Provider>
        </FormErrorContext.Provider>
      ) : (
        <p className="error">Unknown scheduler “{shown.scheduler}”.</p>
      )}
      {def?.metricDriven && (
        <Suspense fallback={<p className="muted small">Loading the metric…</p>}>
          <MetricSection entry={entry} />
        </Suspense>
      )}
      {def && <SchedulerDocs def={def} spec={entry.spec} stepping={entry.stepping} />}
      <CodePanel entry={entry} />
    </div>
  );
}
