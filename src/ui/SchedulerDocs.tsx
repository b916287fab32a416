/**
 * What a scheduler is, from its definition: the formula, the description, the Python module, the
 * paper, and the schedulers of other frameworks that compute the same function (one click adds one,
 * with the parameters translated so that it draws the same curve).
 *
 * The formula is typeset by KaTeX at build time (tools/vite-plugin-formulas.ts): the page fetches
 * the ready HTML of each scheduler once, and only KaTeX's stylesheet and fonts load in the browser,
 * never its JavaScript. The LaTeX source shows until then, and stays (with a note) if the fetch fails.
 */
import 'katex/dist/katex.min.css';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { FRAMEWORK_LABELS, getDefinition, type ScheduleSpec, type SchedulerDefinition, type Stepping } from '../schedules';
import { useStudio } from '../state/studio';

/** Set by the formulas plugin (a hash of the formulas and the KaTeX version); absent outside Vite. */
declare const __FORMULAS_VERSION__: string | undefined;
const FORMULAS_VERSION = typeof __FORMULAS_VERSION__ === 'string' ? __FORMULAS_VERSION__ : '';

/** Typeset fragments by scheduler id and LaTeX: fetched once per page. */
const typeset = new Map<string, string>();
const pending = new Map<string, Promise<string>>();

/** The typeset HTML of scheduler `id`'s formula `tex` (the same path as the plugin's `formulaAsset`). */
function loadFormula(id: string, tex: string): Promise<string> {
  const key = `${id}\n${tex}`;
  let p = pending.get(key);
  if (!p) {
    const url = `${import.meta.env.BASE_URL}formulas/${encodeURIComponent(id)}.html${FORMULAS_VERSION ? `?v=${FORMULAS_VERSION}` : ''}`;
    p = fetch(url)
      .then(async (res) => {
        if (!res.ok) throw new Error(`${res.status} ${res.statusText}`.trim());
        const html = await res.text();
        // A server that answers unknown paths with the app's index.html is not a formula either.
        if (!html.startsWith('<span class="katex')) throw new Error('the server did not send a typeset formula');
        typeset.set(key, html);
        return html;
      })
      .finally(() => pending.delete(key));
    pending.set(key, p);
  }
  return p;
}

/** Smallest font scale a formula is shrunk to when, even split into lines, it is wider than the panel. */
const MIN_SCALE = 0.75;

function Formula({ id, tex }: { id: string; tex: string }) {
  const key = `${id}\n${tex}`;
  const [loaded, setLoaded] = useState<{ key: string; html: string } | null>(null);
  const [failed, setFailed] = useState<{ key: string; message: string } | null>(null);
  const html = typeset.get(key) ?? (loaded?.key === key ? loaded.html : null);
  const error = failed?.key === key ? failed.message : null;
  useEffect(() => {
    if (typeset.has(key)) return;
    let alive = true;
    loadFormula(id, tex).then(
      (h) => alive && setLoaded({ key, html: h }),
      (e: unknown) => alive && setFailed({ key, message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      alive = false;
    };
  }, [id, tex, key]);

  // Fallback for a formula wider than the panel: shrink it a little; past MIN_SCALE it scrolls.
  const box = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const outer = box.current;
    const inner = body.current;
    if (!outer || !inner || html === null) return;
    const fit = () => {
      inner.style.fontSize = '';
      const over = outer.scrollWidth - outer.clientWidth;
      if (over > 1) inner.style.fontSize = `${Math.max(MIN_SCALE, outer.clientWidth / outer.scrollWidth).toFixed(3)}em`;
    };
    fit();
    // Again when the panel changes width, and once KaTeX's fonts have arrived (they change the width).
    const ro = new ResizeObserver(fit);
    ro.observe(outer);
    document.fonts?.addEventListener('loadingdone', fit);
    return () => {
      ro.disconnect();
      document.fonts?.removeEventListener('loadingdone', fit);
    };
  }, [html]);

  return (
    <div className="formula" data-testid="formula" data-typeset={html !== null ? 'true' : 'false'} ref={box}>
      {html !== null ? (
        <div className="formula-body" ref={body} dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <code className="tex-source">{tex}</code>
      )}
      {error && <p className="muted formula-note">(The typeset formula could not be loaded ({error}); shown as LaTeX.)</p>}
    </div>
  );
}

