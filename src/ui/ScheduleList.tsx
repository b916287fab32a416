/**
 * The list of schedules: select, show/hide, recolor, rename, duplicate, reorder, remove (with undo),
 * and add through the picker. Keyboard on a schedule's name: ArrowUp/ArrowDown select the
 * neighbour, Alt+ArrowUp/Alt+ArrowDown move it, F2 renames, Delete removes.
 */
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useStudio, type ScheduleEntry } from '../state/studio';
import { Picker } from './Picker';
import { DRAG_FOLLOW_MS, useDragFollow, usePointerDown } from './dragFollow';

interface Removed {
  entry: ScheduleEntry;
  index: number;
}

/** One row; memoized so that editing one schedule re-renders only its own row. */
const EntryRow = memo(function EntryRow({
  entry,
  index,
  count,
  selected,
  stale,
  onRemoved,
  focusRow,
  focusEntry,
}: {
  entry: ScheduleEntry;
  index: number;
  count: number;
  selected: boolean;
  stale: string | undefined;
  onRemoved(r: Removed): void;
  focusRow(index: number): void;
  /** Focuses this entry's row wherever it is by then (a move re-renders the list). */
  focusEntry(id: string): void;
}) {
  const select = useStudio((s) => s.select);
  const toggle = useStudio((s) => s.toggleVisible);
  const remove = useStudio((s) => s.removeSchedule);
  const rename = useStudio((s) => s.renameSchedule);
  const recolor = useStudio((s) => s.recolorSchedule);
  const duplicate = useStudio((s) => s.duplicateSchedule);
  const move = useStudio((s) => s.moveSchedule);
  const [renaming, setRenaming] = useState(false);
  const [draftName, setDraftName] = useState(entry.name);

  const doRemove = () => {
    onRemoved({ entry, index });
    remove(entry.id);
    focusRow(Math.min(index, count - 2));
  };
  const startRename = () => {
    setDraftName(entry.name);
    setRenaming(true);
  };
  const finishRename = (commit: boolean) => {
    if (commit && draftName.trim()) rename(entry.id, draftName);
    setRenaming(false);
    focusRow(index);
  };
  const moveBy = (d: number) => {
    if (index + d < 0 || index + d >= count) return;
    move(entry.id, d);
    // By id, not index: a second key press may come before the list re-renders with the new order.
    focusEntry(entry.id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && e.altKey) {
      e.preventDefault();
      moveBy(e.key === 'ArrowUp' ? -1 : 1);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const j = index + (e.key === 'ArrowUp' ? -1 : 1);
      if (j >= 0 && j < count) focusRow(j);
    } else if (e.key === 'F2') {
      e.preventDefault();
      startRename();
    } else if (e.key === 'Delete') {
      e.preventDefault();
      doRemove();
    }
  };

  return (
    <li className={`entry${selected ? ' selected' : ''}${entry.visible ? '' : ' hidden-entry'}`} data-entry-id={entry.id}>
      <input
        type="color"
        className="entry-color"
        value={entry.color}
        aria-label={`Color of ${entry.name}`}
        onChange={(e) => recolor(entry.id, e.target.value)}
      />
      <input type="checkbox" checked={entry.visible} aria-label={`Show ${entry.name}`} title="Show on the chart" onChange={() => toggle(entry.id)} />
      <div className="entry-main">
        {renaming ? (
          <input
            className="entry-rename"
            aria-label={`New name for ${entry.name}`}
            value={draftName}
            autoFocus
            maxLength={120}
            onChange={(e) => setDraftName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') finishRename(true);
              if (e.key === 'Escape') finishRename(false);
            }}
            onBlur={() => finishRename(true)}
          />
        ) : (
          <button
            type="button"
            className="entry-name"
            data-row={index}
            data-entry={entry.id}
            aria-current={selected ? 'true' : undefined}
            onClick={() => select(entry.id)}
            onDoubleClick={startRename}
            onKeyDown={onKeyDown}
            onFocus={() => select(entry.id)}
          >
            <span className="entry-title">{entry.name}</span>
          </button>
        )}
        <span className="entry-id" onClick={() => select(entry.id)}>
          {entry.spec.scheduler}
          {stale && (
            <span className="entry-stale" title={stale}>
              {' '}
              · invalid input, curve stale
            </span>
          )}
        </span>
        <span className="entry-actions">
          <button type="button" aria-label={`Move ${entry.name} up`} title="Move up (Alt+↑)" disabled={index === 0} onClick={() => moveBy(-1)}>
            ↑
          </button>
          <button
            type="button"
            aria-label={`Move ${entry.name} down`}
            title="Move down (Alt+↓)"
            disabled={index === count - 1}
            onClick={() => moveBy(1)}
          >
            ↓
          </button>
          <button type="button" aria-label={`Rename ${entry.name}`} title="Rename (F2)" onClick={startRename}>
            ✎
          </button>
          <button type="button" aria-label={`Duplicate ${entry.name}`} title="Duplicate" onClick={() => duplicate(entry.id)}>
            <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
              <rect x="0.5" y="3.5" width="8" height="8" rx="1" fill="none" stroke="currentColor" />
              <path d="M3.5 1.5V1a.5.5 0 0 1 .5-.5h7a.5.5 0 0 1 .5.5v7a.5.5 0 0 1-.5.5h-.5" fill="none" stroke="currentColor" />
            </svg>
          </button>
          <button type="button" aria-label={`Remove ${entry.name}`} title="Remove (Delete)" onClick={doRemove}>
            ×
          </button>
        </span>
      </div>
    </li>
  );
});

