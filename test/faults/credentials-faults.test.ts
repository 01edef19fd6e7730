/**
 * File faults for the credentials writer (design §5): a hundred writers at once with some killed
 * at named points of their write (signalled by the writer, never after a delay), a full disk, a size limit, a read-only filesystem, symlinks, and locks held or left
 * by dead writers. In every case: nothing lost, and on failure the original is intact.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeSts, startFakeSts } from "../fakes/sts/index";
import { makeSamlResponse, role } from "../fixtures/saml";
import { runCli } from "../integration/assume-run-cli";
import { checkCredentialsFile, ORIGINAL_CREDENTIALS } from "../integration/credentials-check";
import { runningAsRoot } from "../integration/credentials-unprivileged";
import { HOST_BUNDLE } from "../support/host-process";
import { makeSandbox, type Sandbox } from "../support/sandbox";

/** Preloaded into a writer to be killed: it signals the point it reached and freezes there. */
const KILL_POINT = path.join(__dirname, "../support/kill-point.cjs");

let sts: FakeSts;
let sb: Sandbox;
let samlFile: string;
let awsDir: string;
const cleanups: Array<() => unknown> = [];

beforeAll(async () => {
  sts = await startFakeSts();
});
afterAll(async () => {
  await sts?.close();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function freshSandbox(original = ORIGINAL_CREDENTIALS): void {
  sb = makeSandbox({ AWS_ENDPOINT_URL_STS: sts.url });
  cleanups.push(() => sb.cleanup());
  awsDir = path.dirname(sb.credentialsFile);
  fs.mkdirSync(awsDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(sb.credentialsFile, original, { mode: 0o600 });
  samlFile = path.join(sb.dir, "saml.txt");
  fs.writeFileSync(
    samlFile,
    makeSamlResponse({
      roles: [role("111122223333", "Admin")],
      notOnOrAfter: new Date(Date.now() + 3_600_000),
    }).base64,
  );
}

const issuedKeys = () => new Set(sts.calls.map((c) => c.credentials?.accessKeyId));
const assume = (profile: string, opts: Parameters<typeof runCli>[2] = {}) =>
  runCli(["assume", "--saml-file", samlFile, "--profile", profile], sb.env, opts);

/** Mounts a small tmpfs on `dir` (root only); returns false where mounting is not allowed. */
function mountTmpfs(dir: string, size: string): boolean {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "tmpfs", dir], { stdio: "pipe" });
    cleanups.push(() => execFileSync("umount", ["-l", dir], { stdio: "pipe" }));
    return true;
  } catch {
    return false;
  }
}

