/**
 * How a byte count reads, in the popup (tunnels panel) and on a terminal (`bastionless tunnels`):
 * one formatter, so both say the same of one tunnel. Units are binary and named so (IEC 80000-13:
 * KiB = 1024 B), since the counts are divided by 1024; the popup's copy used to call those "KB",
 * which is 1000 B (issue 10).
 */

const UNITS = ["KiB", "MiB", "GiB", "TiB"] as const;

/** "0 B", "1023 B", "1.5 KiB", "50 MiB"; "–" for what is no count (negative, NaN, infinite). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "–";
  if (n < 1024) return `${n} B`;
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${UNITS[i]}`;
}
