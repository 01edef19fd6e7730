/**
 * The Windows side of issue 17 finding 2, run on a unix socket: a pipe's name can be learnt and
 * squatted once the service has exited, so a client with the user's pipe secret makes the server
 * prove it holds it before sending any request. A squatter gets the random nonce and nothing else;
 * the genuine service answers and serves as before.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../native-host/src/config/log";
import { connectService } from "../../native-host/src/tunnel/service/client/ensure-service";
import {
  prepareRuntimeDir,
  type ServiceEndpoint,
  serviceEndpoint,
} from "../../native-host/src/tunnel/service/ipc/endpoint";
import { isProof, newNonce, nonceOf, proofOf } from "../../native-host/src/tunnel/service/ipc/service-proof";
import { startTunnelService } from "../../native-host/src/tunnel/service/server/service-server";
import { until } from "../support/until";

const SECRET = Buffer.alloc(32, 5);
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function endpoint(): ServiceEndpoint {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "bl-proof-"));
  cleanups.push(() => fs.rmSync(base, { recursive: true, force: true }));
  const e = serviceEndpoint({ BASTIONLESS_RUNTIME_DIR: path.join(base, "run"), BASTIONLESS_LOG_DIR: base });
  prepareRuntimeDir(e.dir);
  return { ...e, secret: SECRET };
}

/** A server at the endpoint that does not know the secret; `answer` says what it replies. */
async function squatter(
  at: string,
  answer: (firstLine: string, c: net.Socket) => void,
): Promise<{ got: string }> {
  const seen = { got: "" };
  const server = net.createServer((c) => {
    c.on("data", (d) => {
      seen.got += d.toString();
      if (seen.got.includes("\n")) answer(seen.got, c);
    });
    c.on("error", () => {});
  });
  await new Promise<void>((r) => server.listen(at, r));
  cleanups.push(() => server.close());
  return seen;
}

describe("the service proves it holds the user's pipe secret", () => {
  it("serves a client that holds the secret, after a proof", async () => {
    const e = endpoint();
    const svc = await startTunnelService({
      endpoint: e,
      log: silentLogger,
      version: "t",
      deps: () => ({}) as never,
    });
    cleanups.push(() => svc.shutdown("test over"));
    const conn = await connectService(e);
    expect(await conn!.request("hello", {})).toMatchObject({ version: "t" });
    conn!.close();
  });

  it.each([
    ["a wrong proof", (_l: string, c: net.Socket) => c.write(`{"proof":"${"0".repeat(64)}"}\n`)],
    [
      "a replayed proof",
      (_l: string, c: net.Socket) => c.write(`${JSON.stringify({ proof: proofOf(SECRET, newNonce()) })}\n`),
    ],
    ["a normal reply", (_l: string, c: net.Socket) => c.write('{"id":1,"ok":true,"result":{}}\n')],
    ["a closed connection", (_l: string, c: net.Socket) => c.destroy()],
  ])("refuses a squatter that answers with %s, having sent it only the nonce", async (_name, answer) => {
    const e = endpoint();
    const seen = await squatter(e.address, answer);
    await expect(connectService(e)).rejects.toMatchObject({ code: "SERVICE_NOT_AUTHENTIC" });
    const lines = seen.got.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(nonceOf(JSON.parse(lines[0]!))).toMatch(/^[0-9a-f]{64}$/);
  });

  it("drops a client that does not open by asking for the proof, answering it nothing", async () => {
    const e = endpoint();
    const svc = await startTunnelService({
      endpoint: e,
      log: silentLogger,
      version: "t",
      deps: () => ({}) as never,
    });
    cleanups.push(() => svc.shutdown("test over"));
    let got = "";
    let closed = false;
    const c = net.connect(e.address, () => c.write('{"id":1,"op":"list","params":{}}\n'));
    c.on("data", (d) => (got += d.toString()));
    c.on("close", () => (closed = true));
    await until("the service to close it", () => closed);
    expect(got).toBe("");
  });

  it("checks the proof's shape and value", () => {
    const nonce = newNonce();
    expect(isProof(SECRET, nonce, { proof: proofOf(SECRET, nonce) })).toBe(true);
    expect(isProof(Buffer.alloc(32, 6), nonce, { proof: proofOf(SECRET, nonce) })).toBe(false);
    for (const bad of [null, {}, { proof: 1 }, { proof: "zz".repeat(32) }, { proof: "ab" }])
      expect(isProof(SECRET, nonce, bad)).toBe(false);
    expect(nonceOf({ prove: "ab" })).toBeNull();
    expect(nonceOf({ prove: nonce })).toBe(nonce);
  });
});
