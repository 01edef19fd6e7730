/**
 * Fetches a Node base binary from the npm registry into a cache, once. `npm pack` downloads the
 * tarball and checks it against the registry's integrity hash; only the one binary is extracted.
 * The packages stay out of package.json, so `npm ci` does not pull 50 MB per platform.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
export const CACHE_DIR =
  process.env.BASTIONLESS_SEA_CACHE || path.join(ROOT, "node_modules/.cache/bastionless-sea");

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    shell: process.platform === "win32" && cmd === "npm",
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.error?.message}): ${r.stderr}`);
  return r.stdout;
}

/** Absolute path of `pkg@version`'s node binary in the cache, downloading it when missing. */
export function ensureBase(pkg: string, version: string, binInTarball: string): string {
  const dir = path.join(CACHE_DIR, `${pkg}-${version}`);
  const bin = path.join(dir, binInTarball);
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(dir, { recursive: true });
  process.stderr.write(`package: fetching ${pkg}@${version} from the npm registry …\n`);
  const name = run("npm", ["pack", `${pkg}@${version}`, "--pack-destination", dir, "--silent"], dir)
    .trim()
    .split(/\r?\n/)
    .pop()!;
  const tarball = path.join(dir, name);
  try {
    run("tar", ["-xzf", tarball, "-C", dir, binInTarball], dir);
  } finally {
    fs.rmSync(tarball, { force: true });
  }
  if (!fs.existsSync(bin)) throw new Error(`${pkg}@${version} has no ${binInTarball}`);
  fs.chmodSync(bin, 0o755);
  return bin;
}
