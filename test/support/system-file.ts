/**
 * A file a test puts outside its sandbox (browser policy under /etc, /usr/lib): it is written only
 * where nothing is yet (a file already there belongs to the machine, not to the test), and the
 * returned function removes it again with every folder that was created for it.
 */
import fs from "node:fs";
import path from "node:path";

export function placeSystemFile(file: string, text: string): () => void {
  if (fs.existsSync(file))
    throw new Error(`${file} exists already: this test would replace what it does not own`);
  const created: string[] = [];
  for (let d = path.dirname(file); !fs.existsSync(d); d = path.dirname(d)) created.unshift(d);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode: 0o644, flag: "wx" });
  return () => {
    fs.rmSync(file, { force: true });
    for (const d of created.reverse()) {
      try {
        fs.rmdirSync(d); // only when empty: something else placed there keeps it
      } catch {}
    }
  };
}
