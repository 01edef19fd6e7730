/**
 * Rewrites one text file safely (design §5): follow symlinks to the real file, take the lock,
 * read, edit, then replace it atomically (platform/atomic-write.ts: a temp file in the same
 * folder, fsync, rename over the original, fsync the folder). A reader sees the old file or the new one, never half of one; on any failure the
 * original is untouched. The file ends 0600 whatever mode it had (issue 17 finding 3: a 0644 or
 * 0666 file would hand the new keys to other users), new folders are 0700, and a file owned by
 * another user is refused (FILE_NOT_YOURS), never written: they could read or swap what we write.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { FileError } from "../../errors";
import { syncFolder, writeFileAtomic } from "../../platform/atomic-write";
import { tempWriterPid } from "../../platform/temp-beside";
import { type FileLabel, fileError } from "./file-errors";
import { isAlivePid, type LockOptions, withFileLock } from "./file-lock";

/** Far above any real credentials file; stops us reading a mistaken path into memory. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const MAX_SYMLINKS = 40;

/** Where writes really go: the end of a symlink chain (which may not exist yet). */
export async function resolveTarget(file: string): Promise<string> {
  let current = path.resolve(file);
  for (let i = 0; i < MAX_SYMLINKS; i++) {
    let st: Awaited<ReturnType<typeof fs.lstat>>;
    try {
      st = await fs.lstat(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return current;
      throw err;
    }
    if (!st.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), await fs.readlink(current));
  }
  throw Object.assign(new Error("too many symlinks"), { code: "ELOOP" });
}

/** The file's text, or null when it does not exist. Refuses what is not UTF-8 rather than garble it. */
export async function readTextFile(file: string, label: FileLabel): Promise<string | null> {
  let bytes: Buffer;
  try {
    const st = await fs.stat(file);
    if (st.size > MAX_FILE_BYTES)
      throw new FileError("FILE_TOO_LARGE", `The ${label.what} ${file} is over ${MAX_FILE_BYTES} bytes.`, {
        hint: `Check ${label.envVar}.`,
      });
    bytes = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw fileError(err, file, label);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new FileError(
      "FILE_NOT_UTF8",
      `The ${label.what} ${file} is not UTF-8 text, so bastionless will not edit it.`,
      {
        hint: `Save it as UTF-8, or point ${label.envVar} at another file.`,
      },
    );
  }
}

/** Temp files of writers that died between creating and renaming them (we hold the lock). */
async function sweepDeadTemps(target: string): Promise<void> {
  const names = await fs.readdir(path.dirname(target)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = tempWriterPid(target, name);
    if (pid !== null && !isAlivePid(pid))
      await fs.unlink(path.join(path.dirname(target), name)).catch(() => {});
  }
}

/** The only mode bastionless leaves on a file it writes (design §5). */
const FILE_MODE = 0o600;

/** Refuses a file another user owns (POSIX; Windows has no uids here and relies on the profile folder's ACL). */
function checkOwner(st: { uid: number }, file: string, label: FileLabel): void {
  const me = process.getuid?.();
  if (me === undefined || st.uid === me) return;
  throw new FileError(
    "FILE_NOT_YOURS",
    `The ${label.what} ${file} is owned by another user (uid ${st.uid}), so bastionless will not write it: that user could read or replace what is written. It was left unchanged.`,
    {
      hint: `Check who created it; move it away and let bastionless create a new one, take it over (chown ${me}), or point ${label.envVar} at a file of your own.`,
    },
  );
}

/** Before any work is done: the file (if it exists) must be the user's own. */
export async function checkOwnFile(file: string, label: FileLabel): Promise<void> {
  let st: Awaited<ReturnType<typeof fs.stat>>;
  try {
    st = await fs.stat(await resolveTarget(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw fileError(err, file, label);
  }
  checkOwner(st, file, label);
}

/**
 * Creates a file that must not exist yet (a backup): 0600 in a 0700 folder, flushed to disk with
 * its folder entry, never over another file (`wx`).
 */
export async function writeNewFile(file: string, label: FileLabel, text: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    fh = await fs.open(file, "wx", FILE_MODE);
    await fh.writeFile(text, "utf8");
    await fh.chmod(FILE_MODE);
    await fh.sync();
  } catch (err) {
    throw fileError(err, file, label);
  } finally {
    await fh?.close().catch(() => {});
  }
  syncFolder(path.dirname(file));
}

export interface UpdateResult {
  target: string;
  changed: boolean;
}

/** Applies `edit` to the file's current text under the lock; creates the file if needed. */
export async function updateTextFile(
  file: string,
  label: FileLabel,
  edit: (current: string) => string | Promise<string>,
  lock?: LockOptions,
): Promise<UpdateResult> {
  let target: string;
  try {
    target = await resolveTarget(file);
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  } catch (err) {
    throw fileError(err, file, label);
  }
  return withFileLock(
    target,
    label,
    async () => {
      await sweepDeadTemps(target);
      const st = await fs.stat(target).catch(() => null);
      if (st) checkOwner(st, file, label);
      const current = await readTextFile(target, label);
      const next = await edit(current ?? "");
      if (current !== null && next === current) {
        // Nothing to write, but a loose mode is still tightened (issue 17 finding 3).
        if (st && (st.mode & 0o777) !== FILE_MODE)
          await fs.chmod(target, FILE_MODE).catch((err) => {
            throw fileError(err, file, label);
          });
        return { target, changed: false };
      }
      try {
        if (st) await fs.access(target, fs.constants.W_OK);
        writeFileAtomic(target, next, FILE_MODE);
      } catch (err) {
        throw fileError(err, file, label);
      }
      return { target, changed: true };
    },
    lock,
  );
}
