import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { SERVICE_NODE_OPTIONS, serviceEnv } from "../../native-host/src/tunnel/service/client/spawn-service";

describe("the tunnel service's environment (issue 16, Memory)", () => {
  it("adds the service's V8 heap flags after the caller's own NODE_OPTIONS, so they win", () => {
    const env = serviceEnv(
      { NODE_OPTIONS: "--max-old-space-size=4096 --trace-warnings", HOME: "/h" },
      "linux",
    );
    expect(env.NODE_OPTIONS).toBe(`--max-old-space-size=4096 --trace-warnings ${SERVICE_NODE_OPTIONS}`);
    expect(env.HOME).toBe("/h");
    expect(serviceEnv({}, "linux").NODE_OPTIONS).toBe(SERVICE_NODE_OPTIONS);
  });

  it("holds glibc malloc to 2 arenas on Linux only, and keeps a caller's own setting", () => {
    expect(serviceEnv({}, "linux").MALLOC_ARENA_MAX).toBe("2");
    expect(serviceEnv({ MALLOC_ARENA_MAX: "8" }, "linux").MALLOC_ARENA_MAX).toBe("8");
    expect(serviceEnv({}, "darwin").MALLOC_ARENA_MAX).toBeUndefined();
    expect(serviceEnv({}, "win32").MALLOC_ARENA_MAX).toBeUndefined();
  });

  it("is accepted by Node in NODE_OPTIONS and caps the old generation at 256 MiB", () => {
    // Node refuses to start with a V8 flag NODE_OPTIONS does not allow (nodejs.org/api/cli.html);
    // the single executable reads its flags from nowhere else.
    const r = spawnSync(
      process.execPath,
      ["-e", "process.stdout.write(String(require('v8').getHeapStatistics().heap_size_limit))"],
      { env: { ...process.env, NODE_OPTIONS: serviceEnv({}).NODE_OPTIONS }, encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    // The limit is the old generation plus the young one (semi-spaces of 1 MiB).
    const mib = Number(r.stdout) / 2 ** 20;
    expect(mib).toBeGreaterThanOrEqual(256);
    expect(mib).toBeLessThan(264);
  });
});
