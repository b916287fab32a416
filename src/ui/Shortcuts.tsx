/**
 * Keyboard paths: skip links at the top of the page, and the "?" sheet that lists every shortcut.
 * The sheet opens with "?" anywhere outside a text field, or from its button in the header.
 */
import { useEffect, useRef, type MouseEvent } from 'react';

const SHORTCUTS: { where: string; keys: [string, string][] }[] = [
  { where: 'Anywhere', keys: [['?', 'this list of shortcuts'], ['Tab / Shift+Tab', 'next / previous control']] },
  {
    where: 'A schedule’s name in the list',
    keys: [['↑ ↓', 'select the previous / next schedule'], ['Alt+↑ Alt+↓', 'move it up / down'], ['F2', 'rename'], ['Delete', 'remove (with undo)']],
  },
  { where: 'Scheduler search', keys: [['↑ ↓', 'move through the matches'], ['Enter', 'add the highlighted scheduler'], ['Escape', 'close the list, then clear']] },
  { where: 'Presets', keys: [['← → ↑ ↓ Home End', 'move between presets'], ['Enter / Space', 'add the preset']] },
  { where: 'A number field', keys: [['↑ ↓', 'step the value (Shift: ten steps)']] },
  {
    where: 'The chart (focus it)',
    keys: [
      ['← → / PageUp PageDown / Home End', 'move the readout cursor'],
      ['+', 'zoom in around the cursor'],
      ['A', 'autoscale: fit the y axis to the visible steps'],
      ['F', 'fullscreen chart on / off'],
      ['- / 0 / Escape', 'reset the zoom (Escape in fullscreen: leave it)'],
    ],
  },
  {
    where: 'The chart (mouse, touch)',
    keys: [
      ['Drag a box', 'zoom both axes (a flat box, under a tenth of the height: the steps only)'],
      ['Wheel', 'zoom the steps around the pointer'],
      ['Shift+wheel', 'zoom the y axis around the pointer'],
      ['Two-finger pinch', 'zoom the steps around the pinch'],
      ['Double-click', 'reset the zoom'],
      ['Click a legend entry', 'hide / show its line'],
    ],
  },
];

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || el.matches('input, textarea, select'));
}

export function ShortcutsSheet() {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === '?' && !typingIn(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        if (!ref.current?.open) ref.current?.showModal();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button type="button" className="shortcuts-button" aria-haspopup="dialog" onClick={() => ref.current?.showModal()}>
        Shortcuts <kbd>?</kbd>
      </button>
      <dialog ref={ref} className="shortcuts" aria-labelledby="shortcuts-title" onClick={(e) => e.target === ref.current && ref.current?.close()}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        {SHORTCUTS.map((g) => (
          <section key={g.where}>
            <h3>{g.where}</h3>
            <dl>
              {g.keys.map(([k, what]) => (
                <div key={k}>
                  <dt>
                    <kbd>{k}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <form method="dialog">
          <button type="submit" autoFocus>
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}

/** Where the skip links lead: a selector for the element to focus, in order of preference. */
const SKIPS: { label: string; target: string }[] = [
  { label: 'Skip to the chart', target: '.chart-overlay' },
  { label: 'Skip to the parameters', target: '.editor input, .editor select, .editor textarea, .editor' },
  { label: 'Skip to the schedules', target: '.schedule-list button.entry-name, .schedule-list' },
];

function focusFirst(selector: string): void {
  for (const sel of selector.split(', ')) {
    const el = document.querySelector<HTMLElement>(sel);
    if (!el) continue;
    // Panels are not focusable themselves: make them focusable by script only.
    if (el.tabIndex < 0 && !el.matches('input, select, textarea, button, a[href]')) el.tabIndex = -1;
    el.focus();
    el.scrollIntoView({ block: 'nearest' });
    return;
  }
}

/** Skip links, shown when focused; they move focus without touching the address bar (it holds the share link). */
export function SkipLinks({ onLab }: { onLab(): void }) {
  const go = (target: string) => (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    focusFirst(target);
  };
  return (
    <nav className="skip-links" aria-label="Skip links">
      {SKIPS.map((s) => (
        <a key={s.label} href="#" onClick={go(s.target)}>
          {s.label}
        </a>
      ))}
      <a
        href="#training"
        onClick={(e) => {
          e.preventDefault();
          onLab();
        }}
      >
        Skip to the training lab
      </a>
    </nav>
  );
}
