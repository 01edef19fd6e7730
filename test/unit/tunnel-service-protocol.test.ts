/** The tunnel service's line protocol, its endpoint per OS, and the self command. Pure. */
import { describe, expect, it } from "vitest";
import { formatBytes } from "../../contract/byte-size";
import { checkTunnelInfo } from "../../contract/tunnel-info";
import { humanAge, tunnelTable } from "../../native-host/src/cli/tunnel-text";
import { selfCommand } from "../../native-host/src/platform/self-command";
import { serviceEndpoint } from "../../native-host/src/tunnel/service/ipc/endpoint";
import { parseServiceRequest, RESULT_CHECKS } from "../../native-host/src/tunnel/service/ipc/ipc-messages";
import { encodeLine, LineDecoder } from "../../native-host/src/tunnel/service/ipc/line-codec";
import { pipeName } from "../../native-host/src/tunnel/service/ipc/pipe-name";
import { newTunnelId } from "../../native-host/src/tunnel/service/server/tunnel-id";

const tunnel = {
  id: "k3f9x2qa",
  target: "i-0123456789abcdef0",
  instanceName: "web",
  profile: "saml",
  region: "eu-west-1",
  sessionId: "user-0a1b2c3d4e5f67890",
  localPort: 13389,
  remotePort: 3389,
  state: "open",
  bytesIn: 1536,
  bytesOut: 10,
  connections: 1,
  since: "2026-01-01T00:00:00.000Z",
  lastError: null,
  accountId: null,
  roleArn: null,
  accountAlias: null,
  platformType: null,
  remoteHost: null,
};

/** A caller's settings as the CLI sends them (aws-settings.ts). */
const settings = {
  configFile: "/home/u/.aws/config",
  credentialsFile: "/home/u/.aws/credentials",
  region: "eu-west-1",
  endpoints: { ssm: "https://ssm.example.test", ec2: "http://127.0.0.1:4566" },
  caBundle: "/etc/ssl/corp.pem",
  proxy: { https: "http://proxy.corp:3128", noProxy: "localhost,127.0.0.1,.internal" },
};
const startWith = (s: unknown) => ({
  id: 1,
  op: "start",
  params: { profile: "p", target: "i-1", settings: s },
});

describe("LineDecoder", () => {
  it("splits lines across and within reads", () => {
    const d = new LineDecoder();
    const bytes = Buffer.concat([encodeLine({ a: 1 }), encodeLine("two"), encodeLine([3])]);
    const out = [...bytes].flatMap((b) => d.push(Buffer.from([b])));
    expect(out).toEqual([
      { kind: "message", value: { a: 1 } },
      { kind: "message", value: "two" },
      { kind: "message", value: [3] },
    ]);
  });

  it("reports a line over the cap and garbage, without throwing", () => {
    const d = new LineDecoder(16);
    expect(d.push(Buffer.alloc(20, 0x61))).toEqual([{ kind: "error", code: "LINE_TOO_LONG" }]);
    expect(new LineDecoder().push(Buffer.from("{nope\n"))).toEqual([
      { kind: "error", code: "LINE_NOT_JSON" },
    ]);
    expect(new LineDecoder(8).push(Buffer.from(`${"x".repeat(12)}\n1\n`))).toEqual([
      { kind: "error", code: "LINE_TOO_LONG" },
      { kind: "message", value: 1 },
    ]);
  });
});

