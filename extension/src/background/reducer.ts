/**
 * The background's state machine: pure (state, action) → state. Every change goes through here
 * and through the write queue in store.ts, so concurrent events cannot lose an update.
 */
import type { ConnectionOpened, ConnectionsList } from "../../../contract/connection";
import type { InstanceInfo, ProfileInfo, WrittenProfile } from "../../../contract/domain";
import type { TunnelInfo } from "../../../contract/tunnel-info";
import {
  type Busy,
  type HeldSignIn,
  type HostState,
  type HostStatus,
  type PendingChoice,
  type ProfileRefusal,
  REFUSED_MAX,
  type RefusedCapture,
  type SignIn,
  type State,
  type UserError,
} from "../shared/state";
import { hostStateFor } from "./host-errors";

export type Action =
  | { type: "host/checked"; host: HostStatus }
  | { type: "host/failed"; state: HostState; at: number }
  | { type: "capture/seen" }
  | { type: "capture/ignored"; url: string; reason: string; at: number }
  | ({ type: "capture/refused" } & RefusedCapture)
  | { type: "signin/inspected"; signIn: SignIn; pending: PendingChoice | null }
  | { type: "signin/held"; held: HeldSignIn }
  /** A sign-in without roles: it becomes the last sign-in; a pending choice of an earlier one stays. */
  | { type: "signin/no-roles"; signIn: SignIn }
  | { type: "signin/assumed"; written: WrittenProfile[] }
  | { type: "pending/cleared"; id?: string }
  /** Profiles the host would not write: held for the user's explicit "Replace it" (profile-refusal.ts). */
  | { type: "refusal/set"; refusal: ProfileRefusal }
  | { type: "refusal/cleared"; id: string }
  | { type: "profiles/loaded"; profiles: ProfileInfo[]; at: number }
  | { type: "selection/set"; profile: string; region: string | null }
  | { type: "instances/loading"; profile: string; region: string | null }
  | { type: "instances/loaded"; profile: string; region: string | null; list: InstanceInfo[]; at: number }
  | { type: "instances/failed"; profile: string; region: string | null }
  | { type: "tunnels/set"; tunnels: TunnelInfo[] }
  | { type: "tunnel/changed"; tunnel: TunnelInfo }
  | { type: "busy/start"; what: Busy }
  | { type: "busy/end"; what: Busy }
  | { type: "error/set"; error: UserError }
  | { type: "error/cleared"; code?: string }
  | { type: "connections/loaded"; list: ConnectionsList; at: number }
  | { type: "connection/opened"; opened: ConnectionOpened };

type Handlers = { [K in Action["type"]]: (s: State, a: Extract<Action, { type: K }>) => State };

/** The profile to show instances for: the user's pick if still listed, else the freshest sign-in's, else the first. */
function defaultSelection(s: State, profiles: ProfileInfo[]): State["selection"] {
  const listed = (name: string) => profiles.find((p) => p.profile === name);
  if (s.selection && listed(s.selection.profile)) return s.selection;
  const fresh = s.lastSignIn?.written.map((w) => listed(w.profile)).find((p) => p && !p.expired);
  const first = fresh ?? profiles.find((p) => !p.expired) ?? profiles[0];
  return first ? { profile: first.profile, region: first.region } : null;
}

/** A refusal stays shown after its assertion is gone, saying to sign in again. */
const unusable = (r: ProfileRefusal | null | undefined): ProfileRefusal | null =>
  r ? { ...r, usable: false } : null;

const sameTarget = (v: State["instances"], profile: string, region: string | null) =>
  v?.profile === profile && v.region === region;

