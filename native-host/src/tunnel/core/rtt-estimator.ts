/**
 * Round-trip time and retransmission timeout, RFC 6298 style with the data channel's constants
 * (spec §7.4). Pure arithmetic on millisecond samples.
 */

/** Initial RTT 100 ms, variation 0, RTO 200 ms (spec §7.4, §11). */
export const INITIAL_RTT_MS = 100;
export const INITIAL_RTO_MS = 200;
/** Gains α = 1/8 (RTT) and β = 1/4 (variation). */
const ALPHA = 1 / 8;
const BETA = 1 / 4;
/** Clock granularity G = 10 ms. */
const CLOCK_GRANULARITY_MS = 10;
/** RTO cap: 1 s. */
export const MAX_RTO_MS = 1000;

export class RttEstimator {
  rtt = INITIAL_RTT_MS;
  rttVar = 0;
  rto = INITIAL_RTO_MS;

  /** Feeds one sample; callers skip retransmitted messages (Karn), unlike the plugin (spec §7.4). */
  sample(ms: number): void {
    const s = Math.max(0, ms);
    this.rttVar = (1 - BETA) * this.rttVar + BETA * Math.abs(this.rtt - s);
    this.rtt = (1 - ALPHA) * this.rtt + ALPHA * s;
    this.rto = Math.min(MAX_RTO_MS, this.rtt + Math.max(CLOCK_GRANULARITY_MS, 4 * this.rttVar));
  }
}
