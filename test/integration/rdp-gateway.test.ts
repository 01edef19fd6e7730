/**
 * The RDCleanPath gateway against the real FreeRDP shadow server with NLA (docs/rdp-in-browser.md),
 * with a counting relay standing in for the tunnel's local port, so each refusal can be shown to
 * have reached nothing. The wasm client's side of the exchange is in test/e2e/rdp-browser-tab.test.ts.
 */
import crypto from "node:crypto";
import net from "node:net";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Logger } from "../../native-host/src/config/log";
import { children } from "../../native-host/src/rdp-gateway/der";
import { type GatewayServer, startGatewayServer } from "../../native-host/src/rdp-gateway/gateway-server";
import {
  type GatewayTimers,
  REAL_GATEWAY_TIMERS,
  REQUEST_TIMEOUT_MS,
} from "../../native-host/src/rdp-gateway/gateway-session";
import { GatewayTickets } from "../../native-host/src/rdp-gateway/gateway-tickets";
import { decodePdu, encodeRequest } from "../../native-host/src/rdp-gateway/rdcleanpath-pdu";
import { openUpstream } from "../../native-host/src/rdp-gateway/upstream";
import { hex, X224_REQUEST } from "../support/rdcleanpath-vectors";
import { type RdpTarget, startRdpTarget } from "../support/rdp-target";
import { type Relay, startRelay } from "../support/tcp-relay";
import { until } from "../support/until";

const ORIGIN = `chrome-extension://${"a".repeat(32)}`;
const warnings: Record<string, unknown>[] = [];
const log: Logger = {
  debug: () => {},
  info: () => {},
  warn: (_m, f) => warnings.push(f ?? {}),
  error: () => {},
} as Logger;

let rdp: RdpTarget;
let relay: Relay;
let gateway: GatewayServer;
/** A second gateway whose request timers fire only when the test says so. */
let timed: GatewayServer;
const pending = new Map<number, { fn: () => void; ms: number }>();
let nextTimer = 0;
const manualTimers: GatewayTimers = {
  set: (fn, ms) => {
    pending.set(++nextTimer, { fn, ms });
    return nextTimer;
  },
  clear: (h) => pending.delete(h as number),
};
const tickets = new GatewayTickets(crypto.randomBytes);

beforeAll(async () => {
  rdp = await startRdpTarget();
  relay = await startRelay(rdp.port);
  gateway = await startGatewayServer(tickets, { openUpstream, timers: REAL_GATEWAY_TIMERS, log });
  timed = await startGatewayServer(tickets, { openUpstream, timers: manualTimers, log });
});
afterAll(async () => {
  await timed?.close();
  await gateway?.close();
  await relay?.close();
  rdp?.close();
});

interface Outcome {
  status?: number;
  messages: Buffer[];
  closeCode?: number;
}

/** Opens a WebSocket as a tab would, sends `first`, and collects what comes back until close. */
function talk(path: string, headers: Record<string, string>, first?: Uint8Array): Promise<Outcome> {
  return new Promise((resolve) => {
    const out: Outcome = { messages: [] };
    const ws = new WebSocket(`ws://127.0.0.1:${gateway.port}${path}`, { headers });
    ws.on("unexpected-response", (_req, res) => {
      out.status = res.statusCode;
      resolve(out);
    });
    ws.on("open", () => first && ws.send(first));
    ws.on("message", (d: Buffer) => out.messages.push(d));
    ws.on("close", (code) => {
      out.closeCode = code;
      resolve(out);
    });
    ws.on("error", () => {});
  });
}

const request = (proxyAuth: string) =>
  encodeRequest({
    destination: "i-0abc:3389",
    proxyAuth,
    preconnectionBlob: null,
    x224ConnectionRequest: X224_REQUEST,
  });
const origin = { Origin: ORIGIN };

