/**
 * The training setup form: model, optimizer and its hyperparameters, batches, epochs, evaluation,
 * seeds and backend. Every field validates against the setup schema and applies at once when valid.
 */
import { useStudio } from '../../state/studio';
import { BACKEND_CHOICES, MODEL_KINDS, type TrainingSetup } from '../../training/setup';
import { describeModel, parameterCount } from '../../training/spec';
import { CheckField, ListField, NumberField, SelectField, setupError } from './fields';
import { OptimizerFields } from './OptimizerFields';

const MODEL_LABELS = { mlp: 'MLP (dense, ReLU)', cnn: 'Small CNN (2 conv + pool)' } as const;
const BACKEND_OPTION_LABELS = {
  auto: 'Auto (WebGL, then WASM, then CPU)',
  webgl: 'WebGL (GPU)',
  wasm: 'WASM (MLP only)',
  cpu: 'CPU (plain JavaScript)',
} as const;

export function SetupForm({ setup }: { setup: TrainingSetup }) {
  const setTraining = useStudio((s) => s.setTraining);
  const apply = (patch: Partial<TrainingSetup>) => setTraining({ ...useStudio.getState().training, ...patch });
  const check = (patch: Partial<TrainingSetup>, path: string) => setupError(useStudio.getState().training, patch, path);
  const num = (key: 'batchSize' | 'epochs' | 'trainExamples' | 'evalInterval' | 'seed' | 'seedsPerSchedule' | 'splitSeed', label: string, help: string) => (
    <NumberField
      label={label}
      help={help}
      testId={`setup-${key}`}
      value={setup[key]}
      validate={(v) => check({ [key]: v }, key)}
      onValid={(v) => apply({ [key]: v })}
      width={80}
    />
  );
  return (
    <div className="tl-setup" data-testid="training-setup">
      <fieldset>
        <legend>Model</legend>
        <SelectField label="Architecture" value={setup.model} options={MODEL_KINDS.map((m) => ({ value: m, label: MODEL_LABELS[m] }))} onChange={(model) => apply({ model })} testId="setup-model" />
        {setup.model === 'mlp' ? (
          <ListField
            label="Hidden sizes"
            help="Units of each hidden layer, e.g. 128 or 256, 128"
            testId="setup-hiddenSizes"
            value={setup.hiddenSizes}
            validate={(v) => check({ hiddenSizes: v }, 'hiddenSizes')}
            onValid={(v) => apply({ hiddenSizes: v })}
            width={110}
          />
        ) : (
          <ListField
            label="Conv filters"
            help="Filters of the two 3x3 convolutions"
            testId="setup-cnnFilters"
            value={setup.cnnFilters}
            validate={(v) => check({ cnnFilters: v }, 'cnnFilters')}
            onValid={(v) => apply({ cnnFilters: v })}
            width={110}
          />
        )}
        <p className="tl-hint">
          {describeModel(setup)} · {parameterCount(setup).toLocaleString('en-US')} parameters
        </p>
      </fieldset>
      <fieldset>
        <legend>Optimizer</legend>
        <OptimizerFields
          value={setup}
          onChange={(o) => apply({ optimizer: o.optimizer, optimizerParams: o.optimizerParams })}
          setup={() => useStudio.getState().training}
          testPrefix="setup"
        />
        <p className="tl-hint">Learning rate: from each schedule, at every update. A schedule may have its own optimizer (under “Schedules to train”).</p>
      </fieldset>
      <fieldset>
        <legend>Training</legend>
        {num('batchSize', 'Batch size', 'Examples per optimizer update')}
        {num('epochs', 'Epochs', 'Passes over the training examples')}
        {num('trainExamples', 'Train examples', 'How many training examples to use (fewer: faster runs)')}
        {num('evalInterval', 'Evaluate every', 'Updates between validation evaluations (also at every epoch end)')}
      </fieldset>
      <fieldset>
        <legend>Seeds</legend>
        {num('seed', 'Seed', 'Initial weights and batch order: the same for every schedule')}
        {num('seedsPerSchedule', 'Seeds per schedule', 'Runs per schedule (seed, seed+1, …), drawn as mean with a min/max band')}
        {num('splitSeed', 'Split seed', 'Seed of the train / validation / test split')}
      </fieldset>
      <fieldset>
        <legend>Backend</legend>
        <SelectField
          label="Backend"
          value={setup.backend}
          options={BACKEND_CHOICES.map((b) => ({ value: b, label: BACKEND_OPTION_LABELS[b] }))}
          onChange={(backend) => apply({ backend })}
          testId="setup-backend"
        />
        <CheckField
          label="Allow software WebGL"
          help="Accept a software (CPU-emulated) WebGL renderer: slow, for machines without a GPU"
          checked={setup.allowSoftwareWebgl}
          onChange={(allowSoftwareWebgl) => apply({ allowSoftwareWebgl })}
          testId="setup-software-webgl"
        />
        {setup.backend === 'wasm' && setup.model === 'cnn' && <p className="tl-hint warn">WASM cannot train convolutions: the CNN will use another backend.</p>}
      </fieldset>
    </div>
  );
}
