/**
 * How times and roles read in the popup and notifications. Pure; `now` is passed in. Sizes:
 * contract/byte-size.ts, shared with the CLI.
 */

export type ExpiryLevel = "ok" | "warning" | "expired";

const pad = (n: number) => String(n).padStart(2, "0");

/** Time left until an expiry: "1 h 05 min", "12:05", "45 s", or "expired". */
export function formatRemaining(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "expired";
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)}:${pad(s % 60)}`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

export function expiryLevel(expiresAt: number | null, now: number, warnMinutes: number): ExpiryLevel {
  if (expiresAt === null) return "ok";
  const left = expiresAt - now;
  if (left <= 0) return "expired";
  return left <= warnMinutes * 60_000 ? "warning" : "ok";
}

/** An ISO time as epoch ms, or null when absent or unreadable. */
export function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** A running time: "0:42", "12:05", "1:02:03". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** "just now", "4 min ago", "2 h ago", or the date for older events. */
export function formatAgo(then: number, now: number): string {
  const s = Math.floor((now - then) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(then).toISOString().slice(0, 10);
}

/** A clock time for notifications, "14:05", in the user's time zone. */
export function formatClock(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function roleLabel(role: { roleName: string; accountId: string }): string {
  return `${role.roleName} · ${role.accountId}`;
}
