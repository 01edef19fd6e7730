/**
 * The agent's output toward the client: destination (or smux) bytes cut into ≤ 1 KiB Output
 * messages (spec §7.4), either as fast as the websocket drains or paced like the real agent,
 * one message per millisecond (spec §7.6: read 1 KiB, sleep 1 ms). The pace is an exact token
 * bucket so "the agent's pace" is a known figure: 1 024 000 B/s.
 */
export const CHUNK_BYTES = 1024;
/** Destination reading pauses above this many queued bytes and resumes below a quarter of it. */
const HIGH_WATER = 512 * 1024;
/** Paced: at most this many messages catch up after a late timer (no bursts, like sleep(1 ms)). */
const MAX_CATCH_UP = 4;

export interface PumpIo {
  /** Sends one Output message; false when the wire is not ready (paused, buffered, down). */
  ready(): boolean;
  send(chunk: Buffer): void;
  /** The queue fell below its low-water mark: read the destination again. */
  low(): void;
}

export class OutputPump {
  private queue: Buffer[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private credit = 0;
  private last = performance.now();
  private stopped = false;

  constructor(
    private readonly io: PumpIo,
    private readonly paced: boolean,
  ) {}

  get high(): boolean {
    return this.queued > HIGH_WATER;
  }

  push(bytes: Buffer): void {
    if (this.stopped || bytes.length === 0) return;
    this.queue.push(bytes);
    this.queued += bytes.length;
    this.kick();
  }

  kick(): void {
    if (this.timer || this.stopped) return;
    if (!this.paced) {
      this.run();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, 1);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue = [];
    this.queued = 0;
  }

  private run(): void {
    if (this.paced) {
      const now = performance.now();
      this.credit = Math.min(MAX_CATCH_UP, this.credit + (now - this.last));
      this.last = now;
    }
    while (this.queued > 0 && this.io.ready() && (!this.paced || this.credit >= 1)) {
      this.io.send(this.take());
      if (this.paced) this.credit -= 1;
    }
    if (this.queued < HIGH_WATER / 4) this.io.low();
    if (this.queued > 0 && !this.timer) {
      // Paced: the next millisecond; unpaced: the websocket drained a bit (checked every ms).
      this.timer = setTimeout(() => {
        this.timer = null;
        this.run();
      }, 1);
    }
  }

  private take(): Buffer {
    const first = this.queue[0]!;
    let chunk: Buffer;
    if (first.length <= CHUNK_BYTES) {
      chunk = first;
      this.queue.shift();
    } else {
      chunk = first.subarray(0, CHUNK_BYTES);
      this.queue[0] = first.subarray(CHUNK_BYTES);
    }
    this.queued -= chunk.length;
    return chunk;
  }
}
