/** The header's theme switch: follow the system, or always light, or always dark (remembered). */
import { setThemeChoice, useTheme, type ThemeChoice } from './theme';

const OPTIONS: { value: ThemeChoice; label: string; title: string }[] = [
  { value: 'system', label: 'Auto', title: 'Follow the system setting' },
  { value: 'light', label: 'Light', title: 'Always light' },
  { value: 'dark', label: 'Dark', title: 'Always dark' },
];

export function ThemeToggle() {
  const { choice } = useTheme();
  return (
    <div className="segmented theme-toggle" role="group" aria-label="Theme">
      {OPTIONS.map((o) => (
        <button key={o.value} type="button" aria-pressed={choice === o.value} title={o.title} onClick={() => setThemeChoice(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
