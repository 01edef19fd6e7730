/** Saved connections (issue 13): which profile, which instance, which tunnel request and which ssh command. Pure. */
import { describe, expect, it } from "vitest";
import type { Connection } from "../../contract/connection";
import type { InstanceInfo, ProfileInfo } from "../../contract/domain";
import { readConnectionFile } from "../../native-host/src/connections/connection-file";
import { profileFor } from "../../native-host/src/connections/connection-profile";
import { targetFor } from "../../native-host/src/connections/connection-target";
import { findConnection, startParamsFor } from "../../native-host/src/connections/open-connection";
import { proxyCommand, sshArgs } from "../../native-host/src/connections/ssh-command";
import { rdpFileLines } from "../../native-host/src/rdp/rdp-file";
import { teamConnectionsFile } from "../fixtures/team-connections";

const FILE = "/repo/connections.json";
const six = readConnectionFile(teamConnectionsFile(), FILE, "team").connections;
const named = (n: string) => six.find((c) => c.name === n)!;
const settings = { endpoints: {}, proxy: {} } as never;

const written = (profile: string, roleArn: string, expiration: string, expired = false): ProfileInfo => ({
  profile,
  roleArn,
  principalArn: null,
  region: "eu-west-1",
  expiration,
  expired,
});

const instance = (instanceId: string, pingStatus = "Online"): InstanceInfo => ({
  instanceId,
  name: null,
  computerName: null,
  platformName: null,
  platformType: "Linux",
  pingStatus,
  agentVersion: null,
  ipAddress: null,
});

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error("expected a rejection");
}

describe("the profile", () => {
  const reports = named("reports-rdp");
  it("is the one named, or the unexpired profile bastionless wrote for that account's role", () => {
    expect(profileFor(named("jump-rdp"), [])).toBe("contoso-prod-Admin");
    const profiles = [
      written("old", "arn:aws:iam::123456789012:role/WindowsAdmins", "2026-01-01T00:00:00Z", true),
      written("other-account", "arn:aws:iam::210987654321:role/WindowsAdmins", "2026-12-31T00:00:00Z"),
      written("other-role", "arn:aws:iam::123456789012:role/WindowsAdminsX", "2026-12-31T00:00:00Z"),
      written("fresh", "arn:aws:iam::123456789012:role/ops/WindowsAdmins", "2026-12-03T18:00:00Z"),
      written("fresher", "arn:aws:iam::123456789012:role/WindowsAdmins", "2026-12-03T19:00:00Z"),
    ];
    expect(profileFor(reports, profiles)).toBe("fresher");
    expect(profileFor(reports, profiles.slice(0, 3))).toBe("old");
  });

  it("is CONNECTION_PROFILE_NOT_FOUND, saying which sign-in to do, when there is none", () => {
    expect(() => profileFor(reports, [])).toThrow(
      expect.objectContaining({
        code: "CONNECTION_PROFILE_NOT_FOUND",
        hint: expect.stringContaining("WindowsAdmins in 123456789012"),
      }),
    );
  });
});

