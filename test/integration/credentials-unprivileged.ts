/**
 * File permissions only bind ordinary users: root writes a 0400 file anyway. When the tests run
 * as root (CI does), the writer under test runs as `nobody` over a sandbox handed to it, so
 * read-only really means read-only; as an ordinary user the tests run the writer as themselves.
 */

import type { SpawnOptions } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { HOST_BUNDLE } from "../support/host-process";

const NOBODY = 65534;

export const runningAsRoot = process.getuid?.() === 0;

/**
 * How to run the CLI over `dir` as an ordinary user: spawn options that drop root, and a copy of
 * the host bundle and its chunks inside `dir`, since the checkout may not be readable by
 * `nobody`. The folder is given to that user.
 */
export function unprivileged(dir: string): { spawn: SpawnOptions; bundle: string } {
  const bundle = path.join(dir, "bin", "bastionless.cjs");
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  fs.copyFileSync(HOST_BUNDLE, bundle);
  fs.cpSync(path.join(path.dirname(HOST_BUNDLE), "chunks"), path.join(path.dirname(bundle), "chunks"), {
    recursive: true,
  });
  if (!runningAsRoot) return { spawn: {}, bundle };
  const chownTree = (p: string) => {
    fs.lchownSync(p, NOBODY, NOBODY);
    if (fs.lstatSync(p).isDirectory()) for (const e of fs.readdirSync(p)) chownTree(path.join(p, e));
  };
  chownTree(dir);
  return { spawn: { uid: NOBODY, gid: NOBODY }, bundle };
}
