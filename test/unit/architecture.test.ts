/**
 * docs/architecture.md's table is the import rule (scripts/import-rules.ts). The real tree keeps
 * it, and a tree that breaks it in the ways the issue named (the extension reaching into the
 * host, aws/ importing tunnel/, tunnel/ importing cli/, a timer in the pure core) is refused.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkImports, readRooms, roomOf } from "../../scripts/import-rules";

const ROOT = path.resolve(__dirname, "../..");
const DOC = fs.readFileSync(path.join(ROOT, "docs/architecture.md"), "utf8");
const temps: string[] = [];

afterEach(() => {
  for (const t of temps.splice(0)) fs.rmSync(t, { recursive: true, force: true });
});

/** A tree with the real rules and the given files. */
function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bastionless-arch-"));
  temps.push(root);
  const all = { "docs/architecture.md": DOC, "contract/x.ts": "export const x = 1;\n", ...files };
  for (const [f, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), text);
  }
  for (const r of ["extension/src", "native-host/src"]) fs.mkdirSync(path.join(root, r), { recursive: true });
  return root;
}

describe("the import rules", () => {
  it("hold for the whole product tree", () => {
    expect(checkImports(ROOT)).toEqual([]);
  });

  it("are read from the document: the contract imports nothing, the extension only the contract", () => {
    const rooms = readRooms(DOC);
    expect(rooms.length).toBeGreaterThan(20);
    expect(roomOf("contract/requests.ts", rooms)?.mayImport).toEqual([]);
    for (const f of ["extension/src/background/index.ts", "extension/src/popup/panels/x.ts"]) {
      const room = roomOf(f, rooms)!;
      expect(
        room.mayImport.every((r) => r === "contract/" || r.startsWith("extension/src/")),
        f,
      ).toBe(true);
    }
    expect(roomOf("native-host/src/tunnel/service/server/tunnel-runner.ts", rooms)?.path).toBe(
      "native-host/src/tunnel/service/server/",
    );
  });

  it.each([
    ["extension/src/shared/a.ts", 'import { x } from "../../../native-host/src/errors";\n', "may not import"],
    ["native-host/src/aws/ssm/a.ts", 'import { x } from "../../tunnel/engines/engine";\n', "may not import"],
    ["native-host/src/tunnel/session/a.ts", 'import { x } from "../../cli/args";\n', "may not import"],
    [
      "native-host/src/tunnel/service/client/a.ts",
      'import { x } from "../server/tunnel-table";\n',
      "may not import",
    ],
    ["native-host/src/tunnel/core/a.ts", "export const t = () => setTimeout(() => {}, 1);\n", "is pure"],
    ["native-host/src/newroom/a.ts", "export const a = 1;\n", "no room"],
  ])("refuses %s", (file, text, message) => {
    const found = checkImports(tree({ [file]: text }));
    expect(found.map((v) => v.file)).toContain(file);
    expect(found.find((v) => v.file === file)?.message).toContain(message);
  });

  it("allows what the table allows", () => {
    const root = tree({
      "native-host/src/errors.ts": 'import { x } from "../../contract/x";\n',
      "native-host/src/tunnel/core/a.ts": 'import { y } from "../../errors";\n',
    });
    expect(checkImports(root)).toEqual([]);
  });
});
