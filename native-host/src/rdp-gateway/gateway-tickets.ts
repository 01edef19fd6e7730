/**
 * What lets one browser tab through the gateway: an id (in the WebSocket path), a secret (in
 * the RDCleanPath request's proxy_auth, never in a URL), the extension origin that asked for it
 * and the tunnel port it leads to. Tickets live in the host process that issued them, so they
 * end with the tab's host conversation. Pure apart from the random source passed in.
 */
export interface GatewayTicket {
  id: string;
  secret: Buffer;
  /** The WebSocket Origin header the tab must send: chrome-extension://ID, no trailing slash. */
  origin: string;
  port: number;
}

export class GatewayTickets {
  private readonly byId = new Map<string, GatewayTicket>();

  constructor(private readonly random: (bytes: number) => Buffer) {}

  issue(origin: string, port: number): GatewayTicket {
    const ticket: GatewayTicket = {
      id: this.random(16).toString("hex"),
      // 256 bits: guessing it is not a way in even for a page that learns the port and id.
      secret: Buffer.from(this.random(32).toString("base64url"), "utf8"),
      origin,
      port,
    };
    this.byId.set(ticket.id, ticket);
    return ticket;
  }

  get(id: string): GatewayTicket | undefined {
    return this.byId.get(id);
  }
}
