/** install/path-entry.ts: putting `bastionless` on PATH is planned from what is on disk, and undone only where it is ours. */
import { describe, expect, it } from "vitest";
import {
  PATH_KEYS,
  type PathContext,
  type PathProbe,
  parsePathEntry,
  pathContext,
  planPathEntry,
  planPathRemoval,
} from "../../native-host/src/install/path-entry";
import { parseRegQueryValue, regSetValueArgs } from "../../native-host/src/install/registry";

const HOST = "/h/.local/share/bastionless/bin/bastionless";
const BIN = "/h/.local/share/bastionless/bin";
const LINK = "/h/.local/bin/bastionless";

function probe(o: {
  dirs?: string[];
  links?: Record<string, string>;
  files?: string[];
  reg?: Record<string, { type: string; data: string }>;
}): PathProbe {
  return {
    exists: (p) => (o.dirs ?? []).includes(p) || (o.files ?? []).includes(p) || o.links?.[p] === HOST,
    readLink: (p) => o.links?.[p] ?? null,
    regValue: (key, name) => o.reg?.[`${key}|${name}`] ?? null,
  };
}

const linux = (searched: string[]): PathContext => ({
  ...pathContext({ HOME: "/h", PATH: searched.join(":") }, "linux", "user"),
});

describe("bastionless on PATH, Linux and macOS", () => {
  it("links into ~/.local/bin when the shell searches it, even before the folder exists", () => {
    const plan = planPathEntry(linux(["/usr/bin", "/h/.local/bin"]), HOST, BIN, null, probe({}));
    expect(plan.changes).toEqual([{ op: "symlink", path: LINK, target: HOST, what: "bastionless on PATH" }]);
    expect(plan.entry).toEqual({ kind: "link", path: LINK, target: HOST });
    expect(plan.advice).toBeNull();
  });

  it("links into an existing ~/.local/bin that is not on PATH yet, and says to open a login shell", () => {
    const plan = planPathEntry(linux(["/usr/bin"]), HOST, BIN, null, probe({ dirs: ["/h/.local/bin"] }));
    expect(plan.changes.map((c) => c.op)).toEqual(["symlink"]);
    expect(plan.advice).toContain("new login shell");
  });

  it("writes nothing and prints the one line to add when ~/.local/bin neither exists nor is searched", () => {
    const plan = planPathEntry(linux(["/usr/bin"]), HOST, BIN, null, probe({}));
    expect(plan).toEqual({
      changes: [],
      entry: null,
      advice: `echo 'export PATH="${BIN}:$PATH"' >> ~/.profile`,
    });
  });

  it("never replaces a bastionless it did not create", () => {
    const other = planPathEntry(linux(["/h/.local/bin"]), HOST, BIN, null, probe({ files: [LINK] }));
    expect(other.changes).toEqual([]);
    expect(other.entry).toBeNull();
    expect(other.advice).toContain("not bastionless's");
    // A link someone else made to the same program: left as is, and not recorded as ours.
    const same = planPathEntry(linux(["/h/.local/bin"]), HOST, BIN, null, probe({ links: { [LINK]: HOST } }));
    expect(same).toEqual({ changes: [], entry: null, advice: null });
  });

  it("re-running changes nothing; a link of ours to an older host is repointed", () => {
    const entry = { kind: "link" as const, path: LINK, target: HOST };
    expect(
      planPathEntry(linux(["/h/.local/bin"]), HOST, BIN, entry, probe({ links: { [LINK]: HOST } })).changes,
    ).toEqual([]);
    const older = { ...entry, target: "/old/bastionless" };
    const plan = planPathEntry(
      linux(["/h/.local/bin"]),
      HOST,
      BIN,
      older,
      probe({ links: { [LINK]: "/old/bastionless" } }),
    );
    expect(plan.changes).toEqual([{ op: "symlink", path: LINK, target: HOST, what: "bastionless on PATH" }]);
  });

  it("uninstall removes the link only while it still points where install left it", () => {
    const entry = { kind: "link" as const, path: LINK, target: HOST };
    expect(planPathRemoval(entry, probe({ links: { [LINK]: HOST } }))).toEqual([
      { op: "remove", path: LINK, what: "bastionless on PATH" },
    ]);
    expect(planPathRemoval(entry, probe({ links: { [LINK]: "/usr/bin/other" } }))).toEqual([]);
    expect(planPathRemoval(entry, probe({ files: [LINK] }))).toEqual([]);
  });

  it("machine-wide links go to /usr/local/bin (under BASTIONLESS_SYSTEM_ROOT in tests)", () => {
    expect(pathContext({ PATH: "/usr/bin" }, "linux", "system").linkDir).toBe("/usr/local/bin");
    expect(pathContext({ BASTIONLESS_SYSTEM_ROOT: "/t", PATH: "" }, "darwin", "system").linkDir).toBe(
      "/t/usr/local/bin",
    );
  });
});

