/**
 * Where the tunnel service listens: a unix socket in the user's 0700 runtime folder, or a named
 * pipe on Windows (design §6: a local socket only the user can open).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { logDir, runtimeDir } from "../../../config/paths";
import { FileError } from "../../../errors";
import { checkRuntimeDir } from "./endpoint-trust";
import { pipeName, pipeSecret } from "./pipe-name";

export const SOCKET_NAME = "tunnels.sock";
/** sun_path is 108 bytes on Linux and 104 on macOS, including the terminating NUL. */
const MAX_SOCKET_PATH = 100;

export interface ServiceEndpoint {
  /** What net.connect / server.listen take: a socket path or a pipe name. */
  address: string;
  /** The folder holding the socket (and the spawn lock); on Windows a folder for the lock only. */
  dir: string;
  isPipe: boolean;
  logFile: string;
  /** Windows: the user's pipe secret, which the server proves it holds (service-proof.ts). */
  secret?: Buffer;
}

/**
 * On Windows the pipe name carries a hash of the user's secret (pipe-name.ts); `secret` reads it
 * from the runtime folder, creating it on first use (tests pass their own).
 */
export function serviceEndpoint(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  secret: (dir: string) => Buffer = pipeSecret,
): ServiceEndpoint {
  const dir = runtimeDir(env, platform);
  const logFile = path.join(logDir(env, platform), "tunnel-service.log");
  if (platform === "win32") {
    const user = env.USERNAME || os.userInfo().username;
    const key = secret(dir);
    return { address: pipeName(user, key), dir, isPipe: true, logFile, secret: key };
  }
  const address = path.join(dir, SOCKET_NAME);
  if (Buffer.byteLength(address) > MAX_SOCKET_PATH) {
    throw new FileError(
      "RUNTIME_DIR_TOO_LONG",
      `The tunnel service socket path is too long for the OS: ${address}`,
      {
        // Not /tmp/…: another user could create that folder first (issue 17).
        hint: "Set BASTIONLESS_RUNTIME_DIR to a shorter folder in your home (for example ~/.bastionless-run).",
      },
    );
  }
  return { address, dir, isPipe: false, logFile };
}

/**
 * Creates the runtime folder 0700 and refuses one that others could open or fill
 * (endpoint-trust.ts): the socket's only protection is the folder (unix(7): connecting needs write
 * permission on the socket and search permission on the folders above it).
 */
export function prepareRuntimeDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (platform === "win32") return;
  checkRuntimeDir(dir);
  // Ours and unwritable by others, but perhaps readable: the folder is made private as it should be.
  if ((fs.lstatSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
}
