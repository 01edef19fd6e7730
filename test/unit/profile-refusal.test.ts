/**
 * A profile bastionless does not own (issue 11 "Profile ownership"): the refusal is held for the
 * popup's explicit "Replace it", which repeats the same write with force; nothing is forced on its
 * own, and the assertion kept for it lives only in the assertion store until it is used or expires.
 */
import { describe, expect, it } from "vitest";
import type { RoleChoice } from "../../contract/domain";
import type { Capture } from "../../extension/src/background/capture";
import { onAssertionAlarm } from "../../extension/src/background/pick-roles";
import { retryChoice } from "../../extension/src/background/profile-refusal";
import { reduce } from "../../extension/src/background/reducer";
import { handleCapture } from "../../extension/src/background/sign-in";
import { answerUiRequest } from "../../extension/src/background/ui-requests";
import { INITIAL_STATE, type ProfileRefusal } from "../../extension/src/shared/state";
import { parseUiRequest } from "../../extension/src/shared/ui-messages";
import { type FakeCtx, fakeCtx, type HostScript } from "../support/browser-ext-fakes";

const SAML = Buffer.from("<Response>a bearer token for minutes</Response>").toString("base64");
const role = (name: string): RoleChoice => ({
  roleArn: `arn:aws:iam::123456789012:role/${name}`,
  principalArn: "arn:aws:iam::123456789012:saml-provider/Entra",
  accountId: "123456789012",
  roleName: name,
});
const capture: Extract<Capture, { kind: "saml" }> = {
  kind: "saml",
  samlResponse: SAML,
  url: "https://signin.aws.amazon.com/saml",
  endpoint: { partition: "aws", region: null },
  from: null,
};
const meta = { extensionVersion: "0.1.0", browser: "chrome" as const };
const ui = (ctx: FakeCtx, m: unknown) => answerUiRequest(ctx, m, meta);

/** As strict as the host: a foreign profile is written only with force, and then backed up. */
function host(roles: RoleChoice[], foreign: string[]): HostScript & { assumed: any[] } {
  const assumed: any[] = [];
  const refusal = (profile: string) => ({
    code: "PROFILE_NOT_OWNED",
    message: `Profile ${profile} in /h/.aws/credentials holds static access keys, not a profile bastionless wrote, so it was left unchanged.`,
    hint: "Run again with --force to replace it.",
  });
  return {
    assumed,
    "saml.inspect": () => ({
      roles,
      sessionName: "alice@contoso.com",
      sessionDuration: 3600,
      partition: "aws",
      destination: capture.url,
      issuer: "https://sts.windows.net/t/",
      notOnOrAfter: "2026-11-28T12:05:00Z",
    }),
    "credentials.assume": (p: any) => {
      assumed.push(p);
      const chosen = p.allRoles ? roles : roles.filter((r) => p.roleArns.includes(r.roleArn));
      const named = chosen.map((r) => ({ r, profile: `123456789012-${r.roleName}` }));
      const refused = named.filter((n) => foreign.includes(n.profile) && !p.force);
      if (refused.length === named.length) return { error: refusal(refused[0]!.profile) };
      return {
        profiles: named
          .filter((n) => !refused.includes(n))
          .map(({ r, profile }) => ({
            profile,
            roleArn: r.roleArn,
            principalArn: r.principalArn,
            region: "us-east-1",
            expiration: "2026-11-28T13:00:00Z",
            durationSeconds: 3600,
            ...(foreign.includes(profile) ? { backup: `/h/.config/bastionless/backups/${profile}.ini` } : {}),
          })),
        failed: refused.map((n) => ({ roleArn: n.r.roleArn, error: refusal(n.profile) })),
      };
    },
    "profiles.list": () => ({ profiles: [] }),
  };
}

async function assertionNotInStatus(ctx: FakeCtx): Promise<void> {
  expect(JSON.stringify(await ui(ctx, { type: "status" }))).not.toContain(SAML);
}
const assertionHeld = (ctx: FakeCtx) =>
  JSON.stringify([...(ctx as unknown as { session: { data: Map<string, unknown> } }).session.data]).includes(
    SAML,
  );