describe("the target", () => {
  it("hands an id or a Name on as it is, without a lookup, for tunnel kinds", async () => {
    const none = async () => {
      throw new Error("no lookup expected");
    };
    expect(await targetFor(named("jump-rdp"), "p", none)).toBe("jump-1");
    expect(await targetFor(named("build-1"), "p", none)).toBe("i-0fedcba9876543210");
  });

  it("takes the online instance with the lowest id for a tag filter, asking SSM with those tags", async () => {
    const asked: unknown[] = [];
    const find = async (tags: Record<string, string> | null) => {
      asked.push(tags);
      return [
        instance("i-0000000000000000c"),
        instance("i-0000000000000000a", "ConnectionLost"),
        instance("i-0000000000000000b"),
      ];
    };
    expect(await targetFor(named("build-2"), "p", find)).toBe("i-0000000000000000b");
    expect(asked).toEqual([{ Role: "build", Slot: "2" }]);
  });

  it("says no instance is online, or none has the tags, naming the file and line", async () => {
    const c = named("build-2");
    expect(
      await rejection(targetFor(c, "p", async () => [instance("i-0000000000000000a", "ConnectionLost")])),
    ).toMatchObject({
      code: "TARGET_NOT_CONNECTED",
    });
    const none = await rejection(targetFor(c, "p", async () => []));
    expect(none).toMatchObject({
      code: "TARGET_NOT_FOUND",
      message: expect.stringContaining("Role=build, Slot=2"),
    });
    expect((none as unknown as { hint: string }).hint).toContain(`${FILE}:13`);
  });

  it("looks an ssh connection's Name up, since ssh's %h must be an instance id", async () => {
    const c: Connection = { ...named("build-1"), target: { by: "instance", value: "build box" } };
    const find = async () => [{ ...instance("i-0000000000000000d"), name: "build box" }];
    expect(await targetFor(c, "p", find)).toBe("i-0000000000000000d");
  });
});

describe("the tunnel request", () => {
  it("names the file's local port exactly, and otherwise the kind's default that may move on", () => {
    expect(startParamsFor(named("jump-rdp"), "p", "jump-1", settings)).toMatchObject({
      profile: "p",
      region: "eu-west-1",
      target: "jump-1",
      remotePort: 3389,
      localPort: 13389,
      exactPort: true,
      engine: "builtin",
    });
    expect(startParamsFor(named("reports-rdp"), "p", "i-1", settings)).toMatchObject({
      localPort: 13389,
      exactPort: false,
    });
    expect(startParamsFor(named("grafana"), "p", "i-1", settings)).toMatchObject({
      remotePort: 3000,
      localPort: 13000,
      exactPort: true,
    });
    const port: Connection = { ...named("grafana"), localPort: null, remotePort: 5432 };
    expect(startParamsFor(port, "p", "i-1", settings)).toMatchObject({ localPort: 5432, exactPort: false });
    expect(startParamsFor({ ...port, remotePort: 443 }, "p", "i-1", settings)).toMatchObject({
      localPort: 0,
    });
  });

  it("asks the service for a remote-host forward with the entry's host and port", () => {
    expect(startParamsFor(named("orders-db"), "p", "jump-1", settings)).toMatchObject({
      target: "jump-1",
      remoteHost: "orders.cluster-abc.eu-west-1.rds.amazonaws.com",
      remotePort: 5432,
      exactPort: true,
    });
    expect(startParamsFor(named("grafana"), "p", "i-1", settings)).not.toHaveProperty("remoteHost");
  });
});

describe("finding a connection by name", () => {
  const list = {
    ...readConnectionFile(
      '{"version": 1, "connections": [\n{"name": "a", "profile": "p", "target": "x", "kind": "rdp"},\n{"name": "b", "profile": "p", "target": "x", "kind": "port"}]}',
      FILE,
      "user",
    ),
    files: { user: FILE, team: null },
  };
  it("finds it, says where a broken one is, and lists the names for an unknown one", () => {
    expect(findConnection(list, "a").name).toBe("a");
    expect(() => findConnection(list, "b")).toThrow(
      expect.objectContaining({
        code: "CONNECTION_INVALID",
        message: expect.stringContaining(`${FILE}:3:1`),
      }),
    );
    expect(() => findConnection(list, "c")).toThrow(
      expect.objectContaining({ code: "CONNECTION_NOT_FOUND", hint: "Saved connections: a." }),
    );
  });
});

