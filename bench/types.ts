/** A section of the benchmark report: one table in the README. */
export interface BenchSection {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Lines printed under the table (machine, method, targets). */
  notes?: string[];
}

/** A benchmark module: `bench/<name>.bench.ts` exports `run`. */
export type BenchModule = { run: () => Promise<BenchSection[]> };
