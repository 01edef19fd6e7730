/**
 * Finds a program on PATH the way a shell would, without a shell: each PATH entry, and on
 * Windows each PATHEXT extension. Names with path separators are refused, so a name from a
 * table can never point elsewhere.
 */
import fs from "node:fs";
import path from "node:path";

export function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return null;
  const delimiter = platform === "win32" ? ";" : ":";
  const dirs = (env.PATH ?? env.Path ?? "").split(delimiter).filter((d) => d && path.isAbsolute(d));
  const exts =
    platform === "win32" ? (env.PATHEXT || ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean) : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      try {
        const st = fs.statSync(candidate);
        if (!st.isFile()) continue;
        if (platform !== "win32") fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return null;
}
