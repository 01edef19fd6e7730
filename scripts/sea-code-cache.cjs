/**
 * Run by the Node a single executable is built from (scripts/package-sea.ts), to make V8 code
 * caches that the executable's chunk loader (native-host/src/chunk-loader.cjs) hands to
 * vm.Script. Each source is wrapped exactly as the executable wraps it: V8 takes a cache only for
 * the byte-identical source.
 *
 *   node sea-code-cache.cjs chunks HOST_DIR OUT_DIR CHUNK…    lazy chunks, compiled only
 *   node sea-code-cache.cjs entry ENTRY_FILE OUT_FILE ORIGIN  the entry, after answering the
 *                                                             `hello` on stdin as ORIGIN's host
 *
 * The entry's cache is made after the run because V8 compiles most functions lazily: a cache taken
 * right after compiling (what a SEA's useCodeCache does) holds little more than the top level,
 * while one taken after a `hello` also holds every function that answer ran, so the executable's
 * first answer compiles nothing.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { wrapChunk, cacheAssetName } = require("../native-host/src/chunk-loader.cjs");

const [mode, from, out, ...rest] = process.argv.slice(2);
if (mode === "chunks") {
  const hostDir = from;
  for (const name of rest) {
    const source = fs.readFileSync(path.join(hostDir, name), "utf8");
    const script = new vm.Script(wrapChunk(source), { filename: name });
    const file = path.join(out, cacheAssetName(name));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, script.createCachedData());
  }
} else if (mode === "entry") {
  const entry = from;
  const script = new vm.Script(wrapChunk(fs.readFileSync(entry, "utf8")), { filename: path.basename(entry) });
  // What the browser passes: the caller's origin as the only argument.
  process.argv = [process.argv[0], entry, rest[0]];
  process.on("exit", (code) => {
    if (code === 0) fs.writeFileSync(out, script.createCachedData());
  });
  script.runInThisContext()(module.exports, require, module, entry, path.dirname(entry));
} else {
  process.stderr.write(
    "usage: sea-code-cache.cjs chunks HOST_DIR OUT_DIR CHUNK… | entry ENTRY_FILE OUT_FILE ORIGIN\n",
  );
  process.exit(2);
}
