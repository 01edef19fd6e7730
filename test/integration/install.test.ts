/**
 * `bastionless install` / `uninstall` through the built CLI in a sandbox HOME, then the installed
 * host launched exactly as Chromium and Firefox launch it (browser-e2e.md §5, §9).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { HOST_BUNDLE, HostProcess } from "../support/host-process";
import { makeSandbox, type Sandbox } from "../support/sandbox";
import { cli, cliJson, modeOf, nativeHello, snapshot } from "./install-support";

const PUBLISHED_ORIGIN = "chrome-extension://kokbnelligicogechcoofickipeemloj/";
const EXTRA_ID = "abcdefghijklmnopabcdefghijklmnop";
const FIREFOX_ID = "bastionless@bastionless.dev";
const MANIFEST = "com.bastionless.host.json";

let boxes: Sandbox[] = [];
function sandbox(extra: NodeJS.ProcessEnv = {}): Sandbox {
  const box = makeSandbox(extra);
  boxes.push(box);
  return box;
}
afterEach(() => {
  for (const b of boxes) b.cleanup();
  boxes = [];
});
beforeAll(() => {
  if (!fs.existsSync(HOST_BUNDLE)) throw new Error("build first: npx webpack --mode production");
});

const readJson = (f: string) => JSON.parse(fs.readFileSync(f, "utf8"));

describe("bastionless install (per user)", () => {
  it("registers every browser it finds, with a stable launcher the browsers can start", async () => {
    const box = sandbox();
    fs.mkdirSync(path.join(box.home, ".config/google-chrome"), { recursive: true });
    fs.mkdirSync(path.join(box.home, ".mozilla"), { recursive: true });
    const out = cliJson(["install"], box.env);
    expect(out.exitStatus).toBe(0);
    expect(out.chosen).toBe("detected");
    expect(out.browsers).toEqual(["chrome", "firefox"]);

    const chrome = readJson(path.join(box.home, ".config/google-chrome/NativeMessagingHosts", MANIFEST));
    const firefox = readJson(path.join(box.home, ".mozilla/native-messaging-hosts", MANIFEST));
    const launcher = path.join(box.home, ".local/share/bastionless/bin/bastionless");
    expect(chrome).toEqual({
      name: "com.bastionless.host",
      description: expect.any(String),
      path: launcher,
      type: "stdio",
      allowed_origins: [PUBLISHED_ORIGIN],
    });
    expect(firefox).toMatchObject({ path: launcher, allowed_extensions: [FIREFOX_ID] });
    // A per-user install is the user's alone: files 0600 (0700 when run), folders it made 0700.
    expect(modeOf(launcher)).toBe("700");
    expect(modeOf(path.join(box.home, ".mozilla/native-messaging-hosts", MANIFEST))).toBe("600");
    expect(modeOf(path.join(box.home, ".mozilla/native-messaging-hosts"))).toBe("700");
    const dataDir = path.join(box.home, ".local/share/bastionless");
    for (const f of fs.readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
      const p = path.join(f.parentPath, f.name);
      expect(Number.parseInt(modeOf(p), 8) & 0o077, p).toBe(0);
    }
    expect(fs.existsSync(path.join(box.home, ".config/chromium"))).toBe(false);

    // The launcher is what the browser runs: origin as argv[1] (Chromium), manifest + id (Firefox).
    expect(await nativeHello(launcher, [PUBLISHED_ORIGIN], box.env)).toMatchObject({
      id: 1,
      ok: true,
      result: { name: "bastionless" },
    });
    const ff = await nativeHello(
      launcher,
      [path.join(box.home, ".mozilla/native-messaging-hosts", MANIFEST), FIREFOX_ID],
      box.env,
    );
    expect(ff).toMatchObject({ id: 1, ok: true });
    expect(await nativeHello(launcher, [`chrome-extension://${EXTRA_ID}/`], box.env)).toMatchObject({
      ok: false,
      error: { code: "ORIGIN_NOT_ALLOWED" },
    });
  });

  it("falls back to Chromium when no browser folder exists, and says so", () => {
    const box = sandbox();
    const r = cli(["install"], box.env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("no browser found; Chromium by default");
    expect(fs.existsSync(path.join(box.home, ".config/chromium/NativeMessagingHosts", MANIFEST))).toBe(true);
  });

  it("is idempotent: a second run changes nothing and rewrites nothing", () => {
    const box = sandbox();
    cliJson(["install", "--browser", "chromium", "--browser", "firefox"], box.env);
    const before = snapshot(box.home);
    const again = cliJson(["install", "--browser", "chromium", "--browser", "firefox"], box.env);
    expect(again.changes).toEqual([]);
    expect(snapshot(box.home)).toEqual(before);
    // Without --browser, a re-run keeps serving what was registered before.
    expect(cliJson(["install"], box.env).browsers).toEqual(["chromium", "firefox"]);
  });

  it("merges --extension-id across runs and sorts ids to the right browser family", async () => {
    const box = sandbox();
    cliJson(
      ["install", "--browser", "chromium", "--browser", "firefox", "--extension-id", EXTRA_ID],
      box.env,
    );
    const out = cliJson(
      ["install", "--browser", "firefox", "--extension-id", "dev-build@example.org"],
      box.env,
    );
    expect(out.allowedOrigins).toEqual([PUBLISHED_ORIGIN, `chrome-extension://${EXTRA_ID}/`]);
    expect(out.allowedExtensions).toEqual([FIREFOX_ID, "dev-build@example.org"]);
    const chromium = readJson(path.join(box.home, ".config/chromium/NativeMessagingHosts", MANIFEST));
    expect(chromium.allowed_origins).toEqual([PUBLISHED_ORIGIN, `chrome-extension://${EXTRA_ID}/`]);
    const launcher = out.host.path;
    expect(await nativeHello(launcher, [`chrome-extension://${EXTRA_ID}/`], box.env)).toMatchObject({
      ok: true,
    });
  });

  it("copies the bundle's lazy chunks, and a running host keeps its own when they are replaced", async () => {
    const box = sandbox();
    const out = cliJson(["install", "--browser", "chromium"], box.env);
    const bin = path.dirname(out.host.path);
    const built = fs.readdirSync(path.join(path.dirname(HOST_BUNDLE), "chunks")).sort();
    expect(built.length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(bin, "chunks")).sort()).toEqual(built);
    expect(out.host.files).toEqual(expect.arrayContaining(built.map((f) => path.join(bin, "chunks", f))));
    // The installed CLI needs chunks for any command but --version.
    expect(cli(["profiles"], box.env, out.host.path)).toMatchObject({ status: 0 });

    const host = new HostProcess([PUBLISHED_ORIGIN], box.env, [out.host.path]);
    try {
      expect(await host.request(1, "hello")).toMatchObject({ ok: true });
      // What an upgrade does to the files under a running host: other chunks, these gone.
      for (const f of built) fs.rmSync(path.join(bin, "chunks", f));
      expect(await host.request(2, "profiles.list")).toMatchObject({ ok: true, result: { profiles: [] } });
    } finally {
      await host.close();
    }
  });

  it("refuses a malformed extension id or browser name with a usage error", () => {
    const box = sandbox();
    const bad = cli(["install", "--extension-id", "not-an-id"], box.env);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("neither a Chromium extension id");
    expect(bad.stderr).toContain("--extension-id");
    const browser = cli(["install", "--browser", "netscape"], box.env);
    expect(browser.status).toBe(2);
    expect(browser.stderr).toContain("chrome, chromium, edge, brave, vivaldi, firefox");
    expect(fs.readdirSync(box.home)).toEqual([]);
  });

  it("writes into a Chromium --user-data-dir with --browser-profile", async () => {
    const box = sandbox();
    const profile = path.join(box.dir, "chromium profile");
    const out = cliJson(["install", "--browser-profile", profile], box.env);
    const manifest = path.join(profile, "NativeMessagingHosts", MANIFEST);
    expect(out.registrations).toEqual([{ browser: "chromium", manifestPath: manifest, profileDir: profile }]);
    expect(readJson(manifest).allowed_origins).toEqual([PUBLISHED_ORIGIN]);
    expect(cli(["install", "--browser", "firefox", "--browser-profile", profile], box.env).status).toBe(2);
  });

  it("--dry-run reports the changes and touches nothing", () => {
    const box = sandbox();
    const before = snapshot(box.dir);
    const out = cliJson(["install", "--browser", "edge", "--dry-run"], box.env);
    expect(out.dryRun).toBe(true);
    expect(out.changes.map((c: any) => c.target)).toContain(
      path.join(box.home, ".config/microsoft-edge/NativeMessagingHosts", MANIFEST),
    );
    expect(snapshot(box.dir)).toEqual(before);
  });

  it("launcher quoting survives a home folder with spaces and quotes", async () => {
    const box = sandbox();
    const oddHome = path.join(box.dir, 'it\'s a "home" $HOME');
    fs.mkdirSync(oddHome);
    const env = {
      ...box.env,
      HOME: oddHome,
      BASTIONLESS_CONFIG_DIR: path.join(oddHome, ".config/bastionless"),
    };
    const out = cliJson(["install", "--browser", "chromium"], env);
    expect(out.host.path.startsWith(oddHome)).toBe(true);
    expect(await nativeHello(out.host.path, [PUBLISHED_ORIGIN], env)).toMatchObject({ ok: true });
    // Running install again from the installed copy finds everything in place.
    expect(cliJson(["install", "--browser", "chromium"], env, out.host.path).changes).toEqual([]);
  });

  it("stops on a damaged install record instead of guessing what it wrote", () => {
    const box = sandbox();
    fs.mkdirSync(box.env.BASTIONLESS_CONFIG_DIR!, { recursive: true });
    fs.writeFileSync(
      path.join(box.env.BASTIONLESS_CONFIG_DIR!, "install.json"),
      '{"version": 1, "scope": "user", "registrations": "nope"}',
    );
    for (const cmd of ["install", "uninstall"]) {
      const r = cli([cmd], box.env);
      expect(r.status).toBe(5);
      expect(r.stderr).toContain("is damaged");
      expect(r.stderr).toContain("Move");
    }
  });
});

describe("bastionless uninstall", () => {
  it("removes exactly what install wrote, leaving other hosts' manifests alone", () => {
    const box = sandbox();
    const otherHost = path.join(box.home, ".mozilla/native-messaging-hosts/org.other.host.json");
    fs.mkdirSync(path.dirname(otherHost), { recursive: true });
    fs.writeFileSync(otherHost, "{}");
    fs.mkdirSync(box.env.BASTIONLESS_CONFIG_DIR!, { recursive: true });
    fs.writeFileSync(path.join(box.env.BASTIONLESS_CONFIG_DIR!, "settings.json"), "{}");
    const before = snapshot(box.home);
    cliJson(["install", "--browser", "chrome", "--browser", "firefox", "--extension-id", EXTRA_ID], box.env);
    expect(snapshot(box.home)).not.toEqual(before);
    const out = cliJson(["uninstall"], box.env);
    expect(out.exitStatus).toBe(0);
    expect(snapshot(box.home)).toEqual(before);
    expect(cliJson(["uninstall"], box.env).changes).toEqual([]);
  });

  it("--browser removes one registration and keeps the host for the others", async () => {
    const box = sandbox();
    cliJson(["install", "--browser", "chromium", "--browser", "firefox"], box.env);
    const out = cliJson(["uninstall", "--browser", "chromium"], box.env);
    expect(out.browsers).toEqual(["chromium"]);
    expect(fs.existsSync(path.join(box.home, ".config/chromium/NativeMessagingHosts", MANIFEST))).toBe(false);
    expect(out.registrations.map((r: any) => r.browser)).toEqual(["firefox"]);
    expect(
      await nativeHello(
        out.host.path,
        [path.join(box.home, ".mozilla/native-messaging-hosts", MANIFEST), FIREFOX_ID],
        box.env,
      ),
    ).toMatchObject({ ok: true });
  });

  it("--extension-id withdraws an id added earlier", async () => {
    const box = sandbox();
    const inst = cliJson(["install", "--browser", "chromium", "--extension-id", EXTRA_ID], box.env);
    const out = cliJson(["uninstall", "--extension-id", EXTRA_ID], box.env);
    expect(out.allowedOrigins).toEqual([PUBLISHED_ORIGIN]);
    expect(await nativeHello(inst.host.path, [`chrome-extension://${EXTRA_ID}/`], box.env)).toMatchObject({
      ok: false,
      error: { code: "ORIGIN_NOT_ALLOWED" },
    });
  });
});

describe("bastionless on PATH", () => {
  /** A sandbox whose PATH searches ~/.local/bin first, as Debian's ~/.profile sets it up. */
  function localBinSandbox(): { box: Sandbox; localBin: string } {
    const box = sandbox();
    const localBin = path.join(box.home, ".local/bin");
    box.env.PATH = `${localBin}:${box.env.PATH}`;
    return { box, localBin };
  }
  const byName = (env: NodeJS.ProcessEnv) =>
    spawnSync("bastionless", ["--version"], { env, encoding: "utf8", cwd: env.TMPDIR });

  it("links bastionless into ~/.local/bin when the shell searches it, and uninstall takes the link away", () => {
    const { box, localBin } = localBinSandbox();
    const before = snapshot(box.home);
    expect(byName(box.env).error).toBeDefined(); // not runnable by name before install
    const out = cliJson(["install", "--browser", "chromium"], box.env);
    expect(out.onPath).toEqual({
      kind: "link",
      path: path.join(localBin, "bastionless"),
      target: out.host.path,
    });
    expect(out.pathAdvice).toBeNull();
    expect(fs.readlinkSync(path.join(localBin, "bastionless"))).toBe(out.host.path);
    const run = byName(box.env);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(cliJson(["install", "--browser", "chromium"], box.env).changes).toEqual([]);

    cliJson(["uninstall"], box.env);
    expect(fs.existsSync(localBin)).toBe(false); // install created the folder, so it goes too
    expect(snapshot(box.home)).toEqual(before);
  });

  it("prints the one line to add when no folder on PATH is bastionless's to use, and writes none", () => {
    const box = sandbox();
    const r = cli(["install", "--browser", "chromium"], box.env);
    expect(r.status).toBe(0);
    const bin = path.join(box.home, ".local/share/bastionless/bin");
    expect(r.stdout).toContain(`echo 'export PATH="${bin}:$PATH"' >> ~/.profile`);
    expect(fs.existsSync(path.join(box.home, ".local/bin"))).toBe(false);
    // The printed line works: with it, a new shell finds bastionless.
    const shell = spawnSync("sh", ["-c", `export PATH="${bin}:$PATH"; bastionless --version`], {
      env: box.env,
      encoding: "utf8",
    });
    expect(shell.status).toBe(0);
  });

  it("never replaces or removes a bastionless it did not put there", () => {
    const { box, localBin } = localBinSandbox();
    fs.mkdirSync(localBin, { recursive: true });
    const theirs = path.join(localBin, "bastionless");
    fs.writeFileSync(theirs, "#!/bin/sh\necho someone else's\n", { mode: 0o755 });
    const out = cliJson(["install", "--browser", "chromium"], box.env);
    expect(out.onPath).toBeNull();
    expect(out.pathAdvice).toContain(`${theirs} exists and is not bastionless's`);
    expect(fs.readFileSync(theirs, "utf8")).toBe("#!/bin/sh\necho someone else's\n");
    cliJson(["uninstall"], box.env);
    expect(fs.readFileSync(theirs, "utf8")).toBe("#!/bin/sh\necho someone else's\n");
  });

  it("leaves a link that was repointed after install alone on uninstall", () => {
    const { box, localBin } = localBinSandbox();
    cliJson(["install", "--browser", "chromium"], box.env);
    const link = path.join(localBin, "bastionless");
    fs.rmSync(link);
    fs.symlinkSync("/usr/bin/true", link);
    const out = cliJson(["uninstall"], box.env);
    expect(out.changes.map((c: any) => c.target)).not.toContain(link);
    expect(fs.readlinkSync(link)).toBe("/usr/bin/true");
  });
});

