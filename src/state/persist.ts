/**
 * Sharing and persistence: the whole studio state in the URL hash (lz-string compressed JSON,
 * `#s=...`) and in localStorage, both the versioned document of ./schema. On load: a link wins, then
 * the saved state, then the first-visit example. Whatever cannot be restored is reported in a notice,
 * schedule by schedule, and its original text is kept (in the notice, to copy or download, and under
 * {@link SET_ASIDE_KEY}): the studio keeps a working state and nothing is lost.
 *
 * Saving can fail (storage full, private mode, blocked): the page says so, the state stays in
 * memory (and in the address bar's link), and the write is retried. Two tabs share one saved state:
 * the last writer wins, never silently: a tab whose saved state another tab replaced is told so
 * (the `storage` event) and may open the other state or keep its own, and a state about to be
 * replaced by another tab's write is first set aside.
 */
import LZString from 'lz-string';
import { readDocument, toStored, DocumentError, type DecodedDocument } from './schema';
import { currentDocument, defaultSchedules, DEFAULT_SETTINGS, useStudio, type SetAsideText, type StudioDocument, type StudioNotice } from './studio';
import { DEFAULT_TRAINING_SETUP } from './trainingSetup';

export const STORAGE_KEY = 'lr-schedule-studio/state';
/** Where an unreadable saved state is moved, so that it is not overwritten (nothing is lost). */
export const STORAGE_BACKUP_KEY = 'lr-schedule-studio/unreadable-state';
/**
 * The texts set aside, newest first (at most {@link MAX_SET_ASIDE}): links and saved states not
 * restored exactly, and saved states another tab replaced. JSON: {@link SetAsideRecord}[].
 */
export const SET_ASIDE_KEY = 'lr-schedule-studio/set-aside';
export const MAX_SET_ASIDE = 8;
/** Characters the set-aside texts may take in all (the oldest go first): they must not fill the quota the state needs. */
export const MAX_SET_ASIDE_CHARS = 1_000_000;
export const HASH_PARAM = 's';
/** Longest link payload read; longer input is refused before decompression. */
export const MAX_LINK_CHARS = 400_000;

/** The compressed payload of a link for `doc`. */
export function encodeLink(doc: StudioDocument): string {
  return LZString.compressToEncodedURIComponent(JSON.stringify(toStored(doc)));
}

/** Reads a link payload. Throws DocumentError saying why it cannot be read. */
export function decodeLink(payload: string): DecodedDocument {
  if (payload.length > MAX_LINK_CHARS) throw new DocumentError('it is too long');
  let json: string | null;
  try {
    json = LZString.decompressFromEncodedURIComponent(payload);
  } catch {
    json = null;
  }
  if (!json) throw new DocumentError('it is damaged (it does not decompress)');
  return decodeJson(json);
}

/** Reads a saved state (JSON text). Throws DocumentError saying why it cannot be read. */
export function decodeJson(json: string): DecodedDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new DocumentError('it is damaged (it is not valid JSON)');
  }
  return readDocument(raw);
}

/** The payload of `#s=...` in a location hash, or null. */
export function payloadOfHash(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  for (const part of h.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === HASH_PARAM) return part.slice(eq + 1);
  }
  return null;
}

/** A full link to `doc` on the page at `href` (any existing hash replaced). */
export function linkFor(doc: StudioDocument, href: string): string {
  const base = href.split('#')[0];
  return `${base}#${HASH_PARAM}=${encodeLink(doc)}`;
}

export function defaultDocument(): StudioDocument {
  const schedules = defaultSchedules();
  return { schedules, settings: DEFAULT_SETTINGS, selectedId: schedules[0].id, training: DEFAULT_TRAINING_SETUP };
}

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/** One text set aside, as stored under {@link SET_ASIDE_KEY}. */
export interface SetAsideRecord {
  /** What it is, in words ("the original link"). */
  what: string;
  text: string;
  /** Why it was set aside. */
  reasons: string[];
  /** ISO time. */
  at: string;
}

