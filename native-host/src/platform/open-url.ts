/**
 * Opens a loopback URL (a saved connection's web UI, `http://127.0.0.1:PORT/`) in the user's
 * browser with the desktop's opener, started with an argument array (no shell). Only URLs of
 * that one shape are opened: nothing from a file reaches the opener's argv but a port number.
 */
import { spawn } from "node:child_process";
import { CONNECTION_URL } from "../../../contract/connection";
import { findExecutable } from "./find-executable";

const OPENERS: Partial<Record<NodeJS.Platform, { program: string; args: (url: string) => string[] }>> = {
  linux: { program: "xdg-open", args: (u) => [u] },
  darwin: { program: "open", args: (u) => [u] },
  win32: { program: "explorer", args: (u) => [u] },
};

/** The opener's name once started, or null when there is none (the URL is printed anyway). */
export function openLoopbackUrl(
  url: string,
  env: NodeJS.ProcessEnv,
  platform = process.platform,
): string | null {
  if (!CONNECTION_URL.test(url)) throw new Error(`refusing to open ${url}`);
  const opener = OPENERS[platform] ?? OPENERS.linux!;
  const exe = findExecutable(opener.program, env, platform);
  if (!exe) return null;
  const child = spawn(exe, opener.args(url), { detached: true, stdio: "ignore", env, shell: false });
  child.once("error", () => {});
  child.unref();
  return opener.program;
}
