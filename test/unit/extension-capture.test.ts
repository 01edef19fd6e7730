import { describe, expect, it } from "vitest";
import { SIGNIN_URL_PATTERNS } from "../../contract/signin-endpoints";
import { classifyRequest, type RequestLike } from "../../extension/src/background/capture";

const SAML = Buffer.from("<samlp:Response>…</samlp:Response>").toString("base64");
const post = (
  url: string,
  formData?: Record<string, unknown>,
  extra: Partial<RequestLike> = {},
): RequestLike => ({ method: "POST", url, requestBody: formData ? { formData } : null, ...extra });

/** The webRequest match-pattern semantics for these simple host/path patterns (no browser here). */
function matchesFilter(url: string): boolean {
  return SIGNIN_URL_PATTERNS.some((p) => {
    const [, scheme, host, path] = /^(\w+):\/\/([^/]+)(\/.*)$/.exec(p)!;
    const esc = (x: string) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    const hostRe = host!.startsWith("*.") ? `(?:[^/]+\\.)?${esc(host!.slice(2))}` : esc(host!);
    const pathRe = path!.split("*").map(esc).join(".*");
    return new RegExp(`^${scheme}://${hostRe}${pathRe}$`).test(url);
  });
}

describe("capture: which requests are SAML sign-ins", () => {
  it.each([
    ["https://signin.aws.amazon.com/saml", "aws", null],
    ["https://us-west-2.signin.aws.amazon.com/saml", "aws", "us-west-2"],
    ["https://eu-central-1.signin.aws.amazon.com/saml/", "aws", "eu-central-1"],
    ["https://signin.amazonaws-us-gov.com/saml", "aws-us-gov", null],
    ["https://us-gov-east-1.signin.amazonaws-us-gov.com/saml", "aws-us-gov", "us-gov-east-1"],
    ["https://signin.amazonaws.cn/saml", "aws-cn", null],
  ])("takes a POST with SAMLResponse to %s", (url, partition, region) => {
    expect(matchesFilter(url)).toBe(true);
    const c = classifyRequest(post(url, { SAMLResponse: [SAML], RelayState: [""] }));
    expect(c).toMatchObject({ kind: "saml", samlResponse: SAML, url, endpoint: { partition, region } });
  });

  it.each([
    ["http://signin.aws.amazon.com/saml", "not an AWS SAML sign-in endpoint"],
    ["https://signin.aws.amazon.com:8443/saml", "not an AWS SAML sign-in endpoint"],
    ["https://signin.aws.amazon.com/samlx", "not an AWS SAML sign-in endpoint"],
    ["https://signin.aws.amazon.com/saml/extra", "not an AWS SAML sign-in endpoint"],
    ["https://evil.com/signin.aws.amazon.com/saml", "not an AWS SAML sign-in endpoint"],
    ["https://signin.aws.amazon.com.evil.com/saml", "not an AWS SAML sign-in endpoint"],
    ["https://a.b.signin.aws.amazon.com/saml", "not an AWS SAML sign-in endpoint"],
  ])("ignores %s", (url, reason) => {
    expect(classifyRequest(post(url, { SAMLResponse: [SAML] }))).toEqual({ kind: "ignored", url, reason });
  });

  it("ignores a GET and a POST without SAMLResponse, saying why", () => {
    const url = "https://signin.aws.amazon.com/saml";
    expect(classifyRequest({ method: "GET", url })).toMatchObject({
      kind: "ignored",
      reason: "GET, not a POST",
    });
    expect(classifyRequest(post(url, { RelayState: ["x"] }))).toMatchObject({
      kind: "ignored",
      reason: "POST without a SAMLResponse field",
    });
    expect(classifyRequest(post(url))).toMatchObject({
      kind: "ignored",
      reason: "POST without a SAMLResponse field",
    });
    expect(classifyRequest(post(url, { SAMLResponse: [""] }))).toMatchObject({ kind: "ignored" });
    expect(classifyRequest(post(url, { SAMLResponse: ["<xml>not base64</xml>"] }))).toMatchObject({
      kind: "ignored",
      reason: "SAMLResponse is not base64 of a sensible size",
    });
    expect(classifyRequest(post(url, { SAMLResponse: [42] }))).toMatchObject({ kind: "ignored" });
  });

  it("accepts base64 wrapped at 76 columns and reads a raw urlencoded body", () => {
    const url = "https://signin.aws.amazon.com/saml";
    const long = Buffer.alloc(300, 7).toString("base64");
    const wrapped = long.match(/.{1,76}/g)!.join("\r\n");
    expect(classifyRequest(post(url, { SAMLResponse: [wrapped] }))).toMatchObject({
      kind: "saml",
      samlResponse: long,
    });
    const raw = new TextEncoder().encode(`SAMLResponse=${encodeURIComponent(SAML)}&RelayState=`)
      .buffer as ArrayBuffer;
    expect(classifyRequest({ method: "POST", url, requestBody: { raw: [{ bytes: raw }] } })).toMatchObject({
      kind: "saml",
      samlResponse: SAML,
    });
  });

  it("refuses an oversized assertion and remembers where a sign-in came from", () => {
    const url = "https://signin.aws.amazon.com/saml";
    expect(classifyRequest(post(url, { SAMLResponse: ["A".repeat(4 * 1024 * 1024 + 4)] }))).toMatchObject({
      kind: "ignored",
    });
    expect(
      classifyRequest(
        post(url, { SAMLResponse: [SAML] }, { originUrl: "https://login.microsoftonline.com/x/saml2" }),
      ),
    ).toMatchObject({ from: "https://login.microsoftonline.com" }); // the origin, as Chromium's initiator
    expect(
      classifyRequest(
        post(url, { SAMLResponse: [SAML] }, { initiator: "https://login.microsoftonline.com" }),
      ),
    ).toMatchObject({ from: "https://login.microsoftonline.com" });
  });
});
