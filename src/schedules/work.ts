/**
 * Steps replayed by the exact closed forms of recursions (Paddle's RecursionForm: random access
 * replays the stepper from a checkpoint). Their evaluations are not alike, so the columns walk
 * (columns.ts) counts these steps with its evaluations against its budget: a count that does not
 * depend on how busy the machine is, where a time limit would.
 */
export const replayWork = { steps: 0 };
