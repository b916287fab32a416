/**
 * The curves wing: from schedule specs and curve settings to the curves, stats and previews the
 * chart draws, on the main thread or in curve workers. Imports the engine and src/util only; the
 * studio store and the UI build on it.
 */
export * from './compute';
export * from './decimate';
export * from './manager';
export * from './metric';
export * from './pool';
export * from './protocol';
export * from './jobs';
export * from './csv';
export * from './csvExport';
export * from './csvJob';
