/** Every CLI command, by name; the file name is the command (style §2). */
import type { Command } from "../command";

export const commands: Record<string, Command> = {};
