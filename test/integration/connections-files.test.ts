/**
 * Where the connections files are found (docs/connections.md, "Where"): the user's file in the
 * config folder, the team's from --team, else BASTIONLESS_TEAM_CONNECTIONS, else the user file's
 * "team" (relative to its folder, or ~/); a file that cannot be read is a problem, never a crash.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { loadConnections } from "../../native-host/src/connections/load-connections";
import { makeSandbox, type Sandbox } from "../support/sandbox";

const boxes: Sandbox[] = [];
afterEach(() => {
  for (const b of boxes.splice(0)) b.cleanup();
});

function box() {
  const b = makeSandbox();
  boxes.push(b);
  const dir = b.env.BASTIONLESS_CONFIG_DIR!;
  fs.mkdirSync(dir, { recursive: true });
  const user = path.join(dir, "connections.json");
  const entry = (name: string) => `{"name": "${name}", "profile": "p", "target": "x", "kind": "rdp"}`;
  const file = (p: string, ...names: string[]) => {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, `{"version": 1, "connections": [${names.map(entry).join(",")}]}`);
  };
  return { b, dir, user, file };
}

const names = (l: ReturnType<typeof loadConnections>) => l.connections.map((c) => `${c.name}:${c.source}`);

it("needs no file at all, and reads the user's alone", () => {
  const { b, user, file } = box();
  expect(loadConnections(b.env)).toEqual({ connections: [], problems: [], files: { user, team: null } });
  file(user, "a");
  expect(names(loadConnections(b.env))).toEqual(["a:user"]);
});

it('finds the team file by --team, else the environment, else the user file\'s "team"', () => {
  const { b, dir, user, file } = box();
  file(path.join(dir, "shared", "team.json"), "from-relative");
  file(path.join(b.home, "ops", "team.json"), "from-home");
  file(path.join(b.dir, "env.json"), "from-env");
  file(path.join(b.dir, "flag.json"), "from-flag");
  fs.writeFileSync(user, '{"version": 1, "team": "shared/team.json"}');
  expect(loadConnections(b.env)).toMatchObject({ files: { team: path.join(dir, "shared", "team.json") } });
  expect(names(loadConnections(b.env))).toEqual(["from-relative:team"]);
  fs.writeFileSync(user, '{"version": 1, "team": "~/ops/team.json"}');
  expect(names(loadConnections(b.env))).toEqual(["from-home:team"]);
  const env = { ...b.env, BASTIONLESS_TEAM_CONNECTIONS: path.join(b.dir, "env.json") };
  expect(names(loadConnections(env))).toEqual(["from-env:team"]);
  expect(names(loadConnections(env, path.join(b.dir, "flag.json")))).toEqual(["from-flag:team"]);
});

it("reports a team file it cannot read, and keeps the user's entries", () => {
  const { b, user, file } = box();
  file(user, "mine");
  const missing = path.join(b.dir, "nope.json");
  const l = loadConnections({ ...b.env, BASTIONLESS_TEAM_CONNECTIONS: missing });
  expect(names(l)).toEqual(["mine:user"]);
  expect(l.problems).toEqual([
    {
      file: missing,
      line: 0,
      column: 0,
      name: null,
      code: "CONNECTIONS_FILE_UNREADABLE",
      message: "no such file",
    },
  ]);
  fs.mkdirSync(path.join(b.dir, "a-folder"));
  expect(loadConnections(b.env, path.join(b.dir, "a-folder")).problems[0]).toMatchObject({
    message: "not a file",
  });
  fs.writeFileSync(path.join(b.dir, "big.json"), Buffer.alloc(1024 * 1024 + 1, 0x20));
  expect(loadConnections(b.env, path.join(b.dir, "big.json")).problems[0]).toMatchObject({
    message: "larger than 1 MiB",
  });
});
