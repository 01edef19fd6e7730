/** The native-messaging mode of the executable: check the caller, then serve frames on stdio. */
import fs from "node:fs";
import path from "node:path";
import { chromiumIdOfOrigin } from "../../contract/extension-ids";
import { createLogger, type Logger } from "./config/log";
import { logFileProblem, logFileWriter } from "./config/log-file";
import { logDir } from "./config/paths";
import { allowedCallers, type Caller } from "./protocol/caller";
import { stdinSource, writeStdout } from "./protocol/fd-stdio";
import { encodeFrame } from "./protocol/framing";
import { handlers } from "./protocol/handlers/index";
import { runStdioSession } from "./protocol/stdio-session";

function hostLogger(env: NodeJS.ProcessEnv): Logger {
  // A log file, because stdout is the browser's and stderr may go nowhere.
  try {
    const dir = logDir(env);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, "host.log");
    const problem = logFileProblem(file);
    if (problem) {
      const log = createLogger((line) => process.stderr.write(line));
      log.warn("host log not used", { why: problem, fix: "remove it, or set BASTIONLESS_LOG_DIR" });
      return log;
    }
    return createLogger(logFileWriter(file), env.BASTIONLESS_LOG_LEVEL === "debug" ? "debug" : "info");
  } catch {
    return createLogger((line) => process.stderr.write(line));
  }
}

/** `self`: the files this process runs from (the caller check's machine-wide rule, caller.ts). */
export async function runNativeHost(
  caller: Caller,
  env: NodeJS.ProcessEnv,
  self: readonly string[],
): Promise<number> {
  const log = hostLogger(env);
  if (!allowedCallers(env, self).has(caller.origin)) {
    log.warn("caller refused", { origin: caller.origin });
    writeStdout(
      encodeFrame({
        id: null,
        ok: false,
        error: {
          code: "ORIGIN_NOT_ALLOWED",
          message: `This bastionless host was not installed for ${caller.origin}.`,
          hint: `Run \`bastionless install --extension-id ${chromiumIdOfOrigin(caller.origin) ?? caller.origin}\`.`,
        },
      }),
    );
    return 1;
  }
  log.info("session start", { origin: caller.origin, pid: process.pid });
  // Reading starts only once the caller is accepted, so a refused caller's host exits at once.
  const end = await runStdioSession(handlers, {
    input: stdinSource(),
    write: writeStdout,
    log,
    env,
    origin: caller.origin,
  });
  log.info("session end", { pid: process.pid, end });
  // stdin may still be open (the stream would keep the process waiting for the browser).
  if (end === "output-closed") process.exit(0);
  return 0;
}
