/**
 * What the fake STS reads from an assertion: the Role pairs, RoleSessionName and NotOnOrAfter.
 * Deliberately independent of the product's parser (plain text search), so a parser bug in the
 * product cannot hide itself in the fake.
 */
import { xmlUnescape } from "./query";

export interface AssertionFacts {
  rolePairs: Array<{ roleArn: string; principalArn: string }>;
  sessionName: string | null;
  notOnOrAfter: Date | null;
}

function attributeValues(xml: string, name: string): string[] {
  const start = xml.search(new RegExp(`<(?:\\w+:)?Attribute\\b[^>]*Name="${name.replace(/[.]/g, "\\.")}"`));
  if (start < 0) return [];
  const end = xml.indexOf("Attribute>", xml.indexOf(">", start) + 1);
  const body = xml.slice(start, end < 0 ? undefined : end);
  const out: string[] = [];
  for (const m of body.matchAll(/<(?:\w+:)?AttributeValue\b[^>]*>([\s\S]*?)<\/(?:\w+:)?AttributeValue>/g))
    out.push(xmlUnescape(m[1]!).trim());
  return out;
}

export function readAssertion(base64: string): AssertionFacts | null {
  const xml = Buffer.from(base64, "base64").toString("utf8");
  if (!/<(?:\w+:)?Response\b/.test(xml) || !/<(?:\w+:)?Assertion\b/.test(xml)) return null;
  const rolePairs: AssertionFacts["rolePairs"] = [];
  for (const value of attributeValues(xml, "https://aws.amazon.com/SAML/Attributes/Role")) {
    // Role names may hold commas; provider names may not, so find the provider and take the rest.
    const provider = /(?:^|,)\s*(arn:[\w-]+:iam::\d{12}:saml-provider\/[\w.-]+)\s*(?:,|$)/.exec(value);
    if (!provider) continue;
    const roleArn = (
      value.slice(0, provider.index) + value.slice(provider.index + provider[0].length)
    ).replace(/^\s*,?\s*|\s*,?\s*$/g, "");
    if (/^arn:[\w-]+:iam::\d{12}:role\/\S+$/.test(roleArn))
      rolePairs.push({ roleArn, principalArn: provider[1]! });
  }
  const sessionName =
    attributeValues(xml, "https://aws.amazon.com/SAML/Attributes/RoleSessionName")[0] ?? null;
  const m = /<(?:\w+:)?SubjectConfirmationData\b[^>]*NotOnOrAfter="([^"]+)"/.exec(xml);
  return { rolePairs, sessionName, notOnOrAfter: m ? new Date(m[1]!) : null };
}
