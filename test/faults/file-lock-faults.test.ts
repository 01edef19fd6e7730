/**
 * The credentials lock when writers die holding it: their locks are broken while the others keep
 * writing. A dead writer's lock is planted whenever the lock is free, so stale locks are broken
 * again and again; every increment must still land exactly once (no two writers ever inside).
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { withFileLock } from "../../native-host/src/aws/files/file-lock";

const LABEL = { what: "test file", envVar: "TEST_FILE" };
const DEAD_PID = 2 ** 22 + 1; // above Linux's pid_max: never a live process
let dir = "";
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it("stale locks broken under contention never let two writers in", async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-lock-"));
  const file = path.join(dir, "counter");
  fs.writeFileSync(file, "0");
  const WRITERS = 20;
  const EACH = 40;
  let inside = 0;
  let most = 0;
  let planting = true;
  const planter = (async () => {
    while (planting) {
      try {
        fs.writeFileSync(`${file}.lock`, `${DEAD_PID}\n${os.hostname()}\nplanted\n`, { flag: "wx" });
      } catch {
        // Held by a live writer: plant later.
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  })();
  const writer = async () => {
    for (let i = 0; i < EACH; i++) {
      await withFileLock(file, LABEL, async () => {
        most = Math.max(most, ++inside);
        const n = Number(await fsp.readFile(file, "utf8"));
        await new Promise((r) => setTimeout(r, Math.random() * 2));
        await fsp.writeFile(file, String(n + 1));
        inside--;
      });
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  planting = false;
  await planter;
  expect(most).toBe(1);
  expect(Number(fs.readFileSync(file, "utf8"))).toBe(WRITERS * EACH);
});
