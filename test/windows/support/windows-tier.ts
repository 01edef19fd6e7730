/**
 * Whether the Windows tier runs, and what it needs first: Wine prepared (scripts/prepare-wine.sh)
 * and the shipped win-x64 executable built (npm run package). Under CI=true the tier always runs
 * and fails when Wine cannot be prepared; elsewhere it runs only when Wine is already prepared,
 * since preparing takes minutes, root and Debian's mirror (docs/testing/windows.md).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureBase } from "../../../scripts/package-base";
import { buildTarget } from "../../../scripts/package-sea";
import { SEA_TARGETS } from "../../../scripts/package-targets";
import { HOST_BUNDLE, ROOT } from "../../support/host-process";
import { WINE_CACHE } from "./wine";

export const WIN_TARGET = SEA_TARGETS.find((t) => t.id === "win-x64")!;
export const WIN_EXE = path.join(ROOT, "dist", WIN_TARGET.output);

const inCi = process.env.CI === "true";
const prepared = fs.existsSync(path.join(WINE_CACHE, "ready"));

/** Why the tier is skipped here, or null when it runs. */
export const skipWindows: string | null =
  inCi || prepared
    ? null
    : `Wine is not prepared in ${WINE_CACHE}: run \`sudo bash scripts/prepare-wine.sh\` once (about 3 minutes) to run the Windows tier`;
if (skipWindows) console.warn(`windows tier skipped: ${skipWindows}`);

/**
 * Runs prepare-wine.sh: at once when the cache is ready, else it prepares, or waits for the
 * preparation .ci/run started in the background (the script's lock). Rejects with its output.
 */
export function prepareWine(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [path.join(ROOT, "scripts/prepare-wine.sh")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`scripts/prepare-wine.sh failed (${code}):\n${out}`)),
    );
  });
}

/** Builds dist/bastionless-win-x64.exe from the current host bundle when it is missing or older. */
export async function ensureWindowsExe(): Promise<string> {
  const stale = !fs.existsSync(WIN_EXE) || fs.statSync(WIN_EXE).mtimeMs < fs.statSync(HOST_BUNDLE).mtimeMs;
  if (stale) await buildTarget(WIN_TARGET);
  return WIN_EXE;
}

/** Windows Node itself: the node.exe the win-x64 executable is built from, to run test harnesses. */
export const windowsNode = (): string =>
  ensureBase(WIN_TARGET.pkg, WIN_TARGET.version, WIN_TARGET.binInTarball);

/** Everything a Windows test file needs before its first test. */
export async function windowsReady(): Promise<string> {
  await prepareWine();
  return ensureWindowsExe();
}
