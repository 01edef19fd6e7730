/**
 * File permissions only bind ordinary users: root writes a 0400 file anyway. When the tests run
 * as root (CI does), the writer under test runs as `nobody` over a sandbox handed to it, so
 * read-only really means read-only; as an ordinary user the tests run the writer as themselves.
 */

import type { SpawnOptions } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const NOBODY = 65534;

export const runningAsRoot = process.getuid?.() === 0;

/** Spawn options that drop root, after giving the sandbox folder to that user. */
export function unprivileged(dir: string): SpawnOptions {
  if (!runningAsRoot) return {};
  const chownTree = (p: string) => {
    fs.lchownSync(p, NOBODY, NOBODY);
    if (fs.lstatSync(p).isDirectory()) for (const e of fs.readdirSync(p)) chownTree(path.join(p, e));
  };
  chownTree(dir);
  return { uid: NOBODY, gid: NOBODY };
}