describe("the ssh command", () => {
  it("reaches the instance through bastionless ssh-proxy as ProxyCommand, quoted for the shell ssh uses", () => {
    const args = sshArgs({
      self: ["/usr/bin/node", "/home/j's tools/100%/bastionless.cjs"],
      instanceId: "i-0fedcba9876543210",
      port: 2222,
      user: "ec2-user",
      rest: ["uptime", "-p"],
      platform: "linux",
    });
    expect(args).toEqual([
      "-o",
      "ProxyCommand='/usr/bin/node' '/home/j'\\''s tools/100%%/bastionless.cjs' ssh-proxy %h --port %p",
      "-p",
      "2222",
      "-l",
      "ec2-user",
      "--",
      "i-0fedcba9876543210",
      "uptime",
      "-p",
    ]);
  });

  it("puts ssh's own options given after -- before the host, and the remote command after it", () => {
    const base = {
      self: ["/b"],
      instanceId: "i-0fedcba9876543210",
      port: 22,
      user: null,
      platform: "linux" as const,
    };
    const args = sshArgs({ ...base, rest: ["-i", "/k/id", "-oBatchMode=yes", "-qT", "-p2222", "ls", "-l"] });
    expect(args.slice(3)).toEqual([
      "22",
      "-i",
      "/k/id",
      "-oBatchMode=yes",
      "-qT",
      "-p2222",
      "--",
      "i-0fedcba9876543210",
      "ls",
      "-l",
    ]);
    // After an explicit --, everything is the command, options or not.
    expect(sshArgs({ ...base, rest: ["-v", "--", "-x"] }).slice(-3)).toEqual([
      "--",
      "i-0fedcba9876543210",
      "-x",
    ]);
    expect(() => sshArgs({ ...base, rest: ["-Z", "uptime"] })).toThrow(
      expect.objectContaining({ code: "USAGE", message: "ssh has no option -Z (in -Z)." }),
    );
    expect(() => sshArgs({ ...base, rest: ["-v", "-i"] })).toThrow(
      expect.objectContaining({ code: "USAGE", message: "ssh's option -i needs a value." }),
    );
  });

  it("double-quotes on Windows and refuses a path it cannot quote there", () => {
    expect(proxyCommand(["C:\\Users\\J Doe\\bastionless.exe"], "win32")).toBe(
      '"C:\\Users\\J Doe\\bastionless.exe" ssh-proxy %h --port %p',
    );
    expect(() => proxyCommand(["C:\\100%\\bastionless.exe"], "win32")).toThrow(
      expect.objectContaining({ code: "SSH_PROXY_PATH_UNUSABLE" }),
    );
  });

  it("refuses a host that is not an instance id, and a user name ssh would read as an option", () => {
    const base = { self: ["/b"], port: 22, user: null, rest: [], platform: "linux" as const };
    expect(() => sshArgs({ ...base, instanceId: "-oProxyCommand=x" })).toThrow(
      expect.objectContaining({ code: "CONNECTION_INVALID" }),
    );
    expect(() => sshArgs({ ...base, instanceId: "i-0fedcba9876543210", user: "-oX" })).toThrow(
      expect.objectContaining({ code: "CONNECTION_INVALID" }),
    );
  });
});

describe("the .rdp file of an rdp connection", () => {
  it("has the screen size, full screen and every monitor when asked", () => {
    const sized = rdpFileLines({ host: "127.0.0.1", port: 13389, screen: { width: 1920, height: 1080 } });
    expect(sized).toEqual(
      expect.arrayContaining(["screen mode id:i:1", "desktopwidth:i:1920", "desktopheight:i:1080"]),
    );
    expect(sized.some((l) => l.startsWith("use multimon"))).toBe(false);
    const all = rdpFileLines({ host: "127.0.0.1", port: 13389, screen: "full", multiMonitor: true });
    expect(all).toEqual(expect.arrayContaining(["screen mode id:i:2", "use multimon:i:1"]));
    expect(all.some((l) => l.startsWith("desktopwidth"))).toBe(false);
    expect(() =>
      rdpFileLines({ host: "127.0.0.1", port: 13389, screen: { width: 10, height: 1080 } }),
    ).toThrow(expect.objectContaining({ code: "RDP_INPUT_INVALID" }));
  });
});
