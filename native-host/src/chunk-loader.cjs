/**
 * The head of the host's entry file (webpack.config.ts wraps the entry chunk in it). webpack
 * leaves what `hello` and `--version` do not need in lazy chunks, which its runtime loads with
 * `require("./chunks/NAME.cjs")`; that `require` is this one:
 *
 * - In the single executable, Node's `require` knows only its built-ins, so the chunks travel in
 *   the executable as SEA assets, each with a V8 code cache made by the same Node at packaging
 *   time (nodejs.org/api/single-executable-applications.html#assets; nodejs.org/api/vm.html,
 *   cachedData). scripts/sea-code-cache.cjs makes those caches with wrapChunk below: the wrapped
 *   source must be byte-identical, or V8 rejects the cache. The executable's main script is this
 *   file too, asking for the entry itself (scripts/sea-script.ts), so the entry loads the same way.
 * - Run with node, every chunk's source is read when the process starts (about 1 MB, well under
 *   a millisecond) and compiled only when first needed, so a host or tunnel service that is
 *   running while `bastionless install` replaces the files never loads a chunk of another version.
 */
"use strict";

/** A chunk as a CommonJS function, the way Node wraps a file. */
function wrapChunk(source) {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** The asset holding a chunk's code cache. */
function cacheAssetName(chunk) {
  return `${chunk}.v8cache`;
}

function seaOrNull(builtinRequire) {
  try {
    const sea = builtinRequire("node:sea");
    return sea.isSea() ? sea : null;
  } catch {
    return null; // Node before 20.12 has no node:sea, and cannot be our SEA either.
  }
}

/** Chunk name ("chunks/x.cjs") → source, for every chunk beside the entry file. */
function readChunks(builtinRequire, dir) {
  const fs = builtinRequire("node:fs");
  const path = builtinRequire("node:path");
  const sources = new Map();
  let names = [];
  try {
    names = fs.readdirSync(path.join(dir, "chunks")).filter((f) => f.endsWith(".cjs"));
  } catch {
    // No chunks folder: a chunk asked for later fails with the file it wanted.
  }
  for (const f of names) sources.set(`chunks/${f}`, fs.readFileSync(path.join(dir, "chunks", f), "utf8"));
  return sources;
}

/** The `require` the bundle runs with: "./chunks/…" from the sources above, anything else from Node. */
function chunkRequire(builtinRequire, dir) {
  const sea = seaOrNull(builtinRequire);
  const sources = sea ? null : readChunks(builtinRequire, dir);
  const loaded = new Map();
  const sourceOf = (name) => {
    if (sea) return sea.getAsset(name, "utf8");
    const source = sources.get(name);
    if (source === undefined)
      throw new Error(`bastionless: ${name} is missing beside ${dir}; reinstall bastionless`);
    return source;
  };
  const cacheOf = (name) => {
    if (!sea) return undefined;
    try {
      return new Uint8Array(sea.getRawAsset(cacheAssetName(name)));
    } catch {
      return undefined; // Cross-built executables carry no cache: it is specific to the machine kind.
    }
  };
  const load = (name) => {
    const vm = builtinRequire("node:vm");
    const cachedData = cacheOf(name);
    const script = new vm.Script(wrapChunk(sourceOf(name)), { filename: name, cachedData });
    // Only a packaging fault gets here (scripts/sea-code-cache.cjs); it costs start-up time, not correctness.
    if (cachedData && script.cachedDataRejected) process.emitWarning(`V8 rejected the code cache of ${name}`);
    const module = { exports: {} };
    script.runInThisContext()(module.exports, self, module, name, dir);
    // Loaded once (see `loaded`): V8 keeps the wrapped copy it compiled, and ours would only
    // double the 1.2 MB of chunk text a long-lived tunnel service holds (test/bench/service-memory.ts).
    sources?.delete(name);
    return module.exports;
  };
  const self = (id) => {
    if (!id.startsWith("./")) return builtinRequire(id);
    const name = id.slice(2);
    if (!loaded.has(name)) loaded.set(name, load(name));
    return loaded.get(name);
  };
  return self;
}

module.exports = { wrapChunk, cacheAssetName, chunkRequire };
