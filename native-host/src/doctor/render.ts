/** Doctor output: an aligned table for people (fix under each problem), or one JSON object. */
import type { Check } from "./check";

const MARK = { ok: "ok  ", warn: "WARN", fail: "FAIL" } as const;

export function renderTable(checks: Check[]): string {
  const idWidth = Math.max(5, ...checks.map((c) => c.id.length));
  const lines = [`${"STATUS"}  ${"CHECK".padEnd(idWidth)}  DETAIL`];
  for (const c of checks) {
    lines.push(`${MARK[c.status]}    ${c.id.padEnd(idWidth)}  ${c.detail}`);
    if (c.fix && c.status !== "ok") lines.push(`${" ".repeat(8 + idWidth)}  fix: ${c.fix}`);
  }
  const fails = checks.filter((c) => c.status === "fail").length;
  const warns = checks.filter((c) => c.status === "warn").length;
  lines.push(
    "",
    fails
      ? `${fails} problem(s) to fix, ${warns} warning(s).`
      : warns
        ? `No problems; ${warns} warning(s).`
        : "Everything looks right.",
  );
  return `${lines.join("\n")}\n`;
}

export function renderJson(checks: Check[]): string {
  return `${JSON.stringify({ ok: !checks.some((c) => c.status === "fail"), checks }, null, 2)}\n`;
}
