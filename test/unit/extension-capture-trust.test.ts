/**
 * Issue 17, finding 1 (login CSRF): a sign-in is taken only from a trusted sign-in page, and a
 * sign-in from another tenant than the pinned one waits for the user. Pure rules first, then the
 * background flow with the in-memory browser stand-ins (the real browsers: test/e2e).
 */
import { describe, expect, it } from "vitest";
import type { RoleChoice } from "../../contract/domain";
import { acceptCapture } from "../../extension/src/background/accept-capture";
import { type Capture, classifyRequest } from "../../extension/src/background/capture";
import { judgeSource, requestOrigin } from "../../extension/src/background/capture-source";
import { decideIssuer } from "../../extension/src/background/issuer-pin";
import { onAssertionAlarm } from "../../extension/src/background/pick-roles";
import { reduce } from "../../extension/src/background/reducer";
import { answerUiRequest } from "../../extension/src/background/ui-requests";
import { displayText } from "../../extension/src/shared/display-text";
import { INITIAL_STATE, REFUSED_MAX } from "../../extension/src/shared/state";
import {
  ENTRA_LOGIN_ORIGINS,
  parseOrigin,
  parseTrust,
  trustedOrigins,
} from "../../extension/src/shared/trust";
import { fakeCtx } from "../support/browser-ext-fakes";

const ENTRA = "https://login.microsoftonline.com";
const SIGNIN = "https://signin.aws.amazon.com/saml";
const TRUSTED = [...ENTRA_LOGIN_ORIGINS, "https://idp.example.com"];
const OURS = "https://sts.windows.net/11111111-1111-4111-8111-111111111111/";
const THEIRS = "https://sts.windows.net/66666666-6666-4666-8666-666666666666/";
const meta = { extensionVersion: "0.1.0", browser: "chrome" as const };

describe("who sent the sign-in", () => {
  it.each([
    ["Chromium initiator", { initiator: ENTRA }, ENTRA],
    ["Chromium opaque initiator", { initiator: "null" }, null],
    ["Chromium without host permission (no initiator)", {}, null],
    ["Firefox originUrl (the form's page)", { originUrl: `${ENTRA}/tenant/saml2?x=1` }, ENTRA],
    ["Firefox documentUrl (a frame)", { documentUrl: "https://evil.example/a" }, "https://evil.example"],
    ["Firefox about:blank", { originUrl: "about:blank" }, null],
    ["a data: URL", { originUrl: "data:text/html,<form>" }, null],
  ])("%s", (_, details, origin) => {
    expect(requestOrigin(details)).toBe(origin);
  });

  it("trusts the Entra login family and the user's own origins, exactly", () => {
    for (const o of ENTRA_LOGIN_ORIGINS)
      expect(judgeSource(o, TRUSTED, false)).toEqual({ kind: "idp", origin: o });
    expect(judgeSource("https://idp.example.com", TRUSTED, false)).toMatchObject({ kind: "idp" });
    for (const o of [
      "https://evil.example",
      "http://login.microsoftonline.com",
      "https://login.microsoftonline.com.evil.example",
      "https://evil.login.microsoftonline.com",
      "https://login.microsoftonline.com:8443",
      "https://idp.example.com.evil.example",
    ])
      expect(judgeSource(o, TRUSTED, false)).toMatchObject({
        kind: "refused",
        code: "SIGNIN_SOURCE_UNTRUSTED",
        origin: o,
      });
  });

  it("refuses an unknown sender with a reason that says to add and allow the page", () => {
    const v = judgeSource(null, TRUSTED, true);
    expect(v).toMatchObject({ kind: "refused", code: "SIGNIN_SOURCE_UNKNOWN", origin: null });
    expect(v.kind === "refused" && v.reason).toMatch(
      /did not say which page sent it.*Trusted sign-in pages.*allow access/,
    );
  });

  it("takes the AWS sign-in page's re-post only of an assertion a trusted page posted first", () => {
    for (const o of [
      "https://signin.aws.amazon.com",
      "https://us-west-2.signin.aws.amazon.com",
      "https://signin.amazonaws.cn",
    ]) {
      expect(judgeSource(o, TRUSTED, true)).toEqual({ kind: "aws-repost", origin: o });
      expect(judgeSource(o, TRUSTED, false)).toMatchObject({
        kind: "refused",
        code: "SIGNIN_REPOST_UNKNOWN",
      });
    }
  });

  it("reads user-added origins strictly", () => {
    expect(parseOrigin(" https://IdP.Example.com/adfs/ls/ ")).toBe("https://idp.example.com");
    expect(parseOrigin("http://idp.example.com")).toBeNull();
    expect(parseOrigin("https://user:pw@idp.example.com")).toBeNull();
    expect(parseOrigin("idp.example.com")).toBeNull();
    expect(
      parseTrust({
        idpOrigins: ["https://a.example", "https://a.example/x", 3, "https://a.example"],
        pinnedIssuer: "x\ny",
      }),
    ).toEqual({
      idpOrigins: ["https://a.example"],
      pinnedIssuer: null,
    });
    expect(trustedOrigins(parseTrust(undefined))).toEqual([...ENTRA_LOGIN_ORIGINS]);
  });
});