describe("a refused profile", () => {
  it("is held for the user's choice, and Replace it repeats the same write with force", async () => {
    const script = host([role("Admin")], ["123456789012-Admin"]);
    const ctx = fakeCtx(script);
    await handleCapture(ctx, capture);
    expect(script.assumed).toHaveLength(1);
    expect(script.assumed[0].force).toBeUndefined();
    const s = await ctx.store.read();
    expect(s.error).toBeNull();
    expect(s.refusal).toMatchObject({
      problems: [
        {
          code: "PROFILE_NOT_OWNED",
          message: expect.stringContaining("static access keys"),
          hint: expect.stringContaining("Profile per role"),
        },
      ],
      expiresAt: Date.parse("2026-11-28T12:05:00Z"),
      usable: true,
    });
    expect(ctx.notices.at(-1)).toMatchObject({ id: "error", title: "Profile not replaced" });
    expect(assertionHeld(ctx)).toBe(true);
    await assertionNotInStatus(ctx);

    await ui(ctx, { type: "replace-profile", refusalId: s.refusal!.id });
    expect(script.assumed).toHaveLength(2);
    const { force, ...again } = script.assumed[1];
    expect(force).toBe(true);
    expect(again).toEqual(script.assumed[0]);
    const after = await ctx.store.read();
    expect(after.refusal).toBeNull();
    expect(after.lastSignIn?.written.map((w) => w.profile)).toEqual(["123456789012-Admin"]);
    expect(ctx.notices.at(-1)?.message).toContain(
      "The old 123456789012-Admin was saved in /h/.config/bastionless/backups/123456789012-Admin.ini",
    );
    expect(assertionHeld(ctx)).toBe(false);
    expect([...ctx.alarmsSet.keys()].filter((k) => k.startsWith("assertion:"))).toEqual([]);

    // One click, one retry: the assertion was used.
    await ui(ctx, { type: "replace-profile", refusalId: s.refusal!.id });
    expect(script.assumed).toHaveLength(2);
    expect((await ctx.store.read()).error).toMatchObject({ code: "SIGN_IN_EXPIRED" });
  });

  it("Keep it forgets the sign-in and writes nothing", async () => {
    const script = host([role("Admin")], ["123456789012-Admin"]);
    const ctx = fakeCtx(script);
    await handleCapture(ctx, capture);
    const id = (await ctx.store.read()).refusal!.id;
    await ui(ctx, { type: "keep-profile", refusalId: id });
    expect((await ctx.store.read()).refusal).toBeNull();
    expect(assertionHeld(ctx)).toBe(false);
    expect(script.assumed).toHaveLength(1);
  });

  it("after the assertion's NotOnOrAfter says to sign in again and never calls the host", async () => {
    const script = host([role("Admin")], ["123456789012-Admin"]);
    const ctx = fakeCtx(script);
    await handleCapture(ctx, capture);
    const id = (await ctx.store.read()).refusal!.id;
    expect(ctx.alarmsSet.get(`assertion:${id}`)).toBe(Date.parse("2026-11-28T12:05:00Z"));
    ctx.clock.now = Date.parse("2026-11-28T12:05:00Z");
    await onAssertionAlarm(ctx, `assertion:${id}`);
    expect((await ctx.store.read()).refusal).toMatchObject({ id, usable: false });
    expect(assertionHeld(ctx)).toBe(false);
    await ui(ctx, { type: "replace-profile", refusalId: id });
    expect((await ctx.store.read()).error).toMatchObject({ code: "SIGN_IN_EXPIRED" });
    expect(script.assumed).toHaveLength(1);
  });

  it("refuses an expired assertion even before its alarm fires", async () => {
    const script = host([role("Admin")], ["123456789012-Admin"]);
    const ctx = fakeCtx(script);
    await handleCapture(ctx, capture);
    const id = (await ctx.store.read()).refusal!.id;
    ctx.clock.now = Date.parse("2026-11-28T12:06:00Z");
    await ui(ctx, { type: "replace-profile", refusalId: id });
    expect((await ctx.store.read()).error).toMatchObject({ code: "SIGN_IN_EXPIRED" });
    expect(script.assumed).toHaveLength(1);
  });

  it("writes the owned roles at once and offers to replace only the refused one", async () => {
    const script = host([role("Admin"), role("ReadOnly")], ["123456789012-ReadOnly"]);
    const ctx = fakeCtx(script, { settings: { allRoles: true } });
    await handleCapture(ctx, capture);
    const s = await ctx.store.read();
    expect(s.lastSignIn?.written.map((w) => w.profile)).toEqual(["123456789012-Admin"]);
    expect(s.error).toBeNull();
    expect(s.refusal?.problems).toHaveLength(1);
    await ui(ctx, { type: "replace-profile", refusalId: s.refusal!.id });
    expect(script.assumed[1]).toMatchObject({ roleArns: [role("ReadOnly").roleArn], force: true });
    expect(script.assumed[1].allRoles).toBeUndefined();
    expect((await ctx.store.read()).lastSignIn?.written.map((w) => w.profile)).toEqual([
      "123456789012-ReadOnly",
    ]);
  });
});

describe("the refusal's pure parts", () => {
  const refusal: ProfileRefusal = {
    id: "r1",
    problems: [{ code: "PROFILE_OWNED_BY_OTHER_ROLE", message: "m", hint: null }],
    choice: { roleArns: ["a"] },
    expiresAt: 1,
    usable: true,
  };
  it("is made unusable by a newer sign-in or the assertion's alarm, and cleared only by its own id", () => {
    const held = reduce(INITIAL_STATE, { type: "refusal/set", refusal });
    expect(reduce(held, { type: "pending/cleared", id: "r1" }).refusal).toMatchObject({ usable: false });
    expect(reduce(held, { type: "pending/cleared", id: "other" }).refusal).toEqual(refusal);
    const signIn = { ...INITIAL_STATE.lastSignIn!, at: 1 } as never;
    expect(reduce(held, { type: "signin/inspected", signIn, pending: null }).refusal?.usable).toBe(false);
    expect(reduce(held, { type: "refusal/cleared", id: "other" }).refusal).toEqual(refusal);
    expect(reduce(held, { type: "refusal/cleared", id: "r1" }).refusal).toBeNull();
  });
  it("retries the same choice with force, narrowed to the refused roles when others were written", () => {
    expect(retryChoice({ roleArns: ["a"], profile: "p" }, null)).toEqual({
      roleArns: ["a"],
      profile: "p",
      force: true,
    });
    expect(retryChoice({ allRoles: true, profileTemplate: "{account}-{role}" }, ["b"])).toEqual({
      roleArns: ["b"],
      profileTemplate: "{account}-{role}",
      force: true,
    });
  });
  it("accepts the popup's messages only with a well-formed id", () => {
    expect(parseUiRequest({ type: "replace-profile", refusalId: "pick3" })).toEqual({
      type: "replace-profile",
      refusalId: "pick3",
    });
    expect(() => parseUiRequest({ type: "keep-profile", refusalId: "../x" })).toThrow();
    expect(() => parseUiRequest({ type: "replace-profile", refusalId: "a", force: true })).toThrow();
  });
});