describe("bastionless on PATH, Windows", () => {
  const WBIN = "C:\\Users\\u\\AppData\\Local\\bastionless\\bin";
  const ctx = pathContext({ Path: "C:\\Windows\\system32", USERPROFILE: "C:\\Users\\u" }, "win32", "user");
  const reg = (data: string, type = "REG_EXPAND_SZ") => ({ [`${PATH_KEYS.user}|Path`]: { type, data } });

  it("appends the bin folder to the user Path, keeping its type and every entry", () => {
    const plan = planPathEntry(
      ctx,
      `${WBIN}\\bastionless.exe`,
      WBIN,
      null,
      probe({ reg: reg("%USERPROFILE%\\bin;D:\\tools") }),
    );
    expect(plan.changes).toEqual([
      {
        op: "reg-set-value",
        key: "HKCU\\Environment",
        name: "Path",
        type: "REG_EXPAND_SZ",
        data: `%USERPROFILE%\\bin;D:\\tools;${WBIN}`,
        what: "bastionless on PATH",
      },
    ]);
    expect(plan.entry).toEqual({ kind: "path-var", key: "HKCU\\Environment", dir: WBIN });
    expect(plan.advice).toContain("new terminal");
    // The reg.exe call is an argument array: the Path value is one argument, never parsed by a shell.
    const c = plan.changes[0]!;
    if (c.op !== "reg-set-value") throw new Error(c.op);
    expect(regSetValueArgs(c.key, c.name, c.type, c.data)).toEqual([
      "add",
      "HKCU\\Environment",
      "/v",
      "Path",
      "/t",
      "REG_EXPAND_SZ",
      "/d",
      `%USERPROFILE%\\bin;D:\\tools;${WBIN}`,
      "/f",
    ]);
  });

  it("creates the user Path when there is none, and leaves one that already has the folder (any case) alone", () => {
    const fresh = planPathEntry(ctx, `${WBIN}\\bastionless.exe`, WBIN, null, probe({}));
    expect(fresh.changes).toMatchObject([{ op: "reg-set-value", type: "REG_EXPAND_SZ", data: WBIN }]);
    expect(fresh.entry).toEqual({ kind: "path-var", key: PATH_KEYS.user, dir: WBIN, created: true });
    // Uninstall deletes the value it created once nothing else is in it, and keeps it otherwise.
    expect(planPathRemoval(fresh.entry!, probe({ reg: reg(WBIN) }))).toEqual([
      { op: "reg-delete-value", key: PATH_KEYS.user, name: "Path", what: "bastionless on PATH" },
    ]);
    expect(planPathRemoval(fresh.entry!, probe({ reg: reg(`${WBIN};D:\\new`) }))).toMatchObject([
      { op: "reg-set-value", data: "D:\\new" },
    ]);
    const there = planPathEntry(
      ctx,
      `${WBIN}\\bastionless.exe`,
      WBIN,
      null,
      probe({ reg: reg(`D:\\x;${WBIN.toUpperCase()}\\`) }),
    );
    expect(there.changes).toEqual([]);
    expect(there.entry).toBeNull();
  });

  it("uninstall takes out its own folder only, and only once", () => {
    const entry = { kind: "path-var" as const, key: PATH_KEYS.user, dir: WBIN };
    expect(planPathRemoval(entry, probe({ reg: reg(`D:\\x;${WBIN};E:\\y`, "REG_SZ") }))).toEqual([
      {
        op: "reg-set-value",
        key: PATH_KEYS.user,
        name: "Path",
        type: "REG_SZ",
        data: "D:\\x;E:\\y",
        what: "bastionless on PATH",
      },
    ]);
    expect(planPathRemoval(entry, probe({ reg: reg("D:\\x") }))).toEqual([]);
  });

  it("reads a value out of reg query output", () => {
    const out =
      "\r\nHKEY_CURRENT_USER\\Environment\r\n    Path    REG_EXPAND_SZ    %USERPROFILE%\\bin;C:\\a b\r\n\r\n";
    expect(parseRegQueryValue(out, "Path")).toEqual({
      type: "REG_EXPAND_SZ",
      data: "%USERPROFILE%\\bin;C:\\a b",
    });
    expect(parseRegQueryValue("    Path    REG_SZ    \r\n", "path")).toEqual({ type: "REG_SZ", data: "" });
    expect(parseRegQueryValue("    TEMP    REG_SZ    x\r\n", "Path")).toBeNull();
  });
});

describe("the record's onPath", () => {
  it("reads what install wrote and refuses a key that is not a Path key", () => {
    expect(parsePathEntry(undefined, "r")).toBeNull();
    expect(parsePathEntry({ kind: "link", path: LINK, target: HOST }, "r")).toEqual({
      kind: "link",
      path: LINK,
      target: HOST,
    });
    expect(() =>
      parsePathEntry({ kind: "path-var", key: "HKCU\\Software\\Evil", dir: "C:\\x" }, "r"),
    ).toThrow();
    expect(() => parsePathEntry({ kind: "exec", path: "x" }, "r")).toThrow();
  });
});
