/**
 * A lock across processes for one file, without extra packages: `open(path.lock, "wx")` either
 * creates the lock file or fails because someone holds it (O_CREAT|O_EXCL is atomic on local
 * filesystems). The holder writes its pid; a lock whose pid is gone, or that is older than any
 * write could take, is stale and is broken, by one waiter at a time. Waiters retry with jitter so
 * fifty processes do not retry in step.
 */
import fs from "node:fs/promises";
import os from "node:os";
import { FileError } from "../../errors";
import { type FileLabel, fileError } from "./file-errors";

export interface LockOptions {
  /**
   * How long one holder may keep us waiting. The wait restarts whenever the lock changes hands:
   * a queue of writers that each take milliseconds is progress, however long it is on a slow
   * machine; one holder that keeps it this long is stuck.
   */
  timeoutMs?: number;
  /** A lock older than this is from a writer that hung or died; we hold ours for milliseconds. */
  staleMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A writer fills in its lock file right after creating it; an empty one this old was left by a crash. */
const UNWRITTEN_STALE_MS = 2_000;

export function isAlivePid(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0 && isAlive(pid);
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  try {
    const [content, st] = await Promise.all([fs.readFile(lockPath, "utf8"), fs.stat(lockPath)]);
    const [pidText, host] = content.split("\n");
    const pid = Number(pidText);
    const age = Date.now() - st.mtimeMs;
    const written = Number.isInteger(pid) && pid > 0 && host !== undefined;
    if (written && host === os.hostname() && !isAlive(pid)) return true;
    if (!written && age > UNWRITTEN_STALE_MS) return true;
    return age > staleMs;
  } catch {
    return false;
  }
}

/** Breaking takes milliseconds; a breaker file this old was left by a breaker that died. */
const BREAKER_STALE_MS = 2_000;

const breakerPath = (lockPath: string) => `${lockPath}.break`;

async function removeIfOlder(file: string, ms: number): Promise<void> {
  const st = await fs.stat(file).catch(() => null);
  if (st && Date.now() - st.mtimeMs > ms) await fs.unlink(file).catch(() => {});
}

/**
 * Removes the lock if it is still stale, one breaker at a time (the breaker file, taken with
 * O_EXCL like the lock). Without it, two waiters that both saw the same stale lock could each
 * remove "it": the second one removing the fresh lock the first had taken meanwhile, which let
 * two writers in (test/faults/file-lock-faults.test.ts).
 */
async function breakStale(lockPath: string, staleMs: number): Promise<boolean> {
  const breaker = breakerPath(lockPath);
  try {
    await (await fs.open(breaker, "wx", 0o600)).close();
  } catch (err) {
    // Someone else is breaking it: wait like any waiter.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") await removeIfOlder(breaker, BREAKER_STALE_MS);
    return false;
  }
  try {
    if (await isStale(lockPath, staleMs)) await fs.unlink(lockPath).catch(() => {});
  } finally {
    await fs.unlink(breaker).catch(() => {});
  }
  return true;
}

/** Which lock file is there now (a new holder's file is a new file), or null when none is. */
async function holderOf(lockPath: string): Promise<string | null> {
  const st = await fs.stat(lockPath).catch(() => null);
  return st ? `${st.ino}:${st.mtimeMs}:${st.birthtimeMs}` : null;
}

async function tryCreate(lockPath: string): Promise<boolean> {
  try {
    const fh = await fs.open(lockPath, "wx", 0o600);
    try {
      await fh.writeFile(`${process.pid}\n${os.hostname()}\n${new Date().toISOString()}\n`);
    } finally {
      await fh.close();
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

export async function withFileLock<T>(
  file: string,
  label: FileLabel,
  fn: () => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  const lockPath = `${file}.lock`;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let deadline = Date.now() + timeoutMs;
  let holder: string | null = null;
  for (let attempt = 0; ; attempt++) {
    let created: boolean;
    try {
      created = await tryCreate(lockPath);
    } catch (err) {
      throw fileError(err, file, label);
    }
    if (created) break;
    const staleMs = opts.staleMs ?? 60_000;
    if ((await isStale(lockPath, staleMs)) && (await breakStale(lockPath, staleMs))) continue;
    const now = await holderOf(lockPath);
    if (now !== holder) {
      holder = now;
      deadline = Date.now() + timeoutMs;
    }
    if (Date.now() > deadline) {
      throw new FileError(
        "FILE_LOCKED",
        `Another program has been writing the ${label.what} ${file} for too long.`,
        {
          hint: `Wait and try again; if no bastionless is running, delete ${lockPath}.`,
        },
      );
    }
    await sleep(2 + Math.random() * Math.min(50, 5 * (attempt + 1)));
  }
  // A breaker works for milliseconds; a breaker file this old is a dead breaker's, and would make
  // every later breaker give way.
  await removeIfOlder(breakerPath(lockPath), BREAKER_STALE_MS);
  try {
    return await fn();
  } finally {
    await fs.unlink(lockPath).catch(() => {});
  }
}