describe("RDCleanPath gateway (FreeRDP shadow, NLA)", () => {
  it("refuses another origin, another path and another Host before any WebSocket exists", async () => {
    const t = tickets.issue(ORIGIN, relay.port);
    const before = relay.accepted;
    expect(
      (await talk(`/rdp/${t.id}`, { Origin: "https://evil.example" }, request(t.secret.toString()))).status,
    ).toBe(403);
    expect((await talk(`/rdp/${t.id}`, {}, request(t.secret.toString()))).status).toBe(403);
    expect((await talk(`/rdp/${"0".repeat(32)}`, origin)).status).toBe(404);
    expect((await talk(`/rdp/${t.id}`, { ...origin, Host: `localhost:${gateway.port}` })).status).toBe(403);
    expect(relay.accepted).toBe(before);
    expect(warnings.map((w) => w.why)).toEqual(expect.arrayContaining(["origin", "unknown path", "host"]));
  });

  it.each([
    ["a missing secret", "", 401, "RDP_GATEWAY_SECRET_MISSING"],
    ["a wrong secret", "x".repeat(43), 403, "RDP_GATEWAY_SECRET_INVALID"],
  ])("answers %s with an RDCleanPath error and connects nothing", async (_n, secret, status, code) => {
    const t = tickets.issue(ORIGIN, relay.port);
    const before = relay.accepted;
    const out = await talk(`/rdp/${t.id}`, origin, request(secret));
    expect(out.messages).toHaveLength(1);
    expect(decodePdu(out.messages[0]!).error).toEqual({ errorCode: 1, httpStatusCode: status });
    expect(out.closeCode).toBe(1008);
    expect(relay.accepted).toBe(before);
    expect(warnings.at(-1)).toMatchObject({ ticket: t.id, code });
  });

  it("answers a malformed request with HTTP status 400 and connects nothing", async () => {
    const t = tickets.issue(ORIGIN, relay.port);
    const before = relay.accepted;
    const out = await talk(`/rdp/${t.id}`, origin, hex("3005 a003 020101"));
    expect(decodePdu(out.messages[0]!).error).toEqual({ errorCode: 1, httpStatusCode: 400 });
    expect(relay.accepted).toBe(before);
  });

  it("survives a message over the size cap: that socket is closed, the gateway goes on", async () => {
    const t = tickets.issue(ORIGIN, relay.port);
    const before = relay.accepted;
    const out = await talk(`/rdp/${t.id}`, origin, Buffer.alloc(2 * 1024 * 1024, 0x30));
    expect(out.closeCode).toBe(1009); // RFC 6455 §7.4.1: message too big
    expect(relay.accepted).toBe(before);
    const again = await talk(`/rdp/${t.id}`, origin, request(""));
    expect(decodePdu(again.messages[0]!).error).toEqual({ errorCode: 1, httpStatusCode: 401 });
  });

  it("with the secret: the server's X.224 confirm and the very certificate it presents", async () => {
    const t = tickets.issue(ORIGIN, relay.port);
    const before = relay.accepted;
    const ws = new WebSocket(`ws://127.0.0.1:${gateway.port}/rdp/${t.id}`, { headers: origin });
    const first = new Promise<Buffer>((resolve) => ws.once("message", (d: Buffer) => resolve(d)));
    await new Promise((r) => ws.once("open", r));
    ws.send(request(t.secret.toString()));
    const answer = decodePdu(await first);
    expect(answer.error).toBeNull();
    const confirm = Buffer.from(answer.fields.get(6)!.value);
    expect(confirm[11]).toBe(0x02); // RDP_NEG_RSP
    expect(confirm.readUInt32LE(15)).toBe(2); // PROTOCOL_HYBRID: NLA
    const chain = children(answer.fields.get(7)!.value);
    const leaf = new crypto.X509Certificate(Buffer.from(chain[0]!.value));
    expect(leaf.fingerprint256).toBe(await directCertificate(rdp.port));
    expect(relay.accepted).toBe(before + 1);
    ws.close();
  });
});

describe("the gateway's bound on an unfinished request", () => {
  /** Opens the timed gateway's WebSocket and sends `bytes`; resolves once the gateway has read them. */
  async function openAndSend(id: string, bytes: Uint8Array) {
    const ws = new WebSocket(`ws://127.0.0.1:${timed.port}/rdp/${id}`, { headers: origin });
    const out: Outcome = { messages: [] };
    ws.on("message", (d: Buffer) => out.messages.push(d));
    const closed = new Promise<Outcome>((r) =>
      ws.once("close", (code) => {
        out.closeCode = code;
        r(out);
      }),
    );
    await new Promise((r) => ws.once("open", r));
    if (bytes.length) ws.send(bytes);
    // ws handles frames in order: the pong comes back after the gateway took the message above.
    ws.ping();
    await new Promise((r) => ws.once("pong", r));
    return { ws, closed };
  }

  it("drops a tab that sent half a request when the timer fires, connecting nothing", async () => {
    const t = tickets.issue(ORIGIN, relay.port);
    const before = relay.accepted;
    const whole = request(t.secret.toString());
    const { closed } = await openAndSend(t.id, whole.subarray(0, 10));
    expect([...pending.values()].map((p) => p.ms)).toEqual([REQUEST_TIMEOUT_MS]);
    const [[, timer]] = [...pending];
    timer!.fn();
    const out = await closed;
    expect(decodePdu(out.messages[0]!).error).toEqual({ errorCode: 1, httpStatusCode: 408 });
    expect(out.closeCode).toBe(1008);
    expect(relay.accepted).toBe(before);
    expect(warnings).toContainEqual({ ticket: t.id, received: 10 });
    expect(warnings.at(-1)).toMatchObject({ ticket: t.id, code: "RDP_GATEWAY_REQUEST_TIMEOUT" });
    expect(pending.size).toBe(0);
  });

  it("drops a tab that sent nothing at all", async () => {
    const t = tickets.issue(ORIGIN, relay.port);
    const { closed } = await openAndSend(t.id, new Uint8Array());
    [...pending.values()][0]!.fn();
    expect((await closed).closeCode).toBe(1008);
    expect(warnings).toContainEqual({ ticket: t.id, received: 0 });
  });

  it("a whole request stops the timer; a tab that closes early stops it too", async () => {
    const t = tickets.issue(ORIGIN, relay.port);
    const { ws } = await openAndSend(t.id, request(t.secret.toString()));
    expect(pending.size).toBe(0);
    ws.close();
    const early = await openAndSend(t.id, new Uint8Array([0x30]));
    expect(pending.size).toBe(1);
    early.ws.close();
    await early.closed;
    await until("the gateway to see the close", () => pending.size === 0);
  });
});

/** What FreeRDP presents to a client that goes straight to it: X.224, then TLS. */
async function directCertificate(port: number): Promise<string> {
  const sock = net.connect(port, "127.0.0.1");
  await new Promise((r) => sock.once("connect", r));
  sock.write(X224_REQUEST);
  await new Promise((r) => sock.once("data", r));
  const t = tls.connect({ socket: sock, rejectUnauthorized: false });
  await new Promise((r) => t.once("secureConnect", r));
  const fp = t.getPeerCertificate().fingerprint256;
  t.destroy();
  return fp;
}
