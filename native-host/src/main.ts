/**
 * The one executable: a browser launch (the caller's origin as argument) runs the native-messaging
 * host; anything else is the `bastionless` CLI.
 *
 * Start-up time is the browser's wait for `hello`, so each mode is imported only when chosen
 * (dynamic import keeps a module and the Node built-ins it needs unevaluated until then), and
 * `--version` answers before any command is loaded. webpack folds it all into one file for the
 * single executable; see test/bench/host-startup.ts for the figures.
 */

import { VERSION } from "./config/version";
import { callerFromArgv } from "./protocol/caller";

// The SDK warns on Node 20 about its future Node 22 requirement; the warning would only confuse users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const caller = callerFromArgv(args);
  if (caller) return (await import("./protocol/host-main")).runNativeHost(caller, process.env);
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V" || args[0] === "version")) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { runCli } = await import("./cli/run-cli");
  return runCli(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
  });
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
