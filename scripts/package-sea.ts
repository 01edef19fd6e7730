/**
 * `npm run package`: the bastionless host as single executables (Node SEA + postject), so users
 * need no Node.js. Recipe: docs/testing/toolchain.md §2 and nodejs.org/api/single-executable-applications.html.
 *
 *   tsx scripts/package-sea.ts [--target ID]… [--no-build]
 *
 * Without --target it builds every target in package-targets.ts; the one this machine runs is also
 * written as dist/bastionless (dist/bastionless.exe on Windows) and smoke-tested.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { inject } from "postject";
import { ensureBase } from "./package-base";
import {
  BLOB_BUILDER_PKG,
  HERE,
  nativeTarget,
  SEA_FUSE,
  SEA_TARGETS,
  type SeaTarget,
} from "./package-targets";
import { ENTRY, seaAssets, writeSeaMain } from "./sea-script";

const ROOT = path.resolve(__dirname, "..");
const DIST = path.join(ROOT, "dist");
const HOST_DIR = path.join(DIST, "host");
const BUNDLE = path.join(HOST_DIR, ENTRY);

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0)
    throw new Error(
      `${path.basename(cmd)} ${args.join(" ")} failed (${r.status ?? r.error?.message}): ${r.stderr}`,
    );
  return r.stdout;
}

export function buildBundle(): void {
  run(process.execPath, [
    path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"),
    "--mode",
    "production",
    "--config-name",
    "host",
  ]);
}

/** The blob, made by a Node of the target's exact version that runs here; code cache only when native. */
function makeBlob(t: SeaTarget, work: string): Buffer {
  const native = t.id === HERE;
  const builder = native
    ? ensureBase(t.pkg, t.version, t.binInTarball)
    : ensureBase(BLOB_BUILDER_PKG, t.version, "package/bin/node");
  const template = JSON.parse(fs.readFileSync(path.join(ROOT, "sea-config.json"), "utf8"));
  const output = path.join(work, `${t.id}.blob`);
  const main = path.join(work, `${t.id}-main.cjs`);
  writeSeaMain(main);
  const config = {
    ...template,
    main,
    output,
    useCodeCache: native && template.useCodeCache,
    assets: seaAssets(HOST_DIR, path.join(work, t.id), native ? builder : null),
  };
  const configFile = path.join(work, `sea-config-${t.id}.json`);
  fs.writeFileSync(configFile, JSON.stringify(config));
  run(builder, ["--experimental-sea-config", configFile]);
  return fs.readFileSync(output);
}

function hasTool(cmd: string): boolean {
  return spawnSync(cmd, ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * Debug symbols are a sixth of an ELF Node and no use to users (linux-x64 126.9 → 110.4 MB,
 * linux-arm64 122.9 → 102.9 MB), so they go before injection: GNU strip for this machine's own
 * kind, llvm-strip (Debian package llvm) for linux-arm64, whose ELF GNU strip here cannot read.
 * Not darwin-x64: its Mach-O would lose 26 MB too, but nothing here can run or sign the result,
 * so it is left as Node ships it. Not win-x64: node.exe keeps its symbols in a separate PDB.
 */
function stripToolFor(t: SeaTarget): string | null {
  if (process.platform !== "linux" || !t.id.startsWith("linux-")) return null;
  if (t.id === HERE) return "strip";
  if (hasTool("llvm-strip")) return "llvm-strip";
  process.stderr.write(`package: ${t.id} left unstripped (install llvm for llvm-strip)\n`);
  return null;
}

/** Builds one target into dist/<output>; returns its path. */
export async function buildTarget(t: SeaTarget): Promise<string> {
  const work = path.join(DIST, "sea");
  fs.mkdirSync(work, { recursive: true });
  const blob = makeBlob(t, work);
  const base = ensureBase(t.pkg, t.version, t.binInTarball);
  const tmp = path.join(work, `${t.output}.tmp`);
  fs.copyFileSync(base, tmp);
  fs.chmodSync(tmp, 0o755);
  const stripper = stripToolFor(t);
  if (stripper) run(stripper, [tmp]);
  await inject(tmp, "NODE_SEA_BLOB", blob, {
    sentinelFuse: SEA_FUSE,
    ...(t.macho ? { machoSegmentName: "NODE_SEA" } : {}),
  });
  const out = path.join(DIST, t.output);
  fs.renameSync(tmp, out);
  return out;
}

/** Runs the native executable: it must print the bundle's version. */
function smokeTest(exe: string): string {
  const version = run(exe, ["--version"]).trim();
  const expected = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
  if (version !== expected) throw new Error(`${exe} --version printed "${version}", expected ${expected}`);
  return version;
}

/** Builds the SEA for this machine (used by the bench and tests); returns dist/bastionless. */
export async function buildNative(opts: { build: boolean } = { build: true }): Promise<string> {
  const t = nativeTarget();
  if (!t) throw new Error(`no single-executable target for ${HERE}`);
  if (opts.build || !fs.existsSync(BUNDLE)) buildBundle();
  const out = await buildTarget(t);
  const alias = path.join(DIST, process.platform === "win32" ? "bastionless.exe" : "bastionless");
  fs.rmSync(alias, { force: true });
  fs.linkSync(out, alias);
  smokeTest(alias);
  return alias;
}

async function main(argv: string[]): Promise<void> {
  const wanted = argv.flatMap((a, i) => (argv[i - 1] === "--target" ? [a] : []));
  const unknown = wanted.filter((w) => !SEA_TARGETS.some((t) => t.id === w));
  if (unknown.length)
    throw new Error(
      `unknown --target ${unknown.join(", ")}; known: ${SEA_TARGETS.map((t) => t.id).join(", ")}`,
    );
  if (!argv.includes("--no-build") || !fs.existsSync(BUNDLE)) buildBundle();
  for (const t of SEA_TARGETS.filter((x) => !wanted.length || wanted.includes(x.id))) {
    const started = Date.now();
    const out = t.id === HERE ? await buildNative({ build: false }) : await buildTarget(t);
    const mb = (fs.statSync(out).size / 1e6).toFixed(1);
    console.log(
      `${t.id.padEnd(12)} ${path.relative(ROOT, out).padEnd(34)} ${mb} MB  (Node ${t.version}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  fs.rmSync(path.join(DIST, "sea"), { recursive: true, force: true });
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`package: ${(err as Error).message}`);
    process.exit(1);
  });
}
