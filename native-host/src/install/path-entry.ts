/**
 * Putting `bastionless` on PATH (issue 14), planned like every other install change (pure: the
 * file system and registry are read through the probe). Linux/macOS: a symlink in a folder the
 * login shell already searches (~/.local/bin per user, /usr/local/bin machine-wide) when that
 * folder exists or is on PATH; otherwise nothing is written and the one line to add is printed.
 * Windows: bastionless's bin folder appended to the user (HKCU) or machine (HKLM) `Path` value.
 * Only what the record lists is ever undone: a `bastionless` someone else put there stays.
 */
import path from "node:path";
import { homeDir } from "../config/paths";
import type { Os, Scope } from "./browsers";
import { systemPath } from "./install-paths";
import { PATH_KEYS, type PathEntry } from "./path-entry-record";

export { PATH_KEYS, type PathEntry, parsePathEntry } from "./path-entry-record";

export interface PathProbe {
  exists(p: string): boolean;
  /** A symlink's target as stored, null when `p` is missing or not a symlink. */
  readLink(p: string): string | null;
  /** A registry value (Windows), null when absent. */
  regValue(key: string, name: string): { type: string; data: string } | null;
}

export type PathChange =
  | { op: "symlink"; path: string; target: string; what: string }
  | { op: "remove"; path: string; what: string }
  | { op: "reg-set-value"; key: string; name: string; type: string; data: string; what: string }
  | { op: "reg-delete-value"; key: string; name: string; what: string };

export interface PathContext {
  os: Os;
  scope: Scope;
  /** Folders of the PATH the installing process sees. */
  searched: string[];
  /** Where the link goes (Linux/macOS), or the registry key holding Path (Windows). */
  linkDir: string;
  envKey: string;
}

export function pathContext(env: NodeJS.ProcessEnv, o: Os, scope: Scope): PathContext {
  const sep = o === "win32" ? ";" : ":";
  const raw = (o === "win32" ? (env.Path ?? env.PATH) : env.PATH) ?? "";
  const linkDir =
    scope === "system" ? systemPath(env, o, "/usr/local/bin") : path.posix.join(homeDir(env), ".local/bin");
  return { os: o, scope, searched: raw.split(sep).filter(Boolean), linkDir, envKey: PATH_KEYS[scope] };
}

const winDir = (d: string) => d.replace(/[\\/]+$/, "").toLowerCase();

/** The one line a user adds to a shell profile (or runs) to get `binDir` on PATH. */
export function pathAdvice(o: Os, binDir: string): string {
  // Not `setx Path "%Path%;…"`: that copies the machine Path into the user's and cuts it at 1024 characters.
  if (o === "win32")
    return `add ${binDir} to your user Path (Start › "Edit environment variables for your account"), or run bastionless install again`;
  const profile = o === "darwin" ? "~/.zprofile" : "~/.profile";
  return `echo 'export PATH="${binDir.replace(/'/g, "'\\''")}:$PATH"' >> ${profile}`;
}

export interface PathPlan {
  changes: PathChange[];
  entry: PathEntry | null;
  /** Printed when the user still has something to do (a line to add, a new terminal to open). */
  advice: string | null;
}

