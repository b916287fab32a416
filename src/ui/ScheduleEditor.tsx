import { getDefinition } from '../schedules';
import { useStudio } from '../state/studio';

/** Parameters of the selected schedule (JSON view until the generated forms land). */
export function ScheduleEditor() {
  const entry = useStudio((s) => s.schedules.find((e) => e.id === s.selectedId));
  if (!entry) return <p>Select a schedule.</p>;
  const def = getDefinition(entry.spec.scheduler);
  return (
    <div>
      <h2>{entry.name}</h2>
      <p className="module">{def?.module}</p>
      <pre>{JSON.stringify(entry.spec.params, null, 2)}</pre>
    </div>
  );
}
