/**
 * Which digits to train on: the bundled MNIST digits, or the user's own IDX files (the standard
 * four, raw or .gz; Fashion-MNIST works the same). Files are checked in the worker; a bad file
 * gets a message and the data in use does not change.
 */
import { useId } from 'react';
import { useStudio } from '../../state/studio';
import { BUNDLED_SUMMARY, useTraining } from '../../state/training';

export function DataSource() {
  const id = useId();
  const custom = useTraining((s) => s.custom);
  const useCustom = useTraining((s) => s.useCustom);
  const pending = useTraining((s) => s.pendingData);
  const message = useTraining((s) => s.dataMessage);
  const { loadFiles, useBundled, useCustomData } = useTraining.getState();
  const onFiles = async (list: FileList | null) => {
    if (!list || list.length === 0) return;
    const files = await Promise.all([...list].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    loadFiles(files, useStudio.getState().training.splitSeed);
  };
  return (
    <fieldset className="tl-data" data-testid="data-source">
      <legend>Data</legend>
      <label className="tl-check">
        <input type="radio" name={`${id}-data`} checked={!useCustom} onChange={useBundled} />
        {BUNDLED_SUMMARY.source}: 8,000 train / 1,000 validation / 1,000 test
      </label>
      {custom && (
        <label className="tl-check">
          <input type="radio" name={`${id}-data`} checked={useCustom} onChange={useCustomData} />
          {custom.summary.source}
        </label>
      )}
      <label className="tl-file">
        <span>Load your own IDX files (train/t10k images and labels, raw or .gz):</span>
        <input type="file" multiple accept=".gz,.idx,.idx1-ubyte,.idx3-ubyte,*" onChange={(e) => void onFiles(e.target.files)} data-testid="idx-files" disabled={pending !== null} />
      </label>
      {message && (
        <p className={message.kind === 'error' ? 'error' : 'tl-hint'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="data-message">
          {message.text}
        </p>
      )}
    </fieldset>
  );
}