describe("the tenant pin", () => {
  it("pins on first use, goes on a match, holds anything else", () => {
    expect(decideIssuer(null, OURS)).toEqual({ kind: "pin", issuer: OURS });
    expect(decideIssuer(null, null)).toEqual({ kind: "go" });
    expect(decideIssuer(OURS, OURS)).toEqual({ kind: "go" });
    expect(decideIssuer(OURS, THEIRS)).toEqual({ kind: "hold", issuer: THEIRS, pinned: OURS });
    expect(decideIssuer(OURS, null)).toEqual({ kind: "hold", issuer: null, pinned: OURS });
    expect(decideIssuer(OURS, OURS.slice(0, -1))).toMatchObject({ kind: "hold" });
  });
});

describe("untrusted text", () => {
  it("loses control and bidi characters and is bounded", () => {
    expect(displayText("https://e\u202Elpmaxe.evil\u0007\u009b31m")).toBe("https://elpmaxe.evil31m");
    expect(displayText("a\u2066b\u2069c\u200Fd\u061Ce\r\nf")).toBe("abcde f");
    expect(displayText("x".repeat(300), 10)).toBe(`${"x".repeat(9)}…`);
  });
});

// ---- the background flow ---------------------------------------------------------------------

const role = (account: string): RoleChoice => ({
  roleArn: `arn:aws:iam::${account}:role/Admin`,
  principalArn: `arn:aws:iam::${account}:saml-provider/Entra`,
  accountId: account,
  roleName: "Admin",
});
const b64 = (s: string) => Buffer.from(s).toString("base64");
const ASSERTIONS: Record<string, { issuer: string | null; account: string }> = {
  [b64("<Response>ours</Response>")]: { issuer: OURS, account: "111111111111" },
  [b64("<Response>ours again</Response>")]: { issuer: OURS, account: "222222222222" },
  [b64("<Response>theirs</Response>")]: { issuer: THEIRS, account: "666666666666" },
};
const [MINE, MINE_AGAIN, HOSTILE] = Object.keys(ASSERTIONS) as [string, string, string];

function host() {
  const assumed: string[] = [];
  return {
    assumed,
    "saml.inspect": (p: { samlResponse: string }) => {
      const a = ASSERTIONS[p.samlResponse]!;
      return {
        roles: [role(a.account)],
        sessionName: "dana@contoso.example",
        sessionDuration: 3600,
        partition: "aws",
        destination: SIGNIN,
        issuer: a.issuer,
        notOnOrAfter: "2026-11-28T12:05:00Z",
      };
    },
    "credentials.assume": (p: { samlResponse: string; roleArns: string[] }) => {
      assumed.push(p.roleArns[0]!);
      return {
        profiles: [
          {
            profile: "saml",
            roleArn: p.roleArns[0],
            principalArn: p.roleArns[0]!.replace(/role\/Admin$/, "saml-provider/Entra"),
            region: "us-east-1",
            expiration: "2026-11-28T13:00:00Z",
            durationSeconds: 3600,
          },
        ],
      };
    },
    "profiles.list": () => ({ profiles: [] }),
  };
}

const post = (samlResponse: string, from: Record<string, string>): Capture =>
  classifyRequest({
    method: "POST",
    url: SIGNIN,
    requestBody: { formData: { SAMLResponse: [samlResponse] } },
    ...from,
  });

