/**
 * The install record: what `bastionless install` wrote, so `uninstall` removes exactly that and
 * the host knows whom it serves (protocol/caller.ts reads allowedOrigins/allowedExtensions).
 * One record per scope: per user in config/paths.ts installRecordPath(), machine-wide in
 * install-paths.ts systemRecordPath(). Read from disk, so validated like any outside input.
 */
import { arr, int, obj, oneOf, opt, str } from "../../../contract/validate";
import { BROWSERS, type Browser, type Scope } from "./browsers";
import { type PathEntry, parsePathEntry } from "./path-entry-record";

export interface Registration {
  browser: Browser;
  manifestPath: string;
  /** Windows: HKCU\… or HKLM\… key whose default value is manifestPath. */
  registryKey?: string;
  /** A Chromium-family --user-data-dir the manifest was written into (--browser-profile). */
  profileDir?: string;
}

export interface InstalledHost {
  /** What the manifests' `path` names: the executable or the launcher. */
  path: string;
  kind: "sea" | "bundle";
  /** Every file written for the host (executable, or bundle + launcher). */
  files: string[];
  version: string;
}

export interface InstallRecord {
  version: 1;
  scope: Scope;
  /** Read by the host: chrome-extension://ID/ origins and Firefox add-on ids it answers. */
  allowedOrigins: string[];
  allowedExtensions: string[];
  /** Ids added with --extension-id (the published ids are always allowed). */
  extraExtensionIds: string[];
  host: InstalledHost | null;
  registrations: Registration[];
  /** Folders install created (outermost first); uninstall removes them when they are empty. */
  createdDirs: string[];
  /** How install put `bastionless` on PATH (path-entry.ts); null when it did not. */
  onPath: PathEntry | null;
}

export function emptyRecord(scope: Scope): InstallRecord {
  return {
    version: 1,
    scope,
    allowedOrigins: [],
    allowedExtensions: [],
    extraExtensionIds: [],
    host: null,
    registrations: [],
    createdDirs: [],
    onPath: null,
  };
}

const PATH_MAX = 4096;
const pathStr = (v: unknown, p: string) => str(v, p, { min: 1, max: PATH_MAX });
const strList = (v: unknown, p: string) => arr(v, p, (x, q) => str(x, q, { min: 1, max: 256 }), 500);

function registration(v: unknown, p: string): Registration {
  const o = obj(v, p);
  const r: Registration = {
    browser: oneOf(o.browser, `${p}.browser`, BROWSERS),
    manifestPath: pathStr(o.manifestPath, `${p}.manifestPath`),
  };
  const key = opt(o.registryKey, (x) =>
    str(x, `${p}.registryKey`, { pattern: /^HK(CU|LM)\\[^\r\n]{1,400}$/ }),
  );
  const profileDir = opt(o.profileDir, (x) => pathStr(x, `${p}.profileDir`));
  if (key) r.registryKey = key;
  if (profileDir) r.profileDir = profileDir;
  return r;
}

function host(v: unknown, p: string): InstalledHost | null {
  if (v === null) return null;
  const o = obj(v, p);
  return {
    path: pathStr(o.path, `${p}.path`),
    kind: oneOf(o.kind, `${p}.kind`, ["sea", "bundle"] as const),
    files: arr(o.files, `${p}.files`, pathStr, 10),
    version: str(o.version, `${p}.version`, { max: 64 }),
  };
}

/** Parses a record file's text; throws ValidationIssue (or SyntaxError) when it is not one. */
export function parseInstallRecord(text: string): InstallRecord {
  const o = obj(JSON.parse(text), "record");
  int(o.version, "record.version", 1, 1);
  return {
    version: 1,
    scope: oneOf(o.scope, "record.scope", ["user", "system"] as const),
    allowedOrigins: strList(o.allowedOrigins, "record.allowedOrigins"),
    allowedExtensions: strList(o.allowedExtensions, "record.allowedExtensions"),
    extraExtensionIds: strList(o.extraExtensionIds, "record.extraExtensionIds"),
    host: host(o.host, "record.host"),
    registrations: arr(o.registrations, "record.registrations", registration, 100),
    createdDirs: o.createdDirs === undefined ? [] : arr(o.createdDirs, "record.createdDirs", pathStr, 100),
    onPath: parsePathEntry(o.onPath, "record.onPath"),
  };
}

export function renderInstallRecord(r: InstallRecord): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** Same browser and same profile folder: one registration replaces the other. */
export function sameRegistration(a: Registration, b: Registration): boolean {
  return a.browser === b.browser && (a.profileDir ?? "") === (b.profileDir ?? "");
}
