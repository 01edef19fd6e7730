/**
 * The tab's own conversation with the native host: the host process that answers holds the
 * gateway and its ticket (native-host/src/rdp-gateway/host-gateway.ts), so the tab keeps this
 * port open for as long as the session runs and closes it when the session ends.
 */
import browser from "webextension-polyfill";
import { HOST_NAME } from "../../../contract/envelope";
import type { GatewayTicketInfo } from "../../../contract/gateway-ticket";
import { disconnectReason, HostConnection, type PortLike } from "../background/host-connection";
import type { HostLinkError } from "../background/host-errors";
import type { TabTarget } from "./tab-target";

declare const __BROWSER__: "chrome" | "firefox";

export interface TicketLink {
  ticket: GatewayTicketInfo;
  close(): void;
}

/**
 * Firefox tells the host only the add-on id, not the per-install UUID in this page's origin, so
 * the page says it (rdp.gateway.open's pageOrigin, docs/rdp-in-browser.md). Chromium's host
 * already has it as the caller.
 */
function pageOrigin(): { pageOrigin?: string } {
  return __BROWSER__ === "firefox" ? { pageOrigin: new URL(browser.runtime.getURL("/")).origin } : {};
}

async function tunnelOf(conn: HostConnection, target: TabTarget): Promise<string> {
  if (target.kind === "tunnel") return target.tunnelId;
  if (target.kind === "instance") return (await conn.request("tunnel.start", target.start)).id;
  const opened = await conn.request("connection.open", target.open);
  if (opened.client !== "rdp" || !opened.tunnel)
    throw new Error(`The connection ${opened.name} is not an RDP connection: open it from the popup.`);
  return opened.tunnel.id;
}

/**
 * For an instance or a saved connection, the tunnel is started (or the open one to it returned, PROTOCOL.md
 * tunnel.start) over this same conversation before the ticket is asked for.
 */
export async function openTicket(
  target: TabTarget,
  onLost: (e: HostLinkError | null) => void,
): Promise<TicketLink> {
  const port = browser.runtime.connectNative(HOST_NAME) as unknown as PortLike;
  const conn = new HostConnection({
    port,
    disconnectReason,
    target: { browser: __BROWSER__, extensionId: browser.runtime.id },
    onEvent: () => {},
    onClose: onLost,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
  try {
    const tunnelId = await tunnelOf(conn, target);
    const ticket = await conn.request("rdp.gateway.open", { tunnelId, ...pageOrigin() });
    return { ticket, close: () => conn.close() };
  } catch (err) {
    conn.close();
    throw err;
  }
}
