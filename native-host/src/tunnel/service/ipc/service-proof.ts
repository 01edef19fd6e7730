/**
 * The tunnel service proves it holds the user's pipe secret (pipe-name.ts) before a client sends
 * it anything (issue 17, finding 2, Windows). Node cannot ask who created a named pipe (no
 * GetNamedPipeServerProcessId) nor set its ACL, and pipe names can be listed while the service
 * runs, so a user who saw the name could create a pipe of that name once the service has exited.
 * The client opens with a random nonce; only a process that can read the user's secret file can
 * answer with HMAC-SHA256(secret, nonce). Pure: no socket here.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const NONCE_BYTES = 32;
const HEX = /^[0-9a-f]+$/;

export function newNonce(): string {
  return randomBytes(NONCE_BYTES).toString("hex");
}

export function proofOf(secret: Buffer, nonce: string): string {
  return createHmac("sha256", secret)
    .update("bastionless tunnel-service proof\0")
    .update(nonce)
    .digest("hex");
}

/** The client's first line. */
export const proofRequest = (nonce: string) => ({ prove: nonce });

/** The nonce of a client's first line, or null when the line is not a proof request. */
export function nonceOf(value: unknown): string | null {
  const nonce = (value as { prove?: unknown } | null)?.prove;
  return typeof nonce === "string" && nonce.length === NONCE_BYTES * 2 && HEX.test(nonce) ? nonce : null;
}

/** Whether the server's first line is the right proof for `nonce`. */
export function isProof(secret: Buffer, nonce: string, value: unknown): boolean {
  const proof = (value as { proof?: unknown } | null)?.proof;
  if (typeof proof !== "string" || proof.length !== 64 || !HEX.test(proof)) return false;
  return timingSafeEqual(Buffer.from(proof, "hex"), Buffer.from(proofOf(secret, nonce), "hex"));
}
