import { describe, expect, it } from "vitest";
import { inspectSaml } from "../../native-host/src/saml/inspect-saml";
import { makeSamlResponse, role, SIGNIN_CN, SIGNIN_GLOBAL, SIGNIN_GOV } from "../fixtures/saml";

const NOW = new Date("2026-11-28T10:00:00Z");
const roles = Array.from({ length: 40 }, (_, i) =>
  role(String(100000000000 + i), `Role-${i}`, { provider: `Entra${i % 3}` }),
);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  return "no error";
}

describe("inspectSaml on Entra-shaped responses", () => {
  it("reads every role, the session facts and the partition from base64", () => {
    const { base64 } = makeSamlResponse({
      roles,
      now: NOW,
      sessionName: "alice@contoso.example",
      sessionDuration: 28800,
    });
    const { summary, assertion, signinRegion } = inspectSaml(base64);
    expect(summary.roles).toHaveLength(40);
    expect(summary.roles[7]).toEqual({
      roleArn: roles[7]!.roleArn,
      principalArn: roles[7]!.principalArn,
      accountId: "100000000007",
      roleName: "Role-7",
    });
    expect(summary).toMatchObject({
      sessionName: "alice@contoso.example",
      sessionDuration: 28800,
      partition: "aws",
      destination: SIGNIN_GLOBAL,
      issuer: "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/",
      notOnOrAfter: "2026-11-28T10:05:00.000Z",
    });
    expect(signinRegion).toBeNull();
    expect(assertion).toBe(base64);
  });

  it("takes the pair in either order, with whitespace around it", () => {
    const a = inspectSaml(
      makeSamlResponse({ roles, roleOrder: "provider-first", padRoleValues: true }).base64,
    );
    const b = inspectSaml(makeSamlResponse({ roles, roleOrder: "role-first" }).xml);
    expect(a.summary.roles).toEqual(b.summary.roles);
  });

  it("accepts raw XML, a whole form body, URL-encoded and line-wrapped base64", () => {
    const { xml, base64 } = makeSamlResponse({ roles: roles.slice(0, 2) });
    const expected = inspectSaml(base64).summary;
    expect(inspectSaml(xml).summary).toEqual(expected);
    expect(inspectSaml(`SAMLResponse=${encodeURIComponent(base64)}&RelayState=x`).summary).toEqual(expected);
    expect(inspectSaml(encodeURIComponent(base64)).summary).toEqual(expected);
    expect(inspectSaml(base64.replace(/(.{76})/g, "$1\r\n")).summary).toEqual(expected);
  });

  it("drops duplicate roles and keeps assertion order", () => {
    const r = inspectSaml(makeSamlResponse({ roles: [roles[2]!, roles[1]!, roles[2]!] }).base64);
    expect(r.summary.roles.map((x) => x.roleName)).toEqual(["Role-2", "Role-1"]);
  });

  it("tells the partition from GovCloud, China and regional destinations", () => {
    const gov = role("123456789012", "Gov", { partition: "aws-us-gov" });
    const cn = role("123456789012", "Cn", { partition: "aws-cn" });
    expect(
      inspectSaml(makeSamlResponse({ roles: [gov], destination: SIGNIN_GOV }).base64).summary.partition,
    ).toBe("aws-us-gov");
    expect(
      inspectSaml(makeSamlResponse({ roles: [cn], destination: SIGNIN_CN }).base64).summary.partition,
    ).toBe("aws-cn");
    const regional = inspectSaml(
      makeSamlResponse({ roles, destination: "https://eu-central-1.signin.aws.amazon.com/saml" }).base64,
    );
    expect(regional.summary.partition).toBe("aws");
    expect(regional.signinRegion).toBe("eu-central-1");
  });

  it("uses the capture URL as a cross-check and for the region", () => {
    const { base64 } = makeSamlResponse({ roles });
    expect(inspectSaml(base64, "https://us-west-2.signin.aws.amazon.com/saml").signinRegion).toBe(
      "us-west-2",
    );
    expect(codeOf(() => inspectSaml(base64, SIGNIN_GOV))).toBe("SAML_PARTITION_MISMATCH");
    const gov = role("123456789012", "Gov", { partition: "aws-us-gov" });
    expect(codeOf(() => inspectSaml(makeSamlResponse({ roles: [gov] }).base64))).toBe(
      "SAML_PARTITION_MISMATCH",
    );
  });

  it("keeps SessionDuration only when AWS would accept it", () => {
    expect(
      inspectSaml(makeSamlResponse({ roles, sessionDuration: null }).base64).summary.sessionDuration,
    ).toBeNull();
    expect(
      inspectSaml(makeSamlResponse({ roles, sessionDuration: 50000 }).base64).summary.sessionDuration,
    ).toBeNull();
    expect(
      inspectSaml(makeSamlResponse({ roles, sessionDuration: 900 }).base64).summary.sessionDuration,
    ).toBe(900);
  });

  it("reads role paths and names with IAM's punctuation", () => {
    const r = {
      roleArn: "arn:aws:iam::123456789012:role/team/ops/Ops+Admin=1,x.y@z-w",
      principalArn: "arn:aws:iam::123456789012:saml-provider/Entra.ID-1",
    };
    expect(inspectSaml(makeSamlResponse({ roles: [r] }).base64).summary.roles[0]).toMatchObject({
      roleName: "Ops+Admin=1,x.y@z-w",
      accountId: "123456789012",
    });
  });
});

