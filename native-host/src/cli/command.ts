/** The shape of one CLI command; commands are registered in commands/index.ts. */
import type { Writable } from "node:stream";
import type { FlagTable } from "./args";

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  /** The running bundle's entry file (dist/host/bastionless.cjs), when run with node rather than as a SEA. */
  bundleFile?: string;
  /**
   * The process's own stdout, for the one command whose stdout is a byte stream and not text
   * (`ssh-proxy`, issue 13): the terminal guard would re-encode it.
   */
  rawStdout?: Writable;
}

export interface Command {
  /** One line for `bastionless --help`. */
  summary: string;
  /** What the command does, for `bastionless help NAME` (wrapped lines). */
  description: string;
  /** The operands after the name (`TARGET`), when the command takes any. */
  operands?: string;
  /** Values shell completion offers for the operand. */
  operandChoices?: readonly string[];
  /** The command's flags: the one home for parsing, help and completion. */
  flags: FlagTable;
  /** Command lines shown under "Examples". */
  examples: readonly string[];
  run(args: string[], io: CliIO): Promise<number>;
}
