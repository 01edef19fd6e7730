/**
 * "Credentials expiring soon" notices (issue: notifications via alarms). One alarm per profile,
 * named by the profile, at expiry minus the warning time from the options. Alarms survive the
 * worker being stopped, which a setTimeout would not.
 */
import { parseTime } from "../shared/format";
import type { Ctx } from "./context";
import { expiryTitle } from "./notice-text";

const PREFIX = "expiry:";

/** The pure part: which alarms to set for which profiles, given the time now. */
export function expiryAlarmsFor(
  profiles: Array<{ profile: string; expiration: string | null }>,
  warnMinutes: number,
  now: number,
): Array<{ name: string; when: number }> {
  const out: Array<{ name: string; when: number }> = [];
  for (const p of profiles) {
    const expires = parseTime(p.expiration);
    if (expires === null) continue;
    const when = expires - warnMinutes * 60_000;
    if (when > now) out.push({ name: `${PREFIX}${p.profile}`, when });
  }
  return out;
}

/** Alarms only for profiles bastionless wrote (they carry x_security_token_expires). */
export async function scheduleExpiryAlarms(ctx: Ctx): Promise<void> {
  const [state, settings] = await Promise.all([ctx.store.read(), ctx.settings()]);
  for (const a of expiryAlarmsFor(state.profiles, settings.expiryWarningMinutes, ctx.now()))
    ctx.alarms.create(a.name, { when: a.when });
}

/** On an expiry alarm: warn if that profile still expires soon (a newer sign-in may have renewed it). */
export async function onExpiryAlarm(ctx: Ctx, name: string): Promise<boolean> {
  if (!name.startsWith(PREFIX)) return false;
  const profile = name.slice(PREFIX.length);
  const [state, settings] = await Promise.all([ctx.store.read(), ctx.settings()]);
  const expires = parseTime(state.profiles.find((p) => p.profile === profile)?.expiration);
  const now = ctx.now();
  if (expires === null || expires <= now || expires - now > settings.expiryWarningMinutes * 60_000 + 60_000)
    return true;
  await ctx.notify.show(
    `expiry:${profile}`,
    expiryTitle(profile, expires, state.profiles),
    "Sign in again from My Apps to renew it; open tunnels using it will need fresh credentials.",
  );
  return true;
}
