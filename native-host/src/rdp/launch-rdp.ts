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
import { rdpDirPrefix, removeRdpDirs } from "../platform/rdp-temp-dirs";
import { launchersFor, launchersWithPassword } from "./launchers";
import { type RdpFileInput, rdpFileBytes } from "./rdp-file";

/** Files of earlier launches are removed after a day (those of a tunnel go when it ends). */
const KEEP_MS = 24 * 60 * 60 * 1000;
/**
 * How long a started client is watched: one that exits with an error within this window (a bad
 * file, no display, a missing library) is a failed launch, not "Opened …" (issue 11). A client
 * that hands the file on (open, xdg-open) exits 0 and counts as started at once.
 */
export const EARLY_EXIT_MS = 1_500;

export interface LaunchRequest extends RdpFileInput {
  /** The instance id, used as the file name so the client's title shows it. */
  instanceId: string;
  /** The tunnel the file is for: its folder is removed when that tunnel ends (tunnel service). */
  tunnelId?: string;
}

export interface LaunchIO {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  tmpDir: string;
  /** EARLY_EXIT_MS unless given (BASTIONLESS_RDP_EARLY_EXIT_MS, for a slow test machine). */
  earlyExitMs?: number;
}

export const defaultLaunchIO = (env: NodeJS.ProcessEnv = process.env): LaunchIO => {
  const early = Number(env.BASTIONLESS_RDP_EARLY_EXIT_MS);
  return {
    env,
    platform: process.platform,
    tmpDir: os.tmpdir(),
    ...(Number.isInteger(early) && early > 0 ? { earlyExitMs: early } : {}),
  };
};

/** Writes the .rdp file; returns its path. */
export function writeRdpFile(req: LaunchRequest, io: LaunchIO): string {
  const bytes = rdpFileBytes(req, io.platform);
  removeRdpDirs(io.tmpDir, { before: Date.now() - KEEP_MS });
  // mkdtemp creates the folder 0700 with an unguessable name (Node fs docs).
  const dir = fs.mkdtempSync(rdpDirPrefix(io.tmpDir, req.tunnelId));
  const name = INSTANCE_ID.test(req.instanceId) ? req.instanceId : "bastionless";
  const file = path.join(dir, `${name}.rdp`);
  fs.writeFileSync(file, bytes, { mode: 0o600, flag: "wx" });
  return file;
}

/** FreeRDP reads one line of at most 511 bytes (its 512-byte buffer); anything else is refused, not cut. */
const STDIN_PASSWORD = /^[^\r\n\x00]{1,511}$/;

export interface Launched {
  file: string;
  client: string;
  /** Whether the client was given the password (on its stdin); false: it asks the user. */
  passwordPassed: boolean;
}

/**
 * Writes the file and starts the first RDP client found; resolves once the client has started.
 * A password goes only to a client that reads it on stdin (launchers.ts); it is never written to
 * the .rdp file or put in argv, and a client that cannot take it is started without it.
 */
export async function launchRdp(req: LaunchRequest, io: LaunchIO, password?: string): Promise<Launched> {
  if (password !== undefined && (!STDIN_PASSWORD.test(password) || Buffer.byteLength(password) > 511))
    throw new TunnelError(
      "RDP_INPUT_INVALID",
      "Refusing to hand the RDP client a password with line breaks or over 511 bytes.",
      {
        hint: "Type the password in the RDP client instead.",
      },
    );
  const file = writeRdpFile(req, io);
  const launchers = password === undefined ? launchersFor(io.platform) : launchersWithPassword(io.platform);
  for (const launcher of launchers) {
    const exe = findExecutable(launcher.program, io.env, io.platform);
    if (!exe) continue;
    const withPassword = password !== undefined && launcher.passwordArgs !== undefined;
    const args = withPassword ? launcher.passwordArgs!(file) : launcher.args(file);
    await startDetached(
      exe,
      args,
      io.env,
      io.earlyExitMs ?? EARLY_EXIT_MS,
      withPassword ? `${password}\n` : undefined,
    );
    return { file, client: launcher.program, passwordPassed: withPassword };
  }
  const names = launchersFor(io.platform)
    .map((l) => l.program)
    .join(", ");
  throw new TunnelError("RDP_CLIENT_NOT_FOUND", `No RDP client found on PATH (looked for ${names}).`, {
    hint: `Open ${file} with your RDP client, or connect it to 127.0.0.1:${req.port}.`,
  });
}

/**
 * Starts the client detached; rejects when it cannot start or exits with an error within `earlyMs`.
 * `stdin` (the password line) is written to a pipe and the pipe closed: it is in no argv or file.
 */
function startDetached(
  exe: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  earlyMs: number,
  stdin?: string,
): Promise<void> {
  const name = path.basename(exe);
  const hint = "Use --no-launch and connect your RDP client yourself.";
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, {
      detached: true,
      stdio: [stdin === undefined ? "ignore" : "pipe", "ignore", "ignore"],
      env,
      shell: false,
    });
    if (stdin !== undefined) {
      // A client that exits before reading closes the pipe: EPIPE is its early exit, reported below.
      child.stdin!.on("error", () => undefined);
      child.stdin!.end(stdin);
    }
    let timer: NodeJS.Timeout | undefined;
    const settle = (err?: TunnelError) => {
      if (timer) clearTimeout(timer);
      child.removeAllListeners();
      child.unref();
      if (err) reject(err);
      else resolve();
    };
    // The exit event decides; the window only bounds how long a running client is watched.
    child.once("spawn", () => {
      timer = setTimeout(() => settle(), earlyMs);
    });
    child.once("exit", (code, signal) =>
      settle(
        code === 0
          ? undefined
          : new TunnelError(
              "RDP_CLIENT_EXITED",
              `${name} exited at once (${signal ? `signal ${signal}` : `exit code ${code}`}); no RDP session was opened.`,
              { hint: `Run ${name} yourself on the .rdp file to see why, or use --no-launch.` },
            ),
      ),
    );
    child.once("error", (err) =>
      settle(new TunnelError("RDP_LAUNCH_FAILED", `Could not start ${name}: ${err.message}`, { hint })),
    );
  });
}
