/**
 * Opens a URL in the user's default browser: xdg-open on Linux and the BSDs, open on macOS,
 * `rundll32 url.dll,FileProtocolHandler URL` on Windows (the shell's URL handler, without cmd.exe,
 * whose `start` would parse `&` in the query). Each is found on PATH and started with an argument
 * array, never a shell; the URL is one argument. Two callers: `bastionless login` (a launch URL,
 * issue 12; it carries no credential, so it may show in the process list) and a saved
 * connection's web UI (issue 13; only `http://127.0.0.1:PORT/`, so nothing from a file reaches the
 * opener's argv but a port number).
 */
import { spawn } from "node:child_process";
import { CONNECTION_URL } from "../../../contract/connection";
import { BastionlessError } from "../errors";
import { findExecutable } from "./find-executable";

export function openerFor(platform: NodeJS.Platform): { name: string; args: (url: string) => string[] } {
  if (platform === "darwin") return { name: "open", args: (u) => [u] };
  if (platform === "win32") return { name: "rundll32", args: (u) => ["url.dll,FileProtocolHandler", u] };
  return { name: "xdg-open", args: (u) => [u] };
}

export function openUrl(
  url: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  const opener = openerFor(platform);
  const exe = findExecutable(opener.name, env, platform);
  const failed = (detail: string) =>
    new BastionlessError("BROWSER_OPEN_FAILED", `Could not open the browser: ${detail}.`, {
      hint: `Open this address in the browser where the bastionless extension runs: ${url}`,
    });
  if (!exe) return Promise.reject(failed(`${opener.name} is not on PATH`));
  return new Promise((resolve, reject) => {
    const child = spawn(exe, opener.args(url), { env, stdio: "ignore", detached: true, shell: false });
    child.once("error", (err) => reject(failed(err.message)));
    child.once("spawn", () => {
      child.unref();
      resolve();
    });
  });
}

/** A saved connection's web UI: the opener's name once started, or null when there is none (the URL is printed anyway). */
export function openLoopbackUrl(
  url: string,
  env: NodeJS.ProcessEnv,
  platform = process.platform,
): string | null {
  if (!CONNECTION_URL.test(url)) throw new Error(`refusing to open ${url}`);
  const opener = openerFor(platform);
  const exe = findExecutable(opener.name, env, platform);
  if (!exe) return null;
  const child = spawn(exe, opener.args(url), { detached: true, stdio: "ignore", env, shell: false });
  child.once("error", () => {});
  child.unref();
  return opener.name;
}