describe("inspectSaml refuses malformed input with a coded error", () => {
  const cases: Array<[string, string, string]> = [
    ["empty", "   ", "SAML_EMPTY"],
    ["not base64", "this is not base64 at all!", "SAML_NOT_BASE64"],
    ["base64 of binary", Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x81]).toString("base64"), "SAML_NOT_XML"],
    ["base64 of text", Buffer.from("hello world").toString("base64"), "SAML_NOT_XML"],
    [
      "broken XML",
      "<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'><a></b>",
      "SAML_XML_INVALID",
    ],
    ["unbound prefix", "<samlp:Response/>", "SAML_XML_INVALID"],
    ["not SAML", "<html><body>Sign in</body></html>", "SAML_NOT_A_RESPONSE"],
    [
      "no assertion",
      "<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol'/>",
      "SAML_NOT_A_RESPONSE",
    ],
  ];
  for (const [name, input, code] of cases)
    it(name, () => expect(codeOf(() => inspectSaml(input))).toBe(code));

  it("no roles", () => {
    expect(codeOf(() => inspectSaml(makeSamlResponse({ roles: [] }).base64))).toBe("SAML_NO_ROLES");
  });

  it("a role value without a provider, or with junk", () => {
    const noProvider = makeSamlResponse({
      roles: [],
      rawRoleValues: ["arn:aws:iam::123456789012:role/Admin"],
    }).base64;
    expect(codeOf(() => inspectSaml(noProvider))).toBe("SAML_ROLE_NO_PROVIDER");
    const junk = makeSamlResponse({ roles: [], rawRoleValues: ["Admin,Provider"] }).base64;
    expect(codeOf(() => inspectSaml(junk))).toBe("SAML_ROLE_INVALID");
    const three = makeSamlResponse({
      roles: [],
      rawRoleValues: [`${roles[0]!.roleArn},${roles[0]!.principalArn},x`],
    }).base64;
    expect(codeOf(() => inspectSaml(three))).toBe("SAML_ROLE_INVALID");
  });

  it("a failed sign-in status, an encrypted assertion, a foreign destination", () => {
    expect(
      codeOf(() =>
        inspectSaml(
          makeSamlResponse({ roles, statusCode: "urn:oasis:names:tc:SAML:2.0:status:Responder" }).xml,
        ),
      ),
    ).toBe("SAML_STATUS_FAILED");
    const encrypted =
      "<samlp:Response xmlns:samlp='urn:oasis:names:tc:SAML:2.0:protocol' xmlns:saml='urn:oasis:names:tc:SAML:2.0:assertion'>" +
      "<saml:EncryptedAssertion><EncryptedData/></saml:EncryptedAssertion></samlp:Response>";
    expect(codeOf(() => inspectSaml(encrypted))).toBe("SAML_ENCRYPTED");
    expect(
      codeOf(() => inspectSaml(makeSamlResponse({ roles, destination: "https://evil.example/saml" }).base64)),
    ).toBe("SAML_NOT_FOR_AWS");
  });

  it("says what is wrong in the message and what to do in the hint", () => {
    try {
      inspectSaml(
        makeSamlResponse({ roles: [], rawRoleValues: ["arn:aws:iam::123456789012:role/Admin"] }).base64,
      );
    } catch (err) {
      const e = err as { message: string; hint: string; exitCode: number };
      expect(e.message).toContain("arn:aws:iam::123456789012:role/Admin");
      expect(e.hint).toMatch(/Role claim/);
      expect(e.exitCode).toBe(3);
    }
  });
});
