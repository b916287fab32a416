/**
 * The typed message protocol between the page and the training worker. One discriminated union
 * each way, imported by both sides.
 */
import type { BackendChoice, ModelKind, TrainingSetup } from './setup';
import type { RunPlan } from './spec';
import type { IdxFiles } from './data';
import type { ThroughputRequest, ThroughputResult } from './throughput';
import type { ProgressBatch } from './trainer';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export const BACKEND_LABELS: Record<BackendName, string> = { webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** Which digits to train on. User files travel as bytes (copies; the page keeps its own). */
export type DataRequest =
  /** `baseUrl`: absolute URL the bundled files are relative to (the app's base). */
  | { kind: 'bundled'; splitSeed: number; baseUrl: string }
  /** `files` may be left out when this worker already holds data `id`. */
  | { kind: 'idx'; id: string; files?: IdxFiles; splitSeed: number };

export interface DataSummary {
  source: string;
  train: number;
  val: number;
  test: number;
}

/** The bare-loop vs app-loop throughput measurement (benchmark only). */
export type BenchRequest = ThroughputRequest;
export interface BenchResult extends ThroughputResult {
  backend: BackendName;
}

export type ToWorker =
  /** Chooses the backend for `model` (WASM cannot train convolutions). */
  | { type: 'init'; backend: BackendChoice; model: ModelKind; allowSoftwareWebgl: boolean }
  /** Parses and validates the data (reply `data` or `dataError`). */
  | { type: 'loadData'; data: DataRequest }
  /** Starts a comparison, replacing the previous one in this worker (`append`: adds runs to it). */
  | { type: 'start'; data: DataRequest; setup: TrainingSetup; runs: RunPlan[]; append?: boolean }
  | { type: 'pause' | 'resume' | 'stop' | 'reset'; runId?: string }
  | { type: 'bench'; request: BenchRequest; data: DataRequest }
  /** Fault injection for tests: loses the WebGL context, or makes the next update of a run throw. */
  | { type: 'inject'; fault: 'loseContext' | 'throw'; runId?: string };

/** How often a training worker says it is alive, whatever it is doing (milliseconds). */
export const HEARTBEAT_MS = 1000;
/**
 * Silence after which the page takes a training worker for dead (it closed, was terminated or
 * crashed without an error event). Generous: a single update runs synchronously and holds the
 * worker's heartbeat back (a first WebGL update compiles its shaders; a large CNN batch on the CPU
 * takes seconds); the page also waits 4 times the longest silence it has seen from that worker.
 */
export const SILENCE_LIMIT_MS = 30_000;

export type FromWorker =
  /** The heartbeat, every {@link HEARTBEAT_MS}. */
  | { type: 'alive' }
  | { type: 'backend'; backend: BackendName; reason: string }
  /** `id`: the user data set's id (absent for the bundled data). */
  | { type: 'data'; id?: string; summary: DataSummary }
  | { type: 'dataError'; id?: string; file: string; message: string }
  | { type: 'progress'; batch: ProgressBatch }
  /** The backend died (WebGL context lost): every unfinished run here failed. */
  | { type: 'fault'; message: string }
  | { type: 'bench'; result: BenchResult }
  | { type: 'error'; message: string };
