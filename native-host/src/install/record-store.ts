/** Reading the install record of a scope from disk, with a clear error when it is damaged. */
import fs from "node:fs";
import { installRecordPath } from "../config/paths";
import { FileError } from "../errors";
import type { Os, Scope } from "./browsers";
import { systemRecordPath } from "./install-paths";
import { type InstallRecord, parseInstallRecord } from "./install-record";

export function recordPathFor(scope: Scope, o: Os, env: NodeJS.ProcessEnv): string {
  return scope === "system" ? systemRecordPath(env, o) : installRecordPath(env, o);
}

export type RecordRead =
  | { state: "missing" }
  | { state: "ok"; record: InstallRecord }
  | { state: "invalid"; reason: string };

export function readRecord(file: string): RecordRead {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { state: "missing" };
    return { state: "invalid", reason: (err as Error).message };
  }
  try {
    return { state: "ok", record: parseInstallRecord(text) };
  } catch (err) {
    return { state: "invalid", reason: (err as Error).message };
  }
}

/** The record, null when there is none; a damaged one stops install/uninstall (we would not know what we wrote). */
export function loadRecord(file: string): InstallRecord | null {
  const r = readRecord(file);
  if (r.state === "ok") return r.record;
  if (r.state === "missing") return null;
  throw new FileError("INSTALL_RECORD_INVALID", `The install record ${file} is damaged (${r.reason}).`, {
    hint: `Move ${file} aside and run \`bastionless install\` again; then remove stale manifests that \`bastionless doctor\` lists.`,
  });
}
