/**
 * The searchable scheduler picker (a combobox labelled "Scheduler"): type any part of a name, id,
 * framework, family or module; results are grouped by framework or by family. Keyboard: ArrowDown /
 * ArrowUp move, Enter adds, Escape closes.
 */
import { memo, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { FRAMEWORK_LABELS, schedulers, type Family, type Framework, type SchedulerDefinition } from '../schedules';

export const FAMILY_LABELS: Record<Family, string> = {
  constant: 'Constant',
  step: 'Step',
  multistep: 'Multi-step',
  exponential: 'Exponential',
  'inverse-time': 'Inverse time',
  polynomial: 'Polynomial',
  linear: 'Linear',
  cosine: 'Cosine',
  restarts: 'Warm restarts (SGDR)',
  tanh: 'Tanh',
  cyclic: 'Cyclical (CLR)',
  onecycle: 'One-cycle',
  'inverse-sqrt': 'Inverse square root (Noam)',
  warmup: 'Warmup',
  wsd: 'Warmup–stable–decay',
  piecewise: 'Piecewise',
  plateau: 'Plateau (metric-driven)',
  lambda: 'User function (lambda)',
  composite: 'Composite',
};

type Grouping = 'framework' | 'family';

interface Group {
  key: string;
  label: string;
  items: SchedulerDefinition[];
}

function haystack(d: SchedulerDefinition): string {
  return `${d.id} ${d.name} ${d.family} ${FAMILY_LABELS[d.family]} ${FRAMEWORK_LABELS[d.framework]} ${d.module}`.toLowerCase();
}

/** Definitions matching every word of `query`, best first (exact name, then prefix, then any). */
export function searchSchedulers(query: string, defs: readonly SchedulerDefinition[] = schedulers): SchedulerDefinition[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = defs.filter((d) => words.every((w) => haystack(d).includes(w)));
  const q = query.trim().toLowerCase();
  const rank = (d: SchedulerDefinition) => {
    const n = d.name.toLowerCase();
    if (!q) return 3;
    if (n === q || d.id.toLowerCase() === q) return 0;
    if (n.startsWith(q)) return 1;
    if (n.includes(q)) return 2;
    return 3;
  };
  return hits.map((d, i) => [d, rank(d), i] as const).sort((a, b) => a[1] - b[1] || a[2] - b[2]).map(([d]) => d);
}

function groupBy(defs: SchedulerDefinition[], grouping: Grouping): Group[] {
  const order: string[] = grouping === 'framework' ? Object.keys(FRAMEWORK_LABELS) : Object.keys(FAMILY_LABELS);
  const groups = new Map<string, SchedulerDefinition[]>();
  for (const d of defs) {
    const key = grouping === 'framework' ? d.framework : d.family;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(d);
  }
  return order
    .filter((k) => groups.has(k))
    .map((k) => ({
      key: k,
      label: grouping === 'framework' ? FRAMEWORK_LABELS[k as Framework] : FAMILY_LABELS[k as Family],
      items: groups.get(k)!,
    }));
}

export const Picker = memo(function Picker({ onPick }: { onPick(id: string): unknown }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  /** Id of the highlighted option; null: the best match for the query. */
  const [active, setActive] = useState<string | null>(null);
  const [grouping, setGrouping] = useState<Grouping>('framework');
  const ranked = useMemo(() => searchSchedulers(query), [query]);
  const groups = useMemo(() => groupBy(ranked, grouping), [ranked, grouping]);
  // Keyboard order follows the groups as shown.
  const flat = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const activeDef = flat.find((d) => d.id === active) ?? ranked[0];
  const optionId = (d: SchedulerDefinition) => `${id}-opt-${d.id.replace(/[^a-zA-Z0-9_-]/g, '_')}`;

  const pick = (d: SchedulerDefinition | undefined) => {
    if (!d) return;
    onPick(d.id);
    setQuery('');
    setOpen(false);
    setActive(null);
  };
  const moveActive = (delta: number) => {
    if (!flat.length) return;
    const i = activeDef ? flat.indexOf(activeDef) : -1;
    const j = Math.min(flat.length - 1, Math.max(0, i + delta));
    setActive(flat[j].id);
    document.getElementById(optionId(flat[j]))?.scrollIntoView({ block: 'nearest' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      else moveActive(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open || query) pick(activeDef);
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
      } else setQuery('');
    }
  };

  return (
    <div className="picker">
      <div className="picker-head">
        <label htmlFor={`${id}-input`}>Scheduler</label>
        <div className="segmented small" role="group" aria-label="Group schedulers by">
          {(['framework', 'family'] as const).map((g) => (
            <button
              key={g}
              type="button"
              aria-pressed={grouping === g}
              onClick={() => {
                setGrouping(g);
                setOpen(true);
                inputRef.current?.focus();
              }}
            >
              by {g}
            </button>
          ))}
        </div>
      </div>
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={open && activeDef ? optionId(activeDef) : undefined}
        placeholder={`Search ${schedulers.length} schedulers: cosine, StepLR, warmup…`}
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(null);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <div className="picker-popup" id={`${id}-list`} role="listbox" aria-label="Schedulers">
          {flat.length === 0 && <p className="picker-empty">No scheduler matches “{query}”.</p>}
          {groups.map((g) => (
            <div key={g.key} role="group" aria-labelledby={`${id}-g-${g.key}`}>
              <div className="picker-group" id={`${id}-g-${g.key}`} role="presentation">
                {g.label}
              </div>
              {g.items.map((d) => (
                <div
                  key={d.id}
                  id={optionId(d)}
                  role="option"
                  aria-selected={d === activeDef}
                  className={`picker-option${d === activeDef ? ' active' : ''}`}
                  // Keep focus in the input so the click lands before blur closes the list.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(d)}
                  onMouseEnter={() => setActive(d.id)}
                >
                  <span className="picker-name">{d.name}</span>
                  <span className="picker-meta">
                    {grouping === 'framework' ? FAMILY_LABELS[d.family] : FRAMEWORK_LABELS[d.framework]} · {d.id}
                  </span>
                </div>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
