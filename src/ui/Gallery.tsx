/**
 * The "Experiments" gallery: one click sets up the studio and the lab for an experiment of the
 * documents the project grew from (src/state/experiments.ts), with Undo, and a way to the lab.
 */
import { useRef } from 'react';
import { EXPERIMENTS, experimentDocument, type Experiment } from '../state/experiments';
import { currentDocument, newEntryId, useStudio } from '../state/studio';

/** Opens `x` in place of the current document; the notice offers Undo and the lab. */
export function openExperiment(x: Experiment, onLab: () => void): void {
  const studio = useStudio.getState();
  const before = structuredClone(currentDocument(studio));
  const doc = experimentDocument(x, newEntryId);
  studio.hydrate(doc, {
    notice: {
      kind: 'info',
      text: `Opened the experiment “${x.title}”: ${doc.schedules.length} schedules, ${doc.settings.totalSteps.toLocaleString('en-US')} updates (${doc.training.epochs} epochs of ${doc.settings.stepsPerEpoch}); the lab is set up to train them.`,
      actions: [
        { label: 'Train it in the lab', run: onLab },
        {
          label: 'Undo',
          run: () => useStudio.getState().hydrate(before, { notice: { kind: 'info', text: `Back to the schedules before “${x.title}”.` } }),
        },
      ],
    },
  });
}

export function Gallery({ onLab }: { onLab: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const open = (x: Experiment) => {
    ref.current?.close();
    openExperiment(x, onLab);
  };
  return (
    <>
      <button type="button" className="gallery-button" aria-haspopup="dialog" onClick={() => ref.current?.showModal()}>
        Experiments
      </button>
      <dialog ref={ref} className="gallery" aria-labelledby="gallery-title" onClick={(e) => e.target === ref.current && ref.current?.close()}>
        <h2 id="gallery-title">Experiments</h2>
        <p className="muted">
          The experiments of the documents this studio grew from. Opening one replaces the schedules (Undo brings them back) and sets up the training lab to
          train them, from the same initial weights and batch order.
        </p>
        <ul className="gallery-list">
          {EXPERIMENTS.map((x) => (
            <li key={x.id} className="gallery-item" data-experiment={x.id}>
              <div>
                <h3>{x.title}</h3>
                <p>{x.summary}</p>
                <p className="muted gallery-meta">
                  {x.schedules.length} schedule{x.schedules.length === 1 ? '' : 's'} · {x.epochs} epochs · {x.source}
                </p>
              </div>
              <button type="button" className="primary" onClick={() => open(x)} aria-label={`Open ${x.title}`}>
                Open
              </button>
            </li>
          ))}
        </ul>
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </dialog>
    </>
  );
}
