/**
 * Where `bastionless install` puts things, per OS and scope. Every system path goes through
 * `systemPath()`, which prefixes BASTIONLESS_SYSTEM_ROOT when set, so tests exercise `--system`
 * inside a temp folder and never touch /etc or /opt of the machine.
 */
import path from "node:path";
import { HOST_NAME } from "../../../contract/envelope";
import { homeDir } from "../config/paths";
import { BROWSER_TABLE, type Browser, type Os, type Scope } from "./browsers";

type Env = NodeJS.ProcessEnv;

export const MANIFEST_FILE = `${HOST_NAME}.json`;

function pathFor(o: Os): path.PlatformPath {
  return o === "win32" ? path.win32 : path.posix;
}

/** A machine-wide path, moved under BASTIONLESS_SYSTEM_ROOT when that is set (tests). */
export function systemPath(env: Env, o: Os, absolute: string): string {
  const root = env.BASTIONLESS_SYSTEM_ROOT;
  if (!root) return absolute;
  const p = pathFor(o);
  return p.join(root, absolute.replace(/^[A-Za-z]:/, ""));
}

function localAppData(env: Env): string {
  return env.LOCALAPPDATA || path.win32.join(homeDir(env), "AppData", "Local");
}

function programData(env: Env, o: Os): string {
  return systemPath(env, o, env.ProgramData || env.PROGRAMDATA || "C:\\ProgramData");
}

/** bastionless's own data folder (holds bin/ and, on Windows, the manifests the registry names). */
export function dataDir(env: Env, o: Os, scope: Scope): string {
  if (o === "win32") {
    return scope === "system"
      ? systemPath(env, o, path.win32.join(env.ProgramFiles || "C:\\Program Files", "bastionless"))
      : path.win32.join(localAppData(env), "bastionless");
  }
  if (o === "darwin") {
    return scope === "system"
      ? systemPath(env, o, "/Library/Application Support/bastionless")
      : path.posix.join(homeDir(env), "Library/Application Support/bastionless");
  }
  if (scope === "system") return systemPath(env, o, "/opt/bastionless");
  return path.posix.join(env.XDG_DATA_HOME || path.posix.join(homeDir(env), ".local/share"), "bastionless");
}

/** The stable folder the host is copied to, so a manifest never points into a download or build tree. */
export function binDir(env: Env, o: Os, scope: Scope): string {
  return pathFor(o).join(dataDir(env, o, scope), "bin");
}

/** The machine-wide install record (the per-user one is config/paths.ts installRecordPath). */
export function systemRecordPath(env: Env, o: Os): string {
  if (o === "win32") return path.win32.join(programData(env, o), "bastionless", "install.json");
  if (o === "darwin") return systemPath(env, o, "/Library/Application Support/bastionless/install.json");
  return systemPath(env, o, "/etc/bastionless/install.json");
}

export interface ManifestPlace {
  manifestPath: string;
  /** Windows only: the full registry key (HKCU\… or HKLM\…) whose default value is manifestPath. */
  registryKey?: string;
}

/** Where the manifest for `browser` goes; `profileDir` is a Chromium-family --user-data-dir. */
export function manifestPlace(
  browser: Browser,
  scope: Scope,
  o: Os,
  env: Env,
  profileDir?: string,
): ManifestPlace {
  const p = pathFor(o);
  if (profileDir) return { manifestPath: p.join(profileDir, "NativeMessagingHosts", MANIFEST_FILE) };
  const entry = BROWSER_TABLE[browser];
  if (o === "win32") {
    // Windows browsers read the registry; the file can live anywhere, so ours sits in our own folder,
    // one per family (Chrome, Brave and Vivaldi share a key, so they must share the file too).
    const dir = scope === "system" ? p.join(programData(env, o), "bastionless") : dataDir(env, o, scope);
    const hive = scope === "system" ? "HKLM" : "HKCU";
    return {
      manifestPath: p.join(dir, "manifests", `${entry.family}.json`),
      registryKey: `${hive}\\${entry.win32.key}\\${HOST_NAME}`,
    };
  }
  const place = entry[o];
  return {
    manifestPath:
      scope === "system"
        ? p.join(systemPath(env, o, place.system), MANIFEST_FILE)
        : p.join(homeDir(env), place.user, MANIFEST_FILE),
  };
}

/** Paths whose presence means the browser is used (user) or installed (system). */
export function detectPaths(browser: Browser, scope: Scope, o: Os, env: Env): string[] {
  const entry = BROWSER_TABLE[browser];
  if (o === "win32") return [path.win32.join(localAppData(env), entry.win32.detectUser)];
  const place = entry[o];
  if (scope === "system") return place.detectSystem.map((d) => systemPath(env, o, d));
  return [path.posix.join(homeDir(env), place.detectUser)];
}
