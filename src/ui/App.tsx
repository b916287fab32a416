import { lazy, Suspense, useCallback, useEffect, useRef, useState, type MouseEvent, type RefObject } from 'react';
import { startPersistence } from '../state/persist';
import { useStudio } from '../state/studio';
import { LrChart } from './LrChart';
import { Notices } from './Notices';
import { Presets } from './Presets';
import { ScheduleEditor } from './ScheduleEditor';
import { ScheduleList } from './ScheduleList';
import { SettingsBar } from './SettingsBar';
import { ShortcutsSheet, SkipLinks } from './Shortcuts';
import { useImportDraft } from '../state/importDraft';
import { ImportDrop } from './import/ImportDrop';
import { ThemeToggle } from './ThemeToggle';
import { Gallery } from './Gallery';
import { loadImportDialog, Toolbar } from './Toolbar';

// The training lab (and its tfjs client code) is a chunk of its own, loaded when the person heads
// for it: it sits below the studio, and is not needed to draw the first curve.
// The import dialog and the importer: a chunk loaded when the dialog first opens. If it cannot load
// (offline after an update), the dialog closes with a notice; the draft is kept.
const ImportDialog = lazy(() =>
  loadImportDialog()
    .then((m) => ({ default: m.ImportDialog }))
    .catch((e: unknown) => ({ default: () => <ImportUnavailable error={e} /> })),
);

function ImportUnavailable({ error }: { error: unknown }) {
  useEffect(() => {
    useImportDraft.getState().hide();
    useStudio.getState().setNotice({ kind: 'error', text: `The importer could not be loaded: ${error instanceof Error ? error.message : String(error)}. Reload the page to try again.` });
  }, [error]);
  return null;
}

const TrainingLab = lazy(() => import('./training/TrainingLab').then((m) => ({ default: m.TrainingLab })));

/** The training lab's place on the page (`#training` opens the page there). */
const TRAINING_HASH = '#training';
/** How far ahead of the viewport the lab starts loading while the page is scrolled. */
const NEAR_PX = 400;
/** Without scrolling, the lab mounts only when its top is this far up the viewport (more than a glimpse of its heading). */
const IN_VIEW_FRACTION = 0.85;

/**
 * Scrolls `el` to the top of the window, and keeps it there while the page settles: what loads
 * after (the lab's chunk, the typeset formula above it) moves it, or first makes the page tall
 * enough. Stops after 3 s or as soon as the person scrolls themselves. Returns the stop function.
 */
function keepAtTop(el: HTMLElement): () => void {
  const show = () => el.scrollIntoView({ block: 'start' });
  show();
  const ro = new ResizeObserver(show);
  ro.observe(document.body);
  const stop = () => {
    ro.disconnect();
    clearTimeout(timer);
    for (const ev of USER_SCROLL_EVENTS) window.removeEventListener(ev, stop);
  };
  const timer = setTimeout(stop, 3000);
  for (const ev of USER_SCROLL_EVENTS) window.addEventListener(ev, stop, { passive: true });
  return stop;
}

/** What a person does to scroll (programmatic scrolling fires none of these). */
const USER_SCROLL_EVENTS = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

const openedAtLab = () => typeof window !== 'undefined' && window.location.hash === TRAINING_HASH;

function wantsLabAtOnce(): boolean {
  // ?debug-training exposes the lab's store to tests and benchmarks: they need it mounted.
  return openedAtLab() || (typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('debug-training'));
}

/**
 * Whether to mount the training lab: once the page is scrolled to within NEAR_PX of it, once it is
 * well inside the viewport without scrolling (a tall window), or once asked for (`open()`, the
 * header's link, `#training`). Then for good.
 */
