/** What install/uninstall tell the user: a short text summary, or one JSON object with --json. */
import type { Browser, Scope } from "./browsers";
import { BROWSER_TABLE } from "./browsers";
import type { InstallRecord } from "./install-record";
import type { Change } from "./plan-changes";

export interface SyncReport {
  action: "install" | "uninstall";
  scope: Scope;
  dryRun: boolean;
  browsers: Browser[];
  /** How the browsers were chosen (install only). */
  how?: "asked" | "detected" | "default";
  recordPath: string;
  record: InstallRecord | null;
  changes: Change[];
  /** What is left for the user to run `bastionless` by name (path-entry.ts). */
  pathAdvice: string | null;
}

function changeTarget(c: Change): string {
  if (c.op === "reg-set-value" || c.op === "reg-delete-value") return `${c.key} ${c.name}`;
  return "path" in c ? c.path : c.key;
}

const VERB: Record<Change["op"], [string, string]> = {
  mkdir: ["created", "would create"],
  write: ["wrote", "would write"],
  copy: ["copied", "would copy"],
  remove: ["removed", "would remove"],
  "reg-add": ["set registry", "would set registry"],
  "reg-delete": ["deleted registry", "would delete registry"],
  symlink: ["linked", "would link"],
  "reg-set-value": ["set registry", "would set registry"],
  "reg-delete-value": ["deleted registry", "would delete registry"],
};

export function reportJson(r: SyncReport): string {
  const changes = r.changes.map((c) => ({
    op: c.op,
    target: changeTarget(c),
    what: c.what,
    ...(c.op === "copy" ? { from: c.from } : {}),
    ...(c.op === "symlink" ? { linkTo: c.target } : {}),
  }));
  const regs = r.record?.registrations ?? [];
  return `${JSON.stringify(
    {
      action: r.action,
      scope: r.scope,
      dryRun: r.dryRun,
      browsers: r.browsers,
      ...(r.how ? { chosen: r.how } : {}),
      host: r.record?.host ?? null,
      registrations: regs,
      allowedOrigins: r.record?.allowedOrigins ?? [],
      allowedExtensions: r.record?.allowedExtensions ?? [],
      onPath: r.record?.onPath ?? null,
      pathAdvice: r.pathAdvice,
      recordPath: r.recordPath,
      changes,
    },
    null,
    2,
  )}\n`;
}

export function reportText(r: SyncReport): string {
  const scope = r.scope === "system" ? "machine-wide" : "for this user";
  const names = r.browsers.map((b) => BROWSER_TABLE[b].label).join(", ") || "none";
  const how =
    r.how === "detected"
      ? " (found on this machine)"
      : r.how === "default"
        ? " (no browser found; Chromium by default, pick others with --browser)"
        : "";
  const lines = [
    `bastionless ${r.action} ${scope}${r.dryRun ? " (dry run: nothing changed)" : ""}`,
    `  browsers: ${names}${how}`,
  ];
  if (r.record?.host) lines.push(`  host: ${r.record.host.path}`);
  for (const c of r.changes) lines.push(`  ${VERB[c.op][r.dryRun ? 1 : 0]} ${changeTarget(c)}  (${c.what})`);
  if (!r.changes.length) lines.push("  nothing to change: already as asked");
  if (r.record && r.action === "install")
    lines.push(`  allowed: ${[...r.record.allowedOrigins, ...r.record.allowedExtensions].join(", ")}`);
  if (r.record?.onPath?.kind === "link") lines.push(`  on PATH: ${r.record.onPath.path}`);
  if (r.pathAdvice) lines.push(`  to run \`bastionless\` by name: ${r.pathAdvice}`);
  if (r.action === "install" && !r.dryRun)
    lines.push(
      "  Restart the browser if the extension still says the host is missing; `bastionless doctor` checks everything.",
    );
  return `${lines.join("\n")}\n`;
}
