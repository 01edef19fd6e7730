import { describe, expect, it } from "vitest";
import type { RoleChoice } from "../../contract/domain";
import { expandProfileTemplate } from "../../contract/profile-name";
import type { Capture } from "../../extension/src/background/capture";
import { pickRoles } from "../../extension/src/background/pick-roles";
import { handleCapture } from "../../extension/src/background/sign-in";
import { answerUiRequest } from "../../extension/src/background/ui-requests";
import { type FakeCtx, fakeCtx, type HostScript } from "../support/browser-ext-fakes";

const SAML = Buffer.from("<Response>a bearer token for minutes</Response>").toString("base64");
const role = (name: string, account = "123456789012"): RoleChoice => ({
  roleArn: `arn:aws:iam::${account}:role/${name}`,
  principalArn: `arn:aws:iam::${account}:saml-provider/Entra`,
  accountId: account,
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

function host(
  roles: RoleChoice[],
  notOnOrAfter: string | null = "2026-11-28T12:05:00Z",
): HostScript & { assumed: any[] } {
  const assumed: any[] = [];
  const written = new Map<string, { roleArn: string; expiration: string }>();
  return {
    assumed,
    "saml.inspect": (p: any) =>
      p.samlResponse === SAML
        ? {
            roles,
            sessionName: "alice@contoso.com",
            sessionDuration: 3600,
            partition: "aws",
            destination: capture.url,
            issuer: "https://sts.windows.net/t/",
            notOnOrAfter,
          }
        : { error: { code: "SAML_INVALID", message: "bad" } },
    "credentials.assume": (p: any) => {
      assumed.push(p);
      const chosen = p.allRoles ? roles : roles.filter((r) => p.roleArns.includes(r.roleArn));
      const out = chosen.map((r) => ({
        // As the host names them (aws/files/profile-names.ts); account 210987654321 has the alias "ops-prod".
        profile:
          p.profileNames?.[r.roleArn] ??
          p.profile ??
          expandProfileTemplate(p.profileTemplate ?? "{account}-{role}", {
            accountId: r.accountId,
            alias: r.accountId === "210987654321" ? "ops-prod" : null,
            roleName: r.roleName,
          }),
        roleArn: r.roleArn,
        principalArn: r.principalArn,
        region: p.region ?? "us-east-1",
        expiration: "2026-11-28T13:00:00Z",
        durationSeconds: 3600,
      }));
      for (const w of out) written.set(w.profile, w);
      return { profiles: out };
    },
    "profiles.list": () => ({
      profiles: [...written].map(([profile, w]) => ({
        profile,
        roleArn: w.roleArn,
        principalArn: null,
        region: "us-east-1",
        expiration: w.expiration,
        expired: false,
      })),
    }),
  };
}

/** The assertion must not be anywhere in state, or in what a view receives. */
async function assertionNowhere(ctx: FakeCtx): Promise<void> {
  const session = (ctx as unknown as { session: { data: Map<string, unknown> } }).session;
  expect(JSON.stringify([...session.data])).not.toContain(SAML);
  expect(JSON.stringify(await answerUiRequest(ctx, { type: "status" }, meta))).not.toContain(SAML);
}

describe("a captured sign-in", () => {
  it("with one role writes the default profile at once and forgets the assertion", async () => {
    const script = host([role("Admin")]);
    const ctx = fakeCtx(script, { settings: { defaultRegion: "eu-west-1" } });
    await handleCapture(ctx, capture);
    expect(script.assumed).toEqual([
      {
        samlResponse: SAML,
        url: capture.url,
        roleArns: [role("Admin").roleArn],
        profileTemplate: "{account}-{role}",
        region: "eu-west-1",
      },
    ]);
    const s = await ctx.store.read();
    const name = "123456789012-Admin";
    expect(s.lastSignIn).toMatchObject({ sessionName: "alice@contoso.com", written: [{ profile: name }] });
    expect(s.profiles.map((p) => p.profile)).toEqual([name]);
    expect(s.selection?.profile).toBe(name);
    expect(s.busy).toEqual([]);
    expect(ctx.notices.at(-1)).toMatchObject({
      id: "sign-in",
      title: "AWS sign-in captured",
      message: expect.stringContaining(`Profiles written: ${name} (account 123456789012, until`),
    });
    expect([...ctx.alarmsSet.keys()]).toEqual([`expiry:${name}`]);
    await assertionNowhere(ctx);
  });

  it("with several roles waits for the picker, then writes the choice and remembers it", async () => {
    const roles = [role("Admin"), role("ReadOnly"), role("Ops", "210987654321")];
    const script = host(roles);
    const ctx = fakeCtx(script);
    await handleCapture(ctx, capture);
    const s = await ctx.store.read();
    expect(script.assumed).toEqual([]);
    expect(s.pending).toMatchObject({ id: "pick1", roles, expiresAt: Date.parse("2026-11-28T12:05:00Z") });
    expect(ctx.badge).toBe("3");
    expect(ctx.alarmsSet.get("assertion:pick1")).toBe(Date.parse("2026-11-28T12:05:00Z"));
    expect(ctx.notices.at(-1)).toMatchObject({
      id: "pick",
      message: expect.stringContaining("alice@contoso.com: 3 roles"),
    });
    expect(JSON.stringify(await answerUiRequest(ctx, { type: "status" }, meta))).not.toContain(SAML);

    await answerUiRequest(
      ctx,
      {
        type: "pick",
        pendingId: "pick1",
        allRoles: false,
        roleArn: roles[2]!.roleArn,
        profile: "ops",
        remember: true,
      },
      meta,
    );
    expect(script.assumed).toEqual([
      { samlResponse: SAML, url: capture.url, roleArns: [roles[2]!.roleArn], profile: "ops" },
    ]);
    expect((await ctx.store.read()).pending).toBeNull();
    expect(ctx.badge).toBe("");
    expect(ctx.alarmsSet.has("assertion:pick1")).toBe(false);
    expect(ctx.settingsValue.profileNames).toEqual({ [roles[2]!.roleArn]: "ops" });
    await assertionNowhere(ctx);

    // The remembered mapping makes the next sign-in automatic.
    await handleCapture(ctx, capture);
    expect(script.assumed.at(-1)).toEqual({
      samlResponse: SAML,
      url: capture.url,
      roleArns: [roles[2]!.roleArn],
      profileNames: { [roles[2]!.roleArn]: "ops" },
    });
    expect((await ctx.store.read()).pending).toBeNull();
  });

  it("offers all roles, and does not reuse an assertion that has expired or was used", async () => {
    const roles = [role("Admin"), role("ReadOnly")];
    const script = host(roles);
    const ctx = fakeCtx(script);
    await handleCapture(ctx, capture);
    await pickRoles(ctx, "pick1", { allRoles: true }, false);
    expect(script.assumed.at(-1)).toMatchObject({ allRoles: true });
    expect((await ctx.store.read()).lastSignIn?.written.map((w) => w.profile)).toEqual([
      "123456789012-Admin",
      "123456789012-ReadOnly",
    ]);
    await pickRoles(ctx, "pick1", { allRoles: true }, false);
    expect((await ctx.store.read()).error).toMatchObject({ code: "SIGN_IN_EXPIRED" });
    await pickRoles(ctx, "pick1", { allRoles: false, roleArn: role("Other").roleArn, profile: "x" }, false);
    expect((await ctx.store.read()).error).toMatchObject({ code: "ROLE_NOT_IN_SIGN_IN" });

    await handleCapture(ctx, capture);
    ctx.clock.now = Date.parse("2026-11-28T12:06:00Z");
    await pickRoles(ctx, "pick2", { allRoles: false, roleArn: roles[0]!.roleArn, profile: "saml" }, false);
    expect((await ctx.store.read()).error).toMatchObject({
      code: "SIGN_IN_EXPIRED",
      hint: expect.stringContaining("My Apps"),
    });
    expect(script.assumed).toHaveLength(1);
    await assertionNowhere(ctx);
  });

  it("writes every role without asking when all roles is set", async () => {
    const roles = [role("Admin"), role("ReadOnly")];
    const script = host(roles);
    const ctx = fakeCtx(script, { settings: { allRoles: true } });
    await handleCapture(ctx, capture);
    expect(script.assumed).toEqual([
      { samlResponse: SAML, url: capture.url, allRoles: true, profileTemplate: "{account}-{role}" },
    ]);
  });

  it("a pick without a name takes the template's, and remembers the name the host wrote", async () => {
    const roles = [role("Admin"), role("Ops", "210987654321")];
    const script = host(roles);
    const ctx = fakeCtx(script);
    await handleCapture(ctx, capture);
    await answerUiRequest(
      ctx,
      { type: "pick", pendingId: "pick1", allRoles: false, roleArn: roles[1]!.roleArn, remember: true },
      meta,
    );
    expect(script.assumed.at(-1)).toEqual({
      samlResponse: SAML,
      url: capture.url,
      roleArns: [roles[1]!.roleArn],
      profileTemplate: "{account}-{role}",
    });
    expect(ctx.settingsValue.profileNames).toEqual({ [roles[1]!.roleArn]: "ops-prod-Ops" });
  });

  it("a profile bastionless does not own is refused with what to do from the browser", async () => {
    const script = host([role("Admin")]);
    script["credentials.assume"] = () => ({
      error: {
        code: "PROFILE_NOT_OWNED",
        message:
          "Profile 123456789012-Admin in /h/.aws/credentials holds static access keys, not a profile bastionless wrote, so it was left unchanged.",
        hint: "Run again with --force to replace it.",
      },
    });
    const ctx = fakeCtx(script);
    await handleCapture(ctx, capture);
    const s = await ctx.store.read();
    // Held for the popup's explicit "Replace it" (profile-refusal.test.ts), not forced, not an error.
    expect(s.error).toBeNull();
    expect(s.refusal).toMatchObject({
      problems: [{ code: "PROFILE_NOT_OWNED", message: expect.stringContaining("static access keys") }],
      usable: true,
    });
    expect(ctx.notices.at(-1)).toMatchObject({
      id: "error",
      message: expect.stringContaining("Profile 123456789012-Admin"),
    });
    expect(ctx.notices.at(-1)!.message).not.toContain("--force");
  });

  it("writes what it can and says which roles STS refused", async () => {
    const roles = [role("Admin"), role("Denied")];
    const script = host(roles);
    const assumeAll = script["credentials.assume"] as (p: any) => any;
    script["credentials.assume"] = (p: any) => {
      const out = assumeAll(p);
      return {
        profiles: out.profiles.filter((w: any) => !w.roleArn.endsWith("Denied")),
        failed: [
          {
            roleArn: roles[1]!.roleArn,
            error: { code: "AccessDenied", message: "Not authorized", hint: "Ask your admin." },
          },
        ],
      };
    };
    const ctx = fakeCtx(script, { settings: { allRoles: true } });
    await handleCapture(ctx, capture);
    const s = await ctx.store.read();
    expect(s.lastSignIn?.written.map((w) => w.profile)).toEqual(["123456789012-Admin"]);
    expect(s.error).toMatchObject({
      code: "AccessDenied",
      message: "1 role was not written: Denied (Not authorized)",
      hint: "Ask your admin.",
    });
    expect(ctx.notices.at(-1)?.message).toContain("Denied (Not authorized)");
  });

  it("explains a missing host with the command to run, and notifies", async () => {
    const ctx = fakeCtx({}, { refuse: "Specified native messaging host not found." });
    await handleCapture(ctx, capture);
    const s = await ctx.store.read();
    expect(s.host.state).toBe("missing");
    expect(s.error).toMatchObject({ code: "HOST_NOT_INSTALLED", command: "bastionless install" });
    expect(ctx.notices.at(-1)).toMatchObject({
      id: "error",
      message: expect.stringContaining("not installed"),
    });
    await assertionNowhere(ctx);
  });

  it("says so when the assertion has no roles, or the host refuses it", async () => {
    const ctx = fakeCtx(host([]));
    await handleCapture(ctx, capture);
    expect((await ctx.store.read()).error).toMatchObject({ code: "NO_ROLES" });
    const bad = fakeCtx(host([role("A")]));
    await handleCapture(bad, { ...capture, samlResponse: "QUJD" });
    expect((await bad.store.read()).error).toMatchObject({ code: "SAML_INVALID" });
  });

  it("shows a sign-in the host found no roles in as the last one, not the sign-in before it (issue 11)", async () => {
    const NO_ROLES = Buffer.from("<Response>no roles</Response>").toString("base64");
    const script = host([role("Admin")]);
    const inspect = script["saml.inspect"] as (p: any) => unknown;
    script["saml.inspect"] = (p: any) =>
      p.samlResponse === NO_ROLES
        ? { error: { code: "SAML_NO_ROLES", message: "The SAML response names no AWS role." } }
        : inspect(p);
    const ctx = fakeCtx(script);
    await handleCapture(ctx, capture);
    expect((await ctx.store.read()).lastSignIn).toMatchObject({ sessionName: "alice@contoso.com" });
    await handleCapture(ctx, {
      ...capture,
      samlResponse: NO_ROLES,
      from: "https://login.microsoftonline.com",
    });
    const state = await ctx.store.read();
    expect(state.lastSignIn).toMatchObject({
      sessionName: null,
      roles: [],
      written: [],
      from: "https://login.microsoftonline.com",
    });
    expect(state.error).toMatchObject({ code: "SAML_NO_ROLES" });
    // The profile the first sign-in wrote is untouched.
    expect(state.profiles.map((p) => p.profile)).toEqual(["123456789012-Admin"]);
  });

  it("answers a malformed view request with a coded error, not a crash", async () => {
    const ctx = fakeCtx(host([]));
    expect(await answerUiRequest(ctx, { type: "connect", instanceId: "; rm -rf /" }, meta)).toMatchObject({
      ok: false,
      error: { code: "BAD_UI_REQUEST" },
    });
    expect(await answerUiRequest(ctx, { type: "nope" }, meta)).toMatchObject({ ok: false });
    expect(await answerUiRequest(ctx, null, meta)).toMatchObject({ ok: false });
  });
});