const HANDLERS: Handlers = {
  // A host that answers again clears the "not installed / failing" message it caused.
  "host/checked": (s, a) => ({
    ...s,
    host: a.host,
    error: a.host.state === "ok" && s.error && hostStateFor(s.error.code) ? null : s.error,
  }),
  "host/failed": (s, a) => ({ ...s, host: { ...s.host, state: a.state, checkedAt: a.at } }),
  "capture/seen": (s) => ({ ...s, capture: { ...s.capture, seen: s.capture.seen + 1 } }),
  "capture/ignored": (s, a) => ({
    ...s,
    capture: {
      ...s.capture,
      ignored: s.capture.ignored + 1,
      lastIgnored: { url: a.url, reason: a.reason, at: a.at },
    },
  }),
  "capture/refused": (s, { type: _, ...refused }) => ({
    ...s,
    capture: { ...s.capture, refused: [refused, ...(s.capture.refused ?? [])].slice(0, REFUSED_MAX) },
  }),
  // One assertion is held at a time (assertion-store.ts): a newer sign-in replaces a held one.
  // A refusal's retry needs that held assertion too, so it can no longer be replaced.
  "signin/inspected": (s, a) => ({
    ...s,
    lastSignIn: a.signIn,
    pending: a.pending,
    held: null,
    refusal: unusable(s.refusal),
  }),
  "signin/held": (s, a) => ({ ...s, held: a.held, pending: null, refusal: unusable(s.refusal) }),
  "signin/no-roles": (s, a) => ({ ...s, lastSignIn: a.signIn }),
  "signin/assumed": (s, a) => ({
    ...s,
    pending: null,
    lastSignIn: s.lastSignIn && { ...s.lastSignIn, written: a.written },
    // A fresh sign-in decides what the popup shows next.
    selection: a.written[0] ? { profile: a.written[0].profile, region: a.written[0].region } : s.selection,
  }),
  // The assertion's id names either a role choice or a held tenant choice.
  "pending/cleared": (s, a) => ({
    ...s,
    pending: a.id === undefined || s.pending?.id === a.id ? null : s.pending,
    held: a.id === undefined || s.held?.id === a.id ? null : (s.held ?? null),
    refusal: a.id === undefined || s.refusal?.id === a.id ? unusable(s.refusal) : (s.refusal ?? null),
  }),
  "refusal/set": (s, a) => ({ ...s, refusal: a.refusal }),
  "refusal/cleared": (s, a) => (s.refusal?.id === a.id ? { ...s, refusal: null } : s),
  "profiles/loaded": (s, a) => ({
    ...s,
    profiles: a.profiles,
    profilesAt: a.at,
    selection: defaultSelection(s, a.profiles),
  }),
  "selection/set": (s, a) => ({ ...s, selection: { profile: a.profile, region: a.region } }),
  "instances/loading": (s, a) => ({
    ...s,
    // Keep the old list while the same target reloads, so the popup does not jump.
    instances: sameTarget(s.instances, a.profile, a.region)
      ? { ...s.instances!, loading: true }
      : { profile: a.profile, region: a.region, list: [], fetchedAt: null, loading: true },
  }),
  "instances/loaded": (s, a) =>
    sameTarget(s.instances, a.profile, a.region)
      ? {
          ...s,
          instances: { profile: a.profile, region: a.region, list: a.list, fetchedAt: a.at, loading: false },
        }
      : s,
  "instances/failed": (s, a) =>
    sameTarget(s.instances, a.profile, a.region)
      ? { ...s, instances: { ...s.instances!, loading: false } }
      : s,
  "tunnels/set": (s, a) => ({ ...s, tunnels: a.tunnels }),
  "tunnel/changed": (s, a) => {
    const rest = s.tunnels.filter((t) => t.id !== a.tunnel.id);
    // A cleanly closed tunnel leaves the list; a failed one stays so the popup can say why.
    return {
      ...s,
      tunnels:
        a.tunnel.state === "closed"
          ? rest
          : [...rest, a.tunnel].sort((x, y) => x.since.localeCompare(y.since)),
    };
  },
  "busy/start": (s, a) => ({ ...s, busy: s.busy.includes(a.what) ? s.busy : [...s.busy, a.what] }),
  "busy/end": (s, a) => ({ ...s, busy: s.busy.filter((b) => b !== a.what) }),
  "error/set": (s, a) => ({ ...s, error: a.error }),
  "error/cleared": (s, a) => (a.code === undefined || s.error?.code === a.code ? { ...s, error: null } : s),
  "connections/loaded": (s, a) => ({
    ...s,
    connections: { list: a.list, fetchedAt: a.at, opened: s.connections?.opened ?? null },
  }),
  "connection/opened": (s, a) =>
    s.connections ? { ...s, connections: { ...s.connections, opened: a.opened } } : s,
};

export function reduce(state: State, action: Action): State {
  const handler = HANDLERS[action.type] as (s: State, a: Action) => State;
  return handler(state, action);
}
