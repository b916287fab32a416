/**
 * Earlier comparisons (kept in IndexedDB across reloads): name, date and runs; reopen one as the
 * current comparison, draw one on the charts next to it, rename or delete it.
 */
import { useEffect, useState } from 'react';
import { startHistory, useHistory, type SavedComparison } from '../../state/trainingHistory';

function HistoryItem({ item, overlaid }: { item: SavedComparison; overlaid: boolean }) {
  const { reopen, rename, remove, setOverlay } = useHistory.getState();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(item.name);
  const [message, setMessage] = useState<string | null>(null);
  const date = new Date(item.savedAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
  const schedules = new Set(item.runs.map((r) => r.entryId)).size;
  return (
    <li data-testid={`history-${item.id}`} data-name={item.name}>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void rename(item.id, text);
            setEditing(false);
          }}
        >
          <label>
            <span className="sr-only">New name of {item.name}</span>
            <input value={text} onChange={(e) => setText(e.target.value)} maxLength={120} data-testid="history-name" autoFocus />
          </label>
          <button type="submit">Save name</button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <strong className="tl-history-name">{item.name}</strong>
      )}
      <span className="muted">
        {date} · {item.runs.length} run{item.runs.length === 1 ? '' : 's'} of {schedules} schedule{schedules === 1 ? '' : 's'} · {item.comparison.totalSteps.toLocaleString('en-US')} updates
      </span>
      <button type="button" onClick={() => setMessage(reopen(item.id))} aria-label={`Reopen ${item.name}`}>
        Reopen
      </button>
      <label className="tl-check">
        <input type="checkbox" checked={overlaid} onChange={(e) => setOverlay(e.target.checked ? item.id : null)} aria-label={`Overlay ${item.name} on the charts`} />
        overlay
      </label>
      {!editing && (
        <button type="button" onClick={() => (setText(item.name), setEditing(true))} aria-label={`Rename ${item.name}`}>
          Rename
        </button>
      )}
      <button type="button" onClick={() => void remove(item.id)} aria-label={`Delete ${item.name}`}>
        Delete
      </button>
      {message && (
        <span className="error" role="alert">
          {message}
        </span>
      )}
    </li>
  );
}

export function HistoryPanel() {
  const items = useHistory((s) => s.items);
  const status = useHistory((s) => s.status);
  const message = useHistory((s) => s.message);
  const overlayId = useHistory((s) => s.overlayId);
  useEffect(() => {
    void startHistory();
  }, []);
  return (
    <section className="tl-history" aria-label="Earlier comparisons" data-testid="history">
      <h3>Earlier comparisons</h3>
      {message && (
        <p className="tl-hint warn" role="status" data-testid="history-message">
          {message}
        </p>
      )}
      {items.length === 0 ? (
        <p className="tl-hint">{status === 'loading' ? 'Loading…' : 'None yet: a comparison is kept here when its runs finish, or when you train again.'}</p>
      ) : (
        <ul>
          {items.map((it) => (
            <HistoryItem key={it.id} item={it} overlaid={overlayId === it.id} />
          ))}
        </ul>
      )}
    </section>
  );
}
