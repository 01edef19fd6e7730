/**
 * Which process listens on a local TCP port, where the OS lets us see it (issue 11): Linux reads
 * /proc (only the user's own processes show their sockets), macOS asks lsof, Windows asks netstat
 * and tasklist. Programs get argument arrays, never a shell. Best effort: null when unknown.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { TunnelError } from "../errors";
import { findExecutable } from "./find-executable";
import { holderText, listeningInodes, parseLsof, parseNetstat, parseTasklist } from "./port-holder-parse";

/** Bounds an external program: a look-up must never hold up an error reply for long. */
const PROGRAM_TIMEOUT_MS = 3_000;

function run(exe: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(exe, args, { timeout: PROGRAM_TIMEOUT_MS, windowsHide: true, shell: false }, (err, stdout) =>
      resolve(err && !stdout ? null : String(stdout)),
    );
  });
}

function procName(pid: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() || null;
  } catch {
    return null;
  }
}

function linuxHolder(port: number): string | null {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    try {
      for (const i of listeningInodes(fs.readFileSync(table, "utf8"), port)) inodes.add(i);
    } catch {
      // No IPv6 table on this kernel.
    }
  }
  if (!inodes.size) return null;
  const wanted = new Set([...inodes].map((i) => `socket:[${i}]`));
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        if (wanted.has(fs.readlinkSync(path.join(`/proc/${pid}/fd`, fd))))
          return holderText({ pid: Number(pid), name: procName(pid) });
      } catch {
        // The fd closed while we looked.
      }
    }
  }
  return null;
}

/** "nginx (pid 1234)" for the process listening on `port`, or null when the OS does not say. */
export async function portHolder(
  port: number,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  try {
    if (platform === "linux") return linuxHolder(port);
    if (platform === "win32") {
      const netstat = findExecutable("netstat", env, platform);
      const pid = netstat ? parseNetstat((await run(netstat, ["-ano", "-p", "TCP"])) ?? "", port) : null;
      if (pid === null) return null;
      const tasklist = findExecutable("tasklist", env, platform);
      const list = tasklist ? await run(tasklist, ["/FI", `PID eq ${pid}`, "/FO", "CSV", "/NH"]) : null;
      return holderText({ pid, name: list ? parseTasklist(list) : null });
    }
    const lsof = findExecutable("lsof", env, platform);
    const found = lsof ? parseLsof((await run(lsof, ["-nP", `-iTCP:${port}`, "-sTCP:LISTEN"])) ?? "") : null;
    return found ? holderText(found) : null;
  } catch {
    return null;
  }
}

/** An explicit local port that another program holds (issue 11): named, never silently moved. */
export async function portBusy(port: number): Promise<TunnelError> {
  const holder = await portHolder(port);
  return new TunnelError(
    "TUNNEL_LOCAL_PORT_BUSY",
    `127.0.0.1:${port} is already in use${holder ? ` by ${holder}` : " by another program"}.`,
    {
      hint: "Stop that program, pass another --local-port, or leave --local-port out to take the next free one.",
    },
  );
}
