/**
 * `bastionless password` onto a real X clipboard (Xvfb + xsel, as on a Linux desktop): the
 * password is there while the command waits, gone after Ctrl-C, in no process's argv meanwhile;
 * and a clipboard the user has changed since is left alone. The clear is fired by SIGINT, never
 * by waiting out a timer.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST_BUNDLE } from "../support/host-process";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { EC2_PASSWORD, makeKeyPair } from "../support/windows-password";

let w: TunnelWorld;
let xvfb: ChildProcess;
let display: string;
let keyFile: string;

beforeAll(async () => {
  const pair = makeKeyPair();
  w = await startTunnelWorld({
    instances: [
      {
        instanceId: RDP_INSTANCE,
        windowsPassword: { password: EC2_PASSWORD, publicKeyPem: pair.publicKeyPem },
      },
    ],
  });
  keyFile = pair.writePem(w.sandbox.dir);
  xvfb = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "640x480x24", "-nolisten", "tcp", "-noreset"], {
    stdio: ["ignore", "ignore", "ignore", "pipe"],
  });
  display = await new Promise<string>((resolve, reject) => {
    xvfb.stdio[3]!.once("data", (d: Buffer) => resolve(`:${d.toString().trim()}`));
    xvfb.once("exit", (code) =>
      reject(new Error(`Xvfb exited (${code}); run scripts/install-system-deps.sh`)),
    );
  });
});
afterAll(async () => {
  xvfb?.kill("SIGKILL");
  await w?.close();
});

/** xsel needs HOME (it keeps ~/.xsel.log); exit 1 without it. */
const clip = (input?: string) =>
  spawnSync("xsel", ["--clipboard", input === undefined ? "--output" : "--input"], {
    env: { ...w.env, DISPLAY: display },
    input,
    encoding: "utf8",
  }).stdout;

/** Every process's argv on this machine (Linux proc(5)). */
function allArgv(): string {
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/cmdline`, "latin1");
      } catch {
        return "";
      }
    })
    .join("\n");
}

/** Starts `password` and resolves once it says the password is on the clipboard. */
async function copyPassword() {
  const child = spawn(
    process.execPath,
    [HOST_BUNDLE, "password", RDP_INSTANCE, "--key-file", keyFile, "-p", "rdp-test", "--clear-after", "3600"],
    { env: { ...w.env, DISPLAY: display }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", () => stderr.includes("is on the clipboard") && resolve());
    void exited.then((code) => reject(new Error(`password exited (${code}) first: ${stderr}`)));
  });
  return { child, exited, stderr: () => stderr };
}

describe("bastionless password onto the clipboard", () => {
  it("holds the password until Ctrl-C, then clears it; never in argv", async () => {
    const run = await copyPassword();
    expect(run.stderr()).toContain("(xsel)");
    expect(clip()).toBe(EC2_PASSWORD);
    expect(allArgv()).not.toContain(EC2_PASSWORD);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain("Clipboard cleared.");
    expect(clip()).toBe("");
  });

  it("leaves the clipboard alone when the user copied something else meanwhile", async () => {
    const run = await copyPassword();
    expect(clip()).toBe(EC2_PASSWORD);
    clip("the user's own text");
    // xsel serves the selection from a child it forks; wait until that child owns it.
    while (clip() !== "the user's own text") await new Promise((r) => setTimeout(r, 20));
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain("left as it is");
    expect(clip()).toBe("the user's own text");
  });
});
