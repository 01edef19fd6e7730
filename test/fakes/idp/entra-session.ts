/**
 * The part of Entra ID that silent renewal leans on (issue 12): the My Apps launch endpoint
 * (`https://launcher.myapps.microsoft.com/api/signin/<app id>?tenantId=<tenant>`, the app's "User
 * access URL"), which redirects to login.microsoftonline.com; there a live session cookie gets the
 * auto-posted SAMLResponse at once, and anything else gets the sign-in prompt and no POST.
 *
 * Never kinder than Entra: an unknown app or another tenant is an error page; the session cookie
 * has its own lifetime (checked on the server against the fake's clock, not trusted from the
 * browser); `requireInteraction()` stands for MFA, Conditional Access or sign-in frequency, which
 * prompt even with a live session until the user signs in again; the prompt page never posts.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { makeSamlResponse, type SamlRole, SIGNIN_GLOBAL, TENANT_ID } from "../../fixtures/saml";
import { autoPostPage, esc } from "./pages";

export const LAUNCHER_HOST = "launcher.myapps.microsoft.com";
const LOGIN_HOST = "login.microsoftonline.com";
/** Entra's browser session cookie (ESTSAUTH is what login.microsoftonline.com sets). */
export const SESSION_COOKIE = "ESTSAUTH";

export interface EntraApp {
  appId: string;
  tenantId?: string;
  roles: SamlRole[];
  sessionName?: string;
  /** SessionDuration attribute (seconds). */
  sessionDuration?: number;
  destination?: string;
}

export interface EntraCounts {
  /** Requests to the launch endpoint. */
  launches: number;
  /** Auto-post pages served (each carries a fresh assertion). */
  posts: number;
  /** Sign-in prompts served (no POST follows). */
  prompts: number;
  /** Interactive sign-ins (the prompt's form submitted). */
  signIns: number;
}

export interface EntraSession {
  /** Registers an app; returns its launch URL. */
  addApp(app: EntraApp): string;
  /** How long a session made by a sign-in lives (ms, by the fake's clock). Default one hour. */
  sessionLifetimeMs: number;
  /** Ends every session (the user signed out, or the session expired). */
  endSessions(): void;
  /** The next launches prompt even with a live session, until the user signs in. */
  requireInteraction(): void;
  /** Starts a session without the prompt, as if the user had signed in before the test. */
  signInDirectly(): string;
  counts: EntraCounts;
  /** Handles the request if it is one of the launch or login endpoints; false otherwise. */
  handle(host: string, url: URL, req: IncomingMessage, body: string, res: ServerResponse): boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function cookieOf(req: IncomingMessage, name: string): string | null {
  for (const part of String(req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return null;
}

/** The "Sign in to your account" page: a form the user must submit; nothing posts by itself. */
function promptPage(appId: string, tenantId: string): string {
  return `<!doctype html><html><head><title>Sign in to your account</title></head><body>
<h1>Sign in</h1><form method="POST" action="https://${LOGIN_HOST}/common/login">
<input type="hidden" name="app" value="${esc(appId)}"><input type="hidden" name="tenant" value="${esc(tenantId)}">
<input type="email" name="loginfmt" value="user@contoso.example"><button id="idSIButton9" type="submit">Sign in</button></form></body></html>`;
}

export function createEntraSession(clock: () => number = Date.now): EntraSession {
  const apps = new Map<string, Required<Pick<EntraApp, "tenantId">> & EntraApp>();
  const sessions = new Map<string, number>();
  let interaction = false;
  const counts: EntraCounts = { launches: 0, posts: 0, prompts: 0, signIns: 0 };
  const self: EntraSession = {
    sessionLifetimeMs: 3600_000,
    counts,
    addApp(app) {
      if (!GUID.test(app.appId)) throw new Error("fake Entra: an app id is a GUID");
      const tenantId = app.tenantId ?? TENANT_ID;
      apps.set(app.appId, { ...app, tenantId });
      return `https://${LAUNCHER_HOST}/api/signin/${app.appId}?tenantId=${tenantId}`;
    },
    endSessions: () => sessions.clear(),
    requireInteraction: () => {
      interaction = true;
    },
    signInDirectly() {
      const sid = randomBytes(16).toString("hex");
      sessions.set(sid, clock() + self.sessionLifetimeMs);
      return sid;
    },
    handle(host, url, req, body, res) {
      const page = (status: number, html: string, headers: Record<string, string> = {}): true => {
        res
          .writeHead(status, {
            "content-type": "text/html; charset=utf-8",
            "cache-control": "no-store",
            ...headers,
          })
          .end(html);
        return true;
      };
      const post = (app: EntraApp, headers: Record<string, string> = {}): true => {
        counts.posts++;
        const saml = makeSamlResponse({
          roles: app.roles,
          sessionName: app.sessionName,
          sessionDuration: app.sessionDuration,
          destination: app.destination,
        }).base64;
        return page(
          200,
          autoPostPage(app.destination ?? SIGNIN_GLOBAL, "POST", { SAMLResponse: saml, RelayState: "" }),
          headers,
        );
      };
      if (host === LAUNCHER_HOST && url.pathname.startsWith("/api/signin/")) {
        counts.launches++;
        const app = apps.get(url.pathname.slice("/api/signin/".length));
        if (!app) return page(404, "<h1>AADSTS650056: the application was not found</h1>");
        if (url.searchParams.get("tenantId") !== app.tenantId)
          return page(400, "<h1>AADSTS700016: the application is not in this tenant</h1>");
        // My Apps hands over to the tenant's SAML endpoint (IdP-initiated sign-on for the app).
        res
          .writeHead(302, { location: `https://${LOGIN_HOST}/${app.tenantId}/saml2?app=${app.appId}` })
          .end();
        return true;
      }
      if (host !== LOGIN_HOST) return false;
      const saml2 = url.pathname.match(/^\/([0-9a-f-]{36})\/saml2$/);
      if (saml2 && req.method === "GET" && url.searchParams.has("app")) {
        const app = apps.get(url.searchParams.get("app") ?? "");
        if (!app || app.tenantId !== saml2[1]) return page(400, "<h1>AADSTS700016</h1>");
        const sid = cookieOf(req, SESSION_COOKIE);
        const until = sid ? sessions.get(sid) : undefined;
        if (!interaction && until !== undefined && until > clock()) return post(app);
        counts.prompts++;
        return page(200, promptPage(app.appId, app.tenantId));
      }
      if (url.pathname === "/common/login" && req.method === "POST") {
        const form = new URLSearchParams(body);
        const app = apps.get(form.get("app") ?? "");
        if (!app || app.tenantId !== form.get("tenant")) return page(400, "<h1>AADSTS90100</h1>");
        counts.signIns++;
        interaction = false;
        const sid = self.signInDirectly();
        const maxAge = Math.floor(self.sessionLifetimeMs / 1000);
        post(app, {
          "set-cookie": `${SESSION_COOKIE}=${sid}; Max-Age=${maxAge}; Path=/; Secure; HttpOnly; SameSite=None`,
        });
        return true;
      }
      return false;
    },
  };
  return self;
}
