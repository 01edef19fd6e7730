/**
 * Open popups. A popup holds a runtime port while it shows; the background pushes a fresh Status
 * on it whenever state or settings change, and refreshes tunnel figures while one is open. The
 * port also tells the host link to stay open for live tunnel events (host-link.ts).
 */
import type { Status } from "../shared/state";
import type { Ctx } from "./context";
import { refreshAll, refreshTunnels } from "./refresh";
import { isActive } from "./tunnels";
import { makeStatus } from "./ui-requests";

export interface PopupPort {
  postMessage(message: unknown): void;
  onDisconnect: { addListener(cb: () => void): void };
}

/** Bytes and state of active tunnels are re-read this often while a popup shows them. */
export const TUNNEL_TICK_MS = 2000;
const PUSH_COALESCE_MS = 30;

export class PopupPorts {
  private readonly ports = new Set<PopupPort>();
  private tick: ReturnType<typeof setInterval> | null = null;
  private pushTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly ctx: Ctx,
    private readonly meta: Pick<Status, "extensionVersion" | "browser">,
  ) {}

  add(port: PopupPort): void {
    this.ports.add(port);
    port.onDisconnect.addListener(() => this.remove(port));
    this.ctx.host.keep("popup", true);
    this.push();
    void refreshAll(this.ctx, false);
    this.tick ??= setInterval(() => void this.onTick(), TUNNEL_TICK_MS);
  }

  /** Several state writes in a row become one push. */
  push(): void {
    if (!this.ports.size || this.pushTimer) return;
    this.pushTimer = setTimeout(async () => {
      this.pushTimer = null;
      const status = await makeStatus(this.ctx, this.meta);
      for (const p of this.ports) {
        try {
          p.postMessage({ status });
        } catch {
          this.ports.delete(p);
        }
      }
    }, PUSH_COALESCE_MS);
  }

  private remove(port: PopupPort): void {
    this.ports.delete(port);
    if (this.ports.size) return;
    this.ctx.host.keep("popup", false);
    if (this.tick) clearInterval(this.tick);
    this.tick = null;
  }

  private async onTick(): Promise<void> {
    const state = await this.ctx.store.read();
    if (state.tunnels.some(isActive) && !state.busy.includes("tunnel")) await refreshTunnels(this.ctx);
    else this.push(); // countdowns are drawn by the popup; this keeps "now" current for it
  }
}
