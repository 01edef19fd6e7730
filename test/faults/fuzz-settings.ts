/**
 * fast-check settings shared by the property tests: a fixed seed so every run checks the same
 * cases (a failure reproduces), FUZZ_RUNS to run longer (e.g. FUZZ_RUNS=20000 npm run test:faults).
 */
export const FUZZ_SEED = 0x5a31;

export function fuzzRuns(defaultRuns: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : defaultRuns;
}
