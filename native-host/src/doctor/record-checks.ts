/** The install records (per user and machine-wide) and the host copy they point at. */
import fs from "node:fs";
import { VERSION } from "../config/version";
import type { Os, Scope } from "../install/browsers";
import type { InstallRecord } from "../install/install-record";
import { readRecord, recordPathFor } from "../install/record-store";
import { type Check, fail, ok, warn } from "./check";

export interface RecordFindings {
  checks: Check[];
  records: Record<Scope, InstallRecord | null>;
}

function hostCheck(scope: Scope, r: InstallRecord): Check | null {
  if (!r.host) return null;
  const id = `install.host${scope === "system" ? ".system" : ""}`;
  const fix = scope === "system" ? "sudo bastionless install --system" : "bastionless install";
  const missing = r.host.files.filter((f) => !fs.existsSync(f));
  if (missing.length) return fail(id, `the installed host is incomplete: ${missing.join(", ")} missing`, fix);
  if (r.host.version !== VERSION)
    return warn(id, `the installed host is version ${r.host.version}; this bastionless is ${VERSION}`, fix);
  return ok(
    id,
    `${r.host.path} (${r.host.kind === "sea" ? "single executable" : "node bundle + launcher"}, ${r.host.version})`,
  );
}

export function recordChecks(os: Os, env: NodeJS.ProcessEnv): RecordFindings {
  const records: Record<Scope, InstallRecord | null> = { user: null, system: null };
  const checks: Check[] = [];
  for (const scope of ["user", "system"] as const) {
    const file = recordPathFor(scope, os, env);
    const id = `install.record${scope === "system" ? ".system" : ""}`;
    const read = readRecord(file);
    if (read.state === "invalid") {
      checks.push(
        fail(
          id,
          `${file} is damaged: ${read.reason}`,
          `mv '${file}' '${file}.bad' && ${scope === "system" ? "sudo bastionless install --system" : "bastionless install"}`,
        ),
      );
      continue;
    }
    if (read.state === "missing") {
      if (scope === "user")
        checks.push(
          warn(id, `bastionless is not installed for this user (no ${file})`, "bastionless install"),
        );
      continue;
    }
    records[scope] = read.record;
    const names = [...new Set(read.record.registrations.map((r) => r.browser))].join(", ") || "no browser";
    checks.push(ok(id, `${file}: registered for ${names}`));
    const host = hostCheck(scope, read.record);
    if (host) checks.push(host);
  }
  return { checks, records };
}
