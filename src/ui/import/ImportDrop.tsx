/**
 * Drag and drop onto the page: a file (a script, a YAML or JSON config) or dragged text opens the
 * import dialog with it. While something droppable is dragged over the page a drop target shows.
 * Text dragged into a text field goes into that field as usual. Part of the first load (it is
 * small); the dialog and the importer load when first opened (ImportDialog, lazy).
 */
import { useEffect, useState } from 'react';
import { useImportDraft } from '../../state/importDraft';

/** Larger files are not training configs or scripts: refused before they are read. */
const MAX_FILE_BYTES = 1_000_000;

const isField = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || t.matches('textarea, input'));
const types = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []);
const hasFiles = (e: DragEvent) => types(e).includes('Files');

/** Whether the page takes this drag: files anywhere, text anywhere but into a text field. */
function ours(e: DragEvent): boolean {
  if (hasFiles(e)) return true;
  return types(e).includes('text/plain') && !isField(e.target);
}

/** The text of the first dropped file, or the dropped text; a message for what cannot be read. */
export async function readDrop(dt: DataTransfer): Promise<{ text: string; source: string | null; message: string | null } | { error: string }> {
  const files = Array.from(dt.files);
  if (files.length === 0) {
    const text = dt.getData('text/plain');
    return text.trim() ? { text, source: null, message: null } : { error: 'Nothing to import was dropped: drop a file, or text.' };
  }
  const file = files[0];
  if (file.size > MAX_FILE_BYTES) {
    return { error: `${file.name} is ${(file.size / 1e6).toFixed(1)} MB: import reads training scripts and configs up to 1 MB.` };
  }
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return { error: `${file.name} could not be read: ${(e as Error).message}` };
  }
  if (text.includes('\u0000')) return { error: `${file.name} is not a text file: drop a Python script or a YAML, JSON or shell file.` };
  const message = files.length > 1 ? `${files.length} files were dropped: only the first, ${file.name}, was read.` : null;
  return { text, source: file.name, message };
}

/** Opens the dialog with what was dropped (or says why it could not be read). */
export async function importDropped(dt: DataTransfer): Promise<void> {
  const r = await readDrop(dt);
  const draft = useImportDraft.getState();
  if ('error' in r) draft.showMessage(r.error);
  else draft.show(r.text, r.source, r.message);
}

export function ImportDrop() {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // dragenter / dragleave fire for every element crossed: count them to know when the drag left the page.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!ours(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!ours(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const end = () => {
      depth = 0;
      setDragging(false);
    };
    const drop = (e: DragEvent) => {
      end();
      if (!ours(e) || !e.dataTransfer) return;
      // A file dropped on the page would otherwise replace it with the file.
      e.preventDefault();
      void importDropped(e.dataTransfer);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragend', end);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragend', end);
      window.removeEventListener('drop', drop);
    };
  }, []);
  if (!dragging) return null;
  return (
    <div className="drop-target" data-testid="drop-target" aria-hidden="true">
      <p>Drop a script or a config to import its schedules</p>
    </div>
  );
}
