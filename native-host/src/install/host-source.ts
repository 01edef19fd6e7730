/**
 * What is running now, and so what gets copied to the stable folder: the single executable
 * itself (a SEA, which carries its chunks inside), or the webpack bundle with its lazy chunks
 * plus a launcher that runs it with this node.
 */
import fs from "node:fs";
import path from "node:path";
import { FileError } from "../errors";
import type { Os } from "./browsers";
import { cmdLauncher, shLauncher } from "./launcher";
import type { HostFile } from "./plan-changes";

export type HostSource =
  | { kind: "sea"; execPath: string }
  | { kind: "bundle"; nodePath: string; bundlePath: string; chunkPaths: string[] };

/** webpack's lazy chunks beside the bundle (webpack.config.ts: chunkFilename). */
export const CHUNK_DIR = "chunks";

/** The chunk files beside a bundle entry, as absolute paths in a stable order. */
export function chunksBeside(bundlePath: string): string[] {
  const dir = path.join(path.dirname(bundlePath), CHUNK_DIR);
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".cjs"))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

function isSea(): boolean {
  try {
    // node:sea exists from Node 20.12; older nodes cannot be a SEA of ours anyway.
    return (require("node:sea") as { isSea(): boolean }).isSea();
  } catch {
    return false;
  }
}

/** `bundleFile` is the running bundle's own file name (__filename inside dist/host/bastionless.cjs). */
export function currentHostSource(bundleFile: string | undefined): HostSource {
  if (isSea()) return { kind: "sea", execPath: process.execPath };
  if (bundleFile?.endsWith(".cjs") && fs.existsSync(bundleFile)) {
    const bundlePath = fs.realpathSync(bundleFile);
    return { kind: "bundle", nodePath: process.execPath, bundlePath, chunkPaths: chunksBeside(bundlePath) };
  }
  throw new FileError(
    "HOST_SOURCE_UNKNOWN",
    "This bastionless is running from sources, so there is no program to register.",
    {
      hint: "Build it first (`npm run build`, then `node dist/host/bastionless.cjs install`) or use the packaged `bastionless` binary.",
    },
  );
}

export interface HostLayout {
  /** What the manifests name. */
  path: string;
  files: HostFile[];
}

/** The files to put in `bin` for this source; the manifest path is always absolute. */
export function hostLayout(source: HostSource, bin: string, o: Os): HostLayout {
  const p = o === "win32" ? path.win32 : path.posix;
  if (source.kind === "sea") {
    const exe = p.join(bin, o === "win32" ? "bastionless.exe" : "bastionless");
    return {
      path: exe,
      files: [{ path: exe, from: source.execPath, mode: 0o755, what: "bastionless executable" }],
    };
  }
  const bundle = p.join(bin, "bastionless.cjs");
  const launcher = p.join(bin, o === "win32" ? "bastionless.cmd" : "bastionless");
  const text = o === "win32" ? cmdLauncher(source.nodePath, bundle) : shLauncher(source.nodePath, bundle);
  return {
    path: launcher,
    files: [
      { path: bundle, from: source.bundlePath, mode: 0o644, what: "bastionless host bundle" },
      ...source.chunkPaths.map((from) => ({
        path: p.join(bin, CHUNK_DIR, path.basename(from)),
        from,
        mode: 0o644,
        what: "bastionless host chunk",
      })),
      { path: launcher, data: text, mode: 0o755, what: "launcher script" },
    ],
  };
}
