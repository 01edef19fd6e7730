/**
 * Carries out a change list. Every file lands atomically (platform/atomic-write.ts: temp file in
 * the same folder, fsync, rename, folder fsync), so a browser or a running host never sees half a
 * manifest or half an executable: rename replaces the directory entry while a running process
 * keeps its old inode.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { FileError } from "../errors";
import { copyFileAtomic, symlinkAtomic, writeFileAtomic } from "../platform/atomic-write";
import type { Change, Probe } from "./plan-changes";
import {
  parseRegQueryValue,
  regAddArgs,
  regDeleteArgs,
  regDeleteValueArgs,
  regKeyQueryArgs,
  regQueryValueArgs,
  regSetValueArgs,
} from "./registry";

/** Install writes land in folders that may not exist yet (a browser's manifest folder). */
const makeParent = (target: string): void => {
  fs.mkdirSync(path.dirname(target), { recursive: true });
};

function runReg(args: string[]): void {
  // reg.exe with an argument array: nothing from the command line goes through a shell.
  const r = spawnSync("reg.exe", args, { encoding: "utf8", windowsHide: true });
  if (r.status !== 0)
    throw new Error(
      `reg.exe ${args[0]} failed (${r.status ?? r.error?.message}): ${(r.stderr || "").trim()}`,
    );
}

/**
 * A key that is already gone counts as deleted, as `remove` is rm -f for files: the user or a
 * browser's uninstaller may have removed it, and uninstall must still finish (reg.exe delete
 * fails on a missing key with the same exit code as on a refused one, so existence is asked first).
 */
function regDeleteKey(key: string): void {
  const exists =
    spawnSync("reg.exe", regKeyQueryArgs(key), { stdio: "ignore", windowsHide: true }).status === 0;
  if (exists) runReg(regDeleteArgs(key));
}

type Appliers = { [K in Change["op"]]: (c: Extract<Change, { op: K }>) => void };

const APPLY: Appliers = {
  mkdir: (c) => fs.mkdirSync(c.path, { recursive: true, mode: c.mode }),
  write: (c) => {
    makeParent(c.path);
    writeFileAtomic(c.path, c.data, c.mode);
  },
  copy: (c) => {
    makeParent(c.path);
    copyFileAtomic(c.from, c.path, c.mode);
  },
  remove: (c) => fs.rmSync(c.path, { force: true }),
  "reg-add": (c) => runReg(regAddArgs(c.key, c.value)),
  "reg-delete": (c) => regDeleteKey(c.key),
  symlink: (c) => symlinkAtomic(c.target, c.path),
  "reg-set-value": (c) => runReg(regSetValueArgs(c.key, c.name, c.type, c.data)),
  "reg-delete-value": (c) => runReg(regDeleteValueArgs(c.key, c.name)),
};

function applyOne(c: Change): void {
  (APPLY[c.op] as (x: Change) => void)(c);
}

export function applyChanges(changes: Change[]): void {
  for (const c of changes) {
    try {
      applyOne(c);
    } catch (err) {
      const where = "path" in c ? c.path : c.key;
      const denied =
        (err as NodeJS.ErrnoException).code === "EACCES" || (err as NodeJS.ErrnoException).code === "EPERM";
      throw new FileError(
        "INSTALL_WRITE_FAILED",
        `Could not ${c.op.replace("reg-", "registry ")} ${where} (${c.what}): ${(err as Error).message}`,
        {
          hint: denied
            ? "Machine-wide changes (--system) need an administrator: run it with sudo, or drop --system to install for your user only."
            : "Check the folder exists and is writable, then run the command again.",
          cause: err,
        },
      );
    }
  }
}

/** Removes folders bastionless owns once they are empty (never a browser's folder). */
export function removeEmptyDirs(dirs: string[]): void {
  for (const d of dirs) {
    try {
      fs.rmdirSync(d);
    } catch {
      // Not empty or already gone: both fine.
    }
  }
}

export const diskProbe: Probe = {
  read(p) {
    try {
      return fs.readFileSync(p);
    } catch {
      return null;
    }
  },
  exists(p) {
    return fs.existsSync(p);
  },
  readLink(p) {
    try {
      return fs.readlinkSync(p);
    } catch {
      return null;
    }
  },
  regValue(key, name) {
    if (process.platform !== "win32") return null;
    const r = spawnSync("reg.exe", regQueryValueArgs(key, name), { encoding: "utf8", windowsHide: true });
    // Exit 1 is "the value does not exist"; anything else unreadable is treated the same (nothing to keep).
    return r.status === 0 ? parseRegQueryValue(r.stdout, name) : null;
  },
  sameContent(a, b) {
    try {
      const [sa, sb] = [fs.statSync(a), fs.statSync(b)];
      if (sa.size !== sb.size) return false;
      if (sa.ino === sb.ino && sa.dev === sb.dev) return true;
      return fs.readFileSync(a).equals(fs.readFileSync(b));
    } catch {
      return false;
    }
  },
};
