/** Whether `bastionless` runs by name from a new terminal (install/path-entry.ts put it there). */
import fs from "node:fs";
import path from "node:path";
import type { Os } from "../install/browsers";
import type { InstallRecord } from "../install/install-record";
import { pathAdvice, pathContext } from "../install/path-entry";
import { type Check, fail, ok, warn } from "./check";

const ID = "install.path";

function realOrNull(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

/** The first `bastionless` a shell would run from `dirs`. */
function firstOnPath(dirs: string[], os: Os): string | null {
  const names = os === "win32" ? ["bastionless.exe", "bastionless.cmd"] : ["bastionless"];
  for (const d of dirs) for (const n of names) if (fs.existsSync(path.join(d, n))) return path.join(d, n);
  return null;
}

export function pathCheck(os: Os, env: NodeJS.ProcessEnv, r: InstallRecord | null): Check | null {
  if (!r?.host) return null;
  const ctx = pathContext(env, os, r.scope);
  const p = os === "win32" ? path.win32 : path.posix;
  const fix = r.scope === "system" ? "sudo bastionless install --system" : "bastionless install";
  const entry = r.onPath;
  if (entry?.kind === "link") {
    let now: string | null = null;
    try {
      now = fs.readlinkSync(entry.path);
    } catch {}
    if (now !== entry.target) return fail(ID, `${entry.path} no longer points at ${entry.target}`, fix);
    if (!ctx.searched.includes(p.dirname(entry.path)))
      return warn(
        ID,
        `${entry.path} is in a folder this shell does not search`,
        pathAdvice(os, p.dirname(entry.path)),
      );
  }
  if (entry?.kind === "path-var" && !ctx.searched.some((d) => d.toLowerCase() === entry.dir.toLowerCase()))
    return warn(
      ID,
      `${entry.dir} was added to ${entry.key} Path; this terminal started before that`,
      "open a new terminal",
    );
  const found = firstOnPath(ctx.searched, os);
  if (!found) return warn(ID, "bastionless is not on PATH", pathAdvice(os, p.dirname(r.host.path)));
  if (realOrNull(found) !== realOrNull(r.host.path))
    return warn(
      ID,
      `${found} comes first on PATH and is not the installed ${r.host.path}`,
      `remove ${found}, or ${pathAdvice(os, p.dirname(r.host.path))}`,
    );
  return ok(ID, `bastionless on PATH: ${found}${found === r.host.path ? "" : ` → ${r.host.path}`}`);
}
