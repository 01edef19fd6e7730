/**
 * `bastionless password TARGET --key-file F`: the instance's Administrator password from EC2
 * GetPasswordData, decrypted here with the key pair's private key (issue 13). It goes to the
 * clipboard for a bounded time (cleared only while the clipboard still holds it), or to stdout
 * with --print; never to a log, a file or another program's argv.
 */

import { displayText, jsonText } from "../../../../contract/display-text";
import { readKeyFile } from "../../aws/ssm/key-file";
import { EC2_PASSWORD_USER, windowsPassword } from "../../aws/ssm/windows-password";
import { copySecret } from "../../platform/clipboard";
import { type FlagTable, intFlag, parseFlags, usageLine } from "../args";
import { cliLogger } from "../cli-log";
import type { Command } from "../command";
import { profileOf, regionOf, TUNNEL_FLAGS, targetOf } from "../tunnel-request";

/** As long as `pass -c` keeps a password (PASSWORD_STORE_CLIP_TIME, 45 s). */
export const CLEAR_AFTER_S = 45;

export const KEY_FILE_FLAG = {
  type: "string",
  value: "FILE",
  complete: "file",
  description:
    "the private key (.pem, or an unencrypted OpenSSH key) of the key pair the instance was launched with",
} as const;

const FLAGS = {
  "key-file": { ...KEY_FILE_FLAG, required: true },
  profile: TUNNEL_FLAGS.profile,
  region: TUNNEL_FLAGS.region,
  print: { type: "boolean", description: "write the password to stdout instead of the clipboard" },
  "clear-after": {
    type: "string",
    value: "SECONDS",
    description: `empty the clipboard after this many seconds if it still holds the password (default ${CLEAR_AFTER_S})`,
  },
  json: { type: "boolean", description: "print the result as JSON (the password itself only with --print)" },
} as const satisfies FlagTable;

const USAGE = usageLine("password", FLAGS, "TARGET");

/** Resolves after `seconds`, or at once on Ctrl-C / SIGTERM, so the clipboard is cleared either way. */
function waitOrSignal(seconds: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    const timer = setTimeout(done, seconds * 1000);
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
  });
}

export const password: Command = {
  summary: "Get a Windows instance's Administrator password with its key pair",
  description: `Gets the Administrator password EC2 keeps for TARGET (GetPasswordData), decrypted on this
machine with the private key of the key pair the instance was launched with. TARGET is an
instance id or the Name tag of exactly one instance. The password goes to the clipboard and is
removed after --clear-after seconds (or at Ctrl-C) if the clipboard still holds it; --print
writes it to stdout instead. It is never logged or written to a file. \`bastionless rdp TARGET
--key-file FILE\` hands it to FreeRDP directly.`,
  operands: "TARGET",
  flags: FLAGS,
  examples: [
    "bastionless password i-0123456789abcdef0 --key-file ~/.ssh/prod-windows.pem -p contoso-prod-Admin",
    "bastionless password web-1 --key-file prod.pem -p contoso-prod-Admin --print | secret-tool store --label web-1 host web-1",
  ],
  async run(args, io) {
    const { values, positionals } = parseFlags("password", args, FLAGS, "TARGET");
    const target = targetOf(positionals, USAGE);
    const clearAfter = intFlag(values["clear-after"], "clear-after", 1, 3600) ?? CLEAR_AFTER_S;
    const scope = { profile: profileOf(values.profile, io.env, USAGE), region: regionOf(values.region) };
    // The key is checked before any AWS call: a wrong path costs nothing.
    const { key, warnings } = readKeyFile(values["key-file"]!);
    for (const w of warnings) io.stderr.write(`bastionless: warning: ${w}\n`);
    const got = await windowsPassword(scope, target, key, cliLogger(io));
    const who = got.name ? `${displayText(got.name)} (${got.instanceId})` : got.instanceId;
    if (values.print) {
      if ((io.stdout as { isTTY?: boolean }).isTTY)
        io.stderr.write("bastionless: warning: the password stays in this terminal's scrollback.\n");
      io.stdout.write(values.json ? jsonText({ ...got, username: EC2_PASSWORD_USER }) : `${got.password}\n`);
      return 0;
    }
    const copied = await copySecret(got.password, { env: io.env, platform: process.platform });
    const { password: _secret, ...facts } = got;
    if (values.json)
      io.stdout.write(
        jsonText({ ...facts, username: EC2_PASSWORD_USER, clipboard: copied.program, clearAfter }),
      );
    io.stderr.write(
      `The Administrator password of ${who} is on the clipboard (${copied.program}); it is removed in ${clearAfter} s, or now with Ctrl-C.\n`,
    );
    await waitOrSignal(clearAfter);
    const cleared = await copied.clearIfUnchanged();
    io.stderr.write(
      cleared ? "Clipboard cleared.\n" : "The clipboard holds something else now; left as it is.\n",
    );
    return 0;
  },
};
