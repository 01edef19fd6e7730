/**
 * The tab's own conversation with the native host: the host process that answers holds the
 * gateway and its ticket (native-host/src/rdp-gateway/host-gateway.ts), so the tab keeps this
 * port open for as long as the session runs and closes it when the session ends.
 */
import { HOST_NAME } from "../../../contract/envelope";
import type { GatewayTicketInfo } from "../../../contract/gateway-ticket";
import { HostConnection, type PortLike } from "../background/host-connection";
import type { HostLinkError } from "../background/host-errors";

export interface TicketLink {
  ticket: GatewayTicketInfo;
  close(): void;
}

export async function openTicket(
  tunnelId: string,
  onLost: (e: HostLinkError | null) => void,
): Promise<TicketLink> {
  const port = chrome.runtime.connectNative(HOST_NAME) as unknown as PortLike;
  const conn = new HostConnection({
    port,
    disconnectReason: () => chrome.runtime.lastError?.message ?? null,
    target: { browser: "chrome", extensionId: chrome.runtime.id },
    onEvent: () => {},
    onClose: onLost,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  });
  try {
    const ticket = await conn.request("rdp.gateway.open", { tunnelId });
    return { ticket, close: () => conn.close() };
  } catch (err) {
    conn.close();
    throw err;
  }
}
