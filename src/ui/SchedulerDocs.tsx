/**
 * What a scheduler is, from its definition: the formula (LaTeX typeset by KaTeX, a chunk of its own
 * fetched after the first paint so it stays out of the first page load; the LaTeX source shows until
 * then), the description, the Python module, the paper, and the
 * schedulers of other frameworks that compute the same function (one click adds one).
 */
import { memo, useEffect, useRef, useState } from 'react';
import { FRAMEWORK_LABELS, getDefinition, type SchedulerDefinition } from '../schedules';
import { useStudio } from '../state/studio';

type Katex = typeof import('katex');
let katexPromise: Promise<Katex> | null = null;

/** KaTeX and its stylesheet (~80 KB gzip), fetched once, when the first formula mounts. */
function loadKatex(): Promise<Katex> {
  katexPromise ??= Promise.all([import('katex'), import('katex/dist/katex.min.css')]).then(([k]) => (k.default ?? k) as Katex);
  return katexPromise;
}

function Formula({ tex }: { tex: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [rendered, setRendered] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    loadKatex()
      .then((katex) => {
        if (!alive || !ref.current) return;
        // KaTeX owns this element's children; React renders none there.
        katex.render(tex, ref.current, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
        setRendered(tex);
        setFailed(null);
      })
      .catch((e: unknown) => alive && setFailed(String(e)));
    return () => {
      alive = false;
    };
  }, [tex]);
  const typeset = rendered === tex && !failed;
  return (
    <div className="formula" data-testid="formula" data-typeset={typeset ? 'true' : 'false'}>
      <div ref={ref} hidden={!typeset} />
      {!typeset && <code className="tex-source">{tex}</code>}
      {failed && <p className="muted">(formula shown as LaTeX: {failed})</p>}
    </div>
  );
}

/** Memoized: the docs depend on the definition only, not on every slider input. */
export const SchedulerDocs = memo(function SchedulerDocs({ def }: { def: SchedulerDefinition }) {
  const addScheduler = useStudio((s) => s.addScheduler);
  const equivalents = (def.equivalents ?? []).map((id) => ({ id, def: getDefinition(id) }));
  return (
    <section className="docs" aria-label={`About ${def.name}`}>
      <h3>
        {def.name} <span className="muted">· {FRAMEWORK_LABELS[def.framework]}</span>
      </h3>
      <p className="module">
        <code>{def.module}</code>
      </p>
      <Formula tex={def.formula} />
      <p className="description">{def.description}</p>
      {(def.precision === 'float32' || def.metricDriven) && (
        <ul className="doc-notes">
          {def.precision === 'float32' && <li>Computed in float32, as {FRAMEWORK_LABELS[def.framework]} does by default.</li>}
          {def.metricDriven && (
            <li>Driven by a metric: the preview feeds it a synthetic validation loss that falls, then plateaus.</li>
          )}
        </ul>
      )}
      {def.paper && (
        <p className="paper">
          Paper:{' '}
          <a href={def.paper.url} target="_blank" rel="noreferrer noopener">
            {def.paper.title}
          </a>{' '}
          ({def.paper.authors}, {def.paper.year})
        </p>
      )}
      {equivalents.length > 0 && (
        <div className="equivalents">
          <h4>Same function in other frameworks</h4>
          <ul>
            {equivalents.map(({ id, def: eq }) => (
              <li key={id}>
                <code>{id}</code>
                {eq ? (
                  <button type="button" className="linkish" aria-label={`Add ${id}`} onClick={() => addScheduler(id)}>
                    add
                  </button>
                ) : (
                  <span className="muted"> (not available)</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
});
