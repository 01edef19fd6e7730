/**
 * The Windows pipe name (issue 17, finding 2): derived from a per-user secret kept in the user's
 * own folder, so another user cannot know it in advance and create the pipe first.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PIPE_SECRET_FILE, pipeName, pipeSecret } from "../../native-host/src/tunnel/service/ipc/pipe-name";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "bl-pipe-"));
  dirs.push(d);
  return d;
}

describe("pipe name", () => {
  const a = Buffer.alloc(32, 1);
  const b = Buffer.alloc(32, 2);

  it("is fixed for one user and secret, and changes with either", () => {
    expect(pipeName("jane", a)).toBe(pipeName("jane", Buffer.from(a)));
    expect(pipeName("jane", a)).toMatch(/^\\\\\.\\pipe\\bastionless-jane-[0-9a-f]{32}$/);
    expect(pipeName("jane", a)).not.toBe(pipeName("jane", b));
    expect(pipeName("jane", a)).not.toBe(pipeName("joe", a));
  });

  it("shows neither the secret nor anything a user name could inject", () => {
    const name = pipeName("..\\Jane Doe/x", a);
    expect(name).toMatch(/^\\\\\.\\pipe\\bastionless-\.\._Jane_Doe_x-[0-9a-f]{32}$/);
    expect(name).not.toContain(a.toString("hex").slice(0, 16));
    expect(pipeName("", a)).toMatch(/bastionless-user-/);
  });
});

describe("pipe secret", () => {
  it("is made once (32 random bytes, 0600 in a 0700 folder) and read back after", () => {
    const dir = path.join(tmp(), "run");
    const first = pipeSecret(dir);
    expect(first).toHaveLength(32);
    expect(pipeSecret(dir).equals(first)).toBe(true);
    if (process.platform !== "win32") {
      expect(fs.statSync(path.join(dir, PIPE_SECRET_FILE)).mode & 0o777).toBe(0o600);
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    }
    expect(fs.readdirSync(dir)).toEqual([PIPE_SECRET_FILE]); // no temporary file left behind
    expect(pipeSecret(path.join(tmp(), "run")).equals(first)).toBe(false);
  });

  it("keeps the secret already in place when another caller made it first", () => {
    const dir = tmp();
    const theirs = Buffer.alloc(32, 9);
    fs.writeFileSync(path.join(dir, PIPE_SECRET_FILE), theirs, { mode: 0o600 });
    expect(pipeSecret(dir).equals(theirs)).toBe(true);
  });

  it("refuses a file that is not a secret, naming what to do", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, PIPE_SECRET_FILE), "short");
    expect(() => pipeSecret(dir)).toThrow(
      expect.objectContaining({ code: "PIPE_SECRET_INVALID", hint: expect.stringContaining("delete") }),
    );
  });
});
