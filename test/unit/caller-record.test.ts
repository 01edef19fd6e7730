/**
 * Whom the host serves comes from the install records, read through install/record-store.ts (the
 * one reader of that file, issue 10): the user's record always counts, the machine-wide one only
 * for the host it installed, and a missing or damaged record allows nobody.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { installRecordPath } from "../../native-host/src/config/paths";
import { osOf } from "../../native-host/src/install/browsers";
import { systemRecordPath } from "../../native-host/src/install/install-paths";
import { emptyRecord, type InstallRecord } from "../../native-host/src/install/install-record";
import { allowedCallers, readCallers, recordedCallers } from "../../native-host/src/protocol/caller";

const USER_ORIGIN = "chrome-extension://abcdefghijklmnopabcdefghijklmnop/";
const SYSTEM_ORIGIN = "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/";

let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "bl-caller-"));
  env = {
    HOME: dir,
    BASTIONLESS_CONFIG_DIR: path.join(dir, "config"),
    BASTIONLESS_SYSTEM_ROOT: path.join(dir, "sys"),
  };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(file: string, content: InstallRecord | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
}

const userRecord = () => installRecordPath(env);
const systemRecord = () => systemRecordPath(env, osOf(process.platform));

describe("the caller check's install records", () => {
  it("serves the origins and add-on ids of the user's record", () => {
    const r = emptyRecord("user");
    r.allowedOrigins.push(USER_ORIGIN);
    r.allowedExtensions.push("dev@example.org");
    write(userRecord(), r);
    expect(allowedCallers(env, [])).toEqual(new Set([USER_ORIGIN, "dev@example.org"]));
  });

  it("allows nobody from a missing record", () => {
    expect(readCallers(userRecord())).toEqual({ allowed: new Set(), hostFiles: [] });
    expect(allowedCallers(env, []).size).toBe(0);
  });

  it.each([
    ["not JSON", "{"],
    [
      "an origin that is no string",
      JSON.stringify({ ...emptyRecord("user"), allowedOrigins: [USER_ORIGIN, 7] }),
    ],
    [
      "another record version",
      JSON.stringify({ ...emptyRecord("user"), version: 2, allowedOrigins: [USER_ORIGIN] }),
    ],
  ])("allows nobody from a damaged record (%s), as install and doctor call it damaged", (_why, text) => {
    write(userRecord(), text);
    expect(allowedCallers(env, []).size).toBe(0);
    expect(recordedCallers(env).size).toBe(0);
  });

  it("counts the machine-wide record only for the host that install put in place", () => {
    const exe = path.join(dir, "sys", "opt", "bastionless");
    write(exe, "host");
    const r = emptyRecord("system");
    r.allowedOrigins.push(SYSTEM_ORIGIN);
    r.host = { path: exe, kind: "sea", files: [exe], version: "0.1.0" };
    write(systemRecord(), r);
    expect(allowedCallers(env, [exe]).has(SYSTEM_ORIGIN)).toBe(true);
    expect(allowedCallers(env, [path.join(dir, "elsewhere")]).has(SYSTEM_ORIGIN)).toBe(false);
    expect(recordedCallers(env).has(SYSTEM_ORIGIN)).toBe(true);
  });
});
