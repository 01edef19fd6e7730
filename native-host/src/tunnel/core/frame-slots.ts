/**
 * Reusable buffers for the frames the sender keeps until they are acknowledged (issue 16,
 * "Memory"). An unacked frame lives one round trip, long enough to outlive V8's young-generation
 * collection, so a fresh buffer per 1 KiB message became old-generation garbage that only a full
 * collection frees: tens of MiB of external memory during a busy upload. A frame's buffer is given
 * back when its message is acknowledged and the next message is encoded into it. Pure.
 *
 * Safe because nothing else holds a frame once `write` returned: the websocket copies each client
 * frame while masking it (RFC 6455 §5.3; ws 8 `lib/sender.js` `frame()`, "merge" of read-only data)
 * and is never configured to queue one (no permessage-deflate, no Blob data).
 */
export class FrameSlots {
  private readonly free: Buffer[] = [];

  /**
   * `slotBytes`: the largest frame a slot holds (bigger frames get a buffer of their own).
   * `keep`: free slots kept at most; beyond that, returned ones are left to the collector, so an
   * idle tunnel holds `keep × slotBytes` at most.
   */
  constructor(
    readonly slotBytes: number,
    private readonly keep: number,
  ) {}

  /** A buffer of exactly `bytes`, in a reused slot when it fits; `slot` is what to give back. */
  take(bytes: number): { frame: Buffer; slot: Buffer | null } {
    if (bytes > this.slotBytes) return { frame: Buffer.allocUnsafe(bytes), slot: null };
    const slot = this.free.pop() ?? Buffer.allocUnsafeSlow(this.slotBytes);
    return { frame: slot.subarray(0, bytes), slot };
  }

  /** The frame in `slot` is no longer needed (acknowledged, or the channel is gone). */
  give(slot: Buffer | null): void {
    if (slot && this.free.length < this.keep) this.free.push(slot);
  }

  get freeCount(): number {
    return this.free.length;
  }
}
