/**
 * One atomic write (issue 10): temp file beside the target, fsync, rename, then the folder fsynced
 * (where the OS allows), for the AWS files and for install alike. Install's copy used to skip the
 * folder sync, so a crash after `install` could lose the rename of a manifest or the executable.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { updateTextFile } from "../../native-host/src/aws/files/shared-file";
import { applyChanges } from "../../native-host/src/install/apply-changes";
import {
  type AtomicFs,
  copyFileAtomic,
  symlinkAtomic,
  writeFileAtomic,
} from "../../native-host/src/platform/atomic-write";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-atomic-"));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The real fs, with every call written down as `name path-or-fd`; fds are named by what was opened. */
function recordingFs(fail?: { call: keyof AtomicFs; error: NodeJS.ErrnoException }) {
  const calls: string[] = [];
  const opened = new Map<number, string>();
  const f = new Proxy(fs, {
    get(target, name: string) {
      const real = (target as unknown as Record<string, unknown>)[name];
      if (typeof real !== "function") return real;
      return (...args: unknown[]) => {
        const what = typeof args[0] === "number" ? `fd:${opened.get(args[0])}` : String(args[0]);
        calls.push(`${name} ${what}`);
        if (fail && fail.call === name) {
          // A short write: part of the data reaches the temp file, then the disk is full.
          if (name === "writeFileSync") fs.writeFileSync(args[0] as string, "half");
          throw fail.error;
        }
        const result = (real as (...a: unknown[]) => unknown).apply(target, args);
        if (name === "openSync") opened.set(result as number, String(args[0]));
        return result;
      };
    },
  }) as AtomicFs;
  return { f, calls };
}

const tempsIn = (d: string) => fs.readdirSync(d).filter((n) => n.endsWith(".tmp"));

describe("writeFileAtomic", () => {
  it("flushes the temp file, renames it, then flushes the folder", () => {
    const target = path.join(dir, "config");
    fs.writeFileSync(target, "old");
    const { f, calls } = recordingFs();
    writeFileAtomic(target, "new", 0o600, { fs: f, platform: "linux" });
    expect(fs.readFileSync(target, "utf8")).toBe("new");
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    const rename = calls.findIndex((c) => c.startsWith("renameSync "));
    const fileSync = calls.findIndex((c) => c.startsWith("fsyncSync fd:") && c.endsWith(".tmp"));
    const folderSync = calls.indexOf(`fsyncSync fd:${dir}`);
    expect(fileSync).toBeGreaterThanOrEqual(0);
    expect(fileSync).toBeLessThan(rename);
    expect(folderSync).toBeGreaterThan(rename);
    expect(tempsIn(dir)).toEqual([]);
  });

  it("does not try to open the folder on Windows", () => {
    const { f, calls } = recordingFs();
    writeFileAtomic(path.join(dir, "config"), "new", 0o600, { fs: f, platform: "win32" });
    expect(calls.filter((c) => c === `openSync ${dir}`)).toEqual([]);
    expect(calls.some((c) => c.startsWith("renameSync "))).toBe(true);
  });

  it.each(["writeFileSync", "fsyncSync", "renameSync"] as const)(
    "leaves the original whole and no temp file when %s fails",
    (call) => {
      const target = path.join(dir, "credentials");
      fs.writeFileSync(target, "[dev]\naws_access_key_id = OLD\n");
      const error = Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
      const { f, calls } = recordingFs({ call, error });
      expect(() => writeFileAtomic(target, "[dev]\naws_access_key_id = NEW\n", 0o600, { fs: f })).toThrow(
        "no space left",
      );
      expect(calls.some((c) => c.startsWith(`${call} `))).toBe(true);
      expect(fs.readFileSync(target, "utf8")).toBe("[dev]\naws_access_key_id = OLD\n");
      expect(tempsIn(dir)).toEqual([]);
    },
  );

  it("a folder that refuses fsync does not undo the rename", () => {
    const target = path.join(dir, "config");
    const { f } = recordingFs();
    const refusing = {
      ...f,
      fsyncSync: (fd: number) => {
        if (fs.fstatSync(fd).isDirectory()) throw Object.assign(new Error("EINVAL"), { code: "EINVAL" });
        fs.fsyncSync(fd);
      },
    } as AtomicFs;
    writeFileAtomic(target, "new", 0o600, { fs: refusing, platform: "linux" });
    expect(fs.readFileSync(target, "utf8")).toBe("new");
  });
});

describe("copyFileAtomic and symlinkAtomic", () => {
  it("flush the folder after the rename too", () => {
    const src = path.join(dir, "src");
    fs.writeFileSync(src, "exe");
    const { f, calls } = recordingFs();
    copyFileAtomic(src, path.join(dir, "bastionless"), 0o755, { fs: f, platform: "linux" });
    expect(fs.statSync(path.join(dir, "bastionless")).mode & 0o777).toBe(0o755);
    expect(calls.slice(calls.findIndex((c) => c.startsWith("renameSync ")))).toContain(`fsyncSync fd:${dir}`);

    const { f: f2, calls: calls2 } = recordingFs();
    symlinkAtomic(src, path.join(dir, "link"), { fs: f2, platform: "linux" });
    expect(fs.readlinkSync(path.join(dir, "link"))).toBe(src);
    expect(calls2.slice(calls2.findIndex((c) => c.startsWith("renameSync ")))).toContain(
      `fsyncSync fd:${dir}`,
    );
  });
});

describe("every atomic write in the product goes through it", () => {
  /** The folders whose fd was fsynced while `run` ran (spied on the real module). */
  async function foldersSynced(run: () => unknown): Promise<string[]> {
    const opened = new Map<number, string>();
    const open = fs.openSync;
    vi.spyOn(fs, "openSync").mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
      const fd = (open as (...a: unknown[]) => number)(p, ...rest);
      opened.set(fd, String(p));
      return fd;
    }) as typeof fs.openSync);
    const synced: string[] = [];
    const sync = fs.fsyncSync;
    vi.spyOn(fs, "fsyncSync").mockImplementation((fd: number) => {
      if (fs.fstatSync(fd).isDirectory()) synced.push(opened.get(fd)!);
      sync(fd);
    });
    await run();
    return synced;
  }

  it.skipIf(process.platform === "win32")("install's writes, copies and links", async () => {
    const sub = path.join(dir, "manifests");
    fs.writeFileSync(path.join(dir, "exe"), "x");
    const synced = await foldersSynced(() =>
      applyChanges([
        { op: "write", path: path.join(sub, "host.json"), data: "{}", mode: 0o644, what: "manifest" },
        {
          op: "copy",
          from: path.join(dir, "exe"),
          path: path.join(dir, "bin", "bastionless"),
          mode: 0o755,
          what: "host",
        },
        { op: "symlink", target: path.join(dir, "exe"), path: path.join(dir, "link"), what: "PATH link" },
      ]),
    );
    expect(synced).toEqual([sub, path.join(dir, "bin"), dir]);
  });

  it.skipIf(process.platform === "win32")("the AWS files", async () => {
    const file = path.join(dir, "aws", "credentials");
    const label = { what: "AWS credentials file", envVar: "AWS_SHARED_CREDENTIALS_FILE" };
    const synced = await foldersSynced(() => updateTextFile(file, label, () => "[dev]\n"));
    expect(synced).toContain(path.join(dir, "aws"));
    expect(fs.readFileSync(file, "utf8")).toBe("[dev]\n");
  });
});
