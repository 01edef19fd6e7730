/**
 * Silent renewal's background flow against a scripted host (issue 12): a pasted source, Renew now
 * in a quiet window, the sign-in from that window's tab assuming the same roles into the same
 * profiles with sourceId and no "captured" notice, the window closed, the next alarm set; the
 * prompt page ending an attempt with one Sign in notice; a host request answered with
 * renewal.report; the Sign in action's tab resuming renewal.
 */
import { describe, expect, it } from "vitest";
import type { RoleChoice } from "../../contract/domain";
import type { Capture } from "../../extension/src/background/capture";
import {
  addSource,
  noteLaunch,
  onRenewalRequested,
  renewNow,
  setRenewalEnabled,
  signInToSource,
} from "../../extension/src/background/renewal-actions";
import { onRenewalAlarm, onRenewalTabLoaded } from "../../extension/src/background/renewal-runner";
import { handleCapture } from "../../extension/src/background/sign-in";
import { type FakeCtx, fakeCtx, type HostScript } from "../support/browser-ext-fakes";

const SAML = Buffer.from("<Response>a bearer token for minutes</Response>").toString("base64");
const LAUNCH =
  "https://launcher.myapps.microsoft.com/api/signin/0f3c6a2e-9b1d-4e7f-8a5c-2d4b6e8f0a1c?tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47";
const ADMIN: RoleChoice = {
  roleArn: "arn:aws:iam::123456789012:role/Admin",
  principalArn: "arn:aws:iam::123456789012:saml-provider/Entra",
  accountId: "123456789012",
  roleName: "Admin",
};
const capture = (tabId: number): Extract<Capture, { kind: "saml" }> => ({
  kind: "saml",
  samlResponse: SAML,
  url: "https://signin.aws.amazon.com/saml",
  endpoint: { partition: "aws", region: null },
  from: "https://login.microsoftonline.com",
  tabId,
});

function host(clock: () => number): HostScript & { assumed: any[]; reports: any[]; sources: any[] } {
  const assumed: any[] = [];
  const reports: any[] = [];
  const sources: any[] = [];
  return {
    assumed,
    reports,
    sources,
    "saml.inspect": () => ({
      roles: [ADMIN],
      sessionName: "dana@contoso.example",
      sessionDuration: 3600,
      partition: "aws",
      destination: "https://signin.aws.amazon.com/saml",
      issuer: "https://sts.windows.net/t/",
      notOnOrAfter: null,
    }),
    "credentials.assume": (p: any) => {
      assumed.push(p);
      return {
        profiles: [
          {
            profile: p.profileNames?.[ADMIN.roleArn] ?? "123456789012-Admin",
            roleArn: ADMIN.roleArn,
            principalArn: ADMIN.principalArn,
            region: "us-east-1",
            expiration: new Date(clock() + 3600_000).toISOString(),
            durationSeconds: 3600,
          },
        ],
      };
    },
    "profiles.list": () => ({ profiles: [] }),
    "renewal.sources.set": (p: any) => {
      sources.push(p);
      return { saved: p.sources.length };
    },
    "renewal.report": (p: any) => {
      reports.push(p);
      return {};
    },
  };
}

/** The sign-in that arrives in a tab, through the tab binding as accept-capture.ts takes it. */
async function postIn(ctx: FakeCtx, tabId: number): Promise<void> {
  const origin = await ctx.renewal.tabs.take(tabId, ctx.now());
  await handleCapture(ctx, capture(tabId), origin);
}

