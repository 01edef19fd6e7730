/**
 * Sign-in sources (issue 12, "Remember where a sign-in came from"): a sign-in that arrived in a
 * tab we know the launch of makes or refreshes its source, with the profiles it wrote; a renewal
 * of that source assumes the same roles into the same profiles. The list goes to the host
 * (renewal.sources.set) on every port open and every change, for `bastionless login`.
 */
import type { WrittenProfile } from "../../../contract/domain";
import { SOURCE_NAME_MAX, SOURCES_MAX } from "../../../contract/signin-source";
import { parseTime } from "../shared/format";
import type { RenewalBook, SourceProfile, SourceRecord } from "../shared/renewal";
import { IDLE_RUN, signedIn } from "../shared/renewal-schedule";
import type { Ctx } from "./context";
import { endAttempt, noticeId, scheduleRenewals } from "./renewal-runner";
import type { LaunchBinding } from "./renewal-store";
import type { AssumeChoice } from "./role-choice";

/** The source's roles into the source's profiles (the "mapped roles" shape of role-choice.ts). */
export function renewalChoice(profiles: SourceProfile[]): AssumeChoice | null {
  if (!profiles.length) return null;
  const regions = [...new Set(profiles.map((p) => p.region))];
  return {
    roleArns: profiles.map((p) => p.roleArn),
    profileNames: Object.fromEntries(profiles.map((p) => [p.roleArn, p.profile])),
    ...(regions.length === 1 && regions[0] ? { region: regions[0] } : {}),
  };
}

/** The assume choice for a sign-in that came from a known source, or null to decide as usual. */
export async function choiceForOrigin(ctx: Ctx, origin: LaunchBinding | null): Promise<AssumeChoice | null> {
  if (!origin?.sourceId) return null;
  const r = (await ctx.renewal.book.read()).records.find((x) => x.source.id === origin.sourceId);
  return r ? renewalChoice(r.profiles) : null;
}

function earliest(profiles: SourceProfile[]): number | null {
  const times = profiles.map((p) => parseTime(p.expiration)).filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}

function uniqueName(book: RenewalBook, base: string): string {
  const taken = new Set(book.records.map((r) => r.source.name));
  const clipped = base.slice(0, SOURCE_NAME_MAX - 4);
  for (let n = 1; ; n++) {
    const name = n === 1 ? clipped : `${clipped} ${n}`;
    if (!taken.has(name)) return name;
  }
}

/** The record this sign-in belongs to, made when a detected launch is new. */
function recordFor(book: RenewalBook, origin: LaunchBinding, written: WrittenProfile[], id: string) {
  const known = book.records.find(
    (r) => r.source.id === origin.sourceId || r.source.launchUrl === origin.launchUrl,
  );
  if (known) return known;
  const first = written[0]!;
  return {
    source: {
      id,
      name: uniqueName(book, `AWS ${first.profile}${written.length > 1 ? ` +${written.length - 1}` : ""}`),
      launchUrl: origin.launchUrl,
      renew: true,
    },
    profiles: [],
    run: IDLE_RUN,
    requests: [],
  } satisfies SourceRecord;
}

/**
 * What a sign-in from a known launch leaves behind: the source and its profiles, renewal resumed
 * (a sign-in is also how "Entra wants you" ends), and the end of the renewal attempt it answered.
 */
export async function settleOrigin(
  ctx: Ctx,
  origin: LaunchBinding | null,
  written: WrittenProfile[] | null,
  problem: string | null,
): Promise<void> {
  if (!origin) return;
  const now = ctx.now();
  if (written?.length && (origin.sourceId || (await ctx.renewal.book.read()).enabled)) {
    let expiresAt: number | null = null;
    let id = origin.sourceId ?? "";
    const names = new Set(written.map((w) => w.profile));
    await ctx.renewal.book.update((b) => {
      const r = recordFor(b, origin, written, ctx.newId());
      id = r.source.id;
      const fresh: SourceProfile[] = written.map((w) => ({
        roleArn: w.roleArn,
        profile: w.profile,
        region: w.region || null,
        expiration: w.expiration,
      }));
      const profiles = [...fresh, ...r.profiles.filter((p) => !names.has(p.profile))];
      expiresAt = earliest(profiles);
      const creds = expiresAt === null ? null : { expiresAt, writtenAt: now };
      const run = creds && !origin.attemptId ? signedIn(r.run, now, creds) : r.run;
      const next = { ...r, profiles, run };
      // A profile belongs to the one source that wrote it last.
      const others = b.records
        .filter((x) => x.source.id !== r.source.id)
        .map((x) => ({ ...x, profiles: x.profiles.filter((p) => !names.has(p.profile)) }));
      return { ...b, records: [next, ...others].slice(0, SOURCES_MAX) };
    });
    if (origin.attemptId && expiresAt !== null)
      await endAttempt(
        ctx,
        id,
        origin.attemptId,
        "renewed",
        undefined,
        { expiresAt, writtenAt: now },
        origin.windowId,
      );
    else await ctx.notify.clear(noticeId(id));
    await syncSources(ctx);
    await scheduleRenewals(ctx);
    return;
  }
  if (origin.attemptId && origin.sourceId)
    await endAttempt(
      ctx,
      origin.sourceId,
      origin.attemptId,
      "failed",
      problem ?? "The sign-in wrote no profile.",
    );
}

/** The sources to the host (PROTOCOL.md renewal.sources.set); quiet when the host is older. */
export async function syncSources(ctx: Ctx): Promise<void> {
  const [book, trust, state] = await Promise.all([ctx.renewal.book.read(), ctx.trust(), ctx.store.read()]);
  if (state.host.state === "ok" && !state.host.capabilities.includes("renewal.sources.set")) return;
  const sources = book.records.map((r) => ({ ...r.source, renew: book.enabled && r.source.renew }));
  await ctx.host
    .call("renewal.sources.set", { sources, idpOrigins: trust.idpOrigins })
    .catch(() => undefined); // the next port open sends them again
}
