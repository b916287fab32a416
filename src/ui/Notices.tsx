/**
 * Messages about the state as a whole, above the studio: what a link or saved state could not
 * restore (one line per schedule left out, and why), storage that cannot be written, another tab's
 * save. What was set aside is offered here, to copy or download, so that nothing is lost.
 */
import { useState } from 'react';
import { useStudio, type SetAsideText, type StudioNotice } from '../state/studio';
import { copyText } from './Toolbar';
import { downloadBlob } from './export';

function Original({ o }: { o: SetAsideText }) {
  const [status, setStatus] = useState('');
  const [manual, setManual] = useState(false);
  const copy = async () => {
    if (await copyText(o.text)) setStatus('copied');
    else setManual(true);
  };
  return (
    <li className="notice-original">
      <span>{o.what[0].toUpperCase() + o.what.slice(1)}</span>{' '}
      <button type="button" onClick={() => void copy()}>
        Copy
      </button>{' '}
      <button type="button" onClick={() => downloadBlob(new Blob([o.text], { type: 'text/plain' }), o.fileName)}>
        Download
      </button>{' '}
      <span role="status">{status}</span>
      {manual && <textarea readOnly value={o.text} rows={3} aria-label={o.what} onFocus={(e) => e.currentTarget.select()} />}
    </li>
  );
}

function NoticeBox({ notice, testId, onDismiss }: { notice: StudioNotice; testId: string; onDismiss(): void }) {
  return (
    <div className={`notice ${notice.kind}`} role="alert" data-testid={testId}>
      <div>
        <p>{notice.text}</p>
        {notice.items && notice.items.length > 0 && (
          <ul className="notice-items">
            {notice.items.map((t, i) => (
              <li key={i}>{t}</li>
            ))}
          </ul>
        )}
        {notice.originals && notice.originals.length > 0 && (
          <ul className="notice-originals">
            {notice.originals.map((o, i) => (
              <Original key={i} o={o} />
            ))}
          </ul>
        )}
      </div>
      <div className="notice-actions">
        {notice.actions?.map((a) => (
          <button key={a.label} type="button" onClick={a.run}>
            {a.label}
          </button>
        ))}
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

export function Notices() {
  const notice = useStudio((s) => s.notice);
  const storageNotice = useStudio((s) => s.storageNotice);
  const setNotice = useStudio((s) => s.setNotice);
  const setStorageNotice = useStudio((s) => s.setStorageNotice);
  return (
    <>
      {notice && <NoticeBox notice={notice} testId="notice" onDismiss={() => setNotice(null)} />}
      {storageNotice && <NoticeBox notice={storageNotice} testId="storage-notice" onDismiss={() => setStorageNotice(null)} />}
    </>
  );
}
