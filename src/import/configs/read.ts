/**
 * Config texts to plain values with the place of each key: YAML and JSON through the `yaml` package
 * (JSON is YAML's flow subset), command lines (`python train.py --lr 0.1 --sched cosine ...`,
 * `torchrun --nproc_per_node 8 ...`) through a small shell-word reader.
 */
import { isMap, isScalar, parseDocument, type Node } from 'yaml';
import { importErrorAt, lineColumn, ImportError } from '../errors';
import type { ConfigSource } from './common';

export interface ParsedConfig {
  values: Record<string, unknown>;
  source: ConfigSource;
}

export function readYaml(text: string): ParsedConfig | { other: unknown; source: ConfigSource } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) {
    const err = doc.errors[0];
    const { line, column } = lineColumn(text, err.pos[0]);
    throw new ImportError(line, column, 'valid YAML or JSON', err.message.split('\n')[0]);
  }
  const offsetOf = (path: string): number => {
    let node: unknown = doc.contents;
    let at = 0;
    for (const seg of path.split('.')) {
      if (!isMap(node)) break;
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) break;
      at = (pair.key as Node).range?.[0] ?? at;
      node = pair.value;
    }
    return at;
  };
  const source: ConfigSource = { text, offsetOf };
  const values = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return { other: values, source };
  return { values: values as Record<string, unknown>, source };
}

/** Short flags of timm's train.py with their long names. */
const SHORT_FLAGS: Record<string, string> = { b: 'batch_size', j: 'workers' };

/** Launchers' flags that say how many processes (devices) train. */
const DEVICE_FLAGS = new Set(['nproc_per_node', 'num_processes', 'nproc-per-node', 'num_gpus', 'gpus']);

/**
 * `--key value`, `--key=value`, `--flag` (true), `--list 1 2 3`; backslash-newlines join lines.
 * Keys are returned with `-` as `_` (argparse's dest names). `devices` is what a launcher asked for.
 */
export function readFlags(text: string): ParsedConfig & { devices?: number } {
  const words: { w: string; pos: number }[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|((?:[^\s"'\\]|\\(?!\r?\n).)+)|\\\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[0].startsWith('\\') && /^\\\r?\n$/.test(m[0])) continue;
    const w = m[1] ?? m[2] ?? m[3];
    if (w !== undefined) words.push({ w: w.replace(/\\(.)/g, '$1'), pos: m.index });
  }
  const values: Record<string, unknown> = {};
  const offsets = new Map<string, number>();
  let devices: number | undefined;
  for (let i = 0; i < words.length; i++) {
    const { w, pos } = words[i];
    const flag = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/.exec(w);
    if (!flag || /^-?\d/.test(w)) continue;
    let key = flag[1].replace(/-/g, '_');
    if (w[1] !== '-') key = SHORT_FLAGS[flag[1]] ?? key;
    const vals: string[] = [];
    if (flag[2] !== undefined) vals.push(flag[2]);
    else while (i + 1 < words.length && !/^--?[A-Za-z]/.test(words[i + 1].w)) vals.push(words[++i].w);
    // A launcher's script path ends its own flags: `torchrun --nproc_per_node 8 train.py --lr 0.1`.
    while (vals.length && /\.(py|sh)$/.test(vals[vals.length - 1])) vals.pop();
    if (DEVICE_FLAGS.has(flag[1]) && vals.length && Number.isFinite(Number(vals[0]))) {
      devices = Number(vals[0]);
      continue;
    }
    values[key] = vals.length === 0 ? true : vals.length === 1 ? vals[0] : vals;
    offsets.set(key, pos);
  }
  if (!offsets.size) importErrorAt(text, 0, '--flags', 'no --flags found');
  // timm's ./distributed_train.sh NUM_GPUS ...
  const launcher = /distributed_train\.sh\s+(\d+)/.exec(text);
  if (launcher && devices === undefined) devices = Number(launcher[1]);
  return { values, source: { text, offsetOf: (k) => offsets.get(k) ?? 0 }, devices };
}
