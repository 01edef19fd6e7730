/**
 * The one executable: a browser launch (the caller's origin as argument) runs the native-messaging
 * host; anything else is the `bastionless` CLI.
 *
 * Start-up time is the browser's wait for `hello`, so only the native-messaging host and
 * `--version` are in webpack's entry chunk; the CLI, every other handler and the AWS SDK are
 * dynamic imports, which webpack leaves in chunks loaded on first use (from dist/host/chunks, or
 * from the single executable's assets: chunk-loader.cjs). Figures:
 * test/bench/host-startup.ts.
 */

import { VERSION } from "./config/version";
import { runNativeHost } from "./host-main";
import { callerFromArgv } from "./protocol/caller";
import { writeStdout } from "./protocol/fd-stdio";

// The SDK warns on Node 20 about its future Node 22 requirement; the warning would only confuse users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const caller = callerFromArgv(args);
  // The files this host runs from: the single executable, or the bundle node runs.
  if (caller) {
    const bundle = typeof __filename === "string" ? [__filename] : [];
    return runNativeHost(caller, process.env, [process.execPath, ...bundle]);
  }
  if (args.length === 1 && (args[0] === "--version" || args[0] === "-V" || args[0] === "version")) {
    // Straight to the descriptor: process.stdout would load Node's stream modules first.
    writeStdout(Buffer.from(`${VERSION}\n`));
    return 0;
  }
  if (args.length === 1 && args[0] === "tunnel-service") {
    // Started by bastionless itself (spawn-service.ts): straight to the service, so the long-lived
    // process never loads the other commands and their AWS clients (test/bench/service-memory.ts).
    const { tunnelService } = await import("./cli/commands/tunnel-service");
    return tunnelService.run([], {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
    });
  }
  const { runCli } = await import("./cli/run-cli");
  return runCli(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    // The entry chunk's own file: the install command copies it (the command itself is in a chunk).
    bundleFile: typeof __filename === "string" ? __filename : undefined,
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
