import { ScheduleError } from '../../errors';

/**
 * A lambda that cannot be compiled: a syntax error, an unknown name or function, a wrong number of
 * arguments. `position` is a 0-based offset into the source; the message names the 1-based column.
 */
export class ExpressionSyntaxError extends ScheduleError {
  constructor(
    readonly position: number,
    readonly expected: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExpressionSyntaxError';
  }
}
