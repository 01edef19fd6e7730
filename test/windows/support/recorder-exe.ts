/**
 * A Windows executable made from one script: Windows Node (the base of the shipped win-x64
 * executable) with the script injected as its single-executable blob, the recipe of
 * scripts/package-sea.ts without code cache or assets. Used for the mstsc.exe recorder.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { inject } from "postject";
import { ensureBase } from "../../../scripts/package-base";
import { BLOB_BUILDER_PKG, SEA_FUSE } from "../../../scripts/package-targets";
import { WIN_TARGET, windowsNode } from "./windows-tier";

/** Writes `out`, an .exe that runs `script` (CommonJS, builtins only) with the program's arguments. */
export async function scriptExe(script: string, out: string): Promise<void> {
  const work = `${out}.build`;
  fs.mkdirSync(work, { recursive: true });
  try {
    const blob = path.join(work, "blob");
    const config = path.join(work, "sea-config.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        main: script,
        output: blob,
        disableExperimentalSEAWarning: true,
        useCodeCache: false,
      }),
    );
    // The blob must come from a Node of the base's exact version (package-targets.ts).
    const builder = ensureBase(BLOB_BUILDER_PKG, WIN_TARGET.version, "package/bin/node");
    const r = spawnSync(builder, ["--experimental-sea-config", config], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`making the SEA blob for ${script} failed: ${r.stderr}`);
    const exe = path.join(work, "program.exe");
    fs.copyFileSync(windowsNode(), exe);
    await inject(exe, "NODE_SEA_BLOB", fs.readFileSync(blob), { sentinelFuse: SEA_FUSE });
    fs.renameSync(exe, out);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
