/** The updates the current setup plans, on the data in use (bundled MNIST or the user's files). */
import { useStudio } from '../../state/studio';
import { BUNDLED_SUMMARY, plannedSteps, useTraining } from '../../state/training';

export function usePlannedSteps(): ReturnType<typeof plannedSteps> {
  const setup = useStudio((s) => s.training);
  const available = useTraining((s) => (s.useCustom && s.custom ? s.custom.summary.train : BUNDLED_SUMMARY.train));
  return plannedSteps(setup, available);
}
