/**
 * Where CLIs that need fresh keys meet the browsers that can renew them (issue 12,
 * docs/renewal.md). Native hosts whose extension renews register as listeners; a request is
 * broadcast to each as a `renewal.requested` event, and the first report for it goes back to the
 * connection that asked. Connections and ids come in from outside, so a test drives it directly.
 */
import type { RenewalRequestedEvent } from "../../../../../contract/events";
import { noBrowser, type RenewalAsk, type RenewalOps, type RenewalReportedEvent } from "../ipc/renewal-ops";

/** Requests remembered for a report; the oldest is dropped beyond this (a CLI gives up long before). */
const MAX_OPEN_REQUESTS = 256;

export class RenewalBroker<Conn> {
  private readonly listeners = new Set<Conn>();
  private readonly open = new Map<string, Conn>();

  constructor(
    private readonly send: (conn: Conn, event: RenewalRequestedEvent | RenewalReportedEvent) => void,
    private readonly newId: () => string,
  ) {}

  get listening(): number {
    return this.listeners.size;
  }

  listen(conn: Conn): RenewalOps["renewal.listen"]["result"] {
    this.listeners.add(conn);
    return { listeners: this.listeners.size };
  }

  request(ask: RenewalAsk, from: Conn): RenewalOps["renewal.request"]["result"] {
    if (this.listeners.size === 0) throw noBrowser("none is connected to the tunnel service");
    const requestId = this.newId();
    this.open.set(requestId, from);
    if (this.open.size > MAX_OPEN_REQUESTS) this.open.delete(this.open.keys().next().value!);
    for (const l of this.listeners) this.send(l, { event: "renewal.requested", requestId, ...ask });
    return { requestId, listeners: this.listeners.size };
  }

  /** A report for a request nobody waits for any more is dropped: the CLI already stopped. */
  report(p: RenewalOps["renewal.report"]["params"]): RenewalOps["renewal.report"]["result"] {
    const to = this.open.get(p.requestId);
    this.open.delete(p.requestId);
    if (to !== undefined)
      this.send(to, {
        event: "renewal.reported",
        requestId: p.requestId,
        outcome: p.outcome,
        message: p.message ?? null,
      });
    return {};
  }

  closed(conn: Conn): void {
    this.listeners.delete(conn);
    for (const [id, c] of this.open) if (c === conn) this.open.delete(id);
  }
}