describe("service requests and replies", () => {
  it("accepts the ops with checked params", () => {
    expect(parseServiceRequest({ id: 1, op: "list" })).toEqual({ id: 1, op: "list", params: {} });
    expect(
      parseServiceRequest({
        id: 2,
        op: "start",
        params: { profile: "saml", target: "web", localPort: 0, settings },
      }),
    ).toEqual({
      id: 2,
      op: "start",
      params: {
        profile: "saml",
        region: undefined,
        target: "web",
        remotePort: 3389,
        localPort: 0,
        engine: "builtin",
        settings,
      },
    });
    expect(parseServiceRequest({ id: 3, op: "stop", params: { all: true } }).params).toEqual({
      id: undefined,
      all: true,
    });
  });

  it.each([
    [{ id: "1", op: "list" }, "request.id"],
    [{ id: 1, op: "exec" }, "request.op"],
    [{ id: 1, op: "list", extra: 1 }, "request.extra"],
    [{ id: 1, op: "list", params: { x: 1 } }, "params.x"],
    [{ id: 1, op: "start", params: { profile: "p", target: "a;rm -rf ~" } }, "params.target"],
    [{ id: 1, op: "start", params: { profile: "p", target: "i-1", engine: "/bin/sh" } }, "params.engine"],
    [{ id: 1, op: "start", params: { profile: "p", target: "i-1", launch: true } }, "params.launch"],
    [{ id: 1, op: "start", params: { profile: "p", target: "i-1", localPort: 70000 } }, "params.localPort"],
    [
      { id: 1, op: "start", params: { profile: "p", target: "i-1" } },
      "params.settings: expected the caller's",
    ],
    [startWith({ ...settings, configFile: "relative/config" }), "params.settings.configFile"],
    [startWith({ ...settings, credentialsFile: `/${"x".repeat(5000)}` }), "params.settings.credentialsFile"],
    [startWith({ ...settings, secretAccessKey: "x" }), "params.settings.secretAccessKey"],
    [startWith({ ...settings, endpoints: { s3: "https://x" } }), "params.settings.endpoints.s3"],
    [startWith({ ...settings, endpoints: { ssm: "not a url" } }), "params.settings.endpoints.ssm"],
    [startWith({ ...settings, region: "../etc" }), "params.settings.region"],
    [startWith({ ...settings, proxy: { all: "http://p:1" } }), "params.settings.proxy.all"],
    [startWith({ ...settings, proxy: undefined }), "params.settings.proxy"],
    [{ id: 1, op: "stop", params: { id: "../x" } }, "params.id"],
    [{ id: 1, op: "stop", params: {} }, "params"],
  ])("refuses %j", (req, path) => {
    expect(() => parseServiceRequest(req)).toThrow(path);
  });

  it("reads the IPC version from hello; a service from before it counts as version 1", () => {
    expect(RESULT_CHECKS.hello({ version: "0.2.0", pid: 7, ipc: 2 })).toEqual({
      version: "0.2.0",
      pid: 7,
      ipc: 2,
    });
    expect(RESULT_CHECKS.hello({ version: "0.1.0", pid: 7 })).toEqual({ version: "0.1.0", pid: 7, ipc: 1 });
    expect(() => RESULT_CHECKS.hello({ version: "0.2.0", pid: 7, ipc: "2" })).toThrow("result.ipc");
  });

  it("checks tunnels and results coming back", () => {
    expect(checkTunnelInfo(tunnel)).toEqual(tunnel);
    expect(() => checkTunnelInfo({ ...tunnel, state: "weird" })).toThrow("tunnel.state");
    expect(() => checkTunnelInfo({ ...tunnel, bytesIn: -1 })).toThrow("tunnel.bytesIn");
    expect(() => checkTunnelInfo({ ...tunnel, id: "a b" })).toThrow("tunnel.id");
    expect(RESULT_CHECKS.list({ tunnels: [tunnel] })).toEqual({ tunnels: [tunnel] });
    expect(() => RESULT_CHECKS.stop({ stopped: [1] })).toThrow("result.stopped[0]");
  });
});

describe("endpoint and self command", () => {
  it("is a socket in the runtime dir, or a per-user named pipe on Windows", () => {
    expect(serviceEndpoint({ BASTIONLESS_RUNTIME_DIR: "/run/user/1000/bl" }, "linux")).toMatchObject({
      address: "/run/user/1000/bl/tunnels.sock",
      isPipe: false,
    });
    expect(serviceEndpoint({ XDG_RUNTIME_DIR: "/run/user/1000", HOME: "/home/u" }, "linux").address).toBe(
      "/run/user/1000/bastionless/tunnels.sock",
    );
    const secret = Buffer.alloc(32, 7);
    expect(
      serviceEndpoint(
        { USERNAME: "Jane Doe\\x", APPDATA: "C:\\Users\\j\\AppData\\Roaming" },
        "win32",
        () => secret,
      ),
    ).toMatchObject({ address: pipeName("Jane Doe\\x", secret), isPipe: true });
  });

  it("refuses a socket path the OS cannot bind, naming the setting", () => {
    expect(() => serviceEndpoint({ BASTIONLESS_RUNTIME_DIR: `/tmp/${"d".repeat(120)}` }, "linux")).toThrow(
      expect.objectContaining({
        code: "RUNTIME_DIR_TOO_LONG",
        hint: expect.stringContaining("BASTIONLESS_RUNTIME_DIR"),
      }),
    );
  });

  it("runs node with the bundle, or the executable alone inside a SEA", () => {
    expect(selfCommand("/usr/bin/node", "/opt/bl/bastionless.cjs", false)).toEqual([
      "/usr/bin/node",
      "/opt/bl/bastionless.cjs",
    ]);
    expect(selfCommand("/opt/bl/bastionless", "/opt/bl/bastionless", true)).toEqual(["/opt/bl/bastionless"]);
  });

  it("makes short ids that cannot pass for a flag", () => {
    const ids = Array.from({ length: 500 }, () => newTunnelId());
    expect(ids.every((id) => /^[a-z2-9]{8}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(500);
  });
});

describe("tunnel text", () => {
  it("reads well on a terminal", () => {
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5.0 GiB");
    expect(humanAge("2026-01-01T00:00:00Z", new Date("2026-01-01T01:05:00Z"))).toBe("1h05m");
    const text = tunnelTable([tunnel as never], new Date("2026-01-01T00:00:30Z"));
    expect(text).toContain("k3f9x2qa  open   127.0.0.1:13389  web (i-0123456789abcdef0)  3389");
    expect(tunnelTable([], new Date())).toBe("No tunnels.\n");
  });
});