describe("silent renewal", () => {
  it("renews a pasted source quietly into the same profile, and waits for the user when Entra prompts", async () => {
    const script = host(() => ctx.clock.now);
    const ctx: FakeCtx = fakeCtx(script, { now: Date.UTC(2026, 11, 3, 12) });
    const clock = ctx.clock;
    await setRenewalEnabled(ctx, true);
    await addSource(ctx, LAUNCH, "AWS production");
    const [record] = (await ctx.renewal.book.read()).records;
    const id = record!.source.id;
    expect(script.sources.at(-1)).toEqual({
      sources: [{ id, name: "AWS production", launchUrl: LAUNCH, renew: true }],
      idpOrigins: [],
    });

    // Renew now: the launch opens in a quiet window; its tab's sign-in makes the source's profile.
    await renewNow(ctx, id);
    expect(ctx.renewalWindows).toEqual([expect.objectContaining({ url: LAUNCH, closed: false })]);
    await postIn(ctx, ctx.renewalWindows[0]!.tabId);
    expect(ctx.renewalWindows[0]!.closed).toBe(true);
    let book = await ctx.renewal.book.read();
    expect(book.records[0]!.profiles.map((p) => p.profile)).toEqual(["123456789012-Admin"]);
    expect(book.records[0]!.run).toMatchObject({ phase: "idle", last: { outcome: "renewed" } });
    const due = ctx.alarmsSet.get(`renew:${id}`)!;
    expect(due).toBe(clock.now + 50 * 60_000);
    expect(ctx.notices.map((n) => n.id)).not.toContain("sign-in"); // quiet

    // The alarm: the same role into the same profile, with the source named.
    clock.now = due;
    await onRenewalAlarm(ctx, `renew:${id}`);
    expect(ctx.renewalWindows).toHaveLength(2);
    await postIn(ctx, ctx.renewalWindows[1]!.tabId);
    expect(script.assumed.at(-1)).toMatchObject({
      roleArns: [ADMIN.roleArn],
      profileNames: { [ADMIN.roleArn]: "123456789012-Admin" },
      region: "us-east-1",
      sourceId: id,
    });
    expect(ctx.renewalWindows[1]!.closed).toBe(true);

    // Entra prompts: the attempt ends at once, one notice, nothing scheduled.
    clock.now = ctx.alarmsSet.get(`renew:${id}`)!;
    await onRenewalAlarm(ctx, `renew:${id}`);
    const tab = ctx.renewalWindows[2]!.tabId;
    await onRenewalTabLoaded(ctx, tab, "https://login.microsoftonline.com/t/saml2?app=x", "Working...");
    expect(ctx.renewalWindows[2]!.closed).toBe(false);
    await onRenewalTabLoaded(
      ctx,
      tab,
      "https://login.microsoftonline.com/t/saml2?app=x",
      "Sign in to your account",
    );
    expect(ctx.renewalWindows[2]!.closed).toBe(true);
    expect(ctx.notices.filter((n) => n.id === `renewal:${id}`)).toHaveLength(1);
    expect(ctx.alarmsSet.has(`renew:${id}`)).toBe(false);
    // The time-out alarm after it, the schedule and a CLI change nothing and say nothing again.
    clock.now += 120_000;
    await onRenewalAlarm(ctx, `renew-timeout:${id}`);
    await onRenewalAlarm(ctx, `renew:${id}`);
    await onRenewalRequested(ctx, {
      event: "renewal.requested",
      requestId: "a".repeat(32),
      profile: "123456789012-Admin",
      sourceId: null,
      reason: "expiring",
    });
    expect(ctx.renewalWindows).toHaveLength(3);
    expect(ctx.notices.filter((n) => n.id === `renewal:${id}`)).toHaveLength(1);
    expect(script.reports).toEqual([
      { requestId: "a".repeat(32), outcome: "interaction-required", message: expect.any(String) },
    ]);

    // Sign in: a normal tab; its sign-in resumes the schedule.
    await signInToSource(ctx, id);
    await postIn(ctx, ctx.signInTabs[0]!.tabId);
    book = await ctx.renewal.book.read();
    expect(book.records[0]!.run.phase).toBe("idle");
    expect(ctx.alarmsSet.get(`renew:${id}`)).toBe(clock.now + 50 * 60_000);
  });

  it("answers a CLI's request with the renewal's outcome", async () => {
    const script = host(() => ctx.clock.now);
    const ctx: FakeCtx = fakeCtx(script, { now: Date.UTC(2026, 11, 3, 12) });
    await setRenewalEnabled(ctx, true);
    await addSource(ctx, LAUNCH, "AWS production");
    const id = (await ctx.renewal.book.read()).records[0]!.source.id;
    await onRenewalRequested(ctx, {
      event: "renewal.requested",
      requestId: "b".repeat(32),
      profile: null,
      sourceId: id,
      reason: "login",
    });
    expect(ctx.renewalWindows).toHaveLength(1);
    expect(script.reports).toEqual([]);
    await postIn(ctx, ctx.renewalWindows[0]!.tabId);
    expect(script.reports).toEqual([{ requestId: "b".repeat(32), outcome: "renewed" }]);
    // A profile no source wrote: answered at once, nothing opened.
    await onRenewalRequested(ctx, {
      event: "renewal.requested",
      requestId: "c".repeat(32),
      profile: "someone-else",
      sourceId: null,
      reason: "expiring",
    });
    expect(script.reports.at(-1)).toMatchObject({ requestId: "c".repeat(32), outcome: "failed" });
    expect(ctx.renewalWindows).toHaveLength(1);
  });

  it("makes a source of a My Apps launch seen in a tab, only once renewal is on", async () => {
    const script = host(() => ctx.clock.now);
    const ctx: FakeCtx = fakeCtx(script, { now: Date.UTC(2026, 11, 3, 12) });
    // Off: the launch is not noted, the sign-in in that tab is an ordinary one.
    await noteLaunch(ctx, 7, LAUNCH);
    await postIn(ctx, 7);
    expect((await ctx.renewal.book.read()).records).toEqual([]);
    await setRenewalEnabled(ctx, true);
    await noteLaunch(ctx, 8, LAUNCH);
    await postIn(ctx, 9); // another tab's sign-in is not this launch's
    expect((await ctx.renewal.book.read()).records).toEqual([]);
    await postIn(ctx, 8);
    const [r] = (await ctx.renewal.book.read()).records;
    expect(r!.source).toMatchObject({ name: "AWS 123456789012-Admin", launchUrl: LAUNCH, renew: true });
    expect(r!.profiles.map((p) => p.profile)).toEqual(["123456789012-Admin"]);
    expect(ctx.alarmsSet.get(`renew:${r!.source.id}`)).toBe(ctx.clock.now + 50 * 60_000);
    expect(script.sources.at(-1)?.sources).toEqual([r!.source]);
    // A user's sign-in is not quiet: the usual notice says what was written.
    expect(ctx.notices.map((n) => n.id)).toContain("sign-in");
  });
});
