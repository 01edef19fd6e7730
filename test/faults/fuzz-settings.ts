/**
 * fast-check settings and helpers shared by the property tests: a fixed seed so every run checks the same
 * cases (a failure reproduces), FUZZ_RUNS to run longer (e.g. FUZZ_RUNS=20000 npm run test:faults).
 */
export const FUZZ_SEED = 0x5a31;

export function fuzzRuns(defaultRuns: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : defaultRuns;
}

/** Cuts bytes into chunks at the given points. */
export function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  return out;
}
