/** Expiry as people read it next to a profile: "in 59 min", "expired 2 h 5 min ago". Pure. */
function span(ms: number): string {
  const min = Math.floor(Math.abs(ms) / 60_000);
  if (min < 1) return "less than a minute";
  const h = Math.floor(min / 60);
  return h ? `${h} h${min % 60 ? ` ${min % 60} min` : ""}` : `${min} min`;
}

export function expiryText(expiration: string | null, now: Date): string {
  if (!expiration) return "expiry unknown";
  const left = Date.parse(expiration) - now.getTime();
  if (!Number.isFinite(left)) return "expiry unknown";
  return left > 0 ? `${expiration} (in ${span(left)})` : `${expiration} (expired ${span(left)} ago)`;
}
