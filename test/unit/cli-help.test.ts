/**
 * `--help` for every command comes from its flag table: each flag (and its alias) with one line,
 * a description and an example; and the exit codes are one table shown in help and the README.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type FlagTable, GLOBAL_FLAGS } from "../../native-host/src/cli/args";
import { commands, HIDDEN_COMMANDS } from "../../native-host/src/cli/commands/index";
import { EXIT_TABLE, exitCodeOf, exitCodesMarkdown } from "../../native-host/src/cli/exit-codes";
import { commandHelp, overviewHelp } from "../../native-host/src/cli/help-text";
import {
  AwsError,
  BastionlessError,
  EXIT,
  FileError,
  InputError,
  TunnelError,
  UsageError,
} from "../../native-host/src/errors";

const ROOT = path.resolve(__dirname, "../..");
const visible = Object.entries(commands).filter(([n]) => !HIDDEN_COMMANDS.has(n));

describe("command help", () => {
  it.each(visible)("%s: what it does, every flag with a line, an example", (name, c) => {
    const help = commandHelp(name, c);
    expect(c.description.length).toBeGreaterThan(40);
    expect(c.examples.length).toBeGreaterThan(0);
    for (const e of c.examples) expect(e).toMatch(new RegExp(`bastionless ${name}\\b`));
    const all: FlagTable = { ...c.flags, ...GLOBAL_FLAGS };
    for (const [flag, f] of Object.entries(all)) {
      const line = help.split("\n").find((l) => l.includes(`--${flag}`) && l.includes(f.description));
      expect(line, `--${flag}`).toBeDefined();
      if (f.short) expect(line).toContain(`-${f.short}, --${flag}`);
    }
  });

  it("keeps short aliases unique within each command", () => {
    for (const [name, c] of visible) {
      const all: FlagTable = { ...c.flags, ...GLOBAL_FLAGS };
      const shorts = Object.values(all)
        .map((f) => f.short)
        .filter(Boolean);
      expect(new Set(shorts).size, name).toBe(shorts.length);
    }
  });

  it("lists every visible command in the overview, and no hidden one", () => {
    const help = overviewHelp(commands, HIDDEN_COMMANDS);
    for (const [name, c] of visible)
      expect(help).toMatch(new RegExp(`^  ${name} +${c.summary.replace(/[()`]/g, "\\$&")}$`, "m"));
    for (const name of HIDDEN_COMMANDS) expect(help).not.toMatch(new RegExp(`^  ${name} `, "m"));
  });

  it("documents every command and global flag in the README's CLI reference", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const [name, c] of visible) {
      expect(readme, name).toContain(`### \`bastionless ${name}`);
      for (const flag of Object.keys(c.flags)) expect(readme, `${name} --${flag}`).toContain(`--${flag}`);
    }
    for (const flag of Object.keys(GLOBAL_FLAGS)) expect(readme).toContain(`--${flag}`);
  });
});

describe("exit codes", () => {
  it("are the README's table, word for word", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain(exitCodesMarkdown());
    expect(overviewHelp(commands, HIDDEN_COMMANDS)).toMatch(/Exit codes:\n {2}0 {2}done\n/);
  });

  it("are what each error layer exits with", () => {
    const meaning = (code: number) => EXIT_TABLE.find((e) => e.code === code)!.meaning;
    expect(new BastionlessError("INTERNAL", "x").exitCode).toBe(EXIT.failed);
    expect(new UsageError("USAGE", "x").exitCode).toBe(EXIT.usage);
    expect(new InputError("SAML_NOT_BASE64", "x").exitCode).toBe(EXIT.input);
    expect(new AwsError("ACCESS_DENIED", "x").exitCode).toBe(EXIT.aws);
    expect(new TunnelError("TUNNEL_LOST", "x").exitCode).toBe(EXIT.aws);
    expect(new FileError("FILE_NOT_YOURS", "x").exitCode).toBe(EXIT.file);
    expect(meaning(EXIT.usage)).toMatch(/tunnel that matches nothing/);
    // The tunnel service raises it as a TunnelError; for the CLI it is a wrong argument.
    expect(exitCodeOf(new TunnelError("TUNNEL_NOT_FOUND", "x"))).toBe(EXIT.usage);
  });
});
