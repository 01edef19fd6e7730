/**
 * Replacing a file so that a reader sees the old one or the new one, never half of one, and the
 * new one survives a crash (design §5): a temp file in the same folder (temp-beside.ts, so the
 * rename stays on one filesystem), written, fsynced, renamed over the target, then the folder
 * fsynced, since the rename lives in the folder and is not durable until the folder is flushed
 * (fsync(2): "a call to fsync() on a file descriptor for the directory is also needed"). On any
 * failure before the rename the temp file is removed and the target is untouched.
 *
 * The one implementation for the AWS files (aws/files/shared-file.ts) and install
 * (install/apply-changes.ts); there used to be two, and only one synced the folder (issue 10).
 */
import nodeFs from "node:fs";
import path from "node:path";
import { tempBeside } from "./temp-beside";

/** The file-system calls a replace makes, so a test can see their order or make one fail. */
export type AtomicFs = Pick<
  typeof nodeFs,
  | "openSync"
  | "fsyncSync"
  | "closeSync"
  | "fchmodSync"
  | "renameSync"
  | "rmSync"
  | "writeFileSync"
  | "copyFileSync"
  | "symlinkSync"
>;

export interface AtomicOptions {
  fs?: AtomicFs;
  /** Windows cannot open a folder as a file to fsync it (and NTFS journals the rename). */
  platform?: NodeJS.Platform;
}

/** Flushes a folder's entries (a rename or a new file in it) to disk, where the OS allows. */
export function syncFolder(dir: string, o: AtomicOptions = {}): void {
  if ((o.platform ?? process.platform) === "win32") return;
  const f = o.fs ?? nodeFs;
  let fd: number | undefined;
  try {
    fd = f.openSync(dir, "r");
    f.fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a folder (EINVAL); the rename still stands.
  } finally {
    if (fd !== undefined) f.closeSync(fd);
  }
}

/** `fill` creates the temp file; `mode` null for a symlink (no content of its own to flush or chmod). */
function replaceAtomically(
  target: string,
  mode: number | null,
  fill: (tmp: string, f: AtomicFs) => void,
  o: AtomicOptions,
): void {
  const f = o.fs ?? nodeFs;
  const tmp = tempBeside(target);
  try {
    fill(tmp, f);
    if (mode !== null) {
      // Opened for writing before the mode is set (Windows flushes only a writable handle, and
      // the mode may be read-only); open()'s mode passes through the umask and a copy keeps its
      // source's, so the mode is said outright, then flushed with the content.
      const fd = f.openSync(tmp, "r+");
      try {
        f.fchmodSync(fd, mode);
        f.fsyncSync(fd);
      } finally {
        f.closeSync(fd);
      }
    }
    f.renameSync(tmp, target);
  } catch (err) {
    f.rmSync(tmp, { force: true });
    throw err;
  }
  syncFolder(path.dirname(target), o);
}

export function writeFileAtomic(
  target: string,
  data: string | Buffer,
  mode: number,
  o: AtomicOptions = {},
): void {
  replaceAtomically(target, mode, (tmp, f) => f.writeFileSync(tmp, data, { flag: "wx", mode: 0o600 }), o);
}

export function copyFileAtomic(from: string, target: string, mode: number, o: AtomicOptions = {}): void {
  replaceAtomically(target, mode, (tmp, f) => f.copyFileSync(from, tmp, nodeFs.constants.COPYFILE_EXCL), o);
}

/** A symlink put in place by rename, so the name is never missing while it is replaced. */
export function symlinkAtomic(linkTarget: string, link: string, o: AtomicOptions = {}): void {
  replaceAtomically(link, null, (tmp, f) => f.symlinkSync(linkTarget, tmp), o);
}
