/**
 * This host process's one RDP gateway, started on the first rdp.gateway.open and kept until the
 * process exits: the browser tab that asked holds the host conversation, so the gateway and its
 * tickets last exactly as long as the tab's link to the host.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "../config/log";
import { type GatewayServer, startGatewayServer } from "./gateway-server";
import { REAL_GATEWAY_TIMERS } from "./gateway-session";
import { GatewayTickets } from "./gateway-tickets";
import { openUpstream } from "./upstream";

export interface HostGateway {
  server: GatewayServer;
  tickets: GatewayTickets;
}

let running: Promise<HostGateway> | null = null;

export function hostGateway(log: Logger): Promise<HostGateway> {
  running ??= (async () => {
    const tickets = new GatewayTickets(randomBytes);
    const server = await startGatewayServer(tickets, { openUpstream, timers: REAL_GATEWAY_TIMERS, log });
    log.info("rdp gateway listening", { port: server.port });
    return { server, tickets };
  })();
  running.catch(() => {
    running = null;
  });
  return running;
}
