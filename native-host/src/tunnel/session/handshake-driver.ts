/**
 * Drives the client side of the handshake (spec §6.1): answer the HandshakeRequest as our seq 0,
 * wait for HandshakeComplete, within a timeout. Refusals (KMS, not a Port session) end the tunnel
 * with their own code once the response is on its way.
 */
import { TunnelError } from "../../errors";
import type { ClientMessage } from "../core/client-message";
import { type HandshakePlan, kmsRefusal, parseHandshakeComplete, planHandshake } from "../core/handshake";
import { PayloadType } from "../core/message-types";

export interface HandshakeOutcome extends Omit<HandshakePlan, "response" | "refusal"> {
  customerMessage: string;
}

export class HandshakeDriver {
  readonly done: Promise<HandshakeOutcome>;
  private resolve!: (o: HandshakeOutcome) => void;
  private reject!: (e: TunnelError) => void;
  private plan: HandshakePlan | null = null;
  private timer: NodeJS.Timeout | null = null;
  private settled = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly sendResponse: (payload: Buffer) => void,
  ) {
    this.done = new Promise((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
    this.done.catch(() => {});
  }

  /** Starts the clock once the websocket is up. */
  start(): void {
    if (this.settled || this.timer) return;
    this.timer = setTimeout(
      () =>
        this.fail(
          new TunnelError(
            "TUNNEL_HANDSHAKE_TIMEOUT",
            `The agent did not complete the handshake within ${this.timeoutMs / 1000} s.`,
            {
              hint: "Check that the instance is online in Systems Manager (`bastionless instances`) and retry.",
            },
          ),
        ),
      this.timeoutMs,
    );
  }

  /** Sequenced messages before the port mode starts; data before HandshakeComplete is acked and dropped. */
  deliver(msg: ClientMessage): boolean {
    if (this.settled) return true;
    try {
      if (msg.payloadType === PayloadType.HandshakeRequest && !this.plan) {
        this.plan = planHandshake(msg.payload);
        this.sendResponse(this.plan.response);
        if (this.plan.refusal) this.fail(this.plan.refusal);
      } else if (msg.payloadType === PayloadType.EncChallengeRequest) {
        this.fail(kmsRefusal());
      } else if (msg.payloadType === PayloadType.HandshakeComplete && this.plan) {
        const { response: _r, refusal: _f, ...plan } = this.plan;
        this.settle();
        this.resolve({ ...plan, ...parseHandshakeComplete(msg.payload) });
      }
    } catch (err) {
      this.fail(err as TunnelError);
    }
    return true;
  }

  fail(err: TunnelError): void {
    if (this.settled) return;
    this.settle();
    this.reject(err);
  }

  private settle(): void {
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
