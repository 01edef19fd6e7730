/**
 * The host's rdp.gateway.open answer, checked before the tab's password goes anywhere near it:
 * the gateway must be this machine's loopback (docs/rdp-in-browser.md), the secret a token.
 */
import { obj, str } from "./validate";

/** (appended) For the RDP tab's wasm client: proxyAddress(url), authToken(secret), destination(destination). */
export interface GatewayTicketInfo {
  url: string;
  secret: string;
  destination: string;
}

export const GATEWAY_URL = /^ws:\/\/127\.0\.0\.1:\d{1,5}\/rdp\/[0-9a-f]{32}$/;

export function gatewayTicket(v: unknown): GatewayTicketInfo {
  const o = obj(v, "result");
  return {
    url: str(o.url, "result.url", { pattern: GATEWAY_URL }),
    secret: str(o.secret, "result.secret", { min: 32, max: 128, pattern: /^[A-Za-z0-9_-]+$/ }),
    destination: str(o.destination, "result.destination", { min: 1, max: 300 }),
  };
}