/** The texts set aside so far (newest first); [] when none or unreadable. */
export function readSetAside(storage: Pick<Storage, 'getItem'> | null): SetAsideRecord[] {
  try {
    const list: unknown = JSON.parse(storage?.getItem(SET_ASIDE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((r): r is SetAsideRecord => typeof r?.text === 'string' && typeof r?.what === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Keeps `text` under {@link SET_ASIDE_KEY} (newest first, the oldest dropped past
 * {@link MAX_SET_ASIDE}). False when storage refuses: the notice still carries the text.
 */
export function setAside(storage: StorageLike | null, what: string, text: string, reasons: string[]): boolean {
  if (!storage) return false;
  const list = readSetAside(storage).filter((r) => r.text !== text);
  list.unshift({ what, text, reasons, at: new Date().toISOString() });
  let kept = list.slice(0, MAX_SET_ASIDE);
  while (kept.length > 0 && JSON.stringify(kept).length > MAX_SET_ASIDE_CHARS) kept = kept.slice(0, -1);
  if (kept.length === 0) return false;
  try {
    storage.setItem(SET_ASIDE_KEY, JSON.stringify(kept));
    return true;
  } catch {
    return false;
  }
}

function original(what: string, text: string, ext: string): SetAsideText {
  return { what, text, fileName: `lr-schedules-${what.replace(/^the /, '').replace(/[^a-z0-9]+/gi, '-')}-${new Date().toISOString().slice(0, 10)}.${ext}` };
}

export interface InitialState {
  source: 'link' | 'storage' | 'default';
  decoded: DecodedDocument;
  notice: StudioNotice | null;
  /** The saved state as read at load (null when there was none): see {@link StateWriter}. */
  stored: string | null;
}

/** What a link or saved state restored with losses says: one line per thing left out or replaced. */
function partialNotice(where: 'The link' | 'Your saved state' | "The other tab's state", warnings: string[], kept: SetAsideText | null, stored: boolean): StudioNotice | null {
  if (!warnings.length) return null;
  const verb = where === 'The link' ? 'opened' : 'restored';
  const keep = kept ? `; the original is kept, to copy or download${stored ? ` (and under "${SET_ASIDE_KEY}" in this browser's storage)` : ''}` : '';
  return {
    kind: 'error',
    text: `${where} was ${verb}, except for what could not be read (below)${keep}.`,
    items: warnings,
    originals: kept ? [kept] : undefined,
  };
}

/**
 * Decides what the studio starts with, from a location hash and a storage (either may be absent).
 * `href` is the page's address (the link kept aside when it is not restored exactly). Never throws.
 */
export function loadInitialState(hash: string, storage: StorageLike | null, href?: string): InitialState {
  const problems: string[] = [];
  const originals: SetAsideText[] = [];
  let keptInStorage = true;
  const payload = payloadOfHash(hash);
  const linkText = href ?? `#${HASH_PARAM}=${payload ?? ''}`;
  let stored: string | null;
  try {
    stored = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  if (payload !== null) {
    try {
      const decoded = decodeLink(payload);
      // The link's state is saved over the one saved before: that one is kept aside first.
      if (stored !== null && stored !== JSON.stringify(toStored(decoded.doc))) {
        setAside(storage, 'the state saved before a link was opened', stored, ['replaced by the state of the link opened']);
      }
      const kept = decoded.warnings.length ? original('the original link', linkText, 'txt') : null;
      const inStorage = kept ? setAside(storage, kept.what, kept.text, decoded.warnings) : false;
      return { source: 'link', decoded, notice: partialNotice('The link', decoded.warnings, kept, inStorage), stored };
    } catch (e) {
      const reason = `This link could not be opened: ${(e as Error).message}.`;
      problems.push(reason);
      if (payload.length > 0) {
        originals.push(original('the original link', linkText, 'txt'));
        keptInStorage &&= setAside(storage, 'the original link', linkText, [reason]);
      }
    }
  }
  if (stored !== null) {
    try {
      const decoded = decodeJson(stored);
      const kept = decoded.warnings.length ? original('the original saved state', stored, 'json') : null;
      const inStorage = kept ? setAside(storage, kept.what, kept.text, decoded.warnings) : false;
      const warn = partialNotice('Your saved state', decoded.warnings, kept, inStorage);
      if (!problems.length) return { source: 'storage', decoded, notice: warn, stored };
      const text = [...problems, 'Showing your saved state instead.', ...(warn ? [warn.text] : [])].join(' ');
      return { source: 'storage', decoded, notice: { kind: 'error', text, items: warn?.items, originals: [...originals, ...(warn?.originals ?? [])] }, stored };
    } catch (e) {
      try {
        storage?.setItem(STORAGE_BACKUP_KEY, stored);
      } catch {
        /* storage full or blocked: the notice still carries it */
      }
      const reason = `Your saved state could not be restored: ${(e as Error).message} (kept aside under "${STORAGE_BACKUP_KEY}").`;
      problems.push(reason);
      originals.push(original('the original saved state', stored, 'json'));
      keptInStorage &&= setAside(storage, 'the original saved state', stored, [reason]);
    }
  }
  const doc = defaultDocument();
  const keep = originals.length ? ` The original is kept, to copy or download${keptInStorage ? ` (and under "${SET_ASIDE_KEY}" in this browser's storage)` : ''}.` : '';
  return {
    source: 'default',
    decoded: { doc, drafts: {}, invalid: {}, warnings: [] },
    notice: problems.length ? { kind: 'error', text: `${problems.join(' ')} Starting from the example.${keep}`, originals } : null,
    stored,
  };
}

/** Applies a load result to the store. */
export function applyInitialState(init: InitialState): void {
  const { doc, drafts, invalid } = init.decoded;
  useStudio.getState().hydrate(doc, { drafts, invalid, notice: init.notice });
}

/** What became of a write of the state. */
export type WriteResult =
  | { ok: true; replacedOtherTab: boolean }
  | { ok: false; reason: string };

/**
 * Writes the state's JSON to storage, keeping track of what this tab last read or wrote there:
 * when the stored text is neither (another tab wrote it), it is set aside before it is replaced,
 * so that the last writer never wipes another tab's work. DOM-free (the page passes
 * localStorage; tests a storage of their own).
 */
export class StateWriter {
  /** What this tab last read from or wrote to {@link STORAGE_KEY} (null: nothing was there). */
  known: string | null;

  constructor(
    private readonly storage: StorageLike | null,
    known: string | null,
  ) {
    this.known = known;
  }

  /** Whether the stored text is another tab's (not what this tab last read or wrote). */
  otherTabWrote(): string | null {
    let current: string | null;
    try {
      current = this.storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      return null;
    }
    return current !== null && current !== this.known ? current : null;
  }

  write(json: string): WriteResult {
    if (!this.storage) return { ok: false, reason: 'this browser gives the page no storage' };
    const other = this.otherTabWrote();
    const replacedOtherTab = other !== null && other !== json;
    if (replacedOtherTab) setAside(this.storage, 'the state another tab saved', other, ['replaced by a later save in another tab']);
    try {
      this.storage.setItem(STORAGE_KEY, json);
    } catch (e) {
      return { ok: false, reason: e instanceof Error && e.name ? `${e.name}${e.message ? `: ${e.message}` : ''}` : String(e) };
    }
    this.known = json;
    return { ok: true, replacedOtherTab };
  }
}

/** Seconds between retries of a failing write: a little longer each time, at most 30 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

let writer: StateWriter | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let failures = 0;

function stateJson(): string {
  return JSON.stringify(toStored(currentDocument()));
}

/** Writes the current state to localStorage and the address bar (no new history entry). */
export function saveNow(): void {
  const doc = currentDocument();
  writer ??= new StateWriter(safeStorage(), null);
  const json = JSON.stringify(toStored(doc));
  const result = writer.write(json);
  if (retryTimer !== null) {
    clearTimeout(retryTimer);
    retryTimer = null;
  }
  const store = useStudio.getState();
  if (!result.ok) {
    failures++;
    store.setStorageNotice(saveFailedNotice(result.reason, json));
    retryTimer = setTimeout(saveNow, retryDelayMs(failures - 1));
  } else if (failures > 0) {
    failures = 0;
    store.setStorageNotice({ kind: 'info', text: 'Saved: your changes are stored in this browser again.' });
  } else if (store.storageNotice?.kind === 'error') {
    store.setStorageNotice(null);
  }
  try {
    history.replaceState(history.state, '', linkFor(doc, location.href));
  } catch {
    /* not allowed in this context */
  }
}

function saveFailedNotice(reason: string, json: string): StudioNotice {
  return {
    kind: 'error',
    text:
      `Your changes could not be saved in this browser (${reason}). They are kept in this tab, and the address bar's link carries them ` +
      `(Copy link keeps them); saving is tried again${failures > 1 ? ` (${failures} tries so far)` : ''}.`,
    originals: [original('the current state', json, 'json')],
    actions: [{ label: 'Try again now', run: saveNow }],
  };
}

/** Another tab saved: this tab keeps its own state, and says so, offering the other one. */
function onOtherTabSaved(text: string): void {
  const store = useStudio.getState();
  const openOther = () => {
    let decoded: DecodedDocument;
    try {
      decoded = decodeJson(text);
    } catch (e) {
      store.setStorageNotice({ kind: 'error', text: `The other tab's state could not be read: ${(e as Error).message}. This tab's state is unchanged.` });
      return;
    }
    const mine = stateJson();
    const kept = setAside(safeStorage(), "this tab's state before opening the other tab's", mine, ["replaced by the other tab's state, at the user's request"]);
    if (writer) writer.known = text;
    useStudio.getState().hydrate(decoded.doc, { drafts: decoded.drafts, invalid: decoded.invalid, notice: partialNotice("The other tab's state", decoded.warnings, null, false) });
    store.setStorageNotice({
      kind: 'info',
      text: `Showing the state the other tab saved. This tab's previous state is kept, to copy or download${kept ? ` (and under "${SET_ASIDE_KEY}" in this browser's storage)` : ''}.`,
      originals: [original("this tab's previous state", mine, 'json')],
    });
  };
  const keepMine = () => {
    saveNow();
    store.setStorageNotice({
      kind: 'info',
      text: `Saved this tab's state. The one the other tab saved is kept, to copy or download (and under "${SET_ASIDE_KEY}" in this browser's storage).`,
      originals: [original('the state the other tab saved', text, 'json')],
    });
  };
  store.setStorageNotice({
    kind: 'info',
    text:
      "Another tab of the studio saved its state. This tab keeps showing its own; its next change is saved over the other tab's " +
      '(which is then kept aside, not lost).',
    originals: [original('the state the other tab saved', text, 'json')],
    actions: [
      { label: "Open the other tab's state", run: openOther },
      { label: "Keep this tab's and save it", run: keepMine },
    ],
  });
}

let started = false;

/**
 * Restores the state (link, storage or example) and keeps saving it on every change, debounced,
 * and when the page is hidden. Also opens a link pasted into the address bar of an open tab, and
 * follows other tabs' saves. Returns a function that stops it.
 */
export function startPersistence(delayMs = 250): () => void {
  if (started || typeof window === 'undefined') return () => {};
  started = true;
  const storage = safeStorage();
  const init = loadInitialState(location.hash, storage, location.href);
  writer = new StateWriter(storage, init.stored);
  applyInitialState(init);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
      saveNow();
    }
  };
  const unsubscribe = useStudio.subscribe((s, prev) => {
    if (s.schedules === prev.schedules && s.settings === prev.settings && s.training === prev.training && s.selectedId === prev.selectedId) {
      return;
    }
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      saveNow();
    }, delayMs);
  });
  const onHide = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  const onHashChange = () => {
    const payload = payloadOfHash(location.hash);
    if (payload === null || payload === encodeLink(currentDocument())) return;
    try {
      const decoded = decodeLink(payload);
      const kept = decoded.warnings.length ? original('the original link', location.href, 'txt') : null;
      const inStorage = kept ? setAside(storage, kept.what, kept.text, decoded.warnings) : false;
      useStudio.getState().hydrate(decoded.doc, {
        drafts: decoded.drafts,
        invalid: decoded.invalid,
        notice: partialNotice('The link', decoded.warnings, kept, inStorage),
      });
    } catch (e) {
      const reason = `This link could not be opened: ${(e as Error).message}.`;
      const inStorage = setAside(storage, 'the original link', location.href, [reason]);
      useStudio.getState().setNotice({
        kind: 'error',
        text: `${reason} Your schedules are unchanged. The link is kept, to copy or download${inStorage ? ` (and under "${SET_ASIDE_KEY}" in this browser's storage)` : ''}.`,
        originals: [original('the original link', location.href, 'txt')],
      });
    }
  };
  const onStorage = (e: StorageEvent) => {
    if (e.key !== STORAGE_KEY || e.storageArea !== storage || e.newValue === null || !writer || e.newValue === writer.known) return;
    // The other tab saved exactly what this one shows: nothing to tell.
    if (e.newValue === stateJson()) {
      writer.known = e.newValue;
      return;
    }
    onOtherTabSaved(e.newValue);
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('hashchange', onHashChange);
  window.addEventListener('storage', onStorage);
  return () => {
    flush();
    unsubscribe();
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onHide);
    window.removeEventListener('hashchange', onHashChange);
    window.removeEventListener('storage', onStorage);
    started = false;
  };
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
