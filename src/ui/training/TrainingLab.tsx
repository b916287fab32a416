/** The training lab (MNIST in a tfjs worker): placeholder until it lands. */
export function TrainingLab() {
  return (
    <section className="training" aria-label="Training lab">
      <h2>Training lab</h2>
      <p>Train a small MNIST model under each schedule, side by side (coming next).</p>
    </section>
  );
}
