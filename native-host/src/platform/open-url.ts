/**
 * Opens a URL in the user's default browser (issue 12, `bastionless login`): xdg-open on Linux
 * and the BSDs, open on macOS, `rundll32 url.dll,FileProtocolHandler URL` on Windows (the shell's
 * URL handler, without cmd.exe, whose `start` would parse `&` in the query). Each is found on PATH
 * and started with execFile, never a shell; the URL is one argument. It is not a secret (a launch
 * URL carries no credential), so it may show in the process list.
 */
import { spawn } from "node:child_process";
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
