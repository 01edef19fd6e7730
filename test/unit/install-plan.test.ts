/** The pure parts of install: the browser × OS table, record merging, change planning, launchers. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { extensionIdFamily } from "../../contract/extension-ids";
import { BROWSER_TABLE, BROWSERS } from "../../native-host/src/install/browsers";
import {
  buildHostManifest,
  parseHostManifest,
  renderHostManifest,
} from "../../native-host/src/install/host-manifest";
import { manifestPlace, systemRecordPath } from "../../native-host/src/install/install-paths";
import {
  emptyRecord,
  parseInstallRecord,
  renderInstallRecord,
} from "../../native-host/src/install/install-record";
import { cmdLauncher, shLauncher, shQuote } from "../../native-host/src/install/launcher";
import {
  recordAfterInstall,
  recordAfterUninstall,
  registrationsFor,
} from "../../native-host/src/install/next-record";
import { type Probe, planChanges } from "../../native-host/src/install/plan-changes";
import { parseRegQueryDefault, regAddArgs } from "../../native-host/src/install/registry";

const HOST = {
  path: "/h/bin/bastionless",
  kind: "bundle" as const,
  files: ["/h/bin/bastionless.cjs", "/h/bin/bastionless"],
  version: "1.0.0",
};

function memProbe(files: Record<string, string>, dirs: string[] = ["/", "/h"]): Probe {
  return {
    read: (p) => (p in files ? Buffer.from(files[p]!) : null),
    exists: (p) => p in files || dirs.includes(p),
    sameContent: (a, b) => a in files && b in files && files[a] === files[b],
    readLink: () => null,
    regValue: () => null,
  };
}

describe("browser × OS table", () => {
  it("puts each manifest where that browser reads it", () => {
    const env = { HOME: "/home/u", LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" };
    expect(manifestPlace("firefox", "user", "linux", env).manifestPath).toBe(
      "/home/u/.mozilla/native-messaging-hosts/com.bastionless.host.json",
    );
    expect(manifestPlace("chrome", "system", "linux", env).manifestPath).toBe(
      "/etc/opt/chrome/native-messaging-hosts/com.bastionless.host.json",
    );
    expect(manifestPlace("edge", "user", "darwin", env).manifestPath).toBe(
      "/home/u/Library/Application Support/Microsoft Edge/NativeMessagingHosts/com.bastionless.host.json",
    );
    expect(manifestPlace("chrome", "system", "darwin", env).manifestPath).toBe(
      "/Library/Google/Chrome/NativeMessagingHosts/com.bastionless.host.json",
    );
    expect(manifestPlace("edge", "system", "win32", env).registryKey).toBe(
      "HKLM\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\com.bastionless.host",
    );
    const ff = manifestPlace("firefox", "user", "win32", env);
    expect(ff).toEqual({
      manifestPath: "C:\\Users\\u\\AppData\\Local\\bastionless\\manifests\\firefox.json",
      registryKey: "HKCU\\Software\\Mozilla\\NativeMessagingHosts\\com.bastionless.host",
    });
    // Brave and Chrome share a key on Windows, so they share the manifest file too.
    expect(manifestPlace("brave", "user", "win32", env)).toEqual(
      manifestPlace("chrome", "user", "win32", env),
    );
  });

  it("moves every system path under BASTIONLESS_SYSTEM_ROOT", () => {
    const env = { HOME: "/home/u", BASTIONLESS_SYSTEM_ROOT: "/tmp/root" };
    for (const b of BROWSERS)
      expect(manifestPlace(b, "system", "linux", env).manifestPath.startsWith("/tmp/root/")).toBe(true);
    expect(systemRecordPath(env, "linux")).toBe("/tmp/root/etc/bastionless/install.json");
  });

  it("has every browser on every OS, Firefox the only non-Chromium family", () => {
    for (const b of BROWSERS) {
      expect(BROWSER_TABLE[b].family).toBe(b === "firefox" ? "firefox" : "chromium");
      expect(BROWSER_TABLE[b].win32.key).toMatch(/^Software\\.+\\NativeMessagingHosts$/);
    }
  });

  it("refuses --browser-profile for Firefox and on Windows", () => {
    const sel = { browsers: [], extensionIds: [], profileDir: "/p" };
    expect(registrationsFor(["chromium"], sel, "user", "linux", {})).toEqual([
      {
        browser: "chromium",
        manifestPath: "/p/NativeMessagingHosts/com.bastionless.host.json",
        profileDir: "/p",
      },
    ]);
    expect(() => registrationsFor(["firefox"], sel, "user", "linux", {})).toThrow(/--browser-profile/);
    expect(() => registrationsFor(["chrome"], sel, "user", "win32", {})).toThrow(/--browser-profile/);
  });
});

describe("extension ids and manifests", () => {
  it("tells a Chromium id from a Firefox add-on id by form", () => {
    expect(extensionIdFamily("kokbnelligicogechcoofickipeemloj")).toBe("chromium");
    expect(extensionIdFamily("bastionless@bastionless.dev")).toBe("firefox");
    expect(extensionIdFamily("{12345678-1234-1234-1234-123456789abc}")).toBe("firefox");
    for (const bad of ["kokbnelligicogechcoofickipeemloz", "short", "", "a b@c", "x@y;rm -rf"])
      expect(extensionIdFamily(bad)).toBeNull();
  });

  it("builds manifests a browser accepts and reads back what it would reject", () => {
    const m = buildHostManifest("chromium", "/h/b", {
      chromium: ["kokbnelligicogechcoofickipeemloj"],
      firefox: [],
    });
    expect(m.allowed_origins).toEqual(["chrome-extension://kokbnelligicogechcoofickipeemloj/"]);
    expect(parseHostManifest(renderHostManifest(m), "chromium")).toMatchObject({ ok: true });
    expect(parseHostManifest("{", "chromium")).toEqual({ ok: false, problem: { kind: "not-json" } });
    expect(parseHostManifest(JSON.stringify({ ...m, name: "x" }), "chromium")).toMatchObject({
      problem: { kind: "wrong-name" },
    });
    expect(parseHostManifest(renderHostManifest(m), "firefox")).toMatchObject({
      problem: { kind: "bad-field", field: "allowed_extensions" },
    });
  });
});

describe("install record", () => {
  it("round-trips and rejects anything malformed", () => {
    const r = recordAfterInstall(
      null,
      "user",
      [{ browser: "chromium", manifestPath: "/m.json" }],
      ["abcdefghijklmnopabcdefghijklmnop"],
      HOST,
    );
    expect(parseInstallRecord(renderInstallRecord(r))).toEqual(r);
    for (const bad of [
      "[]",
      "{}",
      '{"version":2}',
      JSON.stringify({ ...r, registrations: [{ browser: "netscape", manifestPath: "/x" }] }),
      JSON.stringify({ ...r, host: { ...HOST, files: "x" } }),
    ]) {
      expect(() => parseInstallRecord(bad)).toThrow();
    }
  });

  it("merges installs and drops only what uninstall selects", () => {
    const a = recordAfterInstall(null, "user", [{ browser: "chromium", manifestPath: "/c.json" }], [], HOST);
    const b = recordAfterInstall(
      a,
      "user",
      [
        { browser: "firefox", manifestPath: "/f.json" },
        { browser: "chromium", manifestPath: "/c.json" },
      ],
      ["dev@example.org"],
      HOST,
    );
    expect(b.registrations.map((r) => r.browser)).toEqual(["firefox", "chromium"]);
    expect(b.allowedExtensions).toEqual(["bastionless@bastionless.dev", "dev@example.org"]);
    expect(
      recordAfterUninstall(b, { browsers: ["firefox"], extensionIds: [] })?.registrations.map(
        (r) => r.browser,
      ),
    ).toEqual(["chromium"]);
    expect(
      recordAfterUninstall(b, { browsers: [], extensionIds: ["dev@example.org"] })?.allowedExtensions,
    ).toEqual(["bastionless@bastionless.dev"]);
    expect(recordAfterUninstall(b, { browsers: [], extensionIds: [] })).toBeNull();
    expect(recordAfterUninstall(b, { browsers: ["firefox", "chromium"], extensionIds: [] })).toBeNull();
  });
});

describe("planChanges", () => {
  const next = recordAfterInstall(
    null,
    "user",
    [{ browser: "chromium", manifestPath: "/h/c/m.json" }],
    [],
    HOST,
  );
  const hostFiles = [
    { path: "/h/bin/bastionless.cjs", from: "/src/b.cjs", mode: 0o644, what: "bundle" },
    { path: "/h/bin/bastionless", data: "#!/bin/sh\n", mode: 0o755, what: "launcher" },
  ];

  it("writes into a manifest only the origins that are Chromium extension origins (the contract's rule)", () => {
    const kept = "chrome-extension://kokbnelligicogechcoofickipeemloj/";
    const plan = planChanges({
      os: "linux",
      recordPath: "/h/r/install.json",
      old: null,
      next: { ...next, allowedOrigins: [kept, "chrome-extension://NOT-AN-ID/", "https://example.org/"] },
      hostFiles,
      probe: memProbe({ "/src/b.cjs": "B" }),
    });
    const manifest = plan.changes.find((c) => c.op === "write" && c.path === "/h/c/m.json");
    expect(manifest && "data" in manifest && JSON.parse(manifest.data).allowed_origins).toEqual([kept]);
  });

  it("creates missing folders first and records them", () => {
    const plan = planChanges({
      os: "linux",
      recordPath: "/h/r/install.json",
      old: null,
      next,
      hostFiles,
      probe: memProbe({ "/src/b.cjs": "B" }),
    });
    expect(plan.changes.map((c) => `${c.op} ${"path" in c ? c.path : c.key}`)).toEqual([
      "mkdir /h/bin",
      "mkdir /h/c",
      "mkdir /h/r",
      "copy /h/bin/bastionless.cjs",
      "write /h/bin/bastionless",
      "write /h/c/m.json",
      "write /h/r/install.json",
    ]);
    expect(plan.record?.createdDirs).toEqual(["/h/bin", "/h/c", "/h/r"]);
  });

  it("plans nothing when everything is already in place", () => {
    const first = planChanges({
      os: "linux",
      recordPath: "/h/r/install.json",
      old: null,
      next,
      hostFiles,
      probe: memProbe({ "/src/b.cjs": "B" }),
    });
    const files: Record<string, string> = { "/src/b.cjs": "B", "/h/bin/bastionless.cjs": "B" };
    for (const c of first.changes) if (c.op === "write") files[c.path] = c.data;
    const again = planChanges({
      os: "linux",
      recordPath: "/h/r/install.json",
      old: first.record,
      next,
      hostFiles,
      probe: memProbe(files, ["/", "/h", "/h/bin", "/h/c", "/h/r"]),
    });
    expect(again.changes).toEqual([]);
  });

  it("on Windows sets each registry key once and deletes a shared key only with its last user", () => {
    const env = { LOCALAPPDATA: "C:\\L" };
    const regs = (["chrome", "brave", "firefox"] as const).map((b) => ({
      browser: b,
      ...manifestPlace(b, "user", "win32", env),
    }));
    const all = recordAfterInstall(null, "user", regs, [], {
      ...HOST,
      path: "C:\\L\\bastionless\\bin\\bastionless.exe",
    });
    const plan = planChanges({
      os: "win32",
      recordPath: "C:\\R\\install.json",
      old: null,
      next: all,
      hostFiles: [],
      probe: memProbe({}, ["C:\\", "C:\\L", "C:\\R"]),
    });
    expect(plan.changes.filter((c) => c.op === "reg-add").map((c) => (c as { key: string }).key)).toEqual([
      "HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\com.bastionless.host",
      "HKCU\\Software\\Mozilla\\NativeMessagingHosts\\com.bastionless.host",
    ]);
    const withoutBrave = recordAfterUninstall(all, { browsers: ["brave"], extensionIds: [] });
    const un = planChanges({
      os: "win32",
      recordPath: "C:\\R\\install.json",
      old: all,
      next: withoutBrave,
      hostFiles: [],
      probe: memProbe({}),
    });
    expect(un.changes.filter((c) => c.op === "reg-delete" || c.op === "remove")).toEqual([]);
    const none = planChanges({
      os: "win32",
      recordPath: "C:\\R\\install.json",
      old: all,
      next: null,
      hostFiles: [],
      probe: memProbe({ [regs[0]!.manifestPath]: "{}" }),
    });
    expect(none.changes.filter((c) => c.op === "reg-delete")).toHaveLength(2);
    expect(none.changes.filter((c) => c.op === "remove").map((c) => (c as { path: string }).path)).toEqual([
      regs[0]!.manifestPath,
    ]);
  });

  it("never removes a file that no record lists", () => {
    const old = {
      ...emptyRecord("user"),
      registrations: [{ browser: "chromium" as const, manifestPath: "/h/c/m.json" }],
    };
    const plan = planChanges({
      os: "linux",
      recordPath: "/h/r.json",
      old,
      next: null,
      hostFiles: [],
      probe: memProbe({ "/h/c/m.json": "{}", "/h/c/other.json": "{}" }),
    });
    expect(plan.changes).toEqual([
      { op: "remove", path: "/h/c/m.json", what: "native-messaging manifest for Chromium" },
    ]);
  });
});

describe("launchers and reg.exe arguments", () => {
  it("quotes any path for /bin/sh", () => {
    for (const s of ["plain", "it's", 'a "b" $HOME `x` \\ ;|&', "'''"]) {
      expect(execFileSync("/bin/sh", ["-c", `printf %s ${shQuote(s)}`], { encoding: "utf8" })).toBe(s);
    }
    expect(shLauncher("/usr/bin/node", "/b.cjs")).toContain(`exec '/usr/bin/node' '/b.cjs' "$@"`);
  });

  it("writes a .cmd launcher and refuses paths cmd.exe would expand", () => {
    expect(cmdLauncher("C:\\node.exe", "C:\\b.cjs")).toContain('"C:\\node.exe" "C:\\b.cjs" %*');
    expect(() => cmdLauncher("C:\\100%\\node.exe", "C:\\b.cjs")).toThrow(/cannot be written safely/);
  });

  it("passes the manifest path to reg.exe as one argument and reads the default value back", () => {
    expect(regAddArgs("HKCU\\K", "C:\\a b\\m.json")).toEqual([
      "add",
      "HKCU\\K",
      "/ve",
      "/t",
      "REG_SZ",
      "/d",
      "C:\\a b\\m.json",
      "/f",
    ]);
    const out = "\r\nHKEY_CURRENT_USER\\K\r\n    (Default)    REG_SZ    C:\\a b\\m.json\r\n\r\n";
    expect(parseRegQueryDefault(out)).toBe("C:\\a b\\m.json");
    expect(
      parseRegQueryDefault("ERROR: The system was unable to find the specified registry key"),
    ).toBeNull();
  });
});
