/**
 * Bring a schedule in: Python code or a training config becomes the studio's specs, with the
 * framework's own defaults and unit rules. Pure: no DOM. Input is parsed, never run.
 *
 * ```ts
 * const { schedules, context, notes } = importSchedules(text, { datasetSize: 50_000 });
 * ```
 *
 * Recognised inputs: Python (torch / paddle / keras / optax / transformers / timm constructor calls,
 * Lightning's configure_optimizers, `TrainingArguments(...)`), Hugging Face TrainingArguments and
 * timm train.py arguments as YAML, JSON or command-line flags, PaddleOCR `Optimizer: lr:` YAML,
 * OpenMMLab (mmengine) `param_scheduler` configs as Python, YAML or JSON, and Keras's serialized
 * schedule JSON.
 */
import { validateSpec } from '../schedules';
import { fillContext, type Reading } from './configs/common';
import { HF_KEYS, readTrainingArguments } from './configs/hf';
import { readKerasSerialized } from './configs/keras';
import { MMENGINE_KEYS, plainOfPython, readMmengine } from './configs/mmengine';
import { readPaddleOcr } from './configs/paddleocr';
import { readFlags, readYaml } from './configs/read';
import { readTimmArgs, TIMM_KEYS } from './configs/timm';
import { ImportError, importErrorAt } from './errors';
import { interpret } from './python/interpret';
import { parsePython } from './python/parser';
import type { ImportResult, RunContext } from './types';

export { ImportError } from './errors';
export type { ImportedSchedule, ImportResult, RunContext } from './types';

/** What the importer reads, for messages. */
export const SUPPORTED_INPUTS =
  'Python code constructing a scheduler (PyTorch, Paddle, Keras, Optax, transformers, timm, Lightning), Hugging Face TrainingArguments or timm train.py arguments (YAML, JSON or --flags), a PaddleOCR Optimizer: lr: YAML block, an OpenMMLab param_scheduler config (Python, YAML or JSON), or a Keras serialized schedule ({"class_name": ..., "config": ...})';

/**
 * Reads `text` and returns the schedules it builds, the run context they were computed with (the
 * caller's `context`, which wins, completed by what the input says) and notes on what was assumed or
 * left out. Throws {@link ImportError} (line, column, what was expected) for input it cannot read.
 */
export function importSchedules(text: string, context: RunContext = {}): ImportResult {
  if (text.trim() === '') throw new ImportError(1, 1, SUPPORTED_INPUTS, `nothing to import: paste ${SUPPORTED_INPUTS}`);
  const ctx = withDerived(context);
  const reading = read(text, ctx);
  const notes = [...reading.notes];
  const schedules = reading.schedules.filter((s) => {
    const err = validateSpec(s.spec);
    if (err) notes.push(`${s.name}: ${err.message} (left out).`);
    return err === null;
  });
  if (schedules.length === 0 && reading.schedules.length > 0) {
    importErrorAt(text, 0, 'a valid schedule', notes[notes.length - 1] ?? 'the schedule is not valid');
  }
  return { schedules, context: reading.context, notes };
}

function read(text: string, ctx: RunContext): Reading {
  const kind = detect(text);
  if (kind === 'flags') {
    const f = readFlags(text);
    const withDevices = f.devices !== undefined && ctx.devices === undefined ? { ...ctx, devices: f.devices } : ctx;
    return readConfigObject(f.values, f.source, withDevices, 'flags');
  }
  if (kind === 'data') {
    const y = readYaml(text);
    if ('other' in y) importErrorAt(text, 0, SUPPORTED_INPUTS, `a ${Array.isArray(y.other) ? 'list' : 'value'} is not a config: expected ${SUPPORTED_INPUTS}`);
    return readConfigObject(y.values, y.source, ctx, 'data');
  }
  const stmts = parsePython(text);
  const r = interpret(text, stmts, ctx);
  // An OpenMMLab config file: module-level dicts, read as data.
  if (r.globals.has('param_scheduler')) {
    const values = Object.fromEntries(MMENGINE_KEYS.filter((k) => r.globals.has(k)).map((k) => [k, plainOfPython(r.globals.get(k)!)]));
    return readMmengine(values, { text, offsetOf: (k) => Math.max(0, text.indexOf(k.split('.')[0])) }, ctx);
  }
  if (r.schedules.length === 0) {
    const pos = r.firstProblem?.pos ?? 0;
    const detail = r.firstProblem ? `${r.firstProblem.detail}` : `no scheduler found: expected ${SUPPORTED_INPUTS}`;
    // What only a run context can tell (len(loader), the trainer's total) is a note: the caller fills it in and reads again.
    const needsContext = r.firstProblem !== null && /run context/.test(r.firstProblem.detail);
    if (!needsContext) importErrorAt(text, pos, SUPPORTED_INPUTS, detail);
  }
  return { schedules: r.schedules, context: fillContext(ctx, r.context), notes: r.notes };
}

function readConfigObject(values: Record<string, unknown>, source: Parameters<typeof readTimmArgs>[1], ctx: RunContext, kind: 'flags' | 'data'): Reading {
  if (kind === 'data') {
    if ('class_name' in values && 'config' in values) return readKerasSerialized(values, source);
    if ('param_scheduler' in values) return readMmengine(values, source, ctx);
    const opt = values.Optimizer;
    if (opt && typeof opt === 'object' && 'lr' in opt) return readPaddleOcr(values, source, ctx);
  }
  const keys = Object.keys(values).map((k) => k.replace(/-/g, '_'));
  if (keys.some((k) => TIMM_KEYS.includes(k))) return readTimmArgs(values, source, ctx);
  if (keys.some((k) => HF_KEYS.includes(k))) {
    const normalized = Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace(/-/g, '_'), v]));
    return readTrainingArguments(normalized, source, ctx);
  }
  importErrorAt(source.text, 0, SUPPORTED_INPUTS, `no schedule settings found: expected ${SUPPORTED_INPUTS}`);
}

/** Python, a command line, or YAML / JSON data. */
function detect(text: string): 'python' | 'flags' | 'data' {
  const lines = text.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l !== '');
  const first = lines[0] ?? '';
  if (first.startsWith('{') || first.startsWith('[') || first === '---') return 'data';
  const python = lines.some((l) => /^(import|from|def|class|for|while|if|with|return)\b/.test(l) || /^[\w.[\]'"]+\s*=[^=]/.test(l) || /^@\w/.test(l));
  if (!python && /(^|\s)--[A-Za-z]/.test(text)) return 'flags';
  if (!python && /^[\w.-]+\s*:(\s|$)/.test(first)) return 'data';
  if (!python && /^-\s/.test(first)) return 'data';
  return 'python';
}

/** The caller's context as given; the steps per epoch derive from the dataset where it is not given. */
function withDerived(c: RunContext): RunContext {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => typeof v === 'number' && Number.isFinite(v))) as RunContext;
}
