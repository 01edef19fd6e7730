/**
 * The machine-wide install (`bastionless install --system`, docs/deploy.md §1) as the managed
 * deployment tests run it: the built host, as root, with --json, from a sandbox environment.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { HOST_BUNDLE } from "./host-process";

/** What install --system writes on Linux that no browser package owns. */
export const SYSTEM_INSTALL_PATHS = ["/etc/bastionless", "/opt/bastionless", "/usr/local/bin/bastionless"];

export function cliSystem(
  env: NodeJS.ProcessEnv,
  args: string[],
): { status: number | null; json: any; stderr: string } {
  try {
    const out = execFileSync(process.execPath, [HOST_BUNDLE, ...args], {
      env,
      encoding: "utf8",
      stdio: "pipe",
    });
    return { status: 0, json: JSON.parse(out), stderr: "" };
  } catch (err) {
    const e = err as { status: number | null; stdout: string; stderr: string };
    return { status: e.status, json: e.stdout ? JSON.parse(e.stdout) : null, stderr: e.stderr };
  }
}

/** Managed policy lives under /etc and /usr/lib: without root the test fails (it never skips). */
export function requireRootAndFree(paths: string[], why: string): void {
  if (process.getuid?.() !== 0) throw new Error(`${why}: run the e2e tier as root (CI does)`);
  const taken = paths.filter((p) => fs.existsSync(p));
  if (taken.length)
    throw new Error(
      `${taken.join(", ")} exist already: this test installs machine-wide and would not own them`,
    );
}
