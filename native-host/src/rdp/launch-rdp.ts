/**
 * Writes the tunnel's .rdp file into a private folder and opens it with the platform's RDP
 * client. The file is the user's alone (folder 0700, file 0600); the client is started detached
 * with an argument array, so nothing in the file name or its content reaches a shell.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { INSTANCE_ID } from "../../../contract/identifiers";
import { TunnelError } from "../errors";
import { findExecutable } from "../platform/find-executable";
import { launchersFor } from "./launchers";
import { type RdpFileInput, rdpFileBytes } from "./rdp-file";

const DIR_PREFIX = "bastionless-rdp-";
/** Files of earlier launches are removed after a day: the client has long read them by then. */
const KEEP_MS = 24 * 60 * 60 * 1000;

export interface LaunchRequest extends RdpFileInput {
  /** The instance id, used as the file name so the client's title shows it. */
  instanceId: string;
}

export interface LaunchIO {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  tmpDir: string;
}

export const defaultLaunchIO = (env: NodeJS.ProcessEnv = process.env): LaunchIO => ({
  env,
  platform: process.platform,
  tmpDir: os.tmpdir(),
});

/** Writes the .rdp file; returns its path. */
export function writeRdpFile(req: LaunchRequest, io: LaunchIO): string {
  const bytes = rdpFileBytes(req, io.platform);
  removeOldFiles(io.tmpDir);
  // mkdtemp creates the folder 0700 with an unguessable name (Node fs docs).
  const dir = fs.mkdtempSync(path.join(io.tmpDir, DIR_PREFIX));
  const name = INSTANCE_ID.test(req.instanceId) ? req.instanceId : "bastionless";
  const file = path.join(dir, `${name}.rdp`);
  fs.writeFileSync(file, bytes, { mode: 0o600, flag: "wx" });
  return file;
}

/** Writes the file and starts the first RDP client found; resolves once the client has started. */
export async function launchRdp(req: LaunchRequest, io: LaunchIO): Promise<{ file: string; client: string }> {
  const file = writeRdpFile(req, io);
  for (const launcher of launchersFor(io.platform)) {
    const exe = findExecutable(launcher.program, io.env, io.platform);
    if (!exe) continue;
    await startDetached(exe, launcher.args(file), io.env);
    return { file, client: launcher.program };
  }
  const names = launchersFor(io.platform)
    .map((l) => l.program)
    .join(", ");
  throw new TunnelError("RDP_CLIENT_NOT_FOUND", `No RDP client found on PATH (looked for ${names}).`, {
    hint: `Open ${file} with your RDP client, or connect it to 127.0.0.1:${req.port}.`,
  });
}

function startDetached(exe: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { detached: true, stdio: "ignore", env, shell: false });
    child.once("spawn", () => {
      child.unref();
      resolve();
    });
    child.once("error", (err) =>
      reject(
        new TunnelError("RDP_LAUNCH_FAILED", `Could not start ${path.basename(exe)}: ${err.message}`, {
          hint: "Use --no-launch and connect your RDP client yourself.",
        }),
      ),
    );
  });
}

function removeOldFiles(tmpDir: string): void {
  try {
    for (const name of fs.readdirSync(tmpDir)) {
      if (!name.startsWith(DIR_PREFIX)) continue;
      const dir = path.join(tmpDir, name);
      const st = fs.lstatSync(dir);
      if (
        st.isDirectory() &&
        st.uid === (process.getuid?.() ?? st.uid) &&
        Date.now() - st.mtimeMs > KEEP_MS
      ) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } catch {
    // Housekeeping only; a launch never fails because of it.
  }
}
