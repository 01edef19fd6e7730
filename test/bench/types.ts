export interface BenchResult {
  /** What was measured, e.g. "host start → hello (median of 30)". */
  name: string;
  value: number;
  unit: string;
  /** The same kind of figure for a reference measured in the same run. */
  reference?: { name: string; value: number; unit?: string };
  /** The target from the issue, as text (e.g. "≤ 40 ms"). */
  target?: string;
  /** Raw samples or extra figures. */
  detail?: Record<string, unknown>;
}

export interface BenchModule {
  run(): Promise<BenchResult[]>;
}
