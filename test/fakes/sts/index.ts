/**
 * A local stand-in for STS (AssumeRoleWithSAML) and IAM (ListAccountAliases), query protocol over
 * HTTP on 127.0.0.1. The product reaches it only through AWS_ENDPOINT_URL_STS /
 * AWS_ENDPOINT_URL_IAM (docs/testing/toolchain.md §3). `createStsHandler` lets other fakes
 * compose one server for all AWS services: it returns false for requests that are not its own.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { assumeRoleWithSaml } from "./assume-role-with-saml";
import { getCallerIdentity } from "./get-caller-identity";
import { listAccountAliases } from "./list-account-aliases";
import { sendQueryError } from "./query";
import type { FakeStsOptions, FakeStsState, StsCall } from "./types";

export type { FakeStsFault } from "./assume-role-with-saml";
export type { FakeStsOptions, StsCall } from "./types";

export function createFakeStsState(opts: FakeStsOptions = {}): FakeStsState {
  const max = opts.maxSessionDuration ?? 43200;
  return {
    maxSessionDuration: typeof max === "number" ? () => max : max,
    fault: opts.fault,
    accountAliases: opts.accountAliases ?? {},
    iamDenied: opts.iamDenied ?? false,
    clock: opts.clock ?? (() => new Date()),
    issued: new Map(),
    keys: new Map(),
    lifetimeSeconds: opts.lifetimeSeconds,
    calls: [],
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Handles a POST whose form body names an STS or IAM action it knows; false otherwise. */
export function createStsHandler(opts: FakeStsOptions = {}, state = createFakeStsState(opts)) {
  const handler = (req: IncomingMessage, body: Buffer, res: ServerResponse): boolean => {
    if (
      req.method !== "POST" ||
      !String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
    )
      return false;
    const form = new URLSearchParams(body.toString("utf8"));
    const action = form.get("Action") ?? "";
    if (action !== "AssumeRoleWithSAML" && action !== "ListAccountAliases" && action !== "GetCallerIdentity")
      return false;
    const call: StsCall = {
      action,
      signed: Boolean(req.headers.authorization),
      outcome: "pending",
      attempt: 0,
    };
    if (action === "AssumeRoleWithSAML") {
      call.roleArn = form.get("RoleArn") ?? undefined;
      call.principalArn = form.get("PrincipalArn") ?? undefined;
      const d = form.get("DurationSeconds");
      call.durationSeconds = d === null ? undefined : Number(d);
      call.attempt = state.calls.filter((c) => c.action === action && c.roleArn === call.roleArn).length;
    }
    state.calls.push(call);
    const delay = action === "ListAccountAliases" ? (opts.iamDelayMs ?? 0) : (opts.delayMs ?? 0);
    void sleep(delay).then(() => {
      try {
        if (action === "AssumeRoleWithSAML") assumeRoleWithSaml(form, req, res, state, call);
        else if (action === "GetCallerIdentity") getCallerIdentity(form, req, body, res, state, call);
        else listAccountAliases(form, req, res, state, call);
      } catch (err) {
        call.outcome = "InternalFailure";
        sendQueryError(res, 500, "InternalFailure", String(err));
      }
    });
    return true;
  };
  return Object.assign(handler, { state });
}

export interface FakeSts {
  url: string;
  calls: StsCall[];
  close(): Promise<void>;
}

/** A server for STS and IAM alone; 127.0.0.1, port 0. */
export async function startFakeSts(opts: FakeStsOptions = {}): Promise<FakeSts> {
  const handler = createStsHandler(opts);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (!handler(req, Buffer.concat(chunks), res))
        sendQueryError(res, 400, "InvalidAction", "The fake STS does not know this request.");
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: handler.state.calls,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
