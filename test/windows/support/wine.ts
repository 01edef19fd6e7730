/**
 * A Windows machine for one test file: a copy of the Wine prefix scripts/prepare-wine.sh booted
 * (one Windows user, root, with its own registry and C: drive), in a temp folder that Windows
 * programs see as Z:\… at the same path. Programs run through scripts/wine-run.sh; their stdout
 * and stderr are files, because Wine cannot give a Windows program a Unix pipe as a console
 * handle (Node then fails with "open EBADF").
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../../support/host-process";

export const WINE_CACHE = process.env.BASTIONLESS_WINE_CACHE || "/var/cache/bastionless-wine";
const WINE_RUN = path.join(ROOT, "scripts/wine-run.sh");
/** The prefix prepare-wine.sh booted, inside the chroot (prepare-wine.sh TEMPLATE). */
const TEMPLATE = path.join(WINE_CACHE, "trixie/root/wine-template");

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Z:\ is the Unix root under Wine: the Windows name of a Unix path. */
export const winPath = (unix: string): string => `Z:${unix.replace(/\//g, "\\")}`;

export class WineBox {
  readonly dir: string;
  readonly prefix: string;
  /** The Windows user's profile folder as a Unix path (C:\users\root). */
  readonly profile: string;
  private runs = 0;

  constructor() {
    // realpath: the folder is mounted at this same path inside the chroot (wine-run.sh).
    this.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bastionless-wine-")));
    this.prefix = path.join(this.dir, "prefix");
    const cp = spawnSync("cp", ["-a", TEMPLATE, this.prefix], { encoding: "utf8" });
    if (cp.status !== 0) throw new Error(`copying the Wine prefix failed: ${cp.stderr}`);
    this.profile = path.join(this.prefix, "drive_c/users/root");
    fs.mkdirSync(path.join(this.dir, "xdg"), { mode: 0o700 });
  }

  /** The Unix path of a C:\… path in this prefix (Z:\… maps to the Unix root). */
  unixPath(win: string): string {
    const m = /^([A-Za-z]):\\(.*)$/.exec(win);
    if (!m) throw new Error(`not an absolute Windows path: ${win}`);
    const rest = m[2]!.split("\\");
    if (m[1]!.toUpperCase() === "Z") return `/${rest.join("/")}`;
    if (m[1]!.toUpperCase() !== "C") throw new Error(`no drive ${m[1]} in the prefix: ${win}`);
    return path.join(this.prefix, "drive_c", ...rest);
  }

  /** The environment of a Windows program here; Wine adds the Windows variables (APPDATA…). */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: "/usr/bin:/bin",
      HOME: "/root",
      LANG: "C.UTF-8",
      WINEPREFIX: this.prefix,
      WINEDEBUG: "-all",
      WINEDLLOVERRIDES: "mscoree,mshtml=",
      XDG_RUNTIME_DIR: path.join(this.dir, "xdg"),
      BASTIONLESS_WINE_SHARE: this.dir,
      AWS_EC2_METADATA_DISABLED: "true",
      ...extra,
    };
  }

  /** Runs `wine program args…` to its exit; stdin is empty, stdout and stderr go through files. */
  async run(program: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    const n = ++this.runs;
    const out = path.join(this.dir, `run-${n}.out`);
    const err = path.join(this.dir, `run-${n}.err`);
    const fds = [fs.openSync(out, "w"), fs.openSync(err, "w")];
    try {
      const child = spawn(WINE_RUN, ["wine", program, ...args], {
        env: this.env(extraEnv),
        stdio: ["ignore", fds[0]!, fds[1]!],
      });
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once("error", reject);
        child.once("exit", (c) => resolve(c));
      });
      return { code, stdout: fs.readFileSync(out, "utf8"), stderr: wineNoise(fs.readFileSync(err, "utf8")) };
    } finally {
      for (const fd of fds) fs.closeSync(fd);
    }
  }

  /** `reg query KEY /ve`: the key's default value, or null when the key does not exist. */
  async regDefault(key: string): Promise<string | null> {
    const r = await this.run("reg", ["query", key, "/ve"]);
    if (r.code !== 0) return null;
    const m = /\(Default\)\s+REG_SZ\s+(.*)$/m.exec(r.stdout.replace(/\r/g, ""));
    if (!m) throw new Error(`reg query ${key}: no default value in ${JSON.stringify(r.stdout)}`);
    return m[1]!;
  }

  /** Ends every Windows process of this prefix (the tunnel service too), then removes the folder. */
  async close(): Promise<void> {
    spawnSync(WINE_RUN, ["wineserver", "--kill"], { env: this.env(), stdio: "ignore" });
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Lines Wine itself prints, with no display and no sound server, whatever runs (a test asserts on
 * what bastionless printed, not on these).
 */
export function wineNoise(stderr: string): string {
  return stderr
    .split("\n")
    .filter(
      (l) => !/^error: XDG_RUNTIME_DIR is invalid|^wine: failed to open L"C:\\\\windows\\\\syswow64/.test(l),
    )
    .join("\n");
}
