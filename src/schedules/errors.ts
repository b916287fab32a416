/** Typed errors of the engine. Messages are written for the user who typed the value. */

export class ScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleError';
  }
}

/** The spec names no known scheduler. */
export class UnknownSchedulerError extends ScheduleError {
  constructor(
    readonly scheduler: string,
    readonly path: string,
  ) {
    // A name from a URL or a file may be anything: the message shows its start.
    super(`${path ? path + ': ' : ''}unknown scheduler "${scheduler.length > 80 ? `${scheduler.slice(0, 80)}...` : scheduler}"`);
    this.name = 'UnknownSchedulerError';
  }
}

/** A parameter is invalid. `param` is its name; `path` locates it inside nested specs. */
export class ScheduleParamError extends ScheduleError {
  /** Full path, e.g. `schedulers[1].gamma` (equals `param` at the top level). */
  readonly path: string;
  constructor(
    readonly param: string,
    readonly reason: string,
    path = '',
  ) {
    const full = path ? `${path}.${param}` : param;
    super(`${full}: ${reason}`);
    this.name = 'ScheduleParamError';
    this.path = full;
  }
}

/**
 * The framework itself would raise at some step (ZeroDivisionError, OneCycleLR past total_steps,
 * a lambda returning a complex number, an overflow, ...). `partial` holds the values computed
 * before that step, so a caller can still draw them.
 */
export class ScheduleStepError extends ScheduleError {
  constructor(
    readonly step: number,
    readonly reason: string,
    public partial: Float64Array = new Float64Array(0),
  ) {
    super(`at step ${step}: ${reason}`);
    this.name = 'ScheduleStepError';
  }
}

/** Throw a parameter error. */
export function paramError(param: string, reason: string, path = ''): never {
  throw new ScheduleParamError(param, reason, path);
}

/**
 * Python raised while computing a value: thrown by steppers, turned into a
 * {@link ScheduleStepError} with the step number by `evaluate`.
 */
export class PythonRuntimeError extends ScheduleError {
  constructor(
    readonly pyType: string,
    detail: string,
  ) {
    super(`${pyType}: ${detail}`);
    this.name = 'PythonRuntimeError';
  }
}

export function zeroDivision(detail = 'division by zero'): never {
  throw new PythonRuntimeError('ZeroDivisionError', detail);
}
