/**
 * Sign-in sources and their renewal (issue 12, docs/renewal.md), kept in storage.local under its
 * own key: the sources outlive the browser session (a launch URL is no secret) and so does "Entra
 * wants you to sign in", which must not turn into a fresh attempt after a restart. Read back
 * validated with the contract's source rule (contract/signin-source.ts), record by record.
 */
import { isRoleArn } from "../../../contract/identifiers";
import { isProfileName } from "../../../contract/profile-name";
import { checkSignInSource, MYAPPS_LAUNCHER_HOST, type SignInSource } from "../../../contract/signin-source";
import type { Obj } from "../../../contract/validate";
import { IDLE_RUN, type RenewalRun, type RenewalTiming } from "./renewal-schedule";
import type { Settings } from "./settings";

/** A profile a source's sign-in wrote: a renewal assumes the same role into the same name. */
export interface SourceProfile {
  roleArn: string;
  profile: string;
  region: string | null;
  /** RFC 3339, as the host reported it. */
  expiration: string;
}

export interface SourceRecord {
  source: SignInSource;
  profiles: SourceProfile[];
  run: RenewalRun;
  /** renewal.requested ids from the host waiting for this source's next outcome. */
  requests: string[];
}

export interface RenewalBook {
  /**
   * The user turned silent renewal on (options), which is when the browser asked for the launcher
   * permission. New sources renew from then on unless the user turns them off one by one.
   */
  enabled: boolean;
  records: SourceRecord[];
}

export const RENEWAL_KEY = "renewal";
/**
 * The narrowest host permission that lets webRequest see a My Apps launch in a tab (docs/renewal.md):
 * asked for, as an optional permission, when the user turns silent renewal on.
 */
export const LAUNCHER_PATTERN = `https://${MYAPPS_LAUNCHER_HOST}/api/signin/*`;
export const EMPTY_BOOK: RenewalBook = { enabled: false, records: [] };
const MAX_PROFILES = 50;
const MAX_REQUESTS = 20;

function profileOf(v: unknown): SourceProfile | null {
  const o = v as Obj;
  if (typeof o !== "object" || o === null) return null;
  if (!isRoleArn(o.roleArn) || !isProfileName(o.profile) || typeof o.expiration !== "string") return null;
  const region = typeof o.region === "string" ? o.region : null;
  return { roleArn: o.roleArn, profile: o.profile, region, expiration: o.expiration };
}

function runOf(v: unknown): RenewalRun {
  const o = (typeof v === "object" && v !== null ? v : {}) as Obj;
  const num = (x: unknown) => (typeof x === "number" && Number.isFinite(x) ? x : null);
  const phase = o.phase === "needs-user" ? "needs-user" : o.phase === "running" ? "running" : "idle";
  const a = o.attempt as Obj | null;
  const attempt: RenewalRun["attempt"] =
    a && typeof a.id === "string" && num(a.startedAt) !== null && num(a.deadline) !== null
      ? {
          id: a.id,
          startedAt: num(a.startedAt)!,
          deadline: num(a.deadline)!,
          trigger: a.trigger === "host" || a.trigger === "user" ? a.trigger : "schedule",
        }
      : null;
  const l = o.last as Obj | null;
  const last =
    l && num(l.at) !== null && ["renewed", "interaction-required", "failed"].includes(l.outcome as string)
      ? {
          at: num(l.at)!,
          outcome: l.outcome as "renewed",
          message: typeof l.message === "string" ? l.message : null,
        }
      : null;
  return {
    ...IDLE_RUN,
    phase: phase === "running" && !attempt ? "idle" : phase,
    expiresAt: num(o.expiresAt),
    writtenAt: num(o.writtenAt),
    lastStartAt: num(o.lastStartAt),
    attempt: phase === "running" ? attempt : null,
    failures: Math.max(0, Math.min(64, num(o.failures) ?? 0)),
    last,
  };
}

/** The book from whatever storage held; a record that breaks the source rule is dropped. */
export function parseRenewalBook(raw: unknown, idpOrigins: readonly string[]): RenewalBook {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Obj;
  const records: SourceRecord[] = [];
  for (const r of Array.isArray(o.records) ? o.records : []) {
    try {
      const source = checkSignInSource((r as Obj).source, "source", idpOrigins);
      if (records.some((x) => x.source.id === source.id || x.source.name === source.name)) continue;
      const profiles = (Array.isArray((r as Obj).profiles) ? ((r as Obj).profiles as unknown[]) : [])
        .map(profileOf)
        .filter((p): p is SourceProfile => p !== null)
        .slice(0, MAX_PROFILES);
      const requests = (Array.isArray((r as Obj).requests) ? ((r as Obj).requests as unknown[]) : [])
        .filter((x): x is string => typeof x === "string" && /^[0-9a-f]{32}$/.test(x))
        .slice(0, MAX_REQUESTS);
      records.push({ source, profiles, run: runOf((r as Obj).run), requests });
    } catch {
      // A damaged or hand-edited record: left out, the rest still loads.
    }
  }
  return { enabled: o.enabled === true, records };
}

/** The schedule's timing from the options. */
export function timingOf(s: Settings): RenewalTiming {
  return {
    marginMs: s.renewalMarginMinutes * 60_000,
    floorMs: s.renewalFloorSeconds * 1000,
    timeoutMs: s.renewalTimeoutSeconds * 1000,
    maxBackoffMs: 30 * 60_000,
  };
}
