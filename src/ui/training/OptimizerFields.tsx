/**
 * An optimizer and its hyperparameters: the setup's (SetupForm) or one schedule's own in the lab
 * (its run may differ from the others in more than the schedule). Validated by the setup schema,
 * applied when valid.
 */
import { OPTIMIZER_KINDS, type OptimizerParams, type RunOptimizer, type TrainingSetup } from '../../training/setup';
import { OPTIMIZER_LABELS } from '../../training/spec';
import { CheckField, NumberField, SelectField, setupError } from './fields';

export interface OptimizerFieldsProps {
  value: RunOptimizer;
  onChange(v: RunOptimizer): void;
  /** The setup the value is checked within (the schema validates a whole setup). */
  setup(): TrainingSetup;
  /** Test ids: `<prefix>-optimizer`, `<prefix>-adam-beta1`, ... */
  testPrefix: string;
  /** Label of the optimizer select. */
  label?: string;
  /** Extra first option of the select (a schedule's "setup default"); chosen when `value` is null. */
  defaultOption?: { label: string; chosen: boolean; choose(): void };
}

const DEFAULT_VALUE = '__setup__';

export function OptimizerFields({ value, onChange, setup, testPrefix, label = 'Optimizer', defaultOption }: OptimizerFieldsProps) {
  const patched = (kind: keyof OptimizerParams, field: string, v: number | boolean): RunOptimizer => ({
    ...value,
    optimizerParams: { ...value.optimizerParams, [kind]: { ...value.optimizerParams[kind], [field]: v } },
  });
  const check = (next: RunOptimizer, path: string) => setupError(setup(), next, path);
  const num = <K extends keyof OptimizerParams>(kind: K, field: keyof OptimizerParams[K] & string, text: string, help: string) => (
    <NumberField
      label={text}
      help={help}
      testId={`${testPrefix}-${kind}-${field}`}
      value={value.optimizerParams[kind][field] as number}
      validate={(v) => check(patched(kind, field, v), `optimizerParams.${kind}.${field}`)}
      onValid={(v) => onChange(patched(kind, field, v))}
      width={80}
    />
  );
  const flag = <K extends keyof OptimizerParams>(kind: K, field: keyof OptimizerParams[K] & string, text: string) => (
    <CheckField label={text} checked={value.optimizerParams[kind][field] as boolean} onChange={(v) => onChange(patched(kind, field, v))} testId={`${testPrefix}-${kind}-${field}`} />
  );
  const options = [
    ...(defaultOption ? [{ value: DEFAULT_VALUE, label: defaultOption.label }] : []),
    ...OPTIMIZER_KINDS.map((o) => ({ value: o as string, label: OPTIMIZER_LABELS[o] })),
  ];
  const showParams = !defaultOption?.chosen;
  return (
    <>
      <SelectField
        label={label}
        value={defaultOption?.chosen ? DEFAULT_VALUE : value.optimizer}
        options={options}
        onChange={(o) => (o === DEFAULT_VALUE ? defaultOption?.choose() : onChange({ ...value, optimizer: o as RunOptimizer['optimizer'] }))}
        testId={`${testPrefix}-optimizer`}
      />
      {showParams && value.optimizer === 'momentum' && (
        <>
          {num('momentum', 'momentum', 'Momentum', 'Velocity decay (PyTorch-style: v = m·v + g)')}
          {flag('momentum', 'useNesterov', 'Nesterov')}
        </>
      )}
      {showParams && value.optimizer === 'adagrad' && num('adagrad', 'initialAccumulatorValue', 'Initial accumulator', 'Starting value of the squared-gradient sums')}
      {showParams && value.optimizer === 'rmsprop' && (
        <>
          {num('rmsprop', 'decay', 'Decay (rho)', 'Discount of the squared-gradient average')}
          {num('rmsprop', 'momentum', 'Momentum', 'Momentum of the update')}
          {num('rmsprop', 'epsilon', 'Epsilon', 'Added to the denominator')}
          {flag('rmsprop', 'centered', 'Centered')}
        </>
      )}
      {showParams && value.optimizer === 'adam' && (
        <>
          {num('adam', 'beta1', 'Beta 1', 'Decay of the first moment')}
          {num('adam', 'beta2', 'Beta 2', 'Decay of the second moment')}
          {num('adam', 'epsilon', 'Epsilon', 'Added to the denominator')}
        </>
      )}
    </>
  );
}
