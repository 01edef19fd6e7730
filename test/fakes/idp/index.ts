/**
 * A fake Entra ID (login.microsoftonline.com, myapps.microsoft.com) and a fake AWS sign-in page
 * (signin.aws.amazon.com/saml and its regional, GovCloud and China siblings), all on one HTTPS
 * server on 127.0.0.1. The browser reaches it through --host-resolver-rules (Chromium) or
 * network.dns.forceResolve (Firefox), so the extension sees the real host names.
 * The IdP is not AWS; it stands in for the user's own Entra sign-in, which tests cannot do.
 */

import { randomBytes } from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { makeTestCert, type TestCert } from "./cert";
import { createEntraSession, type EntraSession, LAUNCHER_HOST } from "./entra-session";
import { autoPostPage, awsSigninPage, myAppsPage } from "./pages";

export const IDP_HOST = "login.microsoftonline.com";
export const MYAPPS_HOST = "myapps.microsoft.com";
/**
 * A page on another origin that is not the IdP: the login-CSRF attacker of issue 17, who
 * auto-submits their own assertion to the AWS sign-in endpoint from a page the user visits.
 */
export const HOSTILE_HOST = "evil.example";
/** Every host the server answers for; the certificate covers them all. */
export const FAKE_HOSTS = [
  "signin.aws.amazon.com",
  "us-west-2.signin.aws.amazon.com",
  "eu-central-1.signin.aws.amazon.com",
  "signin.amazonaws-us-gov.com",
  "signin.amazonaws.cn",
  IDP_HOST,
  MYAPPS_HOST,
  LAUNCHER_HOST,
  HOSTILE_HOST,
] as const;

export interface Launch {
  /** The form's SAMLResponse; null leaves the field out. */
  samlResponse: string | null;
  /** Where the IdP posts (an AWS sign-in endpoint). */
  action?: string;
  method?: "POST" | "GET";
  relayState?: string;
  /** The host whose page posts the form: the IdP (default) or the hostile page. */
  from?: typeof IDP_HOST | typeof HOSTILE_HOST;
}

export interface ReceivedRequest {
  method: string;
  host: string;
  path: string;
  fields: Record<string, string>;
  /** performance.timeOrigin-based ms when the body was complete. */
  at: number;
}

export interface FakeIdp {
  port: number;
  cert: TestCert;
  /** The My Apps launch endpoint and Entra's session (silent renewal, issue 12). */
  entra: EntraSession;
  /** Requests that reached the fake AWS sign-in page (POSTs and GETs, warm-ups included). */
  received: ReceivedRequest[];
  /** The IdP URL that, opened in a browser, posts this assertion like Entra does. */
  launchUrl(launch: Launch): string;
  /** Next request to a sign-in /saml path that matches, waiting up to timeoutMs. */
  waitFor(pred: (r: ReceivedRequest) => boolean, timeoutMs?: number): Promise<ReceivedRequest>;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export interface FakeIdpOptions {
  /** accountId → alias: what the AWS sign-in page's role picker shows of each account. */
  accountAliases?: Record<string, string>;
}

export async function startFakeIdp(dir: string, opts: FakeIdpOptions = {}): Promise<FakeIdp> {
  const cert = makeTestCert(dir, FAKE_HOSTS);
  const launches = new Map<string, Launch>();
  const received: ReceivedRequest[] = [];
  const waiters = new Set<() => void>();
  const entra = createEntraSession();
  const server = https.createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const host = (req.headers.host ?? "").replace(/:\d+$/, "");
      const url = new URL(req.url ?? "/", `https://${host}`);
      const send = (status: number, html: string) =>
        res
          .writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
          .end(html);
      if (entra.handle(host, url, req, Buffer.concat(chunks).toString("utf8"), res)) return;
      if (host === IDP_HOST || host === HOSTILE_HOST) {
        const launch = launches.get(url.searchParams.get("launch") ?? "");
        if (!launch || (launch.from ?? IDP_HOST) !== host) return send(404, "no such launch");
        const fields: Record<string, string> = { RelayState: launch.relayState ?? "" };
        if (launch.samlResponse !== null) fields.SAMLResponse = launch.samlResponse;
        return send(
          200,
          autoPostPage(
            launch.action ?? "https://signin.aws.amazon.com/saml",
            launch.method ?? "POST",
            fields,
          ),
        );
      }
      if (host === MYAPPS_HOST)
        return send(
          200,
          myAppsPage(
            [...launches]
              .filter(([, l]) => l.from !== HOSTILE_HOST)
              .map(([id]) => ({
                name: "AWS",
                url: `https://${IDP_HOST}/tenant/saml2?launch=${id}`,
              })),
          ),
        );
      if (url.pathname.startsWith("/saml")) {
        const body = Buffer.concat(chunks).toString("utf8");
        const fields = Object.fromEntries(
          req.method === "POST" ? new URLSearchParams(body) : url.searchParams,
        );
        received.push({ method: req.method ?? "", host, path: url.pathname, fields, at: now() });
        for (const w of [...waiters]) w();
        return send(200, awsSigninPage(fields.SAMLResponse ?? null, opts.accountAliases));
      }
      send(404, "not found");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    cert,
    entra,
    received,
    launchUrl(launch) {
      const id = randomBytes(6).toString("hex");
      launches.set(id, launch);
      if (launch.from === HOSTILE_HOST) return `https://${HOSTILE_HOST}/free-gift?launch=${id}`;
      return `https://${IDP_HOST}/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2?launch=${id}`;
    },
    waitFor(pred, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const seen = received.length;
        let from = seen;
        const check = () => {
          const hit = received.slice(from).find(pred);
          from = received.length;
          if (!hit) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `fake IdP: no matching sign-in request within ${timeoutMs} ms (${received.length - seen} others seen)`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
