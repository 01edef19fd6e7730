/**
 * When a local client counts as stuck (issue 17, finding 6): more than the stream budget unread
 * AND nothing of it taken for `limitTicks` scheduler ticks in a row. Being over budget alone is
 * not enough: after a reconnect the out-of-order buffer (spec §7.4) is flushed to the local socket
 * at once, briefly putting up to ~10 MB in front of a client that reads normally; closing it then
 * would cut a healthy connection (docs/ssm-data-channel.md §15, the Bye under "service drops
 * frames"). A reader that makes progress is never closed. Pure: the caller samples and ticks.
 */
import type net from "node:net";

export interface ReaderSample {
  /** Bytes queued toward the client, beyond what the kernel took. */
  unread: number;
  /** Bytes the kernel has taken so far: grows only while the client reads. */
  flushed: number;
}

/**
 * What a socket has handed to the kernel. Node's `bytesWritten` also counts what is still queued
 * in the stream, so it grows with every write even to a client that never reads.
 */
export function sampleSocket(socket: net.Socket): ReaderSample {
  return { unread: socket.writableLength, flushed: (socket.bytesWritten ?? 0) - socket.writableLength };
}

export class StuckReaderWatch {
  private readonly watched = new Map<number, { flushed: number; stalledTicks: number }>();

  constructor(
    private readonly budget: number,
    private readonly limitTicks: number,
  ) {}

  /** One scheduler tick over every open stream; returns the ids whose reader is stuck. */
  tick(streams: Iterable<[number, ReaderSample]>): number[] {
    const stuck: number[] = [];
    const seen = new Set<number>();
    for (const [id, s] of streams) {
      seen.add(id);
      const prev = this.watched.get(id);
      const stalled = s.unread > this.budget && prev !== undefined && s.flushed === prev.flushed;
      const stalledTicks = stalled ? prev.stalledTicks + 1 : 0;
      this.watched.set(id, { flushed: s.flushed, stalledTicks });
      if (stalledTicks >= this.limitTicks) stuck.push(id);
    }
    for (const id of this.watched.keys()) if (!seen.has(id)) this.watched.delete(id);
    for (const id of stuck) this.watched.delete(id);
    return stuck;
  }
}
