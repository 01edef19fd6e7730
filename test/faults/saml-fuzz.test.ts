/**
 * Properties of the SAML reader (design §4): whatever arrives (random text, mangled Entra
 * responses, random XML, hostile fragments), inspectSaml returns a consistent summary or throws
 * an InputError with a SAML_* code. Never another exception, never a hang.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../native-host/src/errors";
import { inspectSaml } from "../../native-host/src/saml/inspect-saml";
import { parseRoleValue } from "../../native-host/src/saml/role-value";
import { makeSamlResponse, role } from "../fixtures/saml";
import { FUZZ_SEED, fuzzRuns } from "./fuzz-settings";

const params = { seed: FUZZ_SEED, numRuns: fuzzRuns(300) };
const ROLE_ARN = /^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Calls inspectSaml and checks the outcome is one of the two allowed ones. */
function inspectOrCodedError(input: string, url?: string): void {
  const t0 = performance.now();
  try {
    const { summary, assertion } = inspectSaml(input, url);
    expect(summary.roles.length).toBeGreaterThan(0);
    for (const r of summary.roles) expect(r.roleArn).toMatch(ROLE_ARN);
    expect(["aws", "aws-us-gov", "aws-cn"]).toContain(summary.partition);
    expect(assertion).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    expect(err.code).toMatch(/^SAML_[A-Z0-9_]+$/);
    expect(err.hint).toBeTruthy();
  }
  expect(performance.now() - t0).toBeLessThan(2000);
}

const base = makeSamlResponse({
  roles: [role("111122223333", "Admin"), role("444455556666", "Dev")],
  now: new Date("2026-01-01T00:00:00Z"),
}).xml;
const HOSTILE = [
  "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
  "&e;",
  "&amp;",
  "&#0;",
  "&#x110000;",
  "<![CDATA[",
  "]]>",
  "<?xml version='1.0'?>",
  "<x:y>",
  "</Attribute>",
  'xmlns=""',
  "\u0000",
  "\uFEFF",
  "\uD800",
  "<",
  ">",
  '"',
  ",",
  "arn:aws:iam::123456789012:role/X",
  "arn:aws-cn:iam::123456789012:saml-provider/P",
];

const mutation = fc.oneof(
  fc.record({ at: fc.nat(), text: fc.constantFrom(...HOSTILE) }).map(
    ({ at, text }) =>
      (s: string) =>
        s.slice(0, at % s.length) + text + s.slice(at % s.length),
  ),
  fc.record({ at: fc.nat(), text: fc.string({ maxLength: 12 }) }).map(
    ({ at, text }) =>
      (s: string) =>
        s.slice(0, at % s.length) + text + s.slice(at % s.length),
  ),
  fc.record({ at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }).map(
    ({ at, len }) =>
      (s: string) =>
        s.slice(0, at % s.length) + s.slice((at % s.length) + len),
  ),
  fc.nat().map((at) => (s: string) => s.slice(0, at % s.length)),
);

const xmlName = fc.constantFrom(
  "Response",
  "Assertion",
  "Attribute",
  "AttributeValue",
  "AttributeStatement",
  "Issuer",
  "Subject",
  "x",
  "samlp:Response",
  "saml:Assertion",
);
const xmlText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    "&lt;",
    "&amp;",
    "&#65;",
    "arn:aws:iam::123456789012:role/R,arn:aws:iam::123456789012:saml-provider/P",
  ),
);
const { tree } = fc.letrec<{ tree: string }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    xmlText.map((t) => t.replace(/[<&]/g, "")),
    fc
      .record({
        name: xmlName,
        attr: fc.constantFrom(
          "",
          ' Name="https://aws.amazon.com/SAML/Attributes/Role"',
          ' Destination="https://signin.aws.amazon.com/saml"',
        ),
        kids: fc.array(tie("tree"), { maxLength: 4 }),
      })
      .map(({ name, attr, kids }) => `<${name}${attr}>${kids.join("")}</${name}>`),
  ),
}));
const NS =
  'xmlns="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"';

describe("SAML reader under arbitrary input", () => {
  it("random text, as is and as base64", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), (s) => {
        inspectOrCodedError(s);
        inspectOrCodedError(Buffer.from(s).toString("base64"));
      }),
      params,
    );
  });

  it("random bytes as base64", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 800 }), (b) =>
        inspectOrCodedError(Buffer.from(b).toString("base64")),
      ),
      params,
    );
  });

  it("an Entra response mangled by insertions, deletions and truncation", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (muts, asBase64) => {
        const xml = muts.reduce((s, m) => m(s), base);
        inspectOrCodedError(asBase64 ? Buffer.from(xml).toString("base64") : xml);
      }),
      params,
    );
  });

  it("random XML trees in the SAML namespaces", () => {
    fc.assert(
      fc.property(tree, (t) => inspectOrCodedError(`<samlp:Response ${NS}>${t}</samlp:Response>`)),
      params,
    );
  });

  it("any capture URL next to a valid response", () => {
    const good = makeSamlResponse({ roles: [role("111122223333", "Admin")] }).base64;
    fc.assert(
      fc.property(fc.oneof(fc.webUrl(), fc.string()), (url) => inspectOrCodedError(good, url)),
      params,
    );
  });

  it("role values: a pair found is really in the value, anything else is a SAML_ROLE_* error", () => {
    const part = fc.constantFrom(
      "arn:aws:iam::123456789012:role/A",
      "arn:aws:iam::123456789012:role/a,b",
      "arn:aws:iam::123456789012:saml-provider/P",
      "arn:aws-cn:iam::123456789012:role/C",
      " ",
      ",",
      "role/",
      "x",
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        const value = parts.join("");
        try {
          const r = parseRoleValue(value);
          expect(value).toContain(r.roleArn);
          expect(value).toContain(r.principalArn);
          expect(r.roleArn).toMatch(ROLE_ARN);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          expect((err as InputError).code).toMatch(/^SAML_ROLE_(INVALID|NO_PROVIDER)$/);
        }
      }),
      params,
    );
  });
});
