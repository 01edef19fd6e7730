/**
 * Polls `probe` until it gives a truthy value (returned). It has no deadline of its own: a clock
 * limit fails a slow machine, not a wrong product (issue "Tunnel truth"); the test runner's
 * timeout is the one bound. `what` names the wait when the probe itself fails.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
): Promise<T> {
  for (;;) {
    let v: T | null | undefined | false;
    try {
      v = await probe();
    } catch (err) {
      throw new Error(`waiting for ${what}: ${(err as Error).message}`, { cause: err });
    }
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
