/**
 * The lab's history: earlier comparisons, kept in IndexedDB so that they survive a reload (a "Train
 * again" no longer throws the previous results away). Each is saved when all its runs have finished,
 * and a comparison replaced before that is saved as it stood. Listed (name, date, runs), reopened
 * (read-only, as the current comparison), overlaid on the charts, renamed, deleted.
 *
 * The storage is a small {@link HistoryBackend}: raw IndexedDB in the page, an in-memory one in unit
 * tests and wherever IndexedDB fails (private mode): then the page says so, and the history lasts as
 * long as the tab.
 */
import { create } from 'zustand';
import { isFinished } from '../training/spec';
import { BACKEND_LABELS } from '../training/protocol';
import { useTraining, type Comparison, type RunRecord, type WorkerInfo } from './training';

/** A comparison as saved: its setup and every run's records (no checkpoints). */
export interface SavedComparison {
  id: string;
  name: string;
  /** Wall-clock milliseconds (Date.now()) of the save. */
  savedAt: number;
  comparison: Comparison;
  runs: RunRecord[];
}

/** Where saved comparisons live. Every method may reject (storage errors). */
export interface HistoryBackend {
  list(): Promise<SavedComparison[]>;
  put(item: SavedComparison): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Most comparisons kept; the oldest go first. */
export const MAX_SAVED = 20;

export const DB_NAME = 'lr-schedule-studio';
const STORE = 'comparisons';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Raw IndexedDB: one database, one object store keyed by `id`. Rejects when it cannot open. */
export async function indexedDbBackend(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<HistoryBackend> {
  if (!factory) throw new Error('this browser has no IndexedDB');
  const open = factory.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE, { keyPath: 'id' });
  };
  const db = await request(open);
  const store = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  /** A write, resolved once its transaction has committed (a request's success comes before that). */
  const write = (change: (s: IDBObjectStore) => IDBRequest) =>
    new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      change(tx.objectStore(STORE));
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    });
  return {
    list: () => request(store('readonly').getAll() as IDBRequest<SavedComparison[]>),
    put: (item) => write((s) => s.put(item)),
    delete: (id) => write((s) => s.delete(id)),
  };
}

/** Keeps the comparisons in memory (tests, and the tab's session where IndexedDB fails). */
export function memoryBackend(): HistoryBackend {
  const items = new Map<string, SavedComparison>();
  return {
    list: async () => [...items.values()].map((x) => structuredClone(x)),
    put: async (item) => {
      items.set(item.id, structuredClone(item));
    },
    delete: async (id) => {
      items.delete(id);
    },
  };
}

