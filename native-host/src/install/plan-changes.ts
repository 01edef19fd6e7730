/**
 * From the record on disk and the record wanted, the list of changes that gets one to the other
 * (pure: the file system is read through `probe`). Install and uninstall are both "make it so":
 * nothing already right is rewritten (idempotent), and only what a record lists is ever removed.
 */

import path from "node:path";
import { chromiumIdOfOrigin } from "../../../contract/extension-ids";
import { BROWSER_TABLE, type Os } from "./browsers";
import { buildHostManifest, renderHostManifest } from "./host-manifest";
import type { InstallRecord, Registration } from "./install-record";
import { renderInstallRecord } from "./install-record";
import {
  type PathChange,
  type PathContext,
  type PathProbe,
  planPathEntry,
  planPathRemoval,
} from "./path-entry";

export type Change =
  | { op: "mkdir"; path: string; mode: number; what: string }
  | { op: "write"; path: string; data: string; mode: number; what: string }
  | { op: "copy"; from: string; path: string; mode: number; what: string }
  | { op: "remove"; path: string; what: string }
  | { op: "reg-add"; key: string; value: string; what: string }
  | { op: "reg-delete"; key: string; what: string }
  | Exclude<PathChange, { op: "remove" }>;

export interface Probe extends PathProbe {
  /** Current bytes of a file, or null when it does not exist. */
  read(path: string): Buffer | null;
  exists(path: string): boolean;
  /** True when both files exist with the same bytes. */
  sameContent(a: string, b: string): boolean;
}

/** What the host files should be: copied from `from` (null = generated text in `data`). */
export interface HostFile {
  path: string;
  from?: string;
  data?: string;
  mode: number;
  what: string;
}

export interface PlanInput {
  os: Os;
  recordPath: string;
  old: InstallRecord | null;
  /** null: nothing stays installed in this scope. */
  next: InstallRecord | null;
  /** The host files for `next` (ignored when next is null). */
  hostFiles: HostFile[];
  probe: Probe;
  /** Install only: where `bastionless` goes on PATH (uninstall keeps or undoes the record's entry). */
  onPath?: PathContext;
  /**
   * A per-user install: only the user's own browsers read what it writes, so files and folders
   * lose their group and other bits (0600/0700; issue 17, "the same for bastionless's own
   * files"). A machine-wide install stays readable by every user's browser.
   */
  private?: boolean;
}

/** Every planned file and folder with the mode it gets in this scope (one place for the rule). */
function scoped(input: PlanInput, changes: Change[]): Change[] {
  if (!input.private) return changes;
  return changes.map((c) => ("mode" in c && typeof c.mode === "number" ? { ...c, mode: c.mode & 0o700 } : c));
}

function writeIfDifferent(
  out: Change[],
  probe: Probe,
  path: string,
  data: string,
  mode: number,
  what: string,
): void {
  const current = probe.read(path);
  if (current === null || current.toString("utf8") !== data)
    out.push({ op: "write", path, data, mode, what });
}

function planHost(out: Change[], input: PlanInput, files: HostFile[]): void {
  for (const f of files) {
    if (f.from !== undefined) {
      if (!input.probe.sameContent(f.from, f.path))
        out.push({ op: "copy", from: f.from, path: f.path, mode: f.mode, what: f.what });
    } else {
      writeIfDifferent(out, input.probe, f.path, f.data ?? "", f.mode, f.what);
    }
  }
}

function manifestText(r: Registration, next: InstallRecord): string {
  const family = BROWSER_TABLE[r.browser].family;
  const chromium = next.allowedOrigins.flatMap((o) => chromiumIdOfOrigin(o) ?? []);
  return renderHostManifest(
    buildHostManifest(family, next.host?.path ?? "", { chromium, firefox: next.allowedExtensions }),
  );
}

function planRegistrations(out: Change[], input: PlanInput, next: InstallRecord): void {
  const written = new Set<string>();
  for (const r of next.registrations) {
    const label = BROWSER_TABLE[r.browser].label;
    if (!written.has(r.manifestPath)) {
      written.add(r.manifestPath);
      writeIfDifferent(
        out,
        input.probe,
        r.manifestPath,
        manifestText(r, next),
        0o644,
        `native-messaging manifest for ${label}`,
      );
    }
    // Always (re)set: `reg add /f` is idempotent and repairs a key someone deleted by hand.
    if (r.registryKey && !out.some((c) => c.op === "reg-add" && c.key === r.registryKey)) {
      out.push({
        op: "reg-add",
        key: r.registryKey,
        value: r.manifestPath,
        what: `registry key for ${label}`,
      });
    }
  }
}

