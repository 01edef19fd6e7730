/**
 * The renewal ops of the tunnel service's line protocol (issue 12; docs/renewal.md): the service is
 * where a CLI that needs fresh keys meets the browsers' native hosts.
 * - `renewal.listen` (a native host whose extension renews): from now on this connection gets
 *   `renewal.requested` events; the service stays up while one such connection is open.
 * - `renewal.request` (the CLI): broadcast a `renewal.requested` event to every listener; fails at
 *   once with RENEWAL_NO_BROWSER when there is none. The requester's connection later gets a
 *   `renewal.reported` event when an extension answers.
 * - `renewal.report` (a native host): how a request ended, passed to the requester.
 */
import { RENEWAL_REASON_MAX, type RenewalRequestedEvent } from "../../../../../contract/events";
import { profileName } from "../../../../../contract/identifiers";
import {
  PARAM_CHECKS,
  RENEWAL_MESSAGE_MAX,
  RENEWAL_OUTCOMES,
  RENEWAL_REQUEST_ID,
  type RenewalOutcome,
  type RequestParams,
} from "../../../../../contract/requests";
import { SOURCE_ID } from "../../../../../contract/signin-source";
import { int, nullable, obj, oneOf, onlyKeys, str } from "../../../../../contract/validate";
import { TunnelError } from "../../../errors";

/** Nobody can renew: the service's answer when no native host listens, and the CLI's when no service runs. */
export const noBrowser = (detail: string) =>
  new TunnelError(
    "RENEWAL_NO_BROWSER",
    `No browser with the bastionless extension and renewal turned on is running (${detail}), so nothing can renew the keys.`,
    {
      hint: "Run `bastionless login` (it opens the sign-in in your browser), or start the browser with the extension and try again.",
    },
  );

export interface RenewalAsk {
  profile: string | null;
  sourceId: string | null;
  reason: string;
}

export interface RenewalOps {
  "renewal.listen": { params: Record<string, never>; result: { listeners: number } };
  "renewal.request": { params: RenewalAsk; result: { requestId: string; listeners: number } };
  "renewal.report": { params: RequestParams["renewal.report"]; result: Record<string, never> };
}

/** Sent by the service to the connection that asked (never to the browser). */
export interface RenewalReportedEvent {
  event: "renewal.reported";
  requestId: string;
  outcome: RenewalOutcome;
  message: string | null;
}

export type { RenewalRequestedEvent };

export const RENEWAL_PARAM_CHECKS: { [O in keyof RenewalOps]: (v: unknown) => RenewalOps[O]["params"] } = {
  "renewal.listen": (v) => {
    onlyKeys(v === undefined ? {} : obj(v, "params"), "params", []);
    return {};
  },
  "renewal.request": (v) => {
    const o = obj(v, "params");
    onlyKeys(o, "params", ["profile", "sourceId", "reason"]);
    return {
      profile: nullable(o.profile, (x) => profileName(x, "params.profile")),
      sourceId: nullable(o.sourceId, (x) => str(x, "params.sourceId", { pattern: SOURCE_ID })),
      reason: str(o.reason, "params.reason", { min: 1, max: RENEWAL_REASON_MAX }),
    };
  },
  "renewal.report": (v) => PARAM_CHECKS["renewal.report"](v),
};

export const RENEWAL_RESULT_CHECKS: { [O in keyof RenewalOps]: (v: unknown) => RenewalOps[O]["result"] } = {
  "renewal.listen": (v) => ({ listeners: int(obj(v, "result").listeners, "result.listeners", 0, 1000) }),
  "renewal.request": (v) => {
    const o = obj(v, "result");
    return {
      requestId: str(o.requestId, "result.requestId", { pattern: RENEWAL_REQUEST_ID }),
      listeners: int(o.listeners, "result.listeners", 1, 1000),
    };
  },
  "renewal.report": (v) => {
    obj(v, "result");
    return {};
  },
};

/** A service-only event: a renewal.reported line, or null when the line is some other event. */
export function checkRenewalReported(v: Record<string, unknown>): RenewalReportedEvent | null {
  if (v.event !== "renewal.reported") return null;
  return {
    event: "renewal.reported",
    requestId: str(v.requestId, "event.requestId", { pattern: RENEWAL_REQUEST_ID }),
    outcome: oneOf(v.outcome, "event.outcome", RENEWAL_OUTCOMES),
    message: nullable(v.message, (x) => str(x, "event.message", { max: RENEWAL_MESSAGE_MAX })),
  };
}