/** "SGD, Momentum, Adagrad +1": the schedules of a comparison, in a few words. */
export function comparisonName(runs: readonly Pick<RunRecord, 'entryId' | 'name'>[]): string {
  const names = [...new Map(runs.map((r) => [r.entryId, r.name])).values()];
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} +${names.length - 3}` : shown || 'Comparison';
}

/** What is saved of a comparison: its runs' records trimmed to what they hold, without checkpoints. */
export function snapshot(
  comparison: Comparison,
  runs: readonly RunRecord[],
  workers: Record<string, WorkerInfo>,
  id: string,
  name: string,
  savedAt: number,
): SavedComparison {
  return {
    id,
    name,
    savedAt,
    comparison: { ...comparison, savedId: id },
    runs: runs.map((r) => {
      const b = workers[r.worker]?.backend;
      return {
        ...r,
        loss: r.loss.slice(0, r.count),
        lr: r.lr.slice(0, r.count),
        checkpoint: null,
        tick: null,
        rate: null,
        backend: b ? BACKEND_LABELS[b] : r.backend,
        // A comparison replaced midway is kept as it stood: its unfinished runs as stopped there.
        // No worker holds a saved run: its buttons stay off.
        worker: 'saved',
        ...(isFinished(r.status) ? {} : { status: 'stopped' as const, message: `not finished (saved at update ${r.step})` }),
      };
    }),
  };
}

/** Newest first, at most {@link MAX_SAVED}; returns the list kept and the ids to delete. */
export function prune(items: readonly SavedComparison[]): { kept: SavedComparison[]; dropped: string[] } {
  const sorted = [...items].sort((a, b) => b.savedAt - a.savedAt);
  return { kept: sorted.slice(0, MAX_SAVED), dropped: sorted.slice(MAX_SAVED).map((x) => x.id) };
}

export interface HistoryState {
  items: SavedComparison[];
  status: 'idle' | 'loading' | 'ready' | 'unavailable';
  /** Why the history is not kept across reloads, or why an operation failed. */
  message: string | null;
  /** The saved comparison drawn on the charts next to the current one. */
  overlayId: string | null;
  /** Opens the backend and lists what it holds (IndexedDB unless one is given). */
  start(backend?: HistoryBackend): Promise<void>;
  save(item: SavedComparison): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  setOverlay(id: string | null): void;
  /** Shows a saved comparison as the current one; a message when runs are in progress. */
  reopen(id: string): string | null;
}

let backend: HistoryBackend | null = null;
let counter = 0;

export const useHistory = create<HistoryState>()((set, get) => {
  /** A storage error: said once, and the history goes on in memory. */
  const failed = (what: string, e: unknown) => {
    set({ message: `${what}: ${e instanceof Error ? e.message : String(e)}. Comparisons are kept only while this tab is open.`, status: 'unavailable' });
    const keep = get().items;
    backend = memoryBackend();
    for (const item of keep) void backend.put(item);
  };
  return {
    items: [],
    status: 'idle',
    message: null,
    overlayId: null,
    async start(given) {
      if (get().status !== 'idle') return;
      set({ status: 'loading' });
      try {
        backend = given ?? (await indexedDbBackend());
        const { kept, dropped } = prune(await backend.list());
        for (const id of dropped) await backend.delete(id);
        set({ items: kept, status: 'ready' });
      } catch (e) {
        set({ items: [] });
        failed('The history cannot be stored in this browser (IndexedDB)', e);
      }
    },
    async save(item) {
      const rest = get().items.filter((x) => x.id !== item.id);
      const { kept, dropped } = prune([item, ...rest]);
      set({ items: kept, overlayId: dropped.includes(get().overlayId ?? '') ? null : get().overlayId });
      try {
        await backend?.put(item);
        for (const id of dropped) await backend?.delete(id);
      } catch (e) {
        failed('A comparison could not be saved', e);
      }
    },
    async rename(id, name) {
      const trimmed = name.trim().slice(0, 120);
      const item = get().items.find((x) => x.id === id);
      if (!item || !trimmed) return;
      const next = { ...item, name: trimmed };
      set({ items: get().items.map((x) => (x.id === id ? next : x)) });
      try {
        await backend?.put(next);
      } catch (e) {
        failed('The new name could not be saved', e);
      }
    },
    async remove(id) {
      set({ items: get().items.filter((x) => x.id !== id), overlayId: get().overlayId === id ? null : get().overlayId });
      try {
        await backend?.delete(id);
      } catch (e) {
        failed('The comparison could not be deleted from storage', e);
      }
    },
    setOverlay: (overlayId) => set({ overlayId }),
    reopen(id) {
      const item = get().items.find((x) => x.id === id);
      if (!item) return 'That comparison is no longer in the history.';
      // Copies: the store's arrays of a shown comparison must not be the saved ones.
      const runs = structuredClone(item.runs);
      const ok = useTraining.getState().showSaved({ ...item.comparison, savedId: item.id }, runs);
      if (!ok) return 'Runs are in progress: stop them (or let them finish) before reopening a saved comparison.';
      if (get().overlayId === id) set({ overlayId: null });
      return null;
    },
  };
});

/** The history id of each comparison (by its counter id) once saved, and the runs saved last. */
const savedAs = new Map<number, { id: string; runs: readonly RunRecord[] }>();

function saveNow(comparison: Comparison, runs: readonly RunRecord[]): void {
  if (comparison.savedId || runs.every((r) => r.count === 0)) return;
  const known = savedAs.get(comparison.id);
  if (known?.runs === runs) return;
  counter += 1;
  const id = known?.id ?? `h${Date.now().toString(36)}${counter.toString(36)}`;
  savedAs.set(comparison.id, { id, runs });
  const existing = useHistory.getState().items.find((x) => x.id === id);
  const name = existing?.name ?? comparisonName(runs);
  void useHistory.getState().save(snapshot(comparison, runs, useTraining.getState().workers, id, name, existing?.savedAt ?? Date.now()));
}

let unsubscribe: (() => void) | null = null;

/**
 * Starts the history (once): opens the storage and saves each comparison when its runs have all
 * finished, or as it stood when a new one replaces it.
 */
export function startHistory(given?: HistoryBackend): Promise<void> {
  unsubscribe ??= useTraining.subscribe((s, prev) => {
    if (prev.comparison && prev.comparison.id !== s.comparison?.id) saveNow(prev.comparison, prev.runs);
    if (s.comparison && s.runs.length > 0 && s.runs.every((r) => isFinished(r.status))) saveNow(s.comparison, s.runs);
  });
  return useHistory.getState().start(given);
}

/** Tests: forgets the backend and the subscription. */
export function resetHistoryForTests(): void {
  unsubscribe?.();
  unsubscribe = null;
  backend = null;
  savedAs.clear();
  useHistory.setState({ items: [], status: 'idle', message: null, overlayId: null });
}
