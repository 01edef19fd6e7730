/** Saved connections (issue 13): the file reader, its problems with file:line:column, and the user + team merge. Pure. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkConnection } from "../../contract/connection";
import { mergeConnections, readConnectionFile } from "../../native-host/src/connections/connection-file";
import { parseJsonWithPositions } from "../../native-host/src/connections/json-positions";
import { teamConnectionsFile } from "../fixtures/team-connections";

const USER = "/home/u/.config/bastionless/connections.json";
const TEAM = "/repo/ops/connections.json";

const TEAM_FILE = teamConnectionsFile();

describe("the JSON reader", () => {
  it("keeps the line and column of every value and key", () => {
    const root = parseJsonWithPositions('{\n  "a": [1,\n   "x"],\n  "b": {"c": null}\n}');
    expect(root).toMatchObject({ type: "object", line: 1, column: 1 });
    if (root.type !== "object") throw new Error("object expected");
    expect(root.entries[0]).toMatchObject({ key: "a", keyAt: { line: 2, column: 3 } });
    const a = root.entries[0]!.value;
    if (a.type !== "array") throw new Error("array expected");
    expect(a.items.map((n) => [n.line, n.column])).toEqual([
      [2, 9],
      [3, 4],
    ]);
    expect(root.entries[1]!.value).toMatchObject({ type: "object", line: 4, column: 8 });
  });

  it("reads what JSON.parse reads, escapes and numbers included", () => {
    const text = '{"s": "a\\"b\\\\c\\n\\u00e9\\/", "n": [-0.5e2, 0, 12], "t": true, "f": false}';
    const plain = (n: ReturnType<typeof parseJsonWithPositions>): unknown =>
      n.type === "object"
        ? Object.fromEntries(n.entries.map((e) => [e.key, plain(e.value)]))
        : n.type === "array"
          ? n.items.map(plain)
          : n.type === "null"
            ? null
            : n.value;
    expect(plain(parseJsonWithPositions(text))).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a": 1,}', 1, 9, "a key in double quotes expected"],
    ['{"a": 1\n "b": 2}', 2, 2, '"}" expected'],
    ["{'a': 1}", 1, 2, "a key in double quotes expected"],
    ['{"a": 1, "a": 2}', 1, 10, 'the key "a" appears twice'],
    ['{"a": "x\ny"}', 1, 9, "a line break or control character inside a string"],
    ['{"a": 01}', 1, 8, '"}" expected'],
    ['{"a": [1, 2', 1, 12, 'the file ends where "]" is expected'],
    ["{} x", 1, 4, "text after the end of the JSON value"],
  ])("refuses %j at line %i column %i", (text, line, column, message) => {
    expect(() => parseJsonWithPositions(text)).toThrow(message);
    try {
      parseJsonWithPositions(text);
    } catch (err) {
      expect((err as { at: unknown }).at).toEqual({ line, column });
    }
  });
});

describe("a connections file", () => {
  it("reads the six connections of a team file", () => {
    const f = readConnectionFile(TEAM_FILE, TEAM, "team");
    expect(f.problems).toEqual([]);
    expect(f.connections.map((c) => [c.name, c.kind, c.remotePort, c.client, c.line])).toEqual([
      ["jump-rdp", "rdp", 3389, "rdp", 4],
      ["reports-rdp", "rdp", 3389, "rdp", 6],
      ["orders-db", "remote-host", 5432, "address", 8],
      ["grafana", "port", 3000, "browser", 10],
      ["build-1", "ssh", 22, "ssh", 12],
      ["build-2", "ssh", 2222, "ssh", 13],
    ]);
    expect(f.connections[0]).toMatchObject({
      source: "team",
      file: TEAM,
      profile: "contoso-prod-Admin",
      region: "eu-west-1",
      target: { by: "instance", value: "jump-1" },
      localPort: 13389,
      rdp: { username: "CONTOSO\\jane", screen: { width: 1920, height: 1080 }, multiMonitor: false },
    });
    expect(f.connections[1]).toMatchObject({
      profile: null,
      account: "123456789012",
      role: "WindowsAdmins",
      target: { by: "tags", tags: { Role: "reports" } },
      rdp: { screen: "full", multiMonitor: true },
    });
    expect(f.connections[2]).toMatchObject({
      remoteHost: "orders.cluster-abc.eu-west-1.rds.amazonaws.com",
      localPort: 15432,
    });
    expect(f.connections[4]).toMatchObject({ sshUser: "ec2-user", localPort: null, rdp: null });
  });

  it("takes an absolute key file for the EC2 password and refuses a relative one at its line", () => {
    const text = `{
  "version": 1,
  "connections": [
    { "name": "win-a", "profile": "p", "target": "i-0123456789abcdef0", "kind": "rdp",
      "rdp": { "keyFile": "/home/jane/.ssh/win.pem" } },
    { "name": "win-b", "profile": "p", "target": "i-0123456789abcdef0", "kind": "rdp",
      "rdp": { "keyFile": "win.pem" } },
    { "name": "win-c", "profile": "p", "target": "i-0123456789abcdef0", "kind": "rdp" }
  ]
}`;
    const f = readConnectionFile(text, USER, "user");
    expect(f.connections.map((c) => [c.name, c.rdp?.keyFile])).toEqual([
      ["win-a", "/home/jane/.ssh/win.pem"],
      ["win-c", null],
    ]);
    expect(f.problems.map((p) => [p.name, p.line, p.code])).toEqual([["win-b", 7, "CONNECTION_INVALID"]]);
    expect(f.problems[0]!.message).toContain('"keyFile" (an absolute path)');
    // The popup's checker takes the path as it is sent, and an older host's reply without it.
    const sent = checkConnection(JSON.parse(JSON.stringify(f.connections[0])), "c");
    expect(sent.rdp?.keyFile).toBe("/home/jane/.ssh/win.pem");
    const { keyFile: _k, ...olderRdp } = f.connections[1]!.rdp!;
    expect(checkConnection({ ...f.connections[1], rdp: olderRdp }, "c").rdp?.keyFile).toBeNull();
  });

  it("reports each broken entry at its file:line and keeps the good ones", () => {
    const text = `{
  "version": 1,
  "connections": [
    { "name": "ok-1", "profile": "p", "target": "i-0123456789abcdef0", "kind": "rdp" },
    { "name": "no-kind", "profile": "p", "target": "web-1" },
    { "name": "bad-port", "profile": "p", "target": "web-1", "kind": "port",
      "port": 70000 },
    { "name": "both", "profile": "p", "account": "123456789012", "role": "Admin", "target": "x", "kind": "ssh" },
    { "name": "self", "profile": "p", "target": "x", "kind": "remote-host", "remote": "localhost:5432" },
    { "name": "typo", "profile": "p", "target": "x", "kind": "rdp", "localport": 1 },
    { "name": "bad region", "profile": "p", "target": "x", "kind": "rdp" },
    { "name": "rdp-opt", "profile": "p", "target": "x", "kind": "port", "port": 80, "rdp": {} },
    "just a string",
    { "name": "ok-1", "profile": "q", "target": "y", "kind": "ssh" },
    { "name": "ok-2", "profile": "p", "target": { "tags": {} }, "kind": "ssh" },
    { "name": "ok-3", "profile": "p", "target": "web 1", "kind": "port", "port": 8080, "open": "browser" }
  ]
}`;
    const f = readConnectionFile(text, USER, "user");
    expect(f.connections.map((c) => c.name)).toEqual(["ok-1", "ok-3"]);
    expect(f.problems.map((p) => [p.name, p.line, p.code])).toEqual([
      ["no-kind", 5, "CONNECTION_INVALID"],
      ["bad-port", 7, "CONNECTION_INVALID"],
      ["both", 8, "CONNECTION_INVALID"],
      ["self", 9, "CONNECTION_INVALID"],
      ["typo", 10, "CONNECTION_INVALID"],
      ["bad region", 11, "CONNECTION_INVALID"],
      ["rdp-opt", 12, "CONNECTION_INVALID"],
      [null, 13, "CONNECTION_INVALID"],
      ["ok-1", 14, "CONNECTION_DUPLICATE"],
      ["ok-2", 15, "CONNECTION_INVALID"],
    ]);
    const by = (name: string) => f.problems.find((p) => p.name === name)!;
    expect(by("no-kind").message).toBe('"kind" is missing');
    expect(by("bad-port")).toMatchObject({
      column: 15,
      message: '"port" must be a whole number from 1 to 65535',
    });
    expect(by("self").message).toContain('use kind "port"');
    expect(by("typo").message).toContain('unknown field "localport"');
    expect(by("ok-1").message).toContain("already defined at line 4");
    expect(f.problems.every((p) => p.file === USER)).toBe(true);
  });

  it("is one problem when it is not JSON, or of another version, and has no entries", () => {
    expect(
      readConnectionFile('{\n  "version": 1,\n  "connections": [ { "name": "a" ]\n}', USER, "user"),
    ).toEqual({
      connections: [],
      team: null,
      problems: [
        {
          file: USER,
          line: 3,
          column: 34,
          name: null,
          code: "CONNECTIONS_FILE_INVALID",
          message: 'not valid JSON: "}" expected',
        },
      ],
    });
    const newer = readConnectionFile('{"version": 2, "connections": []}', USER, "user");
    expect(newer.problems[0]).toMatchObject({ code: "CONNECTIONS_VERSION_UNSUPPORTED", line: 1, column: 13 });
    expect(newer.problems[0]!.message).toContain("update bastionless");
    expect(readConnectionFile('{"connections": []}', USER, "user").problems[0]!.message).toBe(
      '"version": 1 is missing',
    );
    expect(readConnectionFile("[]", USER, "user").problems[0]!.code).toBe("CONNECTIONS_FILE_INVALID");
    expect(readConnectionFile("", USER, "user").problems[0]!.message).toContain("the file ends");
  });

  it('takes "team" in the user\'s file only', () => {
    expect(readConnectionFile('{"version": 1, "team": "~/ops/c.json"}', USER, "user").team).toEqual({
      path: "~/ops/c.json",
      at: { line: 1, column: 24 },
    });
    const inTeam = readConnectionFile('{"version": 1, "team": "x"}', TEAM, "team");
    expect(inTeam.team).toBeNull();
    expect(inTeam.problems[0]!.message).toContain('unknown field "team"');
  });
});

describe("the documentation", () => {
  it("shows the six-connection team file the tests use, in README.md", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    const block = /A team file of six connections[^`]*```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(JSON.parse(block!)).toEqual(JSON.parse(TEAM_FILE));
  });
});

describe("the user's file and the team's", () => {
  it("on a name in both the user's entry wins, and the team's is reported as shadowed", () => {
    const team = readConnectionFile(TEAM_FILE, TEAM, "team");
    const user = readConnectionFile(
      '{"version": 1, "connections": [\n{"name": "grafana", "profile": "mine", "target": "i-0123456789abcdef0", "kind": "port", "port": 3000, "localPort": 23000, "open": "browser"},\n{"name": "mine-only", "profile": "mine", "target": "x", "kind": "rdp"}]}',
      USER,
      "user",
    );
    const merged = mergeConnections(user, team);
    expect(merged.connections.map((c) => `${c.name}:${c.source}`)).toEqual([
      "grafana:user",
      "mine-only:user",
      "jump-rdp:team",
      "reports-rdp:team",
      "orders-db:team",
      "build-1:team",
      "build-2:team",
    ]);
    expect(merged.connections[0]!.localPort).toBe(23000);
    expect(merged.problems).toEqual([
      {
        file: TEAM,
        line: 10,
        column: 1,
        name: "grafana",
        code: "CONNECTION_SHADOWED",
        message: `"grafana" is also in your own file (${USER}:2), which is used instead`,
      },
    ]);
  });

  it("keeps both files' problems, and a broken team file leaves the user's entries working", () => {
    const user = readConnectionFile(
      '{"version": 1, "connections": [{"name": "a", "profile": "p", "target": "x", "kind": "rdp"}]}',
      USER,
      "user",
    );
    const team = readConnectionFile("{ not json", TEAM, "team");
    const merged = mergeConnections(user, team);
    expect(merged.connections.map((c) => c.name)).toEqual(["a"]);
    expect(merged.problems).toMatchObject([
      { file: TEAM, line: 1, column: 3, code: "CONNECTIONS_FILE_INVALID" },
    ]);
  });
});
