/**
 * The one place a SAML assertion waits while the user picks a role. It sits in storage.session,
 * which browsers keep in memory only (never on disk, design §4) and which survives the worker
 * being stopped between the capture and the click. It is removed as soon as it is used, the user
 * cancels, or it expires (alarm), and it never appears in the Status sent to views.
 */
import { type StorageAreaLike, serialQueue } from "./store";

export interface HeldAssertion {
  id: string;
  samlResponse: string;
  url: string;
  from: string | null;
  expiresAt: number;
}

export const ASSERTION_KEY = "assertion";

/** AWS accepts an assertion for about 5 minutes when it does not say (SubjectConfirmationData). */
export const DEFAULT_ASSERTION_LIFETIME_MS = 5 * 60_000;
/** The alarm that drops a held assertion when AWS stops accepting it. */
export const assertionAlarm = (id: string) => `assertion:${id}`;

function isHeld(v: unknown): v is HeldAssertion {
  const o = v as HeldAssertion;
  return (
    typeof o === "object" &&
    o !== null &&
    typeof o.id === "string" &&
    typeof o.samlResponse === "string" &&
    typeof o.url === "string" &&
    typeof o.expiresAt === "number"
  );
}

export interface AssertionStore {
  /** Holds one assertion; a newer sign-in replaces an older pending one. */
  put(a: HeldAssertion): Promise<void>;
  /** Hands the assertion out once and forgets it; null if gone, another sign-in's, or expired. */
  take(id: string, now: number): Promise<HeldAssertion | null>;
  /** Forgets it (the given one, or whatever is held). */
  drop(id?: string): Promise<void>;
}

export function createAssertionStore(area: StorageAreaLike): AssertionStore {
  const queue = serialQueue();
  const read = async () => {
    const v = (await area.get(ASSERTION_KEY))[ASSERTION_KEY];
    return isHeld(v) ? v : null;
  };
  return {
    put: (a) => queue(() => area.set({ [ASSERTION_KEY]: a })),
    take: (id, now) =>
      queue(async () => {
        const held = await read();
        if (!held || held.id !== id) return null;
        await area.remove(ASSERTION_KEY);
        return held.expiresAt > now ? held : null;
      }),
    drop: (id) =>
      queue(async () => {
        const held = await read();
        if (held && (id === undefined || held.id === id)) await area.remove(ASSERTION_KEY);
      }),
  };
}
