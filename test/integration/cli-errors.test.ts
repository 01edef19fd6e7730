/**
 * The built CLI explains itself (issue 11): a mistyped flag or command is one line naming the
 * closest spelling (exit 2), `--json` errors are one JSON object on stdout, every command's
 * `--help` lists each of its flags, and the exit codes are README's table for the cases the
 * issue names: unreadable SAML file 5, ambiguous name 2, unknown tunnel id 2, a missing or
 * expired profile 4 with the click or command that fixes it, no region 2.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GLOBAL_FLAGS } from "../../native-host/src/cli/args";
import { commands, HIDDEN_COMMANDS } from "../../native-host/src/cli/commands/index";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";
import { runCli } from "./assume-run-cli";

const worlds: TunnelWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

/** A home with nothing in it: no profiles, no AWS settings from the machine running the tests. */
function emptyHome(): NodeJS.ProcessEnv {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "bl-cli-errors-"));
  return {
    PATH: process.env.PATH,
    HOME: home,
    BASTIONLESS_CONFIG_DIR: path.join(home, "config"),
    BASTIONLESS_RUNTIME_DIR: path.join(home, "run"),
    BASTIONLESS_LOG_DIR: path.join(home, "logs"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
    AWS_CONFIG_FILE: path.join(home, "config.ini"),
  };
}

const jsonError = (stdout: string) => {
  expect(stdout.trim().split("\n")).toHaveLength(1);
  return JSON.parse(stdout).error as { code: string; message: string; hint?: string };
};

describe("mistakes on the command line", () => {
  it.each([
    [
      ["rdp", "web-1", "--profle", "x"],
      "Unknown flag --profle for `bastionless rdp`; did you mean --profile?",
    ],
    [["tunels"], 'Unknown command "tunels"; did you mean `bastionless tunnels`?'],
    [["instances", "-p"], "--profile needs a value (NAME)."],
    [["profiles", "--json=1"], "--json takes no value."],
  ])("%j: one line, exit 2, nothing on stdout", async (args, line) => {
    const r = await runCli(args, emptyHome());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`bastionless: ${line}\n`);
  });

  it("answers under --json with one error object on stdout and the same exit code", async () => {
    const env = emptyHome();
    const flag = await runCli(["rdp", "web-1", "--profle", "x", "--json"], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe("");
    expect(jsonError(flag.stdout)).toEqual({
      code: "USAGE",
      message: "Unknown flag --profle for `bastionless rdp`; did you mean --profile?",
    });
    const file = await runCli(["roles", "--saml-file", path.join(env.HOME!, "missing.txt"), "--json"], env);
    expect(file.code).toBe(5);
    expect(file.stderr).toBe("");
    expect(jsonError(file.stdout)).toMatchObject({
      code: "SAML_FILE_UNREADABLE",
      hint: expect.stringContaining("--saml-file"),
    });
  });
});

describe("help", () => {
  const visible = Object.entries(commands).filter(([n]) => !HIDDEN_COMMANDS.has(n));

  it.each(visible)("`%s --help` lists each of its flags and an example", async (name, c) => {
    const r = await runCli([name, "--help"], emptyHome());
    expect(r.code).toBe(0);
    for (const flag of Object.keys({ ...c.flags, ...GLOBAL_FLAGS })) expect(r.stdout).toContain(`--${flag}`);
    expect(r.stdout).toContain("Examples:\n");
    expect(r.stdout).toContain(c.examples[0]);
  });

  it("answers `help NAME` and `-h` alike, and refuses an unknown name", async () => {
    const env = emptyHome();
    const [a, b] = await Promise.all([runCli(["help", "rdp"], env), runCli(["rdp", "-h"], env)]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/^Usage: bastionless rdp TARGET /);
    const bad = await runCli(["help", "rpd"], env);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'bastionless: Unknown command "rpd"; did you mean `bastionless rdp`?\n',
    ]);
  });
});

describe("profiles that cannot be used", () => {
  it("a profile that does not exist: said so, with the sign-in and the assume command (exit 4)", async () => {
    for (const args of [
      ["instances", "-p", "saml"],
      ["instances", "-p", "saml", "-r", "eu-west-1"],
    ]) {
      const r = await runCli([...args, "--json"], emptyHome());
      expect(r.code, r.stderr).toBe(4);
      const e = jsonError(r.stdout);
      expect(e.code).toBe("PROFILE_NOT_FOUND");
      expect(e.message).toMatch(/^Profile "saml" does not exist in /);
      expect(e.hint).toContain("AWS tile in My Apps");
      expect(e.hint).toContain("bastionless assume --saml-file FILE --profile saml");
    }
  });

  it("a profile without a region: exit 2 naming --region and the command that sets one", async () => {
    const env = emptyHome();
    fs.writeFileSync(
      env.AWS_SHARED_CREDENTIALS_FILE!,
      "[noregion]\naws_access_key_id = A\naws_secret_access_key = B\n",
    );
    const r = await runCli(["instances", "--profile", "noregion"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No region is set for profile "noregion".');
    expect(r.stderr).toContain("aws configure set region eu-west-1 --profile noregion");
  });

  it("an expired profile: exit 4 with the sign-in that renews it", async () => {
    const w = await startTunnelWorld();
    worlds.push(w);
    w.ssmOptions.inject = [
      { action: "DescribeInstanceInformation", type: "ExpiredTokenException", message: "expired" },
    ];
    const r = await w.cli(["instances", "-p", "rdp-test", "--json"]);
    expect(r.code).toBe(4);
    const e = jsonError(r.stdout);
    expect(e.code).toBe("CREDENTIALS_EXPIRED");
    expect(e.hint).toContain("AWS tile in My Apps");
    expect(e.hint).toContain("--saml-file FILE --profile rdp-test");
  });
});

describe("targets and tunnels that match nothing or more than one", () => {
  it("an ambiguous instance name and an unknown tunnel id exit 2", async () => {
    const w = await startTunnelWorld();
    worlds.push(w);
    const twin = await w.cli(["rdp", "twin", "-p", "rdp-test", "--no-launch", "--json"]);
    expect(twin.code, twin.stderr).toBe(2);
    expect(jsonError(twin.stdout)).toMatchObject({ code: "TARGET_AMBIGUOUS" });
    // With a tunnel open the service is up: the unknown id is its answer, not the CLI's own.
    const open = await w.cli([
      "rdp",
      RDP_INSTANCE,
      "-p",
      "rdp-test",
      "--local-port",
      "0",
      "--no-launch",
      "--json",
    ]);
    expect(open.code, open.stderr).toBe(0);
    expect(await w.servicePid()).not.toBeNull();
    const stop = await w.cli(["stop", "nosuchid"]);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toContain('No tunnel has the id, instance id, Name or local port "nosuchid"');
    expect((await w.cli(["stop", "--all"])).code).toBe(0);
  });
});
