/** The flag table: parsing, one-line refusals with the closest spelling, and the usage line (cli/args.ts). */
import { describe, expect, it } from "vitest";
import { type FlagTable, parseFlags, usageLine } from "../../native-host/src/cli/args";
import { closest, editDistance } from "../../native-host/src/cli/suggest";
import { UsageError } from "../../native-host/src/errors";

const FLAGS = {
  profile: { type: "string", short: "p", value: "NAME", description: "the profile" },
  "saml-file": { type: "string", value: "FILE", required: true, description: "the response" },
  role: { type: "string", multiple: true, value: "ARN", description: "a role" },
  json: { type: "boolean", description: "JSON" },
} as const satisfies FlagTable;

function refusal(args: string[], operands?: string): UsageError {
  try {
    parseFlags("assume", args, FLAGS, operands);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error(`accepted ${args.join(" ")}`);
}

describe("parseFlags", () => {
  it("parses long, short, inline and repeated flags and `-` as a value", () => {
    const { values } = parseFlags(
      "assume",
      ["-p", "dev", "--saml-file", "-", "--role=a", "--role", "b", "--json"],
      FLAGS,
    );
    expect(values).toEqual({ profile: "dev", "saml-file": "-", role: ["a", "b"], json: true });
  });

  it.each([
    [
      ["--saml-file", "f", "--profle", "x"],
      "Unknown flag --profle for `bastionless assume`; did you mean --profile?",
    ],
    [["--saml-file", "f", "--jsno"], "Unknown flag --jsno for `bastionless assume`; did you mean --json?"],
    [
      ["--saml-file", "f", "--verbos"],
      "Unknown flag --verbos for `bastionless assume`; did you mean --verbose?",
    ],
    [
      ["--saml-file", "f", "-x"],
      "Unknown flag -x for `bastionless assume`; see `bastionless assume --help`.",
    ],
    [["--saml-file", "f", "--profile"], "--profile needs a value (NAME)."],
    [["--saml-file", "f", "-p", "--json"], "--profile needs a value (NAME)."],
    [["--saml-file", "f", "--json=yes"], "--json takes no value."],
    [["--json"], "--saml-file is required."],
    [["--saml-file", "f", "stray"], '`bastionless assume` takes no argument "stray".'],
  ])("refuses %j in one line: %s", (args, message) => {
    const e = refusal(args);
    expect(e.message).toBe(message);
    expect(e.exitCode).toBe(2);
    expect(e.message).not.toMatch(/\n|ERR_PARSE_ARGS|Unknown option '/);
  });

  it("takes operands only when the command has them", () => {
    expect(parseFlags("rdp", ["web-1", "--saml-file", "f"], FLAGS, "TARGET").positionals).toEqual(["web-1"]);
  });

  it("writes the usage line from the table: required flags bare, the rest in brackets", () => {
    expect(usageLine("assume", FLAGS)).toBe(
      "bastionless assume [--profile NAME] --saml-file FILE [--role ARN…] [--json]",
    );
  });
});

describe("closest", () => {
  it("counts an adjacent swap as one edit", () => {
    expect(editDistance("jsno", "json")).toBe(1);
    expect(editDistance("profile", "profile")).toBe(0);
  });

  it("suggests typos and unambiguous prefixes, never a far-fetched word", () => {
    const commands = ["roles", "assume", "profiles", "instances", "rdp", "forward", "tunnels", "stop"];
    expect(closest("rd", commands)).toBe("rdp");
    expect(closest("tunels", commands)).toBe("tunnels");
    expect(closest("asume", commands)).toBe("assume");
    expect(closest("inst", commands)).toBe("instances");
    expect(closest("xyzzy", commands)).toBeUndefined();
    expect(closest("s", commands)).toBeUndefined();
  });
});
