/**
 * Nothing from a message reaches a shell, a path or the .rdp file unchecked: properties over the
 * pure checks (fixed seed; FUZZ_RUNS for longer runs), then hostile tunnel.start messages sent to
 * the built host with a recording RDP client on PATH, which must never be started.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTarget } from "../../native-host/src/aws/ssm/ssm-target";
import { BastionlessError } from "../../native-host/src/errors";
import { rdpFileLines } from "../../native-host/src/rdp/rdp-file";
import { allowCaller, HostProcess, TEST_ORIGIN } from "../support/host-process";
import { makeRecorder, type Recorder } from "../support/rdp-client-recorder";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = 20261128;
const hostile = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "../../etc/passwd",
    "$(touch /tmp/pwned)",
    "`id`",
    "a;b",
    "x\r\nfull address:s:evil.example:3389",
    "C:\\Windows\\cmd.exe",
    "--help",
  ),
  fc.string({
    unit: fc.constantFrom("a", "/", "\\", "\n", "\r", ";", "$", "`", " ", "\u0000", ":", "."),
    maxLength: 20,
  }),
);

describe("pure checks never let a line, a path or a control character through", () => {
  it("an .rdp file is the fixed set of single lines, or a coded refusal", () => {
    const base = rdpFileLines({ host: "127.0.0.1", port: 13389 }).length;
    fc.assert(
      fc.property(hostile, fc.integer({ min: -10, max: 70000 }), (username, port) => {
        try {
          const lines = rdpFileLines({ host: "127.0.0.1", port, username });
          expect(lines).toHaveLength(base + 1);
          expect(lines.every((l) => !/[\x00-\x1f\x7f]/.test(l))).toBe(true);
          expect(lines).toContain(`username:s:${username}`);
          expect(lines[0]).toBe(`full address:s:127.0.0.1:${port}`);
        } catch (err) {
          expect(err).toBeInstanceOf(BastionlessError);
          expect((err as BastionlessError).code).toBe("RDP_INPUT_INVALID");
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("a TARGET is an instance id, a plain name, or a coded refusal", () => {
    fc.assert(
      fc.property(hostile, (t) => {
        try {
          const spec = parseTarget(t);
          if (spec.kind === "id") expect(spec.instanceId).toMatch(/^(i|mi)-[0-9a-f]+$/);
          else expect(spec.name).not.toMatch(/[\x00-\x1f\x7f]/);
        } catch (err) {
          expect((err as BastionlessError).code).toBe("TARGET_INVALID");
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe("hostile tunnel.start messages to the built host", () => {
  let w: TunnelWorld;
  let host: HostProcess;
  let recorder: Recorder;
  let recDir: string;
  const pwned = path.join(os.tmpdir(), `bl-pwned-${process.pid}`);

  beforeAll(async () => {
    w = await startTunnelWorld();
    recDir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-rdp-rec-"));
    recorder = makeRecorder(recDir, ["remmina", "xfreerdp", "xdg-open", "sh"]);
    host = new HostProcess([TEST_ORIGIN], allowCaller({ ...w.env, PATH: recorder.bin }));
  });
  afterAll(async () => {
    await host?.close();
    await w?.close();
    fs.rmSync(recDir, { recursive: true, force: true });
  });

  const rdpFiles = () => fs.readdirSync(w.env.TMPDIR!).filter((n) => n.startsWith("bastionless-rdp-"));

  it.each([
    ["a path", { target: "../../../etc/passwd" }, "BAD_REQUEST"],
    ["shell text", { target: `$(touch ${pwned})` }, "BAD_REQUEST"],
    ["backticks", { target: "`id`" }, "BAD_REQUEST"],
    ["a command list", { target: `${RDP_INSTANCE}; touch ${pwned}` }, "BAD_REQUEST"],
    ["a new .rdp line", { target: `${RDP_INSTANCE}\r\nfull address:s:evil.example:3389` }, "BAD_REQUEST"],
    ["a Windows path", { target: "C:\\Windows\\System32\\cmd.exe" }, "BAD_REQUEST"],
    ["a flag", { target: "--help" }, "TARGET_NOT_FOUND"],
    ["dots", { target: ".." }, "TARGET_NOT_FOUND"],
    ["a port with shell text", { target: RDP_INSTANCE, localPort: "13389; rm -rf ~" }, "BAD_REQUEST"],
    ["a client of its own", { target: RDP_INSTANCE, rdpClient: "/bin/sh" }, "BAD_REQUEST"],
    ["a profile with a section break", { target: RDP_INSTANCE, profile: "x]\n[default" }, "BAD_REQUEST"],
  ])("refuses %s", async (_what, params, code) => {
    const reply = await host.request(`m-${code}-${Math.random()}`, "tunnel.start", {
      profile: "rdp-test",
      ...params,
    });
    expect(reply).toMatchObject({ ok: false, error: { code } });
  });

  it("random targets are refused or resolved, and only ever open our own .rdp file", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostile, async (target) => {
        const reply = await host.request(`f${n++}`, "tunnel.start", {
          profile: "rdp-test",
          target,
          localPort: 30000 + n,
        });
        if (reply.ok) expect(reply.result.target).toBe(RDP_INSTANCE);
        else
          expect(["BAD_REQUEST", "TARGET_NOT_FOUND", "TARGET_AMBIGUOUS", "TARGET_INVALID"]).toContain(
            reply.error.code,
          );
      }),
      { seed: SEED, numRuns: Math.min(RUNS, 40) },
    );
    await host.request("s", "tunnel.stop", { all: true });
  });

  it("started no program and wrote no file for the refused messages", async () => {
    expect(fs.existsSync(pwned)).toBe(false);
    for (const argv of recorder.starts()) {
      expect(argv).toHaveLength(2);
      expect(argv[0]).toMatch(new RegExp(`/bastionless-rdp-[A-Za-z0-9]+/${RDP_INSTANCE}\\.rdp$`));
    }
    expect(rdpFiles().length).toBe(recorder.starts().length);
  });
});
