/**
 * Run by the Node a single executable is built from (scripts/package-sea.ts): compiles each webpack
 * chunk exactly as the executable will (native-host/src/chunk-loader.cjs) and writes V8's code cache for it, so
 * a chunk loaded at run time skips parsing. Usage: node sea-code-cache.cjs HOST_DIR OUT_DIR CHUNK…
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { wrapChunk, cacheAssetName } = require("../native-host/src/chunk-loader.cjs");

const [hostDir, outDir, ...chunks] = process.argv.slice(2);
for (const name of chunks) {
  const source = fs.readFileSync(path.join(hostDir, name), "utf8");
  const script = new vm.Script(wrapChunk(source), { filename: name });
  const out = path.join(outDir, cacheAssetName(name));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, script.createCachedData());
}