export function ScheduleList() {
  const liveEntries = useStudio((s) => s.schedules);
  // While something is dragged (a parameter slider), the list follows a few times a second.
  const [entries] = useDragFollow(liveEntries, usePointerDown(), DRAG_FOLLOW_MS);
  const selectedId = useStudio((s) => s.selectedId);
  const invalid = useStudio((s) => s.invalid);
  const addScheduler = useStudio((s) => s.addScheduler);
  const listRef = useRef<HTMLUListElement>(null);
  const [removed, setRemoved] = useState<Removed | null>(null);
  // Focus follows keyboard moves, once React has re-rendered the list (next frame).
  const focusRow = useCallback((index: number) => {
    // Only if focus is still where it was asked from, or was lost with a re-rendered element: a
    // person who moved on to another control within the frame keeps their focus.
    const from = document.activeElement;
    requestAnimationFrame(() => {
      const now = document.activeElement;
      if (now !== from && now !== null && now !== document.body) return;
      listRef.current?.querySelector<HTMLButtonElement>(`button.entry-name[data-row="${index}"]`)?.focus();
    });
  }, []);
  const focusEntry = useCallback((id: string) => {
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLButtonElement>(`button.entry-name[data-entry="${CSS.escape(id)}"]`)?.focus());
  }, []);

  useEffect(() => {
    if (!removed) return;
    const t = setTimeout(() => setRemoved(null), 10_000);
    return () => clearTimeout(t);
  }, [removed]);

  const undo = () => {
    if (!removed) return;
    useStudio.getState().restoreSchedule(removed.entry, removed.index);
    setRemoved(null);
  };

  return (
    <div className="schedule-list">
      <h2 id="schedules-heading">Schedules</h2>
      {entries.length === 0 && <p className="muted">No schedules yet: add one below or pick a preset.</p>}
      <ul ref={listRef} aria-labelledby="schedules-heading">
        {entries.map((e, i) => (
          <EntryRow
            key={e.id}
            entry={e}
            index={i}
            count={entries.length}
            selected={e.id === selectedId}
            stale={invalid[e.id]}
            onRemoved={setRemoved}
            focusRow={focusRow}
            focusEntry={focusEntry}
          />
        ))}
      </ul>
      {removed && (
        <p className="undo" role="status">
          Removed “{removed.entry.name}”.{' '}
          <button type="button" className="linkish" onClick={undo}>
            Undo
          </button>
        </p>
      )}
      <p className="hint">Keys on a name: ↑↓ select · Alt+↑↓ move · F2 rename · Del remove</p>
      <Picker onPick={addScheduler} />
    </div>
  );
}
