/**
 * Sharing and persistence: the whole studio state in the URL hash (lz-string compressed JSON,
 * `#s=...`) and in localStorage, both the versioned document of ./schema. On load: a link wins, then
 * the saved state, then the first-visit example; whatever cannot be restored is reported in a notice
 * and the studio keeps a working state.
 */
import LZString from 'lz-string';
import { readDocument, toStored, DocumentError, type DecodedDocument } from './schema';
import { currentDocument, defaultSchedules, DEFAULT_SETTINGS, useStudio, type StudioDocument, type StudioNotice } from './studio';
import { DEFAULT_TRAINING_SETUP } from './trainingSetup';

export const STORAGE_KEY = 'lr-schedule-studio/state';
/** Where an unreadable saved state is moved, so that it is not overwritten (nothing is lost). */
export const STORAGE_BACKUP_KEY = 'lr-schedule-studio/unreadable-state';
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

function decodeJson(json: string): DecodedDocument {
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

export interface InitialState {
  source: 'link' | 'storage' | 'default';
  decoded: DecodedDocument;
  notice: StudioNotice | null;
}

function describeWarnings(where: string, warnings: string[]): StudioNotice | null {
  if (!warnings.length) return null;
  return { kind: 'error', text: `${where} was not restored exactly: ${warnings.join('; ')}.` };
}

/**
 * Decides what the studio starts with, from a location hash and a storage (either may be absent).
 * Never throws.
 */
export function loadInitialState(hash: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null): InitialState {
  const problems: string[] = [];
  const payload = payloadOfHash(hash);
  if (payload !== null) {
    try {
      const decoded = decodeLink(payload);
      return { source: 'link', decoded, notice: describeWarnings('The link', decoded.warnings) };
    } catch (e) {
      problems.push(`This link could not be opened: ${(e as Error).message}.`);
    }
  }
  let stored: string | null;
  try {
    stored = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  if (stored !== null) {
    try {
      const decoded = decodeJson(stored);
      const parts = [...problems];
      if (problems.length) parts.push('Showing your saved state instead.');
      const warn = describeWarnings('Your saved state', decoded.warnings);
      if (warn) parts.push(warn.text);
      return { source: 'storage', decoded, notice: parts.length ? { kind: 'error', text: parts.join(' ') } : null };
    } catch (e) {
      try {
        storage?.setItem(STORAGE_BACKUP_KEY, stored);
      } catch {
        /* storage full or blocked: nothing more to do */
      }
      problems.push(`Your saved state could not be restored: ${(e as Error).message} (kept aside under "${STORAGE_BACKUP_KEY}").`);
    }
  }
  const doc = defaultDocument();
  return {
    source: 'default',
    decoded: { doc, drafts: {}, invalid: {}, warnings: [] },
    notice: problems.length ? { kind: 'error', text: `${problems.join(' ')} Starting from the example.` } : null,
  };
}

/** Applies a load result to the store. */
export function applyInitialState(init: InitialState): void {
  const { doc, drafts, invalid } = init.decoded;
  useStudio.getState().hydrate(doc, { drafts, invalid, notice: init.notice });
}

/** Writes the current state to localStorage and the address bar (no new history entry). */
export function saveNow(): void {
  const doc = currentDocument();
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(toStored(doc)));
  } catch {
    /* private mode or quota: the link still carries the state */
  }
  try {
    history.replaceState(history.state, '', linkFor(doc, location.href));
  } catch {
    /* not allowed in this context */
  }
}

let started = false;

/**
 * Restores the state (link, storage or example) and keeps saving it on every change, debounced,
 * and when the page is hidden. Also opens a link pasted into the address bar of an open tab.
 * Returns a function that stops it.
 */
export function startPersistence(delayMs = 250): () => void {
  if (started || typeof window === 'undefined') return () => {};
  started = true;
  applyInitialState(loadInitialState(location.hash, safeStorage()));
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
      useStudio.getState().hydrate(decoded.doc, {
        drafts: decoded.drafts,
        invalid: decoded.invalid,
        notice: describeWarnings('The link', decoded.warnings),
      });
    } catch (e) {
      useStudio.getState().setNotice({
        kind: 'error',
        text: `This link could not be opened: ${(e as Error).message}. Your schedules are unchanged.`,
      });
    }
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('hashchange', onHashChange);
  return () => {
    flush();
    unsubscribe();
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onHide);
    window.removeEventListener('hashchange', onHashChange);
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
