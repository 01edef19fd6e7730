/** The shape of one CLI command; commands are registered in commands/index.ts. */
import type { Writable } from "node:stream";

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** The running bundle's entry file (dist/host/bastionless.cjs), when run with node rather than as a SEA. */
  bundleFile?: string;
}

export interface Command {
  /** One line for `--help`. */
  summary: string;
  /** Usage text shown by `bastionless help NAME` and on usage errors. */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}