function planLink(
  ctx: PathContext,
  hostPath: string,
  binDir: string,
  old: PathEntry | null,
  probe: PathProbe,
): PathPlan {
  const link = path.posix.join(ctx.linkDir, "bastionless");
  const onPath = ctx.searched.includes(ctx.linkDir);
  if (!onPath && !probe.exists(ctx.linkDir))
    return { changes: [], entry: null, advice: pathAdvice(ctx.os, binDir) };
  const current = probe.readLink(link);
  const ours = old?.kind === "link" && old.path === link && current === old.target;
  if ((probe.exists(link) || current !== null) && !ours) {
    // Already a link to this very host (an earlier record lost): fine, but not ours to remove later.
    if (current === hostPath) return { changes: [], entry: null, advice: null };
    const advice = `${link} exists and is not bastionless's, so it was left alone; ${pathAdvice(ctx.os, binDir)}`;
    return { changes: [], entry: null, advice };
  }
  const entry: PathEntry = { kind: "link", path: link, target: hostPath };
  const changes: PathChange[] =
    current === hostPath
      ? []
      : [{ op: "symlink", path: link, target: hostPath, what: "bastionless on PATH" }];
  // ~/.local/bin exists but this shell does not search it yet: Debian's and Ubuntu's ~/.profile add it at the next login.
  const advice = onPath ? null : `open a new login shell, or run: ${pathAdvice(ctx.os, ctx.linkDir)}`;
  return { changes, entry, advice };
}

function planPathVar(ctx: PathContext, binDir: string, old: PathEntry | null, probe: PathProbe): PathPlan {
  const value = probe.regValue(ctx.envKey, "Path");
  const parts = (value?.data ?? "").split(";").filter(Boolean);
  const advice = "open a new terminal to use `bastionless`";
  if (parts.some((p) => winDir(p) === winDir(binDir))) {
    const ours = old?.kind === "path-var" && old.key === ctx.envKey && winDir(old.dir) === winDir(binDir);
    return {
      changes: [],
      entry: ours ? old : null,
      advice: ctx.searched.some((p) => winDir(p) === winDir(binDir)) ? null : advice,
    };
  }
  return {
    changes: [
      {
        op: "reg-set-value",
        key: ctx.envKey,
        name: "Path",
        // REG_EXPAND_SZ keeps %USERPROFILE%-style entries working; a fresh value gets it too.
        type: value?.type ?? "REG_EXPAND_SZ",
        data: [...parts, binDir].join(";"),
        what: "bastionless on PATH",
      },
    ],
    entry: { kind: "path-var", key: ctx.envKey, dir: binDir, ...(value ? {} : { created: true }) },
    advice,
  };
}

/** Install: the entry wanted for `hostPath` in `binDir`, and the changes that make it so. */
export function planPathEntry(
  ctx: PathContext,
  hostPath: string,
  binDir: string,
  old: PathEntry | null,
  probe: PathProbe,
): PathPlan {
  const plan =
    ctx.os === "win32" ? planPathVar(ctx, binDir, old, probe) : planLink(ctx, hostPath, binDir, old, probe);
  // A link or Path entry of ours from an earlier install that is no longer wanted (e.g. PATH changed) goes.
  if (old && !samePlace(old, plan.entry)) plan.changes.unshift(...planPathRemoval(old, probe));
  return plan;
}

function samePlace(a: PathEntry, b: PathEntry | null): boolean {
  if (!b || a.kind !== b.kind) return false;
  return a.kind === "link" ? a.path === (b as typeof a).path : a.key === (b as typeof a).key;
}

/** Uninstall: undo `old`, only where it is still as bastionless left it. */
export function planPathRemoval(old: PathEntry, probe: PathProbe): PathChange[] {
  if (old.kind === "link")
    return probe.readLink(old.path) === old.target
      ? [{ op: "remove", path: old.path, what: "bastionless on PATH" }]
      : [];
  const value = probe.regValue(old.key, "Path");
  if (!value) return [];
  const parts = value.data.split(";");
  const i = parts.map(winDir).lastIndexOf(winDir(old.dir));
  if (i < 0) return [];
  parts.splice(i, 1);
  // A Path value install created and that holds nothing else now goes, rather than staying empty.
  if (old.created && !parts.some(Boolean))
    return [{ op: "reg-delete-value", key: old.key, name: "Path", what: "bastionless on PATH" }];
  return [
    {
      op: "reg-set-value",
      key: old.key,
      name: "Path",
      type: value.type,
      data: parts.join(";"),
      what: "bastionless on PATH",
    },
  ];
}