describe("credentials file faults", () => {
  it("100 concurrent writers, 12 of them killed mid-write: survivors all land, nothing else is lost", async () => {
    freshSandbox();
    const names = Array.from({ length: 100 }, (_, i) => `w${i}`);
    // Every 8th writer is killed at one of the points of a write, in turn (kill-point.cjs): it
    // says on fd 3 that it got there and freezes, and only then is it sent SIGKILL.
    const points = ["lock", "partial", "rename", "renamed"] as const;
    const victims = new Map(
      names.filter((_, i) => i % 8 === 3).map((n, k) => [n, points[k % points.length]!]),
    );
    const reached = new Map<string, string>();
    const runs = names.map((n) => {
      const at = victims.get(n);
      if (!at) return assume(n, { timeoutMs: null });
      const child = spawn(
        process.execPath,
        ["--require", KILL_POINT, HOST_BUNDLE, "assume", "--saml-file", samlFile, "--profile", n],
        {
          env: { ...sb.env, BASTIONLESS_TEST_KILL_AT: at, BASTIONLESS_TEST_KILL_FILE: sb.credentialsFile },
          stdio: ["ignore", "ignore", "pipe", "pipe"],
        },
      );
      let stderr = "";
      child.stderr!.on("data", (d: Buffer) => {
        stderr += d;
      });
      (child.stdio[3] as NodeJS.ReadableStream).on("data", (d: Buffer) => {
        reached.set(n, d.toString().trim());
        child.kill("SIGKILL");
      });
      return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((r) =>
        child.on("close", (code, signal) => r({ code, signal, stderr })),
      );
    });
    const results = await Promise.all(runs);
    results.forEach((r, i) => {
      const n = names[i]!;
      if (!victims.has(n)) {
        expect(r.code, `${n}: ${r.stderr}`).toBe(0);
        return;
      }
      // The fault happened where it was meant to, and it was our kill that ended the writer.
      expect({ reached: reached.get(n), signal: r.signal }, `${n}: ${r.stderr}`).toEqual({
        reached: victims.get(n),
        signal: "SIGKILL",
      });
    });
    // One more write sweeps anything a killed writer left (a stale lock or temp file).
    expect((await assume("final")).code).toBe(0);
    const text = fs.readFileSync(sb.credentialsFile, "utf8");
    // A writer killed after its rename landed whole; one killed before it left no trace.
    const landed = names.filter((n) => !victims.has(n) || victims.get(n) === "renamed");
    checkCredentialsFile(text, [...landed, "final"], issuedKeys());
    for (const n of names.filter((x) => !landed.includes(x))) expect(text).not.toContain(`[${n}]`);
    expect(fs.readdirSync(awsDir).sort()).toEqual(["config", "credentials"]);
  });

  it("disk full: exit 5, FILE_DISK_FULL, original intact, no temp file left", async () => {
    const big = `${ORIGINAL_CREDENTIALS}${"# padding line to make the file a few pages long\r\n".repeat(400)}`;
    freshSandbox(big);
    // Method: a 64 KiB tmpfs filled up to the last page (root, as in CI); else RLIMIT_FSIZE.
    const method = runningAsRoot && mountTmpfs(awsDir, "64k") ? "tmpfs" : "prlimit";
    let prefix: string[] | undefined;
    if (method === "tmpfs") {
      fs.writeFileSync(sb.credentialsFile, big, { mode: 0o600 });
      try {
        fs.writeFileSync(path.join(awsDir, "filler"), Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC: the filler took every page it could; the lock file still fits in inode space.
      }
      fs.truncateSync(path.join(awsDir, "filler"), fs.statSync(path.join(awsDir, "filler")).size - 4096);
    } else {
      prefix = ["prlimit", `--fsize=${Buffer.byteLength(big)}`];
    }
    const r = await assume("saml", { prefix });
    expect(r.code, `${method}: ${r.stderr}`).toBe(5);
    expect(r.stderr).toMatch(/No space left to write the AWS credentials file/);
    expect(fs.readFileSync(sb.credentialsFile, "utf8")).toBe(big);
    expect(fs.readdirSync(awsDir).filter((f) => f.endsWith(".tmp") || f.endsWith(".lock"))).toEqual([]);
  });

  it("a file size limit (RLIMIT_FSIZE) on the writer: exit 5, original intact", async () => {
    freshSandbox();
    const r = await assume("saml", {
      prefix: ["prlimit", `--fsize=${Buffer.byteLength(ORIGINAL_CREDENTIALS) + 200}`],
    });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/EFBIG/);
    expect(fs.readFileSync(sb.credentialsFile, "utf8")).toBe(ORIGINAL_CREDENTIALS);
  });

  it("a read-only filesystem (EROFS, or a 0500 folder for an ordinary user): exit 5, original intact", async () => {
    freshSandbox();
    if (runningAsRoot) {
      execFileSync("mount", ["--bind", awsDir, awsDir]);
      cleanups.push(() => execFileSync("umount", ["-l", awsDir]));
      execFileSync("mount", ["-o", "remount,bind,ro", awsDir]);
    } else {
      fs.chmodSync(awsDir, 0o500);
      cleanups.push(() => fs.chmodSync(awsDir, 0o700));
    }
    const r = await assume("saml");
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(runningAsRoot ? /read-only \(EROFS\)/ : /read-only/);
    expect(fs.readFileSync(sb.credentialsFile, "utf8")).toBe(ORIGINAL_CREDENTIALS);
  });

  it("a symlinked credentials file is written through to its target and stays a symlink", async () => {
    freshSandbox();
    const realDir = path.join(sb.dir, "dotfiles");
    fs.mkdirSync(realDir);
    const real = path.join(realDir, "aws-credentials");
    fs.renameSync(sb.credentialsFile, real);
    fs.chmodSync(real, 0o640);
    fs.symlinkSync("../../dotfiles/aws-credentials", sb.credentialsFile);
    expect((await assume("linked")).code).toBe(0);
    expect(fs.lstatSync(sb.credentialsFile).isSymbolicLink()).toBe(true);
    checkCredentialsFile(fs.readFileSync(real, "utf8"), ["linked"], issuedKeys());
    // The target ends 0600 like any credentials file we write (issue 17 finding 3).
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(realDir)).toEqual(["aws-credentials"]);
  });

  it("a dangling symlink creates its target; a symlink loop is a clear error", async () => {
    freshSandbox();
    fs.rmSync(sb.credentialsFile);
    const target = path.join(sb.dir, "elsewhere", "creds");
    fs.symlinkSync(target, sb.credentialsFile);
    expect((await assume("fresh")).code).toBe(0);
    expect(fs.readFileSync(target, "utf8")).toMatch(/^\[fresh\]\naws_access_key_id = ASIA/);
    expect(fs.statSync(target).mode & 0o777).toBe(0o600);
    fs.rmSync(sb.credentialsFile);
    fs.symlinkSync(sb.credentialsFile, sb.credentialsFile);
    const loop = await assume("loop");
    expect(loop.code).toBe(5);
    expect(loop.stderr).toMatch(/not a usable file \(ELOOP\)/);
  });

  it("waits for a lock held by a live writer, and breaks one left by a dead writer", async () => {
    freshSandbox();
    const lock = `${sb.credentialsFile}.lock`;
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { stdio: "ignore" });
    cleanups.push(() => holder.kill("SIGKILL"));
    fs.writeFileSync(lock, `${holder.pid}\n${os.hostname()}\n`);
    // The writer reports on fd 3 each time it finds the lock held (kill-point.cjs "busy"): after
    // the third it is provably waiting, and has written nothing.
    const waiter = spawn(
      process.execPath,
      ["--require", KILL_POINT, HOST_BUNDLE, "assume", "--saml-file", samlFile, "--profile", "waited"],
      {
        env: { ...sb.env, BASTIONLESS_TEST_KILL_AT: "busy", BASTIONLESS_TEST_KILL_FILE: sb.credentialsFile },
        stdio: ["ignore", "ignore", "ignore", "pipe"],
      },
    );
    cleanups.push(() => waiter.kill("SIGKILL"));
    const waited = new Promise<number | null>((r) => waiter.on("close", (code) => r(code)));
    let busy = 0;
    await new Promise<void>((resolve) =>
      (waiter.stdio[3] as NodeJS.ReadableStream).on("data", (d: Buffer) => {
        busy += d
          .toString()
          .split("\n")
          .filter((l) => l === "busy").length;
        if (busy >= 3) resolve();
      }),
    );
    expect(fs.readFileSync(sb.credentialsFile, "utf8")).toBe(ORIGINAL_CREDENTIALS);
    fs.unlinkSync(lock);
    expect(await waited).toBe(0);
    const dead = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    await new Promise((r) => dead.on("close", r));
    fs.writeFileSync(lock, `${dead.pid}\n${os.hostname()}\n`);
    expect((await assume("after-dead")).code).toBe(0);
    checkCredentialsFile(fs.readFileSync(sb.credentialsFile, "utf8"), ["waited", "after-dead"], issuedKeys());
    expect(fs.existsSync(lock)).toBe(false);
  });

  it("a credentials file that is not UTF-8 is refused, not garbled", async () => {
    const latin1 = Buffer.concat([Buffer.from("[caf"), Buffer.from([0xe9]), Buffer.from("]\nk = v\n")]);
    freshSandbox();
    fs.writeFileSync(sb.credentialsFile, latin1);
    const r = await assume("saml");
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/not UTF-8/);
    expect(fs.readFileSync(sb.credentialsFile).equals(latin1)).toBe(true);
  });
});
