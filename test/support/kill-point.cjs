/**
 * Preloaded (`node --require`) into a credentials writer that a fault test will SIGKILL. When the
 * writer reaches the point named by BASTIONLESS_TEST_KILL_AT it writes that name and a newline to
 * fd 3 and freezes its whole process, so the test's kill lands exactly there on a fast and a slow
 * machine alike (no timer). Points, in the order a write passes them (aws/shared-file.ts,
 * aws/file-lock.ts):
 *   lock     the lock file is created and filled in: the writer holds the lock;
 *   partial  its temp file holds the first half of the new text;
 *   rename   the temp file is complete and synced, the rename not done yet;
 *   renamed  the new file is in place, the lock not released yet.
 * And one that only reports, without freezing:
 *   busy     the writer tried to take the lock and found it held (it is waiting).
 * Only writes of BASTIONLESS_TEST_KILL_FILE count (the credentials file, not the config file).
 * It wraps node:fs/promises (the lock, aws/files/file-lock.ts) and the synchronous calls of the
 * atomic replace (platform/atomic-write.ts); nothing of the product is changed.
 */
const fs = require("node:fs");
const fsp = require("node:fs/promises");
const path = require("node:path");

const point = process.env.BASTIONLESS_TEST_KILL_AT;
const target = process.env.BASTIONLESS_TEST_KILL_FILE ?? "";
const isLock = (file) => file === `${target}.lock`;
/** temp-beside.ts: `.<name>.<pid>.<hex>.tmp` in the target's folder. */
const isTemp = (file) =>
  path.dirname(file) === path.dirname(target) &&
  path.basename(file).startsWith(`.${path.basename(target)}.`) &&
  file.endsWith(".tmp");

function freeze(name) {
  fs.writeSync(3, `${name}\n`);
  // Blocks the event loop for good: nothing more happens until the SIGKILL.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number.POSITIVE_INFINITY);
}

const open = fsp.open;
fsp.open = async function patchedOpen(file, flags, mode) {
  const name = String(file);
  let fh;
  try {
    fh = await open.call(this, file, flags, mode);
  } catch (err) {
    if (point === "busy" && isLock(name) && err.code === "EEXIST") fs.writeSync(3, "busy\n");
    throw err;
  }
  const writeFile = fh.writeFile.bind(fh);
  if (point === "lock" && isLock(name) && flags === "wx") {
    fh.writeFile = async (data, options) => {
      await writeFile(data, options);
      freeze("lock");
    };
  }
  if (point === "partial" && isTemp(name) && flags === "wx") {
    fh.writeFile = async (data) => {
      const text = Buffer.from(String(data), "utf8");
      await writeFile(text.subarray(0, text.length >> 1));
      await fh.sync();
      freeze("partial");
    };
  }
  return fh;
};

const rename = fsp.rename;
fsp.rename = async function patchedRename(from, to) {
  const ours = isTemp(String(from)) && String(to) === target;
  if (point === "rename" && ours) freeze("rename");
  await rename.call(this, from, to);
  if (point === "renamed" && ours) freeze("renamed");
};

// The replace itself is synchronous (platform/atomic-write.ts): writeFileSync of the temp file
// (flag "wx"), then renameSync over the target.
const writeFileSync = fs.writeFileSync;
fs.writeFileSync = function patchedWriteFileSync(file, data, options) {
  const flag = typeof options === "object" && options !== null ? options.flag : undefined;
  if (point === "partial" && typeof file === "string" && isTemp(file) && flag === "wx") {
    const text = Buffer.from(String(data), "utf8");
    writeFileSync.call(this, file, text.subarray(0, text.length >> 1), options);
    const fd = fs.openSync(file, "r+");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    freeze("partial");
  }
  return writeFileSync.call(this, file, data, options);
};

const renameSync = fs.renameSync;
fs.renameSync = function patchedRenameSync(from, to) {
  const ours = isTemp(String(from)) && String(to) === target;
  if (point === "rename" && ours) freeze("rename");
  renameSync.call(this, from, to);
  if (point === "renamed" && ours) freeze("renamed");
};
