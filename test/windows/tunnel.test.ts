/**
 * The win-x64 executable's tunnels under Wine 10, against the local AWS fakes: `rdp` starts the
 * tunnel service (a detached Windows process reached over its named pipe), the tunnel carries
 * 1 MiB both ways from the Linux side of 127.0.0.1, a second CLI process lists and stops it over
 * the pipe, and mstsc (a recorder in System32, where Windows keeps it) is handed the UTF-16 .rdp
 * file with the tunnel's address.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeProfile } from "../fakes/ssm/profiles";
import { refused } from "../support/tunnel-rig";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { BrowserLauncher } from "./support/browser-launcher";
import { scriptExe } from "./support/recorder-exe";
import { skipWindows, windowsReady } from "./support/windows-tier";
import { WineBox, winPath } from "./support/wine";

let box: WineBox;
let world: TunnelWorld;
let exe: string;
let mstscRecord: string;
let browser: BrowserLauncher;
const ORIGIN = "chrome-extension://kokbnelligicogechcoofickipeemloj/";

async function bl(args: string[]): Promise<{ code: number | null; json: any; stderr: string }> {
  const r = await box.run(exe, [...args, "--json"], world.ssm.env);
  expect(r.stdout.trim(), `exit ${r.code}; stderr: ${r.stderr}`).not.toBe("");
  return { code: r.code, json: JSON.parse(r.stdout), stderr: r.stderr };
}

/** Sends `data` through 127.0.0.1:port to the echo destination; resolves with what came back. */
function echo(port: number, data: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let got = 0;
    const s = net.connect(port, "127.0.0.1", () => s.write(data));
    s.on("data", (c: Buffer) => {
      chunks.push(c);
      got += c.length;
      if (got >= data.length) {
        s.destroy();
        resolve(Buffer.concat(chunks));
      }
    });
    s.on("error", reject);
  });
}

/** The recorder's starts; it runs after `rdp` has returned, so wait for the line it appends. */
async function mstscStarts(n: number): Promise<{ args: string[]; file: string | null }[]> {
  const read = () =>
    fs.existsSync(mstscRecord) ? fs.readFileSync(mstscRecord, "utf8").split("\n").filter(Boolean) : [];
  while (read().length < n) await new Promise((r) => setTimeout(r, 100));
  return read().map((l) => JSON.parse(l));
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe.skipIf(skipWindows)("tunnels under Wine", () => {
  beforeAll(async () => {
    const built = await windowsReady();
    box = new WineBox();
    exe = winPath(path.join(box.dir, "bastionless-win-x64.exe"));
    fs.copyFileSync(built, box.unixPath(exe));
    const system32 = box.unixPath("C:\\windows\\system32");
    await scriptExe(path.join(__dirname, "support/mstsc-recorder.cjs"), path.join(system32, "mstsc.exe"));
    mstscRecord = path.join(system32, "mstsc-starts.jsonl");
    browser = new BrowserLauncher(box);
    world = await startTunnelWorld();
    // The profile where the AWS CLI keeps it on Windows: %USERPROFILE%\.aws.
    writeProfile({
      credentialsFile: path.join(box.profile, ".aws/credentials"),
      configFile: path.join(box.profile, ".aws/config"),
    });
  }, 0);
  afterAll(async () => {
    await box?.close();
    await world?.close();
  });

  it("rdp opens a tunnel through the service and hands mstsc the .rdp file", async () => {
    const opened = await bl([
      "rdp",
      "rdp-box",
      "--profile",
      "rdp-test",
      "--local-port",
      "0",
      "--username",
      "CORP\\jane",
    ]);
    expect(opened.code, opened.stderr).toBe(0);
    const t = opened.json;
    expect(t).toMatchObject({
      target: RDP_INSTANCE,
      state: "open",
      rdp: { client: "mstsc" },
      launchError: null,
    });
    expect(t.rdp.file).toMatch(
      /^C:\\users\\root\\AppData\\Local\\Temp\\bastionless-rdp-[\w-]+\\i-0123456789abcdef0\.rdp$/,
    );

    // mstsc is started with the file alone, as `mstsc FILE` (rdp/launchers.ts).
    const [start] = await mstscStarts(1);
    expect(start!.args).toEqual([t.rdp.file]);
    const bytes = Buffer.from(start!.file!, "base64");
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = bytes.subarray(2).toString("utf16le");
    expect(text).toContain(`full address:s:127.0.0.1:${t.localPort}\r\nprompt for credentials:i:1\r\n`);
    expect(text).toContain("username:s:CORP\\jane\r\n");
    expect(text).toContain("redirectclipboard:i:0\r\n");

    // The bytes cross Windows' tunnel, the fake Session Manager and the echo destination.
    const payload = randomBytes(1024 * 1024);
    expect(sha(await echo(t.localPort, payload))).toBe(sha(payload));
    const starts = world.ssm.calls.filter((c) => c.action === "StartSession");
    expect(starts).toHaveLength(1);

    // Another CLI process finds the tunnel through the service's named pipe, and stops it there.
    const list = await bl(["tunnels"]);
    expect(list.json.tunnels).toMatchObject([{ id: t.id, state: "open", localPort: t.localPort }]);
    const stop = await box.run(exe, ["stop", t.id], world.ssm.env);
    expect(stop.code, stop.stderr).toBe(0);
    expect(await refused(t.localPort)).toBe(true);
    expect(world.sessions.session(t.sessionId)?.terminated).toBe(true);
    const after = await bl(["tunnels"]);
    expect(after.json.tunnels.filter((x: { state: string }) => x.state === "open")).toEqual([]);
  });

  it("Connect from Chrome: tunnel.start over the browser's pipes opens the tunnel and mstsc; the pipes close with the host", async () => {
    const installed = await bl(["install", "--browser", "chrome"]);
    expect(installed.code, installed.stderr).toBe(0);
    const before = (await mstscStarts(0)).length;
    const start = { id: 1, type: "tunnel.start", params: { profile: "rdp-test", target: RDP_INSTANCE } };
    // launch() returns only once the host's stdout reached end of file after it exited: the tunnel
    // service and mstsc it started did not inherit the browser's pipe (else Chrome would wait on it).
    const out = await browser.launch("chrome", installed.json.host.path, ORIGIN, [start], world.ssm.env);
    expect(out.exitCode).toBe(0);
    const reply = out.replies.find((r) => r.id === 1);
    expect(reply).toMatchObject({
      ok: true,
      result: { target: RDP_INSTANCE, state: "open", lastError: null },
    });
    const port = reply.result.localPort;

    const starts = await mstscStarts(before + 1);
    const file = starts[before]!.args;
    expect(file).toEqual([expect.stringMatching(/\\i-0123456789abcdef0\.rdp$/)]);
    const text = Buffer.from(starts[before]!.file!, "base64").subarray(2).toString("utf16le");
    expect(text).toContain(`full address:s:127.0.0.1:${port}\r\n`);

    // The tunnel lives in the service, which outlived the host.
    const payload = randomBytes(64 * 1024);
    expect(sha(await echo(port, payload))).toBe(sha(payload));
    const stop = await box.run(exe, ["stop", reply.result.id], world.ssm.env);
    expect(stop.code, stop.stderr).toBe(0);
    expect(await refused(port)).toBe(true);
  });
});
