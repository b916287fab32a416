/**
 * The import dialog's draft: the text pasted or dropped, where it came from, and the run context
 * typed over what the input says. Kept outside the dialog, so that closing it (Escape, a click
 * outside) loses nothing, and a file dropped anywhere on the page lands here. Not saved or linked.
 */
import { create } from 'zustand';
import type { RunContext } from '../import';

export type ContextField = keyof RunContext;

export interface ImportDraftState {
  open: boolean;
  text: string;
  /** The file the text came from, if any. */
  source: string | null;
  /** What was wrong with the last drop (a binary or huge file), shown in the dialog. */
  dropMessage: string | null;
  /** Run context fields as typed, over what the input says ('' = left blank). */
  context: Partial<Record<ContextField, string>>;
  /** Opens the dialog; with `text`, that text replaces the draft (a dropped file or text). */
  show(text?: string, source?: string | null, dropMessage?: string | null): void;
  /** Opens the dialog with a message and the draft kept (a drop that could not be read). */
  showMessage(message: string): void;
  hide(): void;
  setText(text: string): void;
  setContextField(field: ContextField, text: string): void;
  resetContext(): void;
  /** After the schedules were added: a fresh draft next time. */
  clear(): void;
}

export const useImportDraft = create<ImportDraftState>()((set) => ({
  open: false,
  text: '',
  source: null,
  dropMessage: null,
  context: {},
  show(text, source = null, dropMessage = null) {
    set(text === undefined ? { open: true, dropMessage: null } : { open: true, text, source, dropMessage });
  },
  showMessage(message) {
    set({ open: true, dropMessage: message });
  },
  hide() {
    set({ open: false });
  },
  setText(text) {
    set({ text, dropMessage: null });
  },
  setContextField(field, text) {
    set((s) => ({ context: { ...s.context, [field]: text } }));
  },
  resetContext() {
    set({ context: {} });
  },
  clear() {
    set({ open: false, text: '', source: null, dropMessage: null, context: {} });
  },
}));