function useTrainingLabMount(placeholder: RefObject<HTMLElement | null>): { mounted: boolean; open: () => void } {
  const [mounted, setMounted] = useState(wantsLabAtOnce);
  useEffect(() => {
    const el = placeholder.current;
    if (mounted || !el) return;
    const mount = () => setMounted(true);
    let near = false;
    const io = new IntersectionObserver(
      (entries) => {
        const e = entries[entries.length - 1];
        near = e.isIntersecting;
        if (near && (window.scrollY > 0 || e.boundingClientRect.top < window.innerHeight * IN_VIEW_FRACTION)) mount();
      },
      { rootMargin: `0px 0px ${NEAR_PX}px 0px` },
    );
    io.observe(el);
    const onScroll = () => {
      if (near && window.scrollY > 0) mount();
    };
    const onHash = () => {
      if (window.location.hash === TRAINING_HASH) mount();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('hashchange', onHash);
    return () => {
      io.disconnect();
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('hashchange', onHash);
    };
  }, [mounted, placeholder]);
  const open = useCallback(() => setMounted(true), []);
  return { mounted, open };
}

/** Moves focus to the lab's heading once the lab has mounted (it may still be loading its chunk). */
function focusLabWhenMounted(slot: HTMLElement): void {
  const started = performance.now();
  const tryFocus = () => {
    const heading = slot.querySelector<HTMLElement>('.training:not(.training-placeholder) h2');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    } else if (performance.now() - started < 10_000) requestAnimationFrame(tryFocus);
  };
  tryFocus();
}

/** Stands in for the lab until it mounts (and while its chunk loads): same box, same heading. */
function TrainingPlaceholder({ busy }: { busy: boolean }) {
  return (
    <section className="training training-placeholder" aria-label="Training lab" aria-busy={busy} data-testid="training-lab">
      <h2>Training lab</h2>
      <p className="muted">{busy ? 'Loading the training lab…' : 'Train a small MNIST model with your schedules: the lab loads as you scroll here.'}</p>
    </section>
  );
}

// Restore the link / saved state before the first render, then keep saving.
if (typeof window !== 'undefined') startPersistence();

export function App() {
  const labSlot = useRef<HTMLDivElement>(null);
  const importing = useImportDraft((s) => s.open);
  const lab = useTrainingLabMount(labSlot);
  const showLab = () => {
    lab.open();
    if (labSlot.current) {
      keepAtTop(labSlot.current);
      focusLabWhenMounted(labSlot.current);
    }
  };
  const goToLab = (e: MouseEvent<HTMLAnchorElement>) => {
    // Scroll there without replacing the share link (#s=...) in the address bar.
    e.preventDefault();
    showLab();
  };
  useEffect(() => {
    // Opened as .../#training: the lab is mounted at once; show it.
    if (openedAtLab() && labSlot.current) return keepAtTop(labSlot.current);
  }, []);
  return (
    <div className="app">
      <SkipLinks onLab={showLab} />
      <header className="app-header">
        <div>
          <h1>LR Schedule Studio</h1>
          <p className="tagline">
            Every learning-rate schedule of PyTorch, PaddlePaddle, Keras, Optax, Hugging Face and timm, exactly.
          </p>
        </div>
        <nav className="header-nav" aria-label="Page">
          <a href={TRAINING_HASH} onClick={goToLab}>
            Training lab ↓
          </a>
        </nav>
        <Gallery onLab={showLab} />
        <Toolbar />
        <ThemeToggle />
        <ShortcutsSheet />
      </header>
      <Notices />
      <SettingsBar />
      <main className="studio">
        <aside className="sidebar" aria-label="Schedules">
          <ScheduleList />
          <Presets />
        </aside>
        <section className="chart-area" aria-label="Learning-rate chart">
          <LrChart />
        </section>
        <aside className="editor" aria-label="Schedule parameters">
          <ScheduleEditor />
        </aside>
      </main>
      <div className="training-slot" id="training" ref={labSlot}>
        {lab.mounted ? (
          <Suspense fallback={<TrainingPlaceholder busy />}>
            <TrainingLab />
          </Suspense>
        ) : (
          <TrainingPlaceholder busy={false} />
        )}
      </div>
      <ImportDrop />
      {importing && (
        <Suspense fallback={null}>
          <ImportDialog />
        </Suspense>
      )}
    </div>
  );
}
