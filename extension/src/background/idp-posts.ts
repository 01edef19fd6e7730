/**
 * Assertions a trusted sign-in page posted recently, by SHA-256 only (never the assertion), so the
 * AWS sign-in page's own re-post of one (its role picker posts the SAMLResponse again) is known for
 * what it is, and an assertion another site planted there is not (capture-source.ts). Kept in
 * storage.session (memory only), bounded, each for as long as AWS accepts an assertion.
 */
import { type StorageAreaLike, serialQueue } from "./store";

export const IDP_POSTS_KEY = "idpPosts";
const MAX = 20;
/** AWS takes an assertion for minutes (SubjectConfirmationData NotOnOrAfter, about 5 min from Entra). */
const KEEP_MS = 10 * 60_000;

type Entry = { hash: string; until: number };

export async function assertionHash(samlResponse: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(samlResponse));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface IdpPosts {
  add(samlResponse: string, now: number): Promise<void>;
  has(samlResponse: string, now: number): Promise<boolean>;
}

export function createIdpPosts(area: StorageAreaLike): IdpPosts {
  const queue = serialQueue();
  const read = async (now: number): Promise<Entry[]> => {
    const v = (await area.get(IDP_POSTS_KEY))[IDP_POSTS_KEY];
    return Array.isArray(v)
      ? v.filter((e: Entry) => typeof e?.hash === "string" && typeof e.until === "number" && e.until > now)
      : [];
  };
  return {
    add: async (samlResponse, now) => {
      const hash = await assertionHash(samlResponse);
      await queue(async () => {
        const kept = (await read(now)).filter((e) => e.hash !== hash);
        await area.set({ [IDP_POSTS_KEY]: [{ hash, until: now + KEEP_MS }, ...kept].slice(0, MAX) });
      });
    },
    has: async (samlResponse, now) => {
      const hash = await assertionHash(samlResponse);
      return queue(async () => (await read(now)).some((e) => e.hash === hash));
    },
  };
}
