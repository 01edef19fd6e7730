/**
 * Network faults for one direction of the fake's websocket: drop, duplicate and reorder frames
 * with a seeded RNG (spec §10 item 11). Reordering holds one frame back until the next one has
 * gone (or 5 ms passed).
 */
export interface WireFaults {
  dropRate: number;
  duplicateRate: number;
  reorderRate: number;
}

export interface WireCounts {
  dropped: number;
  duplicated: number;
  reordered: number;
}

const REORDER_HOLD_MS = 5;

export class FaultyWire {
  enabled = false;
  private held: Buffer | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly faults: WireFaults,
    private readonly random: () => number,
    private readonly counts: WireCounts,
    private readonly out: (frame: Buffer) => void,
  ) {}

  pass(frame: Buffer): void {
    if (!this.enabled) {
      this.out(frame);
      return;
    }
    const r = this.random();
    const { dropRate, duplicateRate, reorderRate } = this.faults;
    if (r < dropRate) {
      this.counts.dropped++;
    } else if (r < dropRate + duplicateRate) {
      this.counts.duplicated++;
      this.out(frame);
      this.out(frame);
    } else if (r < dropRate + duplicateRate + reorderRate && !this.held) {
      this.counts.reordered++;
      this.held = frame;
      this.timer = setTimeout(() => this.flush(), REORDER_HOLD_MS);
    } else {
      this.out(frame);
      this.flush();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const h = this.held;
    this.held = null;
    if (h) this.out(h);
  }

  /** Forget a held frame (the connection it was meant for is gone). */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.held = null;
  }
}
