/**
 * Tunnel ids: short enough to type (`bastionless stop k3f9x2qa`), URL-safe, and never starting
 * with "-" so a command line cannot mistake one for a flag.
 */
import crypto from "node:crypto";

const ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // no l/o/0/1: read aloud and typed by people
export const TUNNEL_ID_LENGTH = 8;

export function newTunnelId(random: (max: number) => number = (max) => crypto.randomInt(max)): string {
  let id = "";
  for (let i = 0; i < TUNNEL_ID_LENGTH; i++) id += ALPHABET[random(ALPHABET.length)];
  return id;
}
