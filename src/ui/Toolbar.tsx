/**
 * Taking the work away: "Copy code" (a ready-to-paste snippet per visible schedule, in its own
 * framework) and "Copy link" (the whole state, compressed into the URL). When the clipboard is not
 * available the text is shown, selected, to copy by hand.
 */
import { useEffect, useRef, useState } from 'react';
import { linkFor } from '../state/persist';
import { currentDocument, useStudio } from '../state/studio';

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

/** The code of the visible schedules (all of them when none is visible), each with its own stepping. */
export async function codeForVisible(): Promise<string> {
  const { generateCodeForAll } = await loadCodegen();
  const { schedules, settings } = useStudio.getState();
  const shown = schedules.filter((e) => e.visible);
  return generateCodeForAll(shown.length ? shown : schedules, settings);
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
  const copyCode = async () => {
    let code: string;
    try {
      code = await codeForVisible();
    } catch (e) {
      say(`Could not generate code: ${(e as Error).message}`);
      return;
    }
    void copy('Python code', code, 'Code copied: one snippet per schedule.');
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Share">
      <button type="button" onClick={() => void copyCode()} title="A ready-to-paste Python snippet per visible schedule, in its framework">
        Copy code
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
