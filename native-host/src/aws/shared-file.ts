/**
 * Rewrites one text file safely (design §5): follow symlinks to the real file, take the lock,
 * read, edit, write a temp file in the same folder, fsync, rename over the original, fsync the
 * folder. A reader sees the old file or the new one, never half of one; on any failure the
 * original is untouched. New files are 0600 in a 0700 folder; an existing file keeps its mode
 * (and, when we run as root, its owner).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { tempBeside, tempWriterPid } from "../config/temp-beside";
import { FileError } from "../errors";
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

async function writeAtomically(
  target: string,
  text: string,
  existing: { mode: number; uid: number; gid: number } | null,
): Promise<void> {
  const dir = path.dirname(target);
  const tmp = tempBeside(target);
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(tmp, "wx", 0o600);
    await fh.writeFile(text, "utf8");
    if (existing) {
      await fh.chmod(existing.mode & 0o7777);
      if (process.getuid?.() === 0) await fh.chown(existing.uid, existing.gid);
    }
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fs.rename(tmp, target);
  } catch (err) {
    await fh?.close().catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDir(dir);
}

/** Makes the rename durable. Some filesystems refuse fsync on a folder; the rename still stands. */
async function syncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, "r").catch(() => undefined);
  await fh?.sync().catch(() => {});
  await fh?.close().catch(() => {});
}

export interface UpdateResult {
  target: string;
  changed: boolean;
}

/** Applies `edit` to the file's current text under the lock; creates the file if needed. */
export async function updateTextFile(
  file: string,
  label: FileLabel,
  edit: (current: string) => string,
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
      const current = await readTextFile(target, label);
      const next = edit(current ?? "");
      if (current !== null && next === current) return { target, changed: false };
      try {
        const st = current === null ? null : await fs.stat(target);
        if (st) await fs.access(target, fs.constants.W_OK);
        await writeAtomically(target, next, st);
      } catch (err) {
        throw fileError(err, file, label);
      }
      return { target, changed: true };
    },
    lock,
  );
}
