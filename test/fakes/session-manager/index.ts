/**
 * A fake of the AWS side of a Session Manager port session (spec §10): MGS's websocket endpoint
 * `GET /v1/data-channel/<SessionId>?role=publish_subscribe` and the agent behind it, forwarding to
 * a real TCP destination. The SSM API (StartSession, ResumeSession, TerminateSession) is not
 * served here: its fake calls createSession / resumeSession / terminateSession.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type net from "node:net";
import { WebSocketServer } from "ws";
import type { SessionTokens } from "../../../native-host/src/aws/ssm/ssm-session";
import { AgentSession, type RemoteRequest } from "./agent-session";
import { type AgentKnobs, DEFAULT_KNOBS } from "./knobs";
import type { FakeSessionInfo } from "./session-info";

export type { RemoteNetwork } from "./agent-remote-host";
export type { RemoteRequest } from "./agent-session";
export type { AgentKnobs } from "./knobs";
export { DEFAULT_KNOBS } from "./knobs";
export type { FakeSessionCounts, FakeSessionInfo, FakeSessionState } from "./session-info";

export interface FakeSessionManagerOptions {
  /** Knobs every session starts from (each createSession may override). */
  knobs?: Partial<AgentKnobs>;
}

/** When an outage ends: after this many refused connection attempts. */
export interface OutageEnd {
  refusals: number;
}

export interface FakeSessionManager {
  /** ws://127.0.0.1:PORT */
  url: string;
  createSession(a: {
    target: string;
    destination: { host: string; port: number };
    sessionId?: string;
    knobs?: Partial<AgentKnobs>;
    /** StartSession's document Parameters, echoed by the agent's handshake; default: portNumber = the destination's port. */
    parameters?: Record<string, string[]>;
    /** A remote-host session (AWS-StartPortForwardingSessionToRemoteHost): checked by the agent after the handshake. */
    remote?: RemoteRequest;
  }): SessionTokens;
  /** ResumeSession: a new token; null after the session ended. */
  resumeSession(sessionId: string): SessionTokens | null;
  /** TerminateSession API: channel_closed (with `output`), session over. */
  terminateSession(sessionId: string, output?: string): void;
  session(sessionId: string): FakeSessionInfo | undefined;
  /** Close a session's websocket (default 1000 "Bye", as the service does about hourly). */
  disconnect(sessionId: string, code?: number, reason?: string): void;
  /**
   * The whole service unreachable: every websocket dropped without a close frame, then connection
   * attempts refused with 503, until `restore()` or, with `refusals`, for exactly that many attempts.
   * Its length is the client's own retry schedule, never a clock of the fake's (issue "Tunnel truth").
   */
  outage(end?: OutageEnd): void;
  /** Ends an outage: the next connection attempt is accepted. */
  restore(): void;
  close(): Promise<void>;
}

const PATH = /^\/v1\/data-channel\/([A-Za-z0-9_.-]+)$/;

export async function startFakeSessionManager(
  opts: FakeSessionManagerOptions = {},
): Promise<FakeSessionManager> {
  const sessions = new Map<string, AgentSession>();
  const server = http.createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 8 * 1024 * 1024 });
  /** Attempts still to refuse: Infinity until restore(), 0 when the service is up. */
  let outageLeft = 0;
  const sockets = new Set<net.Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("upgrade", (req, socket, head) => {
    const u = new URL(req.url ?? "/", "http://x");
    const session = sessions.get(PATH.exec(u.pathname)?.[1] ?? "");
    if (
      !session ||
      u.searchParams.get("role") !== "publish_subscribe" ||
      session.refusing() ||
      outageLeft > 0
    ) {
      if (session) session.info.counts.refused++;
      if (outageLeft > 0) outageLeft--;
      socket.end(
        `HTTP/1.1 ${session?.ended || !session ? "403 Forbidden" : "503 Service Unavailable"}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => session.attach(ws));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const tokens = (s: AgentSession, token: string): SessionTokens => ({
    sessionId: s.info.sessionId,
    tokenValue: token,
    streamUrl: `${url}/v1/data-channel/${s.info.sessionId}?role=publish_subscribe`,
  });
  return {
    url,
    createSession(a) {
      const sessionId = a.sessionId ?? `test-${randomBytes(8).toString("hex")}`;
      if (sessions.has(sessionId)) throw new Error(`session ${sessionId} exists`);
      const s = new AgentSession(
        sessionId,
        a.target,
        a.destination,
        { ...DEFAULT_KNOBS, ...opts.knobs, ...a.knobs },
        a.parameters ?? { portNumber: [String(a.destination.port)] },
        a.remote ?? null,
      );
      sessions.set(sessionId, s);
      return tokens(s, s.tokenValue!);
    },
    resumeSession(sessionId) {
      const s = sessions.get(sessionId);
      const token = s?.newToken();
      return s && token ? tokens(s, token) : null;
    },
    terminateSession(sessionId, output = "") {
      sessions.get(sessionId)?.end("api", output);
    },
    session: (sessionId) => sessions.get(sessionId)?.info,
    disconnect(sessionId, code, reason) {
      sessions.get(sessionId)?.disconnect(code, reason);
    },
    outage(end) {
      outageLeft = end ? end.refusals : Number.POSITIVE_INFINITY;
      for (const s of sessions.values()) s.outage();
    },
    restore() {
      outageLeft = 0;
    },
    async close() {
      for (const s of sessions.values()) s.end("closed");
      for (const c of wss.clients) c.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
