/** `bastionless instances` through the built CLI against the fake SSM/EC2. */
import { afterEach, describe, expect, it } from "vitest";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const worlds: TunnelWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

async function world() {
  const w = await startTunnelWorld({
    instances: [
      { instanceId: RDP_INSTANCE, name: "rdp-box", computerName: "EC2AMAZ-RDP01" },
      { instanceId: "i-0aaaaaaaaaaaaaaaa", name: "builder", platformType: "Linux" },
      {
        instanceId: "mi-0123456789abcdef0",
        ssmName: "onprem",
        pingStatus: "ConnectionLost",
        agentVersion: "3.2.582.0",
      },
    ],
  });
  worlds.push(w);
  return w;
}

describe("bastionless instances", () => {
  it("lists the profile's Windows instances as a table", async () => {
    const w = await world();
    const r = await w.cli(["instances", "--profile", "rdp-test"]);
    expect(r.code, r.stderr).toBe(0);
    const [head, ...rows] = r.stdout.trimEnd().split("\n");
    expect(head).toMatch(/^INSTANCE\s+NAME\s+COMPUTER\s+PLATFORM\s+PING\s+AGENT\s+IP$/);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^mi-0123456789abcdef0\s+onprem\s+.*ConnectionLost\s+3\.2\.582\.0/);
    expect(rows[1]).toMatch(
      new RegExp(
        `^${RDP_INSTANCE}\\s+rdp-box\\s+EC2AMAZ-RDP01\\s+Microsoft Windows Server 2022 Datacenter\\s+Online`,
      ),
    );
  });

  it("answers JSON with the region, and every platform on request", async () => {
    const w = await world();
    const r = await w.cli([
      "instances",
      "--profile",
      "rdp-test",
      "--region",
      "eu-central-1",
      "--all-platforms",
      "--json",
    ]);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ profile: "rdp-test", region: "eu-central-1" });
    expect(out.instances.map((i: { instanceId: string }) => i.instanceId).sort()).toEqual(
      ["i-0aaaaaaaaaaaaaaaa", RDP_INSTANCE, "mi-0123456789abcdef0"].sort(),
    );
    expect(w.ssm.calls.find((c) => c.action === "DescribeInstanceInformation")).toMatchObject({
      region: "eu-central-1",
      body: { MaxResults: 50 },
    });
  });

  it("lists without names when the role may not read EC2 tags", async () => {
    const w = await world();
    w.ssmOptions.ec2 = "denied";
    const out = JSON.parse((await w.cli(["instances", "--profile", "rdp-test", "--json"])).stdout);
    expect(out.instances.find((i: { instanceId: string }) => i.instanceId === RDP_INSTANCE).name).toBeNull();
  });

  it("says what to fix when AWS refuses or the profile has no region", async () => {
    const w = await world();
    w.ssmOptions.inject = [
      {
        action: "DescribeInstanceInformation",
        type: "AccessDeniedException",
        message: "User is not authorized to perform: ssm:DescribeInstanceInformation",
      },
    ];
    const denied = await w.cli(["instances", "--profile", "rdp-test"]);
    expect(denied.code).toBe(4);
    expect(denied.stderr).toMatch(/may not call ssm:DescribeInstanceInformation[\s\S]*--profile/);
    const noRegion = await w.cli(["instances", "--profile", "rdp-test"], { AWS_CONFIG_FILE: "/nonexistent" });
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr).toMatch(/No region is set[\s\S]*--region/);
  });

  it("shows hostile Name tags and ComputerNames without control or bidi characters (issue 17)", async () => {
    // C0 (ESC, newline) never gets this far: names holding one are dropped when read. C1 and format characters do.
    const hostile = "web\x9b31m\x9d0;pwned\x9c\u202Eexe.txt\u2066";
    const w = await startTunnelWorld({
      instances: [{ instanceId: RDP_INSTANCE, name: hostile, computerName: "PC\x9b2J\u200B01\u2028x" }],
    });
    worlds.push(w);
    const table = await w.cli(["instances", "--profile", "rdp-test"]);
    expect(table.code, table.stderr).toBe(0);
    const bytes = Buffer.from(table.stdout, "utf8");
    for (const seq of ["\x9b", "\x9d", "\u202e", "\u2066", "\u200b", "\u2028"])
      expect(bytes.includes(Buffer.from(seq, "utf8")), JSON.stringify(seq)).toBe(false);
    expect(table.stdout).not.toMatch(/(?![\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    const rows = table.stdout.trimEnd().split("\n");
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^i-\w+\s+web31m0;pwnedexe\.txt\s+PC2J01 x\s+Microsoft/);
    // --json keeps the exact value, every dangerous character escaped.
    const json = await w.cli(["instances", "--profile", "rdp-test", "--json"]);
    expect(json.stdout.trimEnd()).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    expect(JSON.parse(json.stdout).instances[0].name).toBe(hostile);
  });

  it("shows AWS's own messages without control or bidi characters", async () => {
    const w = await world();
    const throttled = {
      action: "DescribeInstanceInformation",
      type: "ThrottlingException",
      message: "slow \x9b2J\u202Edown\x1b]0;x\x07",
    };
    // Twice: the SDK retries once (maxAttempts 2).
    w.ssmOptions.inject = [throttled, { ...throttled }];
    const r = await w.cli(["instances", "--profile", "rdp-test"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/bastionless: .*slow 2Jdown\]0;x/);
    expect(r.stderr).not.toMatch(/(?![\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
  });
});
