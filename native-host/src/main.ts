/**
 * The one executable: a browser launch (the caller's origin as argument) runs the native-messaging
 * host; anything else is the `bastionless` CLI.
 */
import { runCli } from "./cli/run-cli";
import { callerFromArgv } from "./protocol/caller";
import { runNativeHost } from "./protocol/host-main";

// The SDK warns on Node 20 about its future Node 22 requirement; the warning would only confuse users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const caller = callerFromArgv(args);
  if (caller) return runNativeHost(caller, process.env);
  return runCli(args, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bastionless: unexpected failure: ${(err as Error)?.message ?? err}\n`);
    process.exitCode = 1;
  },
);
