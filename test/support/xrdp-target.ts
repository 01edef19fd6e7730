/**
 * xrdp with xorgxrdp standing in for the Windows instance where the test needs a clipboard:
 * FreeRDP's shadow server has no CLIPRDR channel, xrdp's chansrv bridges CLIPRDR to the X
 * session's CLIPBOARD selection (issue 15, "clipboard round trip"). xrdp-sesman logs in through
 * PAM, so the target makes its own Unix account (root only) with a password it made, and removes
 * it (and its session) on close. xrdp offers TLS, not NLA: the password goes in the Client Info PDU.
 * xrdp finds sesman through /etc/xrdp/sesman.ini (ListenPort 3350), so one target runs at a time.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, runTool } from "./rdp-target";
import { until } from "./until";

export const XRDP_TOOLS = ["xrdp", "xrdp-sesman", "xsel", "useradd", "userdel", "chpasswd"] as const;
const XORGXRDP = "/usr/lib/xorg/modules/drivers/xrdpdev_drv.so";

export function missingXrdpTools(): string[] {
  const missing: string[] = XRDP_TOOLS.filter(
    (t) => spawnSync("sh", ["-c", 'command -v "$1"', "sh", t]).status !== 0,
  );
  if (!fs.existsSync(XORGXRDP)) missing.push("xorgxrdp");
  return missing;
}

export interface XrdpTarget {
  port: number;
  user: string;
  password: string;
  /** The session's X display, known once a client has logged in. */
  sessionDisplay(): Promise<string>;
  /** Whether sesman has started the account's X server. */
  hasSession(): Promise<boolean>;
  /** xsel on the session's display, as the session's user. */
  xsel(args: string[], input?: string): Promise<{ code: number | null; out: string }>;
  close(): void;
}

function sh(cmd: string, args: string[], input?: string): void {
  const r = spawnSync(cmd, args, { input, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
}

export async function startXrdpTarget(): Promise<XrdpTarget> {
  const missing = missingXrdpTools();
  if (missing.length) throw new Error(`missing ${missing.join(", ")}: run scripts/install-system-deps.sh`);
  if (process.getuid?.() !== 0) throw new Error("xrdp-target: making a PAM account needs root");
  const user = `blclip${crypto.randomBytes(3).toString("hex")}`;
  const password = `Clip-${crypto.randomBytes(9).toString("base64url")}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-xrdp-"));
  const children: ChildProcess[] = [];
  const home = path.join("/home", user);
  const close = () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGTERM");
    spawnSync("pkill", ["-KILL", "-u", user]);
    spawnSync("userdel", ["-r", "-f", user]);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    sh("useradd", ["-m", "-s", "/bin/sh", user]);
    sh("chpasswd", [], `${user}:${password}\n`); // stdin: a password never goes in argv
    // sesman runs ~/startwm.sh (EnableUserWindowManager): no desktop, the session just lives.
    fs.writeFileSync(path.join(home, "startwm.sh"), "#!/bin/sh\nexec sleep infinity\n", { mode: 0o755 });
    const port = await freePort();
    const ini = fs
      .readFileSync("/etc/xrdp/xrdp.ini", "utf8")
      .replace(/^port=3389$/m, `port=tcp://127.0.0.1:${port}`)
      // IronRDP's client (TLS selected, not NLA) sets no auto-logon in its Client Info, so xrdp
      // would show its own login form: autorun logs the account in with the password here.
      .replace(/^autorun=$/m, "autorun=Xorg")
      .replace(
        /^\[Xorg\]\nname=Xorg\nlib=libxup.so\nusername=ask\npassword=ask$/m,
        `[Xorg]\nname=Xorg\nlib=libxup.so\nusername=${user}\npassword=${password}`,
      );
    if (!ini.includes(`username=${user}`))
      throw new Error("xrdp-target: /etc/xrdp/xrdp.ini has no [Xorg] section to fill");
    fs.writeFileSync(path.join(dir, "xrdp.ini"), ini, { mode: 0o600 });
    const env = { PATH: process.env.PATH };
    const sesman = spawn("xrdp-sesman", ["--nodaemon"], { env, stdio: "ignore" });
    children.push(sesman);
    const xrdp = spawn("xrdp", ["--nodaemon", "--config", path.join(dir, "xrdp.ini")], {
      env,
      stdio: "ignore",
    });
    children.push(xrdp);
    await until("xrdp to listen", async () => {
      if (xrdp.exitCode !== null || sesman.exitCode !== null) throw new Error("xrdp or sesman exited");
      const r = await runTool("ss", ["-Hltn", `sport = :${port}`], env);
      return r.out.includes(`:${port}`);
    });
    const sessionDisplay = () =>
      until("the session's Xorg", async () => {
        const r = await runTool("pgrep", ["-a", "-u", user, "Xorg"], env);
        const display = /Xorg (:\d+)/.exec(r.out)?.[1];
        if (!display) return null;
        // The process exists before it accepts clients: wait until X answers.
        const x = { ...env, DISPLAY: display, XAUTHORITY: path.join(home, ".Xauthority") };
        return (await runTool("xsel", ["--clipboard", "--output"], x)).code === 0 ? display : null;
      });
    const xsel = async (args: string[], input?: string) => {
      const display = await sessionDisplay();
      const e = { ...env, HOME: home, DISPLAY: display, XAUTHORITY: path.join(home, ".Xauthority") };
      if (input === undefined) return runTool("xsel", args, e);
      return new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn("xsel", args, { env: e, stdio: ["pipe", "ignore", "ignore"] });
        c.on("close", (code) => resolve({ code, out: "" }));
        c.stdin.end(input);
      });
    };
    const hasSession = async () => (await runTool("pgrep", ["-u", user, "Xorg"], env)).code === 0;
    return { port, user, password, sessionDisplay, hasSession, xsel, close };
  } catch (err) {
    close();
    throw err;
  }
}
