/**
 * A program that records its argv, installed under an RDP client's name (xfreerdp, remmina…) in
 * a PATH folder of its own, so launcher tests see exactly what bastionless started. The real
 * FreeRDP is exercised end to end in test/e2e.
 */
import fs from "node:fs";
import path from "node:path";

export interface Recorder {
  /** Folder to put on PATH. */
  bin: string;
  /** Where each start appends its argv (one argument per line, then a line "--end--"). */
  record: string;
  starts(): string[][];
}

export function makeRecorder(dir: string, names: string[]): Recorder {
  const bin = path.join(dir, "rdp-bin");
  const record = path.join(dir, "rdp-starts.txt");
  fs.mkdirSync(bin, { recursive: true });
  for (const name of names) {
    const script = `#!/bin/sh\n{ for a in "$@"; do printf '%s\\n' "$a"; done; echo --end--; } >> '${record}'\n`;
    fs.writeFileSync(path.join(bin, name), script, { mode: 0o755 });
  }
  return {
    bin,
    record,
    starts: () => {
      if (!fs.existsSync(record)) return [];
      const chunks = fs.readFileSync(record, "utf8").split("--end--\n").filter(Boolean);
      return chunks.map((c) => c.split("\n").filter((l, i, all) => i < all.length - 1 || l !== ""));
    },
  };
}
