/**
 * Temp files for atomic replaces: in the target's own folder (so rename stays on one filesystem),
 * hidden, and named after the writer's pid, so a later writer can tell a dead writer's leftovers.
 */
import crypto from "node:crypto";
import path from "node:path";

export function tempBeside(target: string): string {
  return path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`,
  );
}

/** The writer's pid when `name` (a file name in the target's folder) is one of tempBeside's. */
export function tempWriterPid(target: string, name: string): number | null {
  const prefix = `.${path.basename(target)}.`;
  if (!name.startsWith(prefix)) return null;
  const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
  return m ? Number(m[1]) : null;
}
