import { getDefinition, schedulers, FRAMEWORK_LABELS } from '../schedules';
import { useStudio } from '../state/studio';

function initialParams(id: string): Record<string, unknown> {
  const def = getDefinition(id);
  const params: Record<string, unknown> = {};
  for (const p of def?.params ?? []) {
    if (p.default === undefined && p.example !== undefined) params[p.name] = structuredClone(p.example);
  }
  return params;
}

export function ScheduleList() {
  const entries = useStudio((s) => s.schedules);
  const selectedId = useStudio((s) => s.selectedId);
  const select = useStudio((s) => s.select);
  const add = useStudio((s) => s.addSchedule);
  const toggle = useStudio((s) => s.toggleVisible);
  const remove = useStudio((s) => s.removeSchedule);
  return (
    <div className="schedule-list">
      <h2>Schedules</h2>
      <ul>
        {entries.map((e) => (
          <li key={e.id} className={e.id === selectedId ? 'selected' : ''}>
            <span className="swatch" style={{ background: e.color }} />
            <button className="link" onClick={() => select(e.id)}>
              {e.name}
            </button>
            <label className="visible-toggle">
              <input type="checkbox" checked={e.visible} onChange={() => toggle(e.id)} aria-label={`Show ${e.name}`} />
            </label>
            <button className="icon" onClick={() => remove(e.id)} aria-label={`Remove ${e.name}`}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <label className="field">
        <span>Scheduler</span>
        <select
          value=""
          onChange={(ev) => {
            const id = ev.target.value;
            if (id) add({ scheduler: id, params: initialParams(id) }, id);
          }}
        >
          <option value="">Add a scheduler…</option>
          {Object.entries(FRAMEWORK_LABELS).map(([fw, label]) => (
            <optgroup key={fw} label={label}>
              {schedulers
                .filter((d) => d.framework === fw)
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.id}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
    </div>
  );
}