/** Old registrations no longer wanted: remove their manifest/key unless a kept one shares it. */
function planRemovals(out: Change[], input: PlanInput, kept: Registration[]): void {
  for (const r of input.old?.registrations ?? []) {
    const label = BROWSER_TABLE[r.browser].label;
    if (
      !kept.some((k) => k.manifestPath === r.manifestPath) &&
      input.probe.exists(r.manifestPath) &&
      !out.some((c) => c.op === "remove" && c.path === r.manifestPath)
    ) {
      out.push({ op: "remove", path: r.manifestPath, what: `native-messaging manifest for ${label}` });
    }
    if (
      r.registryKey &&
      !kept.some((k) => k.registryKey === r.registryKey) &&
      !out.some((c) => c.op === "reg-delete" && c.key === r.registryKey)
    ) {
      out.push({ op: "reg-delete", key: r.registryKey, what: `registry key for ${label}` });
    }
  }
}

/** Folders that do not exist yet above `file`, outermost first (recorded so uninstall can remove them). */
function missingDirs(file: string, os: Os, probe: Probe): string[] {
  const p = os === "win32" ? path.win32 : path.posix;
  const out: string[] = [];
  for (let d = p.dirname(file); d !== p.dirname(d) && !probe.exists(d); d = p.dirname(d)) out.unshift(d);
  return out;
}

/** mkdir changes for every write/copy target's missing folders; returns the folders. */
function planDirs(
  changes: Change[],
  extra: string[],
  input: PlanInput,
): { mkdirs: Change[]; dirs: string[] } {
  const targets = [
    ...changes
      .filter((c) => c.op === "write" || c.op === "copy" || c.op === "symlink")
      .map((c) => (c as { path: string }).path),
    ...extra,
  ];
  const dirs = [...new Set(targets.flatMap((t) => missingDirs(t, input.os, input.probe)))];
  return { mkdirs: dirs.map((d) => ({ op: "mkdir", path: d, mode: 0o755, what: "folder" })), dirs };
}

export interface Plan {
  changes: Change[];
  /** The record as written (with the folders this plan creates); null when removed. */
  record: InstallRecord | null;
  /** What the user still has to do to run `bastionless` by name (path-entry.ts), if anything. */
  pathAdvice: string | null;
}

function planAll(input: PlanInput): Plan {
  const out: Change[] = [];
  const { next, old, probe } = input;
  const keepFiles = new Set(next ? input.hostFiles.map((f) => f.path) : []);
  if (next) {
    planHost(out, input, input.hostFiles);
    planRegistrations(out, input, next);
  }
  planRemovals(out, input, next?.registrations ?? []);
  for (const f of old?.host?.files ?? []) {
    if (!keepFiles.has(f) && probe.exists(f))
      out.push({ op: "remove", path: f, what: "bastionless host copy" });
  }
  if (!next) {
    if (old?.onPath) out.push(...planPathRemoval(old.onPath, probe));
    if (probe.exists(input.recordPath))
      out.push({ op: "remove", path: input.recordPath, what: "install record" });
    return { changes: out, record: null, pathAdvice: null };
  }
  let onPath = old?.onPath ?? null;
  let pathAdvice: string | null = null;
  if (input.onPath && next.host) {
    const p = input.os === "win32" ? path.win32 : path.posix;
    const planned = planPathEntry(input.onPath, next.host.path, p.dirname(next.host.path), onPath, probe);
    out.push(...planned.changes);
    ({ entry: onPath, advice: pathAdvice } = planned);
  }
  const { mkdirs, dirs } = planDirs(out, [input.recordPath], input);
  const record = { ...next, onPath, createdDirs: [...new Set([...(old?.createdDirs ?? []), ...dirs])] };
  writeIfDifferent(out, probe, input.recordPath, renderInstallRecord(record), 0o644, "install record");
  return { changes: [...mkdirs, ...out], record, pathAdvice };
}

export function planChanges(input: PlanInput): Plan {
  const plan = planAll(input);
  return { ...plan, changes: scoped(input, plan.changes) };
}
