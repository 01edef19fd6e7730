/**
 * Proxies and AWS_CA_BUNDLE (issue 16): the fake SSM API and the fake Session Manager are put
 * behind TLS relays with a throwaway certificate (https://localhost, wss://localhost), trusted
 * only through AWS_CA_BUNDLE, and reached through a real HTTP CONNECT proxy started here. The
 * proxy must see CONNECTs for both the SSM API and the data-channel websocket; NO_PROXY sends
 * them direct; without the CA bundle TLS fails. Plain http endpoints go to the proxy in
 * absolute form (the CLI's own SSM and EC2 calls).
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTestCert } from "../fakes/idp/cert";
import { type ConnectProxy, startConnectProxy } from "../support/connect-proxy";
import { echoThrough } from "../support/echo";
import { type Relay, startRelay } from "../support/tcp-relay";
import { RDP_ANY_PORT_ARGS, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface TlsWorld {
  w: TunnelWorld;
  proxy: ConnectProxy;
  api: Relay;
  stream: Relay;
  /** The caller's env: https endpoints, the CA bundle, the proxy. */
  env: NodeJS.ProcessEnv;
}

async function tlsWorld(): Promise<TlsWorld> {
  let stream: Relay | null = null;
  const w = await startTunnelWorld({
    streamUrl: (u) => u.replace(/^ws:\/\/127\.0\.0\.1:\d+/, `wss://localhost:${stream!.port}`),
  });
  cleanups.push(() => w.close());
  const cert = makeTestCert(w.sandbox.dir, ["localhost", "127.0.0.1"]);
  const caFile = path.join(w.sandbox.dir, "test-ca.pem");
  fs.writeFileSync(caFile, cert.cert, { mode: 0o600 });
  const api = await startRelay(Number(new URL(w.ssm.url).port), cert);
  stream = await startRelay(Number(new URL(w.sessions.url).port), cert);
  const proxy = await startConnectProxy();
  cleanups.push(
    () => api.close(),
    () => stream!.close(),
    () => proxy.close(),
  );
  const https = `https://localhost:${api.port}`;
  const env = {
    AWS_ENDPOINT_URL_SSM: https,
    AWS_ENDPOINT_URL_EC2: https,
    AWS_CA_BUNDLE: caFile,
    HTTPS_PROXY: proxy.url,
  };
  return { w, proxy, api, stream, env };
}

describe("HTTPS_PROXY, NO_PROXY and AWS_CA_BUNDLE", () => {
  it("the SSM API and the websocket both go through the proxy's CONNECT, trusted through AWS_CA_BUNDLE", async () => {
    const { w, proxy, api, stream, env } = await tlsWorld();
    const r = await w.cli(RDP_ANY_PORT_ARGS, env);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout);
    expect(await echoThrough(t.localPort, "through the proxy")).toBe("through the proxy");
    expect(proxy.seen).toContain(`CONNECT localhost:${api.port}`);
    expect(proxy.seen).toContain(`CONNECT localhost:${stream.port}`);
    expect(proxy.seen.every((l) => l.startsWith("CONNECT localhost:"))).toBe(true);
    expect(stream.accepted).toBe(1);
    expect(w.ssm.calls.find((c) => c.action === "StartSession")).toMatchObject({
      body: { Target: t.target },
    });
    // TerminateSession goes the same way.
    expect((await w.cli(["stop", t.id])).code).toBe(0);
    expect(w.ssm.calls.filter((c) => c.action === "TerminateSession")).toHaveLength(1);
  });

  it("NO_PROXY=localhost reaches both directly", async () => {
    const { w, proxy, api, stream, env } = await tlsWorld();
    const r = await w.cli(RDP_ANY_PORT_ARGS, { ...env, NO_PROXY: "example.com,localhost" });
    expect(r.code, r.stderr).toBe(0);
    expect(await echoThrough(JSON.parse(r.stdout).localPort, "direct")).toBe("direct");
    expect(proxy.seen).toEqual([]);
    expect(api.accepted).toBeGreaterThan(0);
    expect(stream.accepted).toBe(1);
  });

  it("a proxy that refuses the CONNECT is a coded error naming the proxy settings", async () => {
    const { w, proxy, env } = await tlsWorld();
    proxy.refuse = true;
    const r = await w.cli(RDP_ANY_PORT_ARGS, env);
    expect(r.code).toBe(4);
    expect(errorText(r)).toMatch(/proxy 127\.0\.0\.1:\d+ refused CONNECT localhost:\d+ \(HTTP 403\)/);
    expect(errorText(r)).toContain("NO_PROXY");
    expect(w.ssm.calls).toHaveLength(0);
  });

  it("without AWS_CA_BUNDLE the test certificate is not trusted and nothing reaches SSM", async () => {
    const { w, env } = await tlsWorld();
    const { AWS_CA_BUNDLE: _, ...noBundle } = env;
    const r = await w.cli(RDP_ANY_PORT_ARGS, noBundle);
    expect(r.code).toBe(4);
    expect(errorText(r)).toMatch(/certificate/i);
    expect(w.ssm.calls).toHaveLength(0);
  });

  it("the CLI's own calls to plain http endpoints go to the proxy in absolute form", async () => {
    const { w, proxy } = await tlsWorld();
    const r = await w.cli(["instances", "--profile", "rdp-test", "--json"], { HTTP_PROXY: proxy.url });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).instances.length).toBeGreaterThan(0);
    expect(proxy.seen).toContain(`POST ${w.ssm.url}/`);
    expect(w.ssm.calls.map((c) => c.action)).toContain("DescribeInstanceInformation");
  });

  it("the CLI's own calls send the proxy URL's user and password as Basic proxy credentials", async () => {
    const { w, proxy } = await tlsWorld();
    const withUser = proxy.url.replace("http://", "http://me:p%40ss@");
    const r = await w.cli(["instances", "--profile", "rdp-test", "--json"], { HTTP_PROXY: withUser });
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.auth.length).toBeGreaterThan(0);
    expect(new Set(proxy.auth)).toEqual(new Set([`Basic ${Buffer.from("me:p@ss").toString("base64")}`]));
    expect(r.stderr).not.toContain("p@ss");
  });

  it("a tunnel through a proxy with a password is refused before it reaches the service", async () => {
    const { w, proxy, env } = await tlsWorld();
    const r = await w.cli(RDP_ANY_PORT_ARGS, {
      ...env,
      HTTPS_PROXY: proxy.url.replace("http://", "http://me:secret@"),
    });
    expect(r.code).toBe(2);
    expect(errorText(r)).toMatch(/proxy URL carries a user name or password/);
    expect(r.stderr + r.stdout).not.toContain("secret");
    expect(await w.servicePid()).toBeNull();
  });
});

/** These runs pass --json: the error is the one object on stdout (issue 11). */
function errorText(r: { stdout: string }): string {
  const e = JSON.parse(r.stdout).error as { message: string; hint?: string };
  return `${e.message}\n${e.hint ?? ""}`;
}
