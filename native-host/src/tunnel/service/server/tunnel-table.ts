/**
 * The service's tunnels and what each one shows (TunnelInfo). State only: no sockets, no AWS;
 * the clock and the id source are passed in. Every change is announced to the listeners, which
 * turn it into tunnel.changed events.
 */
import type { TunnelInfo, TunnelState } from "../../../../../contract/tunnel-info";
import type { EngineStats } from "../../engines/engine";

/** What runs a tunnel (tunnel-runner.ts); the table only asks it to stop and for its counters. */
export interface TunnelOwner {
  stop(): Promise<void>;
  stats(): EngineStats | null;
}

export interface TunnelEntry {
  info: TunnelInfo;
  owner: TunnelOwner;
}

export type ChangeListener = (info: TunnelInfo) => void;

export interface NewTunnel {
  target: string;
  profile: string;
  region: string;
  localPort: number;
  remotePort: number;
  /** The host the instance forwards to; null: the instance itself. */
  remoteHost: string | null;
  /** The account and role the profile's keys belong to at start (null: the profile does not say). */
  accountId: string | null;
  roleArn: string | null;
  /** The account's name when bastionless knows it (issue 11). */
  accountAlias?: string | null;
}

export class TunnelTable {
  private readonly entries = new Map<string, TunnelEntry>();
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly clock: () => Date,
    private readonly newId: () => string,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  add(t: NewTunnel, owner: TunnelOwner): TunnelEntry {
    let id = this.newId();
    while (this.entries.has(id)) id = this.newId();
    const info: TunnelInfo = {
      id,
      ...t,
      instanceName: null,
      sessionId: null,
      state: "starting",
      bytesIn: 0,
      bytesOut: 0,
      connections: 0,
      since: this.clock().toISOString(),
      lastError: null,
      accountAlias: t.accountAlias ?? null,
      platformType: null,
    };
    const entry: TunnelEntry = { info, owner };
    this.entries.set(id, entry);
    this.announce(info);
    return entry;
  }

  get(id: string): TunnelEntry | undefined {
    return this.entries.get(id);
  }

  list(): TunnelInfo[] {
    return [...this.entries.values()].map((e) => ({ ...e.info }));
  }

  all(): TunnelEntry[] {
    return [...this.entries.values()];
  }

  /** Applies a change; a new state also resets `since`, so the popup shows "open for 5 min". */
  update(id: string, patch: Partial<Omit<TunnelInfo, "id" | "since">>): void {
    const e = this.entries.get(id);
    if (!e) return;
    const stateChanged = patch.state !== undefined && patch.state !== e.info.state;
    const changed = Object.entries(patch).some(
      ([k, v]) => JSON.stringify(e.info[k as keyof TunnelInfo]) !== JSON.stringify(v),
    );
    if (!changed) return;
    e.info = { ...e.info, ...patch, ...(stateChanged ? { since: this.clock().toISOString() } : {}) };
    this.announce(e.info);
  }

  updateStats(id: string, stats: EngineStats): void {
    this.update(id, { bytesIn: stats.bytesIn, bytesOut: stats.bytesOut, connections: stats.connections });
  }

  /** Removes a tunnel; listeners see its final state once more, after it has left the table. */
  remove(
    id: string,
    state: Extract<TunnelState, "closed" | "failed">,
    error?: { code: string; message: string },
  ): void {
    const e = this.entries.get(id);
    if (!e) return;
    this.entries.delete(id);
    const stateChanged = state !== e.info.state;
    this.announce({
      ...e.info,
      state,
      lastError: error ?? e.info.lastError,
      ...(stateChanged ? { since: this.clock().toISOString() } : {}),
    });
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(info: TunnelInfo): void {
    for (const l of this.listeners) l({ ...info });
  }
}
