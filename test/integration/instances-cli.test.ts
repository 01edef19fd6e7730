/** `bastionless instances` through the built CLI against the fake SSM/EC2. */
import { afterEach, describe, expect, it } from "vitest";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../fakes/ssm/world";

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
});