/** Where a translation draws the same curve, in words. */
function coincideText(to: number): string {
  return to === Infinity ? 'same curve at every step' : `same curve for steps 0–${to.toLocaleString('en-US')}`;
}

/**
 * The equivalents of `spec`'s scheduler. "add" adds the equivalent with `spec` translated (the same
 * curve where the row says), or fitted to the horizon where these settings have no translation. The
 * added schedule steps as `spec`'s does, and the horizon is counted in its scheduler steps.
 */
function Equivalents({ eq, def, spec, stepping }: { eq: EquivalencesModule; def: SchedulerDefinition; spec: ScheduleSpec; stepping: Stepping }) {
  const addScheduler = useStudio((s) => s.addScheduler);
  const horizon = useStudio((s) => (stepping === 'epoch' ? Math.ceil(s.settings.totalSteps / s.settings.stepsPerEpoch) : s.settings.totalSteps));
  const rows = useMemo(
    // Restarts that rounding may misplace are checked over the steps the chart shows.
    () => eq.equivalentsOf(def.id).map((id) => ({ id, known: !!getDefinition(id), t: eq.translateSpec(spec, id, { horizon }) })),
    [eq, def.id, spec, horizon],
  );
  const notes = useMemo(() => [...new Set(rows.flatMap((r) => eq.equivalenceNotes(def.id, r.id)))], [eq, def.id, rows]);
  if (rows.length === 0) return <p className="muted">No scheduler of another framework computes this function.</p>;
  return (
    <>
      <ul>
        {rows.map(({ id, known, t }) => (
          <li key={id} data-testid={`equivalent-${id}`}>
            <code>{id}</code>
            {known ? (
              <>
                <button type="button" className="linkish" aria-label={`Add ${id}`} onClick={() => addScheduler(id, t?.spec, { stepping })}>
                  add
                </button>
                <span className="muted">
                  {' '}
                  {t ? coincideText(t.coincide.to) : 'not with these settings: adds it fitted to the horizon'}
                </span>
              </>
            ) : (
              <span className="muted"> (not available)</span>
            )}
          </li>
        ))}
      </ul>
      <details className="equivalence-notes">
        <summary>When they coincide</summary>
        <ul>
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </details>
    </>
  );
}

type EquivalencesModule = typeof import('../schedules/equivalences');

/**
 * The equivalence classes and their translations are a chunk of their own, loaded when this section
 * is first opened: drawing the page does not need them (they kept the first load over its budget).
 * Once opened, the section stays open for every schedule shown.
 */
const loadEquivalences = () => import('../schedules/equivalences');
let equivalentsOpen = false;

function EquivalentsSection({ def, spec, stepping }: { def: SchedulerDefinition; spec: ScheduleSpec; stepping: Stepping }) {
  const [open, setOpen] = useState(equivalentsOpen);
  const [eq, setEq] = useState<EquivalencesModule | null>(null);
  useEffect(() => {
    if (open && !eq) void loadEquivalences().then(setEq);
  }, [open, eq]);
  return (
    <details
      className="equivalents"
      open={open}
      onToggle={(e) => {
        equivalentsOpen = e.currentTarget.open;
        setOpen(equivalentsOpen);
      }}
    >
      <summary>Same function in other frameworks</summary>
      {open && (eq ? <Equivalents eq={eq} def={def} spec={spec} stepping={stepping} /> : <p className="muted">Loading…</p>)}
    </details>
  );
}

/** Memoized: the docs depend on the definition and the last valid spec, not on every keystroke of a draft. */
export const SchedulerDocs = memo(function SchedulerDocs({ def, spec, stepping }: { def: SchedulerDefinition; spec: ScheduleSpec; stepping: Stepping }) {
  return (
    <section className="docs" aria-label={`About ${def.name}`}>
      <h3>
        {def.name} <span className="muted">· {FRAMEWORK_LABELS[def.framework]}</span>
      </h3>
      <p className="module">
        <code>{def.module}</code>
      </p>
      <Formula id={def.id} tex={def.formula} />
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
      <EquivalentsSection def={def} spec={spec} stepping={stepping} />
    </section>
  );
});
