import { describe, expect, it } from "vitest";
import { inspectSaml } from "../../native-host/src/saml/inspect-saml";
import { makeSamlResponse, role } from "../fixtures/saml";

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
  return "no error";
}

const ok = makeSamlResponse({ roles: [role("123456789012", "Admin")] }).xml;
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("hostile XML ends quickly with a coded error", () => {
  it("an external entity (XXE) is refused at the DOCTYPE", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${ok.replace("Test User", "&x;")}`;
    expect(codeOf(() => inspectSaml(b64(xxe)))).toBe("SAML_DTD_REFUSED");
  });

  it("entity expansion (billion laughs) is refused at the DOCTYPE", () => {
    const levels = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join(
      "",
    );
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${levels}]><r>&l10;</r>`;
    const t0 = performance.now();
    expect(codeOf(() => inspectSaml(bomb))).toBe("SAML_DTD_REFUSED");
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("an undeclared entity is a parse error, not an expansion", () => {
    expect(codeOf(() => inspectSaml(ok.replace("Test User", "&undeclared;")))).toBe("SAML_XML_INVALID");
  });

  it("10 MB of XML or of base64 is refused before parsing", () => {
    const huge = ok.replace("Test User", "A".repeat(10 * 1024 * 1024));
    expect(codeOf(() => inspectSaml(huge))).toBe("SAML_TOO_LARGE");
    expect(codeOf(() => inspectSaml(b64(huge)))).toBe("SAML_TOO_LARGE");
    const justOver = ok.replace("Test User", "A".repeat(1024 * 1024));
    expect(codeOf(() => inspectSaml(b64(justOver)))).toBe("SAML_TOO_LARGE");
  });

  it("deep nesting is refused", () => {
    const deep = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${"<a>".repeat(5000)}${"</a>".repeat(5000)}</samlp:Response>`;
    expect(codeOf(() => inspectSaml(deep))).toBe("SAML_XML_TOO_DEEP");
  });

  it("a processing instruction or comment inside does no harm", () => {
    const withPi = ok.replace("<Subject>", "<?evil data?><!-- comment --><Subject>");
    expect(inspectSaml(withPi).summary.roles).toHaveLength(1);
  });

  it("CDATA role values are read like text", () => {
    const cdata = ok.replace(
      /<AttributeValue>(arn:aws:iam::123456789012:role\/Admin[^<]*)<\/AttributeValue>/,
      "<AttributeValue><![CDATA[$1]]></AttributeValue>",
    );
    expect(cdata).not.toBe(ok);
    expect(inspectSaml(cdata).summary.roles[0]!.roleName).toBe("Admin");
  });
});
