/**
 * Saved connections on the CLI (issue 13), against the built host, the fake AWS and the tunnel
 * service: a team file of six connections listed and each opened (what this build can open), a
 * user file with broken entries reported by file:line while the rest work, `connect NAME` twice
 * reusing one tunnel, the RDP client started with the entry's options, and ssh's command line
 * read back by the real OpenSSH client.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { teamConnectionsFile } from "../fixtures/team-connections";
import { echoThrough } from "../support/echo";
import { freePort } from "../support/free-port";
import { makeRecorder } from "../support/rdp-client-recorder";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { until } from "../support/until";

const worlds: TunnelWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

const REPORTS = "i-0aaaaaaaaaaaaaaa1";
const BUILD_1 = "i-0fedcba9876543210";
const BUILD_2_DOWN = "i-0bbbbbbbbbbbbbbb1";
const BUILD_2 = "i-0bbbbbbbbbbbbbbb2";

/**
 * The world of the six: jump-1 (Windows, also serving the web UI on 3000), an instance tagged
 * Role=reports, two Linux build boxes (build-2's tags on one that is down, with the lower id, and
 * one online). Every instance's ports reach the echo server. The world's one profile is both the
 * "prod" and the "dev" profile, and is recorded as bastionless's own for WindowsAdmins in
 * 123456789012, which reports-rdp names by account and role.
 */
async function sixWorld() {
  const w = await startTunnelWorld({
    instances: [
      { instanceId: RDP_INSTANCE, name: "jump-1" },
      { instanceId: REPORTS, name: "reports-1", tags: { Role: "reports" } },
      { instanceId: BUILD_1, name: "build-1", platformType: "Linux" },
      {
        instanceId: BUILD_2_DOWN,
        platformType: "Linux",
        pingStatus: "ConnectionLost",
        tags: { Role: "build", Slot: "2" },
      },
      { instanceId: BUILD_2, platformType: "Linux", tags: { Role: "build", Slot: "2" } },
    ],
  });
  worlds.push(w);
  for (const i of w.ssmOptions.instances) i.destination = w.destination;
  // orders-db: the database the jump host reaches by name (AWS-StartPortForwardingSessionToRemoteHost).
  w.ssmOptions.instances[0]!.network = {
    names: { "orders.cluster-abc.eu-west-1.rds.amazonaws.com": ["10.0.9.9"] },
    listening: { "10.0.9.9:5432": w.destination },
  };
  const ports = { jumpPort: await freePort(), dbPort: await freePort(), grafanaPort: await freePort() };
  const team = path.join(w.sandbox.dir, "ops", "connections.json");
  fs.mkdirSync(path.dirname(team), { recursive: true });
  fs.writeFileSync(team, teamConnectionsFile({ prod: "rdp-test", dev: "rdp-test", ...ports }));
  ownProfile(w);
  return { w, team, ports, env: { BASTIONLESS_TEAM_CONNECTIONS: team } };
}

