/**
 * Python lambda expressions (`lambda epoch: 0.95 ** epoch`), parsed by a real parser and compiled
 * to closures. Never eval/Function.
 *
 * PLACEHOLDER API: the parser is being written; the signatures below are the contract.
 */
import { ScheduleError } from '../errors';

/** A syntax error at a 0-based character offset of the source text. */
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

export interface CompiledLambda {
  /** The lambda's parameter name (`epoch`, `step`, ...). */
  argName: string;
  /** Calls the lambda with one argument; throws PythonRuntimeError where Python would raise. */
  fn: (x: number) => number;
  source: string;
}

export function compileLambda(source: string): CompiledLambda {
  throw new ExpressionSyntaxError(0, 'a lambda', `expression support not implemented yet: ${source}`);
}
