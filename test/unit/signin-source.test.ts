/**
 * The sign-in source rule (contract/signin-source.ts, issue 12) and the renewal contract additions:
 * launch URLs are the My Apps launcher or on a trusted sign-in origin, nothing else.
 */
import { describe, expect, it } from "vitest";
import { checkHostEvent } from "../../contract/events";
import { PARAM_CHECKS } from "../../contract/requests";
import { RESULT_CHECKS } from "../../contract/results";
import { checkSignInSources, isLaunchUrl } from "../../contract/signin-source";

const APP = "2b0e1c4a-1111-4222-8333-444455556666";
const TENANT = "9f1d2c3b-aaaa-4bbb-8ccc-ddddeeeeffff";
const MYAPPS = `https://launcher.myapps.microsoft.com/api/signin/${APP}?tenantId=${TENANT}`;
const source = (over: Record<string, unknown> = {}) => ({
  id: "src-1",
  name: "Contoso AWS",
  launchUrl: MYAPPS,
  renew: true,
  ...over,
});

describe("launch URLs", () => {
  it("takes the My Apps launcher of an app, with a tenant GUID or domain", () => {
    expect(isLaunchUrl(MYAPPS, [])).toBe(true);
    expect(isLaunchUrl(MYAPPS.replace(TENANT, "contoso.onmicrosoft.com"), [])).toBe(true);
  });

  it.each([
    ["plain http", MYAPPS.replace("https:", "http:")],
    [
      "another path on the launcher",
      `https://launcher.myapps.microsoft.com/api/other/${APP}?tenantId=${TENANT}`,
    ],
    ["no tenant", `https://launcher.myapps.microsoft.com/api/signin/${APP}`],
    ["an extra query key", `${MYAPPS}&next=https://evil.example`],
    ["an app id that is not a GUID", MYAPPS.replace(APP, "x")],
    ["a user name", MYAPPS.replace("https://", "https://u:p@")],
    ["a fragment", `${MYAPPS}#x`],
    [
      "a look-alike host",
      MYAPPS.replace("launcher.myapps.microsoft.com", "launcher.myapps.microsoft.com.evil.example"),
    ],
    ["a port", MYAPPS.replace(".com/", ".com:8443/")],
    ["an untrusted origin", "https://idp.example.com/launch/aws"],
    ["not a URL", "launcher.myapps.microsoft.com"],
  ])("refuses %s", (_why, url) => {
    expect(isLaunchUrl(url, [])).toBe(false);
  });

  it("takes any https URL on a trusted sign-in origin, and only there", () => {
    const origins = ["https://idp.example.com", "https://127.0.0.1:8443"];
    expect(isLaunchUrl("https://idp.example.com/app/aws/sso?x=1", origins)).toBe(true);
    expect(isLaunchUrl("https://127.0.0.1:8443/launch", origins)).toBe(true);
    expect(isLaunchUrl("https://127.0.0.1:8444/launch", origins)).toBe(false);
    expect(isLaunchUrl("http://idp.example.com/app", origins)).toBe(false);
  });
});

describe("renewal.sources.set", () => {
  const check = PARAM_CHECKS["renewal.sources.set"];

  it("checks every source against the origins sent with them", () => {
    const url = "https://idp.example.com/launch";
    expect(() => check({ sources: [source({ launchUrl: url })] })).toThrow(/launchUrl/);
    expect(check({ sources: [source({ launchUrl: url })], idpOrigins: ["https://idp.example.com"] })).toEqual(
      {
        sources: [source({ launchUrl: url })],
        idpOrigins: ["https://idp.example.com"],
      },
    );
  });

  it.each([
    ["a path as an origin", { idpOrigins: ["https://idp.example.com/x"] }],
    ["an http origin", { idpOrigins: ["http://idp.example.com"] }],
    ["an unknown key", { extra: 1 }],
    ["a bad id", { sources: [source({ id: "a b" })] }],
    ["a name with a control character", { sources: [source({ name: "a\u001b[31m" })] }],
    ["renew that is not a boolean", { sources: [source({ renew: "yes" })] }],
    ["an unknown source key", { sources: [source({ url: MYAPPS })] }],
  ])("refuses %s", (_why, over) => {
    expect(() => check({ sources: [source()], ...over })).toThrow();
  });

  it("refuses two sources with one id or one name", () => {
    expect(() => checkSignInSources([source(), source({ name: "Other" })], "s", [])).toThrow(/\.id/);
    expect(() => checkSignInSources([source(), source({ id: "src-2" })], "s", [])).toThrow(/\.name/);
  });

  it("answers with the count", () => {
    expect(RESULT_CHECKS["renewal.sources.set"]({ saved: 2 })).toEqual({ saved: 2 });
    expect(() => RESULT_CHECKS["renewal.sources.set"]({})).toThrow();
  });
});

describe("credentials.assume, renewal.report and renewal.requested", () => {
  const assume = PARAM_CHECKS["credentials.assume"];

  it("takes sourceId and mode on credentials.assume", () => {
    expect(assume({ samlResponse: "x", sourceId: "src-1", mode: "credential-process" })).toMatchObject({
      sourceId: "src-1",
      mode: "credential-process",
    });
    expect(() => assume({ samlResponse: "x", mode: "file" })).toThrow(/mode/);
    expect(() => assume({ samlResponse: "x", sourceId: "../x" })).toThrow(/sourceId/);
  });

  it("checks a report", () => {
    const check = PARAM_CHECKS["renewal.report"];
    const requestId = "0123456789abcdef0123456789abcdef";
    expect(check({ requestId, outcome: "renewed" })).toEqual({
      requestId,
      outcome: "renewed",
      message: undefined,
    });
    expect(() => check({ requestId, outcome: "done" })).toThrow(/outcome/);
    expect(() => check({ requestId: "1", outcome: "renewed" })).toThrow(/requestId/);
    expect(() => check({ requestId, outcome: "failed", message: "x".repeat(1025) })).toThrow(/message/);
  });

  it("checks a renewal.requested event on the extension's side", () => {
    const e = {
      event: "renewal.requested",
      requestId: "ab".repeat(16),
      profile: "dev",
      sourceId: null,
      reason: "expiring",
    };
    expect(checkHostEvent(e)).toEqual(e);
    expect(() => checkHostEvent({ ...e, profile: "a\nb" })).toThrow(/profile/);
    expect(() => checkHostEvent({ ...e, requestId: "x" })).toThrow(/requestId/);
    expect(checkHostEvent({ event: "something.newer" })).toBeNull();
  });
});