/** The world's profile as bastionless writes it: its keys, whose they are, and its record. */
function ownProfile(w: TunnelWorld): void {
  const expires = new Date(Date.now() + 3_600_000).toISOString();
  fs.appendFileSync(
    w.sandbox.credentialsFile,
    `x_principal_arn = arn:aws:sts::123456789012:assumed-role/WindowsAdmins/jane@contoso.example\nx_security_token_expires = ${expires}\n`,
  );
  fs.mkdirSync(w.env.BASTIONLESS_CONFIG_DIR!, { recursive: true, mode: 0o700 });
  fs.writeFileSync(
    path.join(w.env.BASTIONLESS_CONFIG_DIR!, "profiles.json"),
    JSON.stringify({
      version: 1,
      profiles: [
        {
          credentialsFile: fs.realpathSync(w.sandbox.credentialsFile),
          profile: "rdp-test",
          accountId: "123456789012",
          roleArn: "arn:aws:iam::123456789012:role/WindowsAdmins",
          principalArn: "arn:aws:iam::123456789012:saml-provider/Entra",
          assumedRoleArn: "arn:aws:sts::123456789012:assumed-role/WindowsAdmins/jane@contoso.example",
          accessKeyIds: ["ASIATESTRDP000000001"],
          writtenAt: new Date().toISOString(),
        },
      ],
    }),
    { mode: 0o600 },
  );
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const starts = (w: TunnelWorld) => w.ssm.calls.filter((c) => c.action === "StartSession");

describe("bastionless connections", () => {
  it("lists the team's six connections and the user's broken entries by file:line, exit 3", async () => {
    const { w, team, env } = await sixWorld();
    const user = path.join(w.env.BASTIONLESS_CONFIG_DIR!, "connections.json");
    fs.writeFileSync(
      user,
      [
        '{ "version": 1, "connections": [',
        '  { "name": "mine", "profile": "rdp-test", "target": "jump-1", "kind": "port", "port": 8080 },',
        '  { "name": "broken", "profile": "rdp-test", "target": "jump-1", "kind": "port", "port": "8080" },',
        '  { "name": "grafana", "profile": "rdp-test", "target": "jump-1", "kind": "port", "port": 3000, "open": "browser" }',
        "] }",
      ].join("\n"),
    );
    const r = await w.cli(["connections", "--json"], env);
    expect(r.code, r.stderr).toBe(3);
    const list = json(r);
    expect(list.files).toEqual({ user, team });
    expect(list.connections.map((c: { name: string; source: string }) => `${c.name}:${c.source}`)).toEqual([
      "mine:user",
      "grafana:user",
      "jump-rdp:team",
      "reports-rdp:team",
      "orders-db:team",
      "build-1:team",
      "build-2:team",
    ]);
    expect(list.problems).toEqual([
      {
        file: user,
        line: 3,
        column: 90,
        name: "broken",
        code: "CONNECTION_INVALID",
        message: '"port" must be a whole number from 1 to 65535',
      },
      expect.objectContaining({ file: team, line: 10, name: "grafana", code: "CONNECTION_SHADOWED" }),
    ]);
    const table = await w.cli(["connections"], env);
    const lines = table.stdout.split("\n");
    expect(lines[0]).toMatch(/^NAME\s+KIND\s+TARGET\s+PROFILE\s+LOCAL\s+OPENS\s+PROBLEMS$/);
    expect(lines.find((l) => l.startsWith("orders-db"))).toMatch(
      /^orders-db\s+remote-host orders\.cluster-abc\.eu-west-1\.rds\.amazonaws\.com:5432\s+jump-1\s+rdp-test\s+\d+\s+address$/,
    );
    expect(lines.find((l) => l.startsWith("reports-rdp"))).toMatch(
      /tag:Role=reports\s+123456789012\/WindowsAdmins\s+default\s+rdp/,
    );
    expect(lines.find((l) => l.startsWith("broken"))).toContain(`${user}:3:90: CONNECTION_INVALID`);
    // A file with no problem but the shadowing note: exit 0.
    fs.writeFileSync(user, '{"version": 1}');
    expect((await w.cli(["connections"], env)).code).toBe(0);
    expect(starts(w)).toEqual([]);
  });
});

describe("bastionless connect", () => {
  it("opens the web UI's tunnel on its fixed port, and a second connect reuses it", async () => {
    const { w, ports, env } = await sixWorld();
    const first = await w.cli(["connect", "grafana", "--no-launch", "--json"], env);
    expect(first.code, first.stderr).toBe(0);
    const a = json(first);
    expect(a).toMatchObject({
      name: "grafana",
      client: "browser",
      address: `127.0.0.1:${ports.grafanaPort}`,
      url: `http://127.0.0.1:${ports.grafanaPort}/`,
      tunnel: { target: RDP_INSTANCE, remotePort: 3000, localPort: ports.grafanaPort, state: "open" },
      launched: null,
    });
    expect(await echoThrough(ports.grafanaPort, "through the saved connection")).toBe(
      "through the saved connection",
    );
    const again = json(await w.cli(["connect", "grafana", "--no-launch", "--json"], env));
    expect(again.tunnel).toMatchObject({ id: a.tunnel.id, sessionId: a.tunnel.sessionId });
    expect(starts(w)).toHaveLength(1);
    expect(starts(w)[0]!.body).toMatchObject({ Target: RDP_INSTANCE, Parameters: { portNumber: ["3000"] } });
    const text = await w.cli(["connect", "grafana", "--no-launch"], env);
    expect(text.stdout).toContain(`Open: http://127.0.0.1:${ports.grafanaPort}/\n`);
    // Without --no-launch the desktop's opener gets the URL, as one argument.
    const rec = makeRecorder(w.sandbox.dir, ["xdg-open"]);
    const opened = await w.cli(["connect", "grafana"], { ...env, PATH: rec.bin });
    expect(opened.stdout).toContain("Opened xdg-open\n");
    await until("the opener to start", () => rec.starts().length === 1);
    expect(rec.starts()).toEqual([[`http://127.0.0.1:${ports.grafanaPort}/`]]);
    expect(starts(w)).toHaveLength(1);
  });

  it("starts the RDP client with the entry's user name and screen, and resolves account + role and a tag filter", async () => {
    const { w, ports, env } = await sixWorld();
    const rec = makeRecorder(w.sandbox.dir, ["xfreerdp"]);
    const r = await w.cli(["connect", "jump-rdp"], { ...env, PATH: rec.bin });
    expect(r.code, r.stderr).toBe(0);
    const file = /Opened xfreerdp on (\S+\.rdp)/.exec(r.stdout)?.[1];
    expect(file, r.stdout).toBeDefined();
    await until("the RDP client to start", () => rec.starts().length === 1);
    expect(rec.starts()).toEqual([[file, "/cert:ignore"]]);
    const rdp = fs.readFileSync(file!, "utf8");
    expect(rdp).toContain(`full address:s:127.0.0.1:${ports.jumpPort}\r\n`);
    expect(rdp).toContain("username:s:CONTOSO\\jane\r\n");
    expect(rdp).toContain("desktopwidth:i:1920\r\ndesktopheight:i:1080\r\n");
    const reports = json(await w.cli(["connect", "reports-rdp", "--no-launch", "--json"], env));
    expect(reports.tunnel).toMatchObject({ target: REPORTS, profile: "rdp-test", remotePort: 3389 });
    const tagCall = w.ssm.calls.find((c) => JSON.stringify(c.body).includes("tag:Role"));
    expect(tagCall?.body.Filters).toEqual([{ Key: "tag:Role", Values: ["reports"] }]);
  });

  it("opens a remote-host connection through the instance to the database it names", async () => {
    const { w, env, ports } = await sixWorld();
    const r = await w.cli(["connect", "orders-db", "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      name: "orders-db",
      client: "address",
      address: `127.0.0.1:${ports.dbPort}`,
      tunnel: {
        target: RDP_INSTANCE,
        remoteHost: "orders.cluster-abc.eu-west-1.rds.amazonaws.com",
        remotePort: 5432,
        localPort: ports.dbPort,
        state: "open",
      },
    });
    expect(await echoThrough(ports.dbPort, "to the database")).toBe("to the database");
    expect(starts(w)).toHaveLength(1);
    expect(starts(w)[0]!.body).toMatchObject({
      Target: RDP_INSTANCE,
      DocumentName: "AWS-StartPortForwardingSessionToRemoteHost",
      Parameters: { host: ["orders.cluster-abc.eu-west-1.rds.amazonaws.com"], portNumber: ["5432"] },
    });
    // A second connect reuses it: the remote host is part of what makes two tunnels the same.
    const again = json(await w.cli(["connect", "orders-db", "--json"], env));
    expect(again.tunnel.id).toBe(json(r).tunnel.id);
    expect(starts(w)).toHaveLength(1);
  });

  it("builds ssh's command line through ssh-proxy, which the real OpenSSH client reads back", async () => {
    const { w, env } = await sixWorld();
    const r = await w.cli(["connect", "build-2", "--no-launch", "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r);
    // build-2's tags match a lost instance with a lower id, and this online one.
    expect(out).toMatchObject({
      client: "ssh",
      tunnel: null,
      env: { AWS_PROFILE: "rdp-test", AWS_REGION: null },
    });
    expect(out.ssh.slice(-2)).toEqual(["--", BUILD_2]);
    const proxy = out.ssh[2] as string;
    expect(proxy).toMatch(/^ProxyCommand='.+' ssh-proxy %h --port %p$/);
    const g = spawnSync("ssh", ["-G", ...out.ssh.slice(1, -2), BUILD_2], { encoding: "utf8" });
    expect(g.status, g.stderr).toBe(0);
    expect(g.stdout).toContain(`\nhostname ${BUILD_2}\n`);
    expect(g.stdout).toContain("\nport 2222\n");
    expect(g.stdout).toContain(`\nproxycommand ${proxy.slice("ProxyCommand=".length)}\n`);
    const one = json(await w.cli(["connect", "build-1", "--no-launch", "--json"], env));
    expect(one.ssh).toEqual(expect.arrayContaining(["-l", "ec2-user", "-p", "22", BUILD_1]));
    expect(starts(w)).toEqual([]);
  });

  it("names a broken entry's file:line, and lists the names for an unknown one", async () => {
    const { w, env } = await sixWorld();
    const user = path.join(w.env.BASTIONLESS_CONFIG_DIR!, "connections.json");
    fs.writeFileSync(
      user,
      '{"version": 1, "connections": [\n {"name": "x", "kind": "rdp", "target": "jump-1"}]}',
    );
    const broken = await w.cli(["connect", "x"], env);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain(
      `"x" in ${user}:2:2 cannot be used: give "profile", or "account" and "role".`,
    );
    const unknown = await w.cli(["connect", "nope", "--json"], env);
    expect(unknown.code).toBe(2);
    expect(json(unknown).error).toMatchObject({
      code: "CONNECTION_NOT_FOUND",
      hint: expect.stringContaining("jump-rdp, reports-rdp"),
    });
  });
});
