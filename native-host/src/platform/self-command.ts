/**
 * How bastionless runs itself again (for the tunnel service): inside a Node single executable
 * the executable is the program; from the node bundle it is node plus the bundle's path.
 */
import path from "node:path";

export function isSea(): boolean {
  try {
    // node:sea exists from Node 20.12; older runtimes are never a SEA build of ours.
    return (require("node:sea") as { isSea(): boolean }).isSea();
  } catch {
    return false;
  }
}

/** argv prefix that starts this same program: `[exe]` in a SEA, `[node, bundle]` otherwise. */
export function selfCommand(execPath = process.execPath, argv1 = process.argv[1], sea = isSea()): string[] {
  if (sea || !argv1) return [execPath];
  return [execPath, path.resolve(argv1)];
}