describe("taking a sign-in in the background", () => {
  it("refuses a post from another site: nothing reaches the host, the reason is kept and said", async () => {
    const script = host();
    const ctx = fakeCtx(script);
    await acceptCapture(ctx, post(HOSTILE, { originUrl: "https://evil.example/gift" }), true);
    await acceptCapture(ctx, post(HOSTILE, {}), true);
    const s = await ctx.store.read();
    expect(s.capture.refused).toEqual([
      expect.objectContaining({ code: "SIGNIN_SOURCE_UNKNOWN", from: null, url: SIGNIN }),
      expect.objectContaining({ code: "SIGNIN_SOURCE_UNTRUSTED", from: "https://evil.example" }),
    ]);
    expect(ctx.ports.flatMap((p) => p.requests.map((r) => r.type))).toEqual([]);
    expect(s.lastSignIn).toBeNull();
    expect(ctx.notices.at(-1)).toMatchObject({
      id: "refused",
      message: expect.stringContaining("an unknown page"),
    });
    expect(JSON.stringify(s)).not.toContain(HOSTILE);
    expect(ctx.trustValue.pinnedIssuer).toBeNull();
  });

  it("keeps only the newest refusals", () => {
    let s = INITIAL_STATE;
    for (let i = 0; i < REFUSED_MAX + 3; i++)
      s = reduce(s, {
        type: "capture/refused",
        url: SIGNIN,
        from: null,
        code: "SIGNIN_SOURCE_UNKNOWN",
        reason: "r",
        at: i,
      });
    expect(s.capture.refused?.map((r) => r.at)).toEqual([7, 6, 5, 4, 3]);
  });

  it("takes the IdP's post, a user-added IdP's, and ignores the AWS page's re-post of it", async () => {
    const script = host();
    const ctx = fakeCtx(script, { trust: { idpOrigins: ["https://idp.example.com"] } });
    await acceptCapture(ctx, post(MINE, { initiator: ENTRA }), true);
    expect(script.assumed).toEqual([role("111111111111").roleArn]);
    expect((await ctx.store.read()).lastSignIn?.from).toBe(ENTRA);
    await acceptCapture(ctx, post(MINE, { initiator: "https://signin.aws.amazon.com" }), true);
    expect(script.assumed).toHaveLength(1);
    expect((await ctx.store.read()).capture.lastIgnored?.reason).toMatch(/re-posted a sign-in already taken/);
    await acceptCapture(ctx, post(MINE_AGAIN, { originUrl: "https://idp.example.com/sso" }), true);
    expect(script.assumed).toHaveLength(2);
    // An assertion planted on the AWS page by another site and re-posted from there is refused.
    await acceptCapture(ctx, post(HOSTILE, { initiator: "https://signin.aws.amazon.com" }), true);
    expect(script.assumed).toHaveLength(2);
    expect((await ctx.store.read()).capture.refused?.[0]?.code).toBe("SIGNIN_REPOST_UNKNOWN");
  });

  it("pins the first tenant, holds another until trusted, and never puts the assertion in state", async () => {
    const script = host();
    const ctx = fakeCtx(script);
    await acceptCapture(ctx, post(MINE, { initiator: ENTRA }), true);
    expect(ctx.trustValue.pinnedIssuer).toBe(OURS);
    await acceptCapture(ctx, post(HOSTILE, { initiator: ENTRA }), true);
    let s = await ctx.store.read();
    expect(script.assumed).toEqual([role("111111111111").roleArn]);
    expect(s.held).toMatchObject({
      id: "pick1",
      issuer: THEIRS,
      pinned: OURS,
      roles: [role("666666666666")],
    });
    expect(ctx.badge).toBe("!");
    expect(ctx.notices.at(-1)).toMatchObject({ id: "held", message: expect.stringContaining(THEIRS) });
    const status = JSON.stringify(await answerUiRequest(ctx, { type: "status" }, meta));
    expect(status).not.toContain(HOSTILE);
    expect(status).toContain(THEIRS);

    await answerUiRequest(ctx, { type: "trust-held", heldId: "pick1" }, meta);
    s = await ctx.store.read();
    expect(script.assumed).toEqual([role("111111111111").roleArn, role("666666666666").roleArn]);
    expect(ctx.trustValue.pinnedIssuer).toBe(THEIRS);
    expect(s.held).toBeNull();
    expect(s.error).toBeNull();
    expect(ctx.badge).toBe("");
    // Used once: a second click finds nothing.
    await answerUiRequest(ctx, { type: "trust-held", heldId: "pick1" }, meta);
    expect((await ctx.store.read()).error?.code).toBe("SIGN_IN_EXPIRED");
    expect(script.assumed).toHaveLength(2);
  });

  it("discards a held sign-in, or lets it expire, writing nothing and keeping the pin", async () => {
    const script = host();
    const ctx = fakeCtx(script, { trust: { pinnedIssuer: OURS } });
    await acceptCapture(ctx, post(HOSTILE, { initiator: ENTRA }), true);
    await answerUiRequest(ctx, { type: "discard-held", heldId: "pick1" }, meta);
    expect((await ctx.store.read()).held).toBeNull();
    await acceptCapture(ctx, post(HOSTILE, { initiator: ENTRA }), true);
    expect((await ctx.store.read()).held?.id).toBe("pick2");
    expect(await onAssertionAlarm(ctx, "assertion:pick2")).toBe(true);
    expect((await ctx.store.read()).held).toBeNull();
    await answerUiRequest(ctx, { type: "trust-held", heldId: "pick2" }, meta);
    expect(script.assumed).toEqual([]);
    expect(ctx.trustValue.pinnedIssuer).toBe(OURS);
    const session = (ctx as unknown as { session: { data: Map<string, unknown> } }).session;
    expect(JSON.stringify([...session.data])).not.toContain(HOSTILE);
  });

  it("goes through for a new account under the pinned tenant", async () => {
    const script = host();
    const ctx = fakeCtx(script, { trust: { pinnedIssuer: OURS } });
    await acceptCapture(ctx, post(MINE_AGAIN, { initiator: ENTRA }), true);
    expect(script.assumed).toEqual([role("222222222222").roleArn]);
    expect((await ctx.store.read()).held).toBeNull();
  });
});
