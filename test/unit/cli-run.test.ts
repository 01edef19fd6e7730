/** run-cli.ts in process: global flags anywhere, errors on stderr or as one JSON object on stdout. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../native-host/src/cli/run-cli";

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += c));
  stderr.on("data", (c) => (err += c));
  const code = await runCli(args, { stdout, stderr, stdin: new PassThrough(), env });
  return { code, out, err };
}

describe("runCli", () => {
  it("takes --verbose, -v and --debug anywhere before `--`, without the command seeing them", async () => {
    for (const args of [
      ["completion", "--verbose", "bash"],
      ["-v", "completion", "bash"],
      ["completion", "bash", "--debug"],
    ]) {
      const r = await cli(args);
      expect([r.code, r.err]).toEqual([0, ""]);
      expect(r.out).toContain("complete -F _bastionless bastionless");
    }
  });

  it("puts an error as one JSON object on stdout under --json, and nothing on stderr", async () => {
    const r = await cli(["roles", "--json"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("");
    expect(JSON.parse(r.out)).toEqual({
      error: {
        code: "USAGE",
        message: "--saml-file is required.",
        hint: "Usage: bastionless roles --saml-file FILE [--json]",
      },
    });
  });

  it("escapes what a terminal would obey inside the --json error object, and strips it from the text error", async () => {
    // A file name is the caller's text; the terminal guard would strip U+202E, jsonText keeps it escaped.
    const file = "/nonexistent/resp\u202eonse\u001b[2J.txt";
    const r = await cli(["roles", "--saml-file", file, "--json"]);
    expect(r.code).toBe(5);
    expect(r.out).not.toMatch(/[\u202e\u001b]/);
    expect(r.out).toContain("\\u202e");
    expect(JSON.parse(r.out).error).toMatchObject({ code: "SAML_FILE_UNREADABLE" });
    expect(JSON.parse(r.out).error.message).toContain(file);
    const text = await cli(["roles", "--saml-file", file]);
    expect(text.err).not.toMatch(/[\u202e\u001b]/);
    expect(text.err).toContain("/nonexistent/response[2J.txt");
  });

  it("prints the error and its hint on stderr otherwise, with the detail only under --debug", async () => {
    const plain = await cli(["completion", "tcsh"]);
    expect(plain.err).toBe(
      "bastionless: Give one shell: bash, zsh, fish, powershell.\nExample: source <(bastionless completion bash)\n",
    );
    const debug = await cli(["completion", "tcsh", "--debug"]);
    expect(debug.err.startsWith(plain.err)).toBe(true);
    expect(debug.err).toContain('"code":"USAGE"');
  });

  it("refuses an unknown command with the closest one, and shows help for none", async () => {
    expect(await cli(["completon"])).toMatchObject({
      code: 2,
      err: 'bastionless: Unknown command "completon"; did you mean `bastionless completion`?\n',
    });
    const help = await cli([]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^bastionless .*\n\nUsage: bastionless COMMAND/);
  });
});
