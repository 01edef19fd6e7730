/**
 * What goes into a single executable's blob besides Node: a small main script that runs the entry
 * from the executable's assets, the entry and every lazy chunk as assets, and their V8 code caches
 * when the target is this machine's kind (native-host/src/chunk-loader.cjs says how they load;
 * scripts/sea-code-cache.cjs how the caches are made).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installRecordPath } from "../native-host/src/config/paths";
import { CHUNK_DIR, chunksBeside } from "../native-host/src/install/host-source";
import { emptyRecord } from "../native-host/src/install/install-record";
import { encodeFrame, FrameDecoder } from "../native-host/src/protocol/framing";

const CACHE_MAKER = path.join(__dirname, "sea-code-cache.cjs");
const LOADER = path.join(__dirname, "../native-host/src/chunk-loader.cjs");
/** The asset names the executable looks its caches up by. */
const { cacheAssetName } = require(LOADER) as { cacheAssetName(asset: string): string };
export const ENTRY = "bastionless.cjs";
/** The caller the entry's warm-up run answers as (any well-formed origin will do). */
const WARM_UP_ORIGIN = "chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/";

/** The lazy chunks webpack wrote beside the entry, named as the bundle requires them. */
function hostChunks(hostDir: string): string[] {
  return chunksBeside(path.join(hostDir, ENTRY)).map((f) => `${CHUNK_DIR}/${path.basename(f)}`);
}

/**
 * The executable's main script: the chunk loader, asked for the entry itself, so the entry too
 * comes from the assets and can have a cache made after a run (Node's own useCodeCache is taken
 * before any).
 */
export function writeSeaMain(out: string): void {
  const loader = fs.readFileSync(LOADER, "utf8");
  fs.writeFileSync(out, `${loader}\nmodule.exports.chunkRequire(require, __dirname)("./${ENTRY}");\n`);
}

/** The entry's cache, made by `builder` after the entry answered one `hello`. */
function warmEntryCache(builder: string, hostDir: string, out: string): void {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "bastionless-warm-"));
  try {
    // Only an install record lets a caller in (protocol/caller.ts): one in the throwaway HOME.
    const env = { PATH: process.env.PATH, HOME: home, BASTIONLESS_CONFIG_DIR: path.join(home, "config") };
    fs.mkdirSync(env.BASTIONLESS_CONFIG_DIR, { recursive: true, mode: 0o700 });
    const record = { ...emptyRecord("user"), allowedOrigins: [WARM_UP_ORIGIN] };
    fs.writeFileSync(installRecordPath(env), JSON.stringify(record), { mode: 0o600 });
    const r = spawnSync(builder, [CACHE_MAKER, "entry", path.join(hostDir, ENTRY), out, WARM_UP_ORIGIN], {
      input: encodeFrame({ id: 1, type: "hello" }),
      env,
    });
    const [reply] = new FrameDecoder().push(r.stdout ?? Buffer.alloc(0));
    const ok = reply?.kind === "message" && (reply.value as { ok?: boolean }).ok === true;
    if (r.status !== 0 || !ok || !fs.existsSync(out))
      throw new Error(`the entry's warm-up run failed (${r.status}): ${r.stderr}`);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/**
 * The sea-config `assets` map: the entry and each chunk, and their code caches when `builder`
 * (the target's own Node, runnable here) is given to make them.
 */
export function seaAssets(hostDir: string, work: string, builder: string | null): Record<string, string> {
  const chunks = hostChunks(hostDir);
  const assets: Record<string, string> = { [ENTRY]: path.join(hostDir, ENTRY) };
  for (const c of chunks) assets[c] = path.join(hostDir, c);
  if (!builder) return assets;
  const cacheDir = path.join(work, "v8cache");
  fs.mkdirSync(cacheDir, { recursive: true });
  const entryCache = cacheAssetName(ENTRY);
  warmEntryCache(builder, hostDir, path.join(cacheDir, entryCache));
  assets[entryCache] = path.join(cacheDir, entryCache);
  if (!chunks.length) return assets;
  const r = spawnSync(builder, [CACHE_MAKER, "chunks", hostDir, cacheDir, ...chunks], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`code cache for the chunks failed (${r.status}): ${r.stderr}`);
  for (const c of chunks) assets[cacheAssetName(c)] = path.join(cacheDir, cacheAssetName(c));
  return assets;
}
