/**
 * Stands in for mstsc.exe, which Wine does not have: records each start's arguments and the bytes
 * of the .rdp file it was handed, one JSON line per start in mstsc-starts.jsonl beside itself.
 * Built into a Windows executable by recorder-exe.ts (a program found on PATH must be an .exe:
 * Node refuses to start a .cmd without a shell).
 */
const fs = require("node:fs");
const path = require("node:path");

const args = process.argv.slice(2);
let file = null;
try {
  file = fs.readFileSync(args[0]).toString("base64");
} catch {
  // recorded as null: the launcher handed no readable file
}
fs.appendFileSync(
  path.join(path.dirname(process.execPath), "mstsc-starts.jsonl"),
  `${JSON.stringify({ args, file })}\n`,
);
