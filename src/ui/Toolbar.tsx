/**
 * Taking the work away: "Copy code" (a ready-to-paste snippet per visible schedule, in its own
 * framework) and "Copy link" (the whole state, compressed into the URL). When the clipboard is not
 * available the text is shown, selected, to copy by hand.
 */
import { useEffect, useRef, useState } from 'react';
import { evaluatedSteps, isMetricDriven } from '../curves/compute';
import { entrySettings } from '../curves/manager';
import { DEFAULT_METRIC, metricValues } from '../curves/metric';
import type { CodegenOptions } from '../schedules/codegen';
import { useImportDraft } from '../state/importDraft';
import { linkFor } from '../state/persist';
import { currentDocument, useStudio, type ScheduleEntry } from '../state/studio';

/** Copies `text`; false when no clipboard API would take it. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* permission denied or not a secure context: try the old way */
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  let ok: boolean;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

/**
 * Code export, loaded the first time someone asks for code: it is not needed to draw the page, so
 * it stays out of the first load.
 */
export const loadCodegen = () => import('../schedules/codegen');

/**
 * A schedule's code export options: the horizon, its own stepping, and for a plateau schedule the metric
 * its curve was fed (one value per scheduler step), which the snippet holds as its placeholder list so
 * that it draws the same curve.
 */
export function codegenOptions(e: Pick<ScheduleEntry, 'spec' | 'stepping' | 'metric'>, horizon: { totalSteps: number; stepsPerEpoch: number }): CodegenOptions {
  const opts: CodegenOptions = { totalSteps: horizon.totalSteps, stepsPerEpoch: horizon.stepsPerEpoch, stepping: e.stepping };
  if (isMetricDriven(e.spec)) opts.metrics = metricValues(e.metric ?? DEFAULT_METRIC, evaluatedSteps(entrySettings(e, horizon)));
  return opts;
}

/**
 * The import dialog with the importer, loaded the first time it opens (or is about to: the Import
 * button's hover and focus start the load).
 */
export const loadImportDialog = () => import('./import/ImportDialog');

/** The code of the visible schedules (all of them when none is visible), their imports shared. */
export async function codeForVisible(): Promise<string> {
  const { generateCodeForAll } = await loadCodegen();
  const { schedules, settings } = useStudio.getState();
  const shown = schedules.filter((e) => e.visible);
  const items = (shown.length ? shown : schedules).map((e) => ({ ...e, metrics: codegenOptions(e, settings).metrics }));
  return generateCodeForAll(items, settings);
}

/** The selected schedule's code (the first schedule's when none is selected), or null when there is none. */
export async function codeForSelected(): Promise<{ name: string; code: string } | null> {
  const { generateCode } = await loadCodegen();
  const { schedules, settings, selectedId } = useStudio.getState();
  const entry = schedules.find((e) => e.id === selectedId) ?? schedules[0];
  return entry ? { name: entry.name, code: generateCode(entry.spec, codegenOptions(entry, settings)) } : null;
}

interface Fallback {
  title: string;
  text: string;
}

function ManualCopy({ fallback, onClose }: { fallback: Fallback; onClose(): void }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <div className="manual-copy" role="dialog" aria-label={fallback.title}>
      <p>The clipboard is not available here: copy the text below (Ctrl+C / ⌘C).</p>
      <textarea ref={ref} readOnly value={fallback.text} rows={6} onKeyDown={(e) => e.key === 'Escape' && onClose()} />
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

export function Toolbar() {
  const [status, setStatus] = useState('');
  const [fallback, setFallback] = useState<Fallback | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const say = (text: string) => {
    setStatus(text);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus(''), 4000);
  };
  const copy = async (title: string, text: string, done: string) => {
    if (await copyText(text)) say(done);
    else setFallback({ title, text });
  };
  const copyLink = () => {
    const link = linkFor(currentDocument(), location.href);
    try {
      history.replaceState(history.state, '', link);
    } catch {
      /* the link is still copied */
    }
    void copy('Link to this state', link, 'Link copied: it opens these schedules and settings.');
  };
  const copyCode = async (which: 'selected' | 'all') => {
    let code: string;
    let done: string;
    try {
      if (which === 'all') {
        code = await codeForVisible();
        done = 'Code copied: the visible schedules, imports shared.';
      } else {
        const one = await codeForSelected();
        if (!one) {
          say('No schedule to copy: add one first.');
          return;
        }
        code = one.code;
        done = `Code copied: “${one.name}”.`;
      }
    } catch (e) {
      say(`Could not generate code: ${(e as Error).message}`);
      return;
    }
    void copy('Python code', code, done);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Import and share">
      <button
        type="button"
        aria-haspopup="dialog"
        onClick={() => useImportDraft.getState().show()}
        onPointerEnter={() => void loadImportDialog()}
        onFocus={() => void loadImportDialog()}
        title="Paste or drop a training script or config: its schedules, exactly"
      >
        Import…
      </button>
      <button type="button" onClick={() => void copyCode('selected')} title="A ready-to-paste Python snippet of the selected schedule, in its framework">
        Copy code
      </button>
      <button type="button" onClick={() => void copyCode('all')} title="One Python file with every visible schedule, each in its framework, the imports once at the top">
        Copy all code
      </button>
      <button type="button" onClick={copyLink} title="A link that restores every schedule and setting">
        Copy link
      </button>
      <span className="toolbar-status" role="status" aria-live="polite">
        {status}
      </span>
      {fallback && <ManualCopy fallback={fallback} onClose={() => setFallback(null)} />}
    </div>
  );
}
