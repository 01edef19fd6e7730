/**
 * The import rules of docs/architecture.md, read from its table and held against every relative
 * import of the product's code. The document is the rule (one home): change the table to change
 * what is allowed. Used by scripts/check-imports.ts (npm run lint) and test/unit/architecture.test.ts.
 */
import fs from "node:fs";
import path from "node:path";

export interface Room {
  path: string;
  mayImport: string[];
}

export interface Violation {
  file: string;
  line: number;
  message: string;
}

const ROOTS = ["contract", "extension/src", "native-host/src"];
const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;
/** tunnel/core is pure (docs/architecture.md): no clock, no timers, no sockets or files. */
const IMPURE_IN_CORE =
  /\b(setTimeout|setInterval|setImmediate|Date\.now|performance\.now)\b|["']node:(net|dgram|fs|http|https|tls|child_process|timers)["']|["']ws["']/;
const PURE_ROOM = "native-host/src/tunnel/core/";

/** The rooms from the table under "## Rooms and what each may import". */
export function readRooms(doc: string): Room[] {
  const section = doc.split(/^## /m).find((s) => s.startsWith("Rooms and what each may import"));
  if (!section) throw new Error('docs/architecture.md has no "## Rooms and what each may import" section');
  const rooms: Room[] = [];
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 5 || !cells[1]!.startsWith("`")) continue;
    const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    rooms.push({ path: ticked(cells[1]!)[0]!, mayImport: ticked(cells[3]!) });
  }
  return rooms;
}

/** The room a repository path belongs to: the longest room path that starts it. */
export function roomOf(file: string, rooms: readonly Room[]): Room | undefined {
  return rooms
    .filter((r) => (r.path.endsWith("/") ? file.startsWith(r.path) : file === r.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

function sourceFiles(root: string, dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sourceFiles(root, rel);
    return /\.ts$/.test(e.name) && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

function resolve(root: string, from: string, spec: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, base, `${base}/index.ts`])
    if (fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile())
      return candidate;
  // Unresolved (tsc reports that): judged as the .ts file it names.
  return path.posix.extname(base) ? base : `${base}.ts`;
}

export function checkImports(root: string): Violation[] {
  const rooms = readRooms(fs.readFileSync(path.join(root, "docs/architecture.md"), "utf8"));
  const out: Violation[] = [];
  for (const file of ROOTS.flatMap((r) => sourceFiles(root, r))) {
    const room = roomOf(file, rooms);
    const lines = fs.readFileSync(path.join(root, file), "utf8").split("\n");
    if (!room) {
      out.push({
        file,
        line: 1,
        message: "is in no room of docs/architecture.md: add its room to the table",
      });
      continue;
    }
    lines.forEach((text, i) => {
      if (room.path === PURE_ROOM && IMPURE_IN_CORE.test(text))
        out.push({
          file,
          line: i + 1,
          message: `uses a clock, timer or socket in ${PURE_ROOM}, which is pure`,
        });
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1]!;
        if (!spec.startsWith(".")) continue;
        const target = resolve(root, file, spec);
        const to = roomOf(target, rooms);
        if (to === room) continue;
        if (!to) {
          out.push({ file, line: i + 1, message: `imports ${target}, which is in no room` });
        } else if (!room.mayImport.includes(to.path)) {
          out.push({
            file,
            line: i + 1,
            message: `imports ${target}: ${room.path} may not import ${to.path} (docs/architecture.md)`,
          });
        }
      }
    });
  }
  return out;
}