describe("bastionless install --system (under BASTIONLESS_SYSTEM_ROOT)", () => {
  it("writes the machine-wide folders and record, which the host honours for any user", async () => {
    const root = sandbox();
    const env = { ...root.env, BASTIONLESS_SYSTEM_ROOT: path.join(root.dir, "sysroot") };
    const sys = (p: string) => path.join(root.dir, "sysroot", p);
    fs.mkdirSync(sys(""));
    const out = cliJson(
      ["install", "--system", "--browser", "chromium", "--browser", "firefox", "--browser", "brave"],
      env,
    );
    expect(out.scope).toBe("system");
    const exe = sys("opt/bastionless/bin/bastionless");
    expect(out.host.path).toBe(exe);
    expect(readJson(sys(`etc/chromium/native-messaging-hosts/${MANIFEST}`)).path).toBe(exe);
    expect(readJson(sys(`etc/brave/native-messaging-hosts/${MANIFEST}`)).path).toBe(exe);
    expect(readJson(sys(`usr/lib/mozilla/native-messaging-hosts/${MANIFEST}`)).allowed_extensions).toEqual([
      FIREFOX_ID,
    ]);
    expect(readJson(sys("etc/bastionless/install.json")).scope).toBe("system");
    expect(fs.existsSync(path.join(root.env.BASTIONLESS_CONFIG_DIR!, "install.json"))).toBe(false);

    // Another user (own HOME, no per-user record) launched by the browser is served.
    const other = sandbox({ BASTIONLESS_SYSTEM_ROOT: env.BASTIONLESS_SYSTEM_ROOT });
    expect(await nativeHello(exe, [PUBLISHED_ORIGIN], other.env)).toMatchObject({ ok: true });
    // Any other host they run (here the build itself) reads their own record only (issue 17).
    const own = new HostProcess([PUBLISHED_ORIGIN], other.env);
    own.send({ id: 1, type: "hello" });
    expect(await own.next()).toMatchObject({ id: null, ok: false, error: { code: "ORIGIN_NOT_ALLOWED" } });
    expect(await own.close()).toBe(1);

    cliJson(["uninstall", "--system"], env);
    expect(snapshot(sys(""))).toEqual({});
  });
});
