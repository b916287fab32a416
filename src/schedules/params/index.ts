/**
 * Parameter kinds that several frameworks share, each declared once here and made into a
 * framework's ParamDef with that framework's own names, docs and defaults. Framework folders take
 * shared parameters from here, never from one another.
 */
export * from './cyclic';
export * from './decay';
export * from './lr';
export * from './plateau';
export * from './restarts';
