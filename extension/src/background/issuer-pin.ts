/**
 * The tenant pin (issue 17, defence in depth behind capture-source.ts): a trusted sign-in page can
 * still be made to sign the user in to another tenant (a B2B guest invitation to someone else's
 * tenant with its own AWS app). The Issuer of the first accepted sign-in is remembered (trust on
 * first use, so the first sign-in stays automatic); a sign-in from another Issuer waits for an
 * explicit choice. New apps, accounts and roles under the pinned tenant go through as usual.
 * Pure: the pin and the assertion's Issuer come in.
 */

export type IssuerDecision =
  /** No pin yet: take it and remember this Issuer. */
  | { kind: "pin"; issuer: string }
  /** Matches the pin, or there is nothing to pin and no pin to break. */
  | { kind: "go" }
  /** Another tenant (or none named) while one is pinned: hold for the user. */
  | { kind: "hold"; issuer: string | null; pinned: string };

export function decideIssuer(pinned: string | null, issuer: string | null): IssuerDecision {
  if (pinned === null) return issuer === null ? { kind: "go" } : { kind: "pin", issuer };
  // Issuer is an entity id (SAML core §8.3.6): compared exactly, as AWS compares it to the metadata.
  return issuer === pinned ? { kind: "go" } : { kind: "hold", issuer, pinned };
}
