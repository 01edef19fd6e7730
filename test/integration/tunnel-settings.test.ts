/**
 * The tunnel service runs each tunnel with the settings of the call that asked for it (issue 16
 * item 8): two `rdp` calls with different SSM endpoints, credential files and regions, within
 * one service's lifetime; each tunnel's StartSession, ResumeSession and TerminateSession reach
 * its own caller's endpoint, signed with its own caller's keys.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSsm, startFakeSsm } from "../fakes/ssm/index";
import { secretsOf, type TestProfile, writeProfile } from "../fakes/ssm/profiles";
import { echoThrough } from "../support/echo";
import { RDP_ANY_PORT_ARGS, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { until } from "../support/until";

/** The same profile name as the world's, in another pair of files, with other keys and region. */
const OTHER: TestProfile = {
  profile: "rdp-test",
  region: "eu-central-1",
  accessKeyId: "ASIATESTRDP000000002",
  secretAccessKey: "test/secret/for/the/other/caller/000000",
  sessionToken: "FQoGZXIvYXdzEXAMPLEOTHERTOKEN",
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const actions = (ssm: FakeSsm, action: string) => ssm.calls.filter((c) => c.action === action);

async function twoCallers(): Promise<{ w: TunnelWorld; other: FakeSsm; otherEnv: NodeJS.ProcessEnv }> {
  const w = await startTunnelWorld();
  cleanups.push(() => w.close());
  // A second SSM endpoint that knows only the other caller's keys; the same Session Manager.
  const other = await startFakeSsm({ ...w.ssmOptions, secrets: secretsOf(OTHER) });
  cleanups.push(() => other.close());
  const dir = path.join(w.sandbox.dir, "other-aws");
  const files = { credentialsFile: path.join(dir, "credentials"), configFile: path.join(dir, "config") };
  writeProfile(files, OTHER);
  const otherEnv = {
    ...other.env,
    AWS_SHARED_CREDENTIALS_FILE: files.credentialsFile,
    AWS_CONFIG_FILE: files.configFile,
  };
  return { w, other, otherEnv };
}

describe("per-call tunnel settings", () => {
  it("each tunnel's Start/Resume/TerminateSession go to its own caller's endpoint with its own keys", async () => {
    const { w, other, otherEnv } = await twoCallers();
    const a = await w.cli(RDP_ANY_PORT_ARGS);
    expect(a.code, a.stderr).toBe(0);
    const first = JSON.parse(a.stdout);
    const pid = await w.servicePid();
    const b = await w.cli(RDP_ANY_PORT_ARGS, otherEnv);
    expect(b.code, b.stderr).toBe(0);
    const second = JSON.parse(b.stdout);
    // One service held both: the second call did not start its own.
    expect(await w.servicePid()).toBe(pid);
    expect(second).toMatchObject({ region: "eu-central-1" });

    // A Bye on each websocket: each tunnel resumes through its own caller's endpoint.
    w.sessions.disconnect(first.sessionId);
    w.sessions.disconnect(second.sessionId);
    await until(
      "both ResumeSessions",
      () => actions(w.ssm, "ResumeSession").length && actions(other, "ResumeSession").length,
    );
    expect(await echoThrough(first.localPort, "first")).toBe("first");
    expect(await echoThrough(second.localPort, "second")).toBe("second");
    expect((await w.cli(["stop", "--all"])).code).toBe(0);

    for (const [ssm, t, key, region] of [
      [w.ssm, first, "ASIATESTRDP000000001", "eu-west-1"],
      [other, second, OTHER.accessKeyId, "eu-central-1"],
    ] as const) {
      expect(actions(ssm, "StartSession")).toHaveLength(1);
      expect(actions(ssm, "TerminateSession").map((c) => c.body)).toEqual([{ SessionId: t.sessionId }]);
      const resumes = actions(ssm, "ResumeSession");
      expect(resumes.length).toBeGreaterThanOrEqual(1);
      for (const c of resumes) expect(c.body).toEqual({ SessionId: t.sessionId });
      for (const c of ssm.calls) expect(c).toMatchObject({ accessKeyId: key, region });
    }
  });

  it("a caller without credentials gets no tunnel, though the caller that started the service had them", async () => {
    const { w } = await twoCallers();
    const first = JSON.parse((await w.cli(RDP_ANY_PORT_ARGS)).stdout);
    expect(first.state).toBe("open");
    // The service started with the first caller's files; the second one names a missing file.
    const missing = path.join(w.sandbox.dir, "nowhere", "credentials");
    const r = await w.cli(RDP_ANY_PORT_ARGS, { AWS_SHARED_CREDENTIALS_FILE: missing });
    expect(fs.existsSync(missing)).toBe(false);
    expect(r.code).toBe(4);
    // Under --json the error is the one object on stdout.
    expect(JSON.parse(r.stdout).error.message).toMatch(/No AWS credentials found for profile "rdp-test"/);
    expect(actions(w.ssm, "StartSession")).toHaveLength(1);
  });
});
