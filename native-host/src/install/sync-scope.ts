/**
 * install / uninstall for one scope: read the record, work out the record wanted, plan the
 * changes, and apply them (or only report them with --dry-run).
 */
import { VERSION } from "../config/version";
import { applyChanges, diskProbe, removeEmptyDirs } from "./apply-changes";
import type { Browser, Os, Scope } from "./browsers";
import { currentHostSource, hostLayout } from "./host-source";
import { binDir } from "./install-paths";
import {
  checkExtensionIds,
  chooseBrowsers,
  recordAfterInstall,
  recordAfterUninstall,
  registrationsFor,
  type Selectors,
} from "./next-record";
import { pathContext } from "./path-entry";
import { planChanges } from "./plan-changes";
import { loadRecord, recordPathFor } from "./record-store";
import type { SyncReport } from "./report";

export interface SyncOptions {
  scope: Scope;
  os: Os;
  env: NodeJS.ProcessEnv;
  selectors: Selectors;
  dryRun: boolean;
  /** The running bundle's file (for a node-bundle install); unused when running as a SEA. */
  bundleFile: string | undefined;
}

export function runInstall(o: SyncOptions): SyncReport {
  checkExtensionIds(o.selectors.extensionIds);
  const recordPath = recordPathFor(o.scope, o.os, o.env);
  const old = loadRecord(recordPath);
  const chosen = o.selectors.profileDir
    ? {
        browsers: o.selectors.browsers.length ? o.selectors.browsers : (["chromium"] as Browser[]),
        how: "asked" as const,
      }
    : chooseBrowsers(o.selectors, old, o.scope, o.os, o.env, diskProbe.exists);
  const regs = registrationsFor(chosen.browsers, o.selectors, o.scope, o.os, o.env);
  const layout = hostLayout(currentHostSource(o.bundleFile), binDir(o.env, o.os, o.scope), o.os);
  const kind = layout.files.length === 1 ? "sea" : "bundle";
  const next = recordAfterInstall(old, o.scope, regs, o.selectors.extensionIds, {
    path: layout.path,
    kind,
    files: layout.files.map((f) => f.path),
    version: VERSION,
  });
  const plan = planChanges({
    os: o.os,
    recordPath,
    old,
    next,
    hostFiles: layout.files,
    probe: diskProbe,
    onPath: pathContext(o.env, o.os, o.scope),
    private: o.scope === "user",
  });
  if (!o.dryRun) applyChanges(plan.changes);
  return {
    action: "install",
    scope: o.scope,
    dryRun: o.dryRun,
    browsers: chosen.browsers,
    how: chosen.how,
    recordPath,
    record: plan.record,
    changes: plan.changes,
    pathAdvice: plan.pathAdvice,
  };
}

export function runUninstall(o: SyncOptions): SyncReport {
  checkExtensionIds(o.selectors.extensionIds);
  const recordPath = recordPathFor(o.scope, o.os, o.env);
  const old = loadRecord(recordPath);
  if (!old)
    return {
      action: "uninstall",
      scope: o.scope,
      dryRun: o.dryRun,
      browsers: [],
      recordPath,
      record: null,
      changes: [],
      pathAdvice: null,
    };
  const next = recordAfterUninstall(old, o.selectors);
  const hostFiles =
    next && old.host
      ? old.host.files.map((f) => ({ path: f, from: f, mode: 0o755, what: "bastionless host copy" }))
      : [];
  const { changes, record } = planChanges({
    os: o.os,
    recordPath,
    old,
    next,
    hostFiles,
    probe: diskProbe,
    private: o.scope === "user",
  });
  if (!o.dryRun) {
    applyChanges(changes);
    // Folders install created and nothing fills any more (rmdir refuses non-empty ones).
    removeEmptyDirs([...old.createdDirs].reverse());
  }
  const removed = [
    ...new Set(old.registrations.filter((r) => !next?.registrations.includes(r)).map((r) => r.browser)),
  ];
  return {
    action: "uninstall",
    scope: o.scope,
    dryRun: o.dryRun,
    browsers: removed,
    recordPath,
    record,
    changes,
    pathAdvice: null,
  };
}
