/**
 * What goes into a single executable's blob besides Node: the entry file as the main script, and
 * every lazy chunk as an asset, with its V8 code cache when the target is this machine's kind
 * (native-host/src/chunk-loader.cjs says why and how they are loaded).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const CACHE_MAKER = path.join(__dirname, "sea-code-cache.cjs");
const CHUNK_DIR = "chunks";

/** The lazy chunks webpack wrote beside the entry, named as the bundle requires them. */
export function hostChunks(hostDir: string): string[] {
  const dir = path.join(hostDir, CHUNK_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".cjs"))
    .sort()
    .map((f) => `${CHUNK_DIR}/${f}`);
}

/**
 * The sea-config `assets` map: each chunk, and its code cache when `builder` (the target's own
 * Node, runnable here) is given to make one.
 */
export function seaAssets(hostDir: string, work: string, builder: string | null): Record<string, string> {
  const chunks = hostChunks(hostDir);
  const assets: Record<string, string> = {};
  for (const c of chunks) assets[c] = path.join(hostDir, c);
  if (!builder || !chunks.length) return assets;
  const cacheDir = path.join(work, "v8cache");
  const r = spawnSync(builder, [CACHE_MAKER, hostDir, cacheDir, ...chunks], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`code cache for the chunks failed (${r.status}): ${r.stderr}`);
  for (const c of chunks) assets[`${c}.v8cache`] = path.join(cacheDir, `${c}.v8cache`);
  return assets;
}
