/**
 * What the background knows, kept in storage.session (an MV3 worker may be stopped between any
 * two events, so nothing lives in globals: docs/testing/browser-e2e.md §6). The popup gets a
 * copy of it in Status. The SAML assertion is NOT part of this object: it is stored under its own
 * key (background/assertion-store.ts) so no view ever receives it.
 */

import type { ConnectionOpened, ConnectionsList } from "../../../contract/connection";
import type {
  InstanceInfo,
  Partition,
  ProfileInfo,
  RoleChoice,
  WrittenProfile,
} from "../../../contract/domain";
import type { RequestParams, RequestType } from "../../../contract/requests";
import type { TunnelInfo } from "../../../contract/tunnel-info";
import type { RenewalBook } from "./renewal";
import type { Settings } from "./settings";

export type HostState = "unknown" | "ok" | "missing" | "forbidden" | "outdated" | "failing";

export interface HostStatus {
  state: HostState;
  version: string | null;
  protocol: number | null;
  capabilities: RequestType[];
  checkedAt: number | null;
}

/** An error in plain words plus what to do; `code` is stable (tests and PROTOCOL.md). */
export interface UserError {
  code: string;
  message: string;
  hint: string | null;
  /** A command the user can copy, when the fix is one. */
  command: string | null;
  at: number;
}

export interface SignIn {
  at: number;
  sessionName: string | null;
  issuer: string | null;
  partition: Partition;
  /** The sign-in endpoint the assertion was posted to. */
  url: string;
  /** The page that posted it, as far as the browser tells (for silent renewal, design §8). */
  from: string | null;
  roles: RoleChoice[];
  /** What the host wrote for this sign-in; empty while a role choice is pending. */
  written: WrittenProfile[];
}

/** A sign-in waiting for the user to pick roles in the popup. */
export interface PendingChoice {
  id: string;
  sessionName: string | null;
  roles: RoleChoice[];
  /** When the assertion stops being accepted by AWS (ms epoch). */
  expiresAt: number;
}

export interface InstancesView {
  profile: string;
  region: string | null;
  list: InstanceInfo[];
  fetchedAt: number | null;
  loading: boolean;
}

/**
 * A SAML sign-in that was not taken because no trusted sign-in page sent it (issue 17). Kept
 * bounded (REFUSED_MAX, newest first) so a page posting in a loop cannot grow state.
 */
export interface RefusedCapture {
  at: number;
  url: string;
  /** The sending page's origin as the browser reported it; null when it did not say. */
  from: string | null;
  code: string;
  reason: string;
}

export const REFUSED_MAX = 5;

export interface CaptureStats {
  seen: number;
  ignored: number;
  /** The last request on a sign-in URL that was not a SAML POST, and why (troubleshooting). */
  lastIgnored: { url: string; reason: string; at: number } | null;
  /** Refused sign-ins, newest first. Absent in state from an older build. */
  refused?: RefusedCapture[];
}

/** A sign-in from another Entra tenant than the pinned one, waiting for the user's choice. */
export interface HeldSignIn {
  id: string;
  issuer: string | null;
  pinned: string;
  sessionName: string | null;
  from: string | null;
  roles: RoleChoice[];
  /** When the assertion stops being accepted by AWS (ms epoch). */
  expiresAt: number;
}

/**
 * Profiles the host would not write because bastionless does not own them (PROFILE_NOT_OWNED,
 * PROFILE_OWNED_BY_OTHER_ROLE; issue 11 "Profile ownership"). The popup offers "Replace it",
 * which repeats `choice` with `force: true`; nothing is forced without that click. The assertion
 * for the retry is kept under `id` in the assertion store only (never here, never on disk).
 */
export interface ProfileRefusal {
  id: string;
  /** The host's refusals: each names the profile, its file and what holds it; the hint says what else to do. */
  problems: { code: string; message: string; hint: string | null }[];
  /** The credentials.assume choice to repeat (role ARNs and names only; no secret). */
  choice: Omit<RequestParams["credentials.assume"], "samlResponse" | "url">;
  /** When AWS stops accepting the assertion (its NotOnOrAfter, ms epoch). */
  expiresAt: number;
  /** False once the assertion is gone (expired, or replaced by a newer sign-in). */
  usable: boolean;
}

export type Busy =
  | "sign-in"
  | "assume"
  | "profiles"
  | "instances"
  | "tunnel"
  | "console"
  | "connection"
  | "renewal";

/** Saved connections (issue 13) as the host listed them, and what the last open gave back. */
export interface ConnectionsView {
  list: ConnectionsList;
  fetchedAt: number;
  /** The last connection opened from the popup: its address to copy, or ssh's command. */
  opened: ConnectionOpened | null;
}

export interface State {
  host: HostStatus;
  capture: CaptureStats;
  lastSignIn: SignIn | null;
  pending: PendingChoice | null;
  /** Absent in state from an older build. */
  held?: HeldSignIn | null;
  profiles: ProfileInfo[];
  profilesAt: number | null;
  selection: { profile: string; region: string | null } | null;
  instances: InstancesView | null;
  tunnels: TunnelInfo[];
  busy: Busy[];
  error: UserError | null;
  /** Absent in state from an older build, and until the host has listed them. */
  connections?: ConnectionsView | null;
  /** Absent in state from an older build. */
  refusal?: ProfileRefusal | null;
}

export const INITIAL_STATE: State = {
  host: { state: "unknown", version: null, protocol: null, capabilities: [], checkedAt: null },
  capture: { seen: 0, ignored: 0, lastIgnored: null, refused: [] },
  lastSignIn: null,
  pending: null,
  held: null,
  profiles: [],
  profilesAt: null,
  selection: null,
  instances: null,
  tunnels: [],
  busy: [],
  error: null,
};

/** The one object the popup asks for and renders (style §14). */
export interface Status {
  state: State;
  settings: Settings;
  /** Sign-in sources and their silent renewal (docs/renewal.md). Absent from an older background. */
  renewal?: RenewalBook;
  extensionVersion: string;
  browser: "chrome" | "firefox";
  /** The background's clock when the status was made; countdowns tick from here. */
  now: number;
}
