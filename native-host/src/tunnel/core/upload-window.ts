/**
 * How many bytes of ours may be sent and not yet acknowledged, driven by the acknowledgements
 * themselves (spec §7.6 has no window; §15: the agent's smux v1 server holds 4 MiB for all streams
 * and then blocks, acks stop, every stream stalls). Instead of the plugin's fixed 1 ms sleep per
 * KiB: the window grows while round trips stay near the fastest seen, halves (at most once per
 * round trip) when they grow (a queue is building in front of a slow destination), and falls to
 * its minimum when the oldest message had to be resent (nothing came back at all). An optional
 * rate cap (`--max-upload-rate`) is a token bucket on top. Pure: time is passed in.
 */
export interface UploadWindowOptions {
  minBytes: number;
  maxBytes: number;
  /** Bytes per second at most; null = no cap. */
  maxBytesPerSecond: number | null;
}

export const UPLOAD_WINDOW_DEFAULTS: UploadWindowOptions = {
  minBytes: 32 * 1024,
  maxBytes: 2 * 1024 * 1024,
  maxBytesPerSecond: null,
};

/** A round trip this much above the fastest one means queueing, not distance. */
const QUEUE_SLACK_MS = 50;
const GROWTH = 1.25;

export class UploadWindow {
  size: number;
  inFlight = 0;
  private minRtt = Number.POSITIVE_INFINITY;
  private lastCut = Number.NEGATIVE_INFINITY;
  private tokens: number;
  private refilled: number;

  constructor(
    private readonly opts: UploadWindowOptions,
    now: number,
  ) {
    this.size = Math.min(opts.maxBytes, Math.max(opts.minBytes, 256 * 1024));
    this.tokens = this.burst();
    this.refilled = now;
  }

  /** Room for more: under the window (and the rate cap, if any). */
  open(now: number): boolean {
    return this.inFlight < this.size && this.rateAllows(now);
  }

  /** Enough room again to wake paused readers (hysteresis: 3/4 of the window). */
  reopened(now: number): boolean {
    return this.inFlight <= (this.size * 3) / 4 && this.rateAllows(now);
  }

  sent(bytes: number, now: number): void {
    this.inFlight += bytes;
    if (this.opts.maxBytesPerSecond !== null) {
      this.refill(now);
      this.tokens -= bytes;
    }
  }

  acked(bytes: number): void {
    this.inFlight = Math.max(0, this.inFlight - bytes);
  }

  /** One round-trip sample (Karn: never of a resent message). */
  sample(rttMs: number, now: number): void {
    this.minRtt = Math.min(this.minRtt, rttMs);
    if (rttMs > 2 * this.minRtt + QUEUE_SLACK_MS) {
      if (now - this.lastCut < rttMs) return;
      this.lastCut = now;
      this.size = Math.max(this.opts.minBytes, Math.floor(this.size / 2));
    } else if (this.inFlight >= this.size / 2) {
      this.size = Math.min(this.opts.maxBytes, Math.ceil(this.size * GROWTH));
    }
  }

  /** The oldest message went unacked past its timeout: whatever is ahead of us is full. */
  timedOut(now: number): void {
    this.lastCut = now;
    this.size = this.opts.minBytes;
  }

  private burst(): number {
    const r = this.opts.maxBytesPerSecond;
    return r === null ? 0 : Math.max(16 * 1024, r / 10);
  }

  private refill(now: number): void {
    const r = this.opts.maxBytesPerSecond!;
    this.tokens = Math.min(this.burst(), this.tokens + ((now - this.refilled) / 1000) * r);
    this.refilled = now;
  }

  private rateAllows(now: number): boolean {
    if (this.opts.maxBytesPerSecond === null) return true;
    this.refill(now);
    return this.tokens > 0;
  }
}
