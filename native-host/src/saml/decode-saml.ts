/**
 * The user's input → the assertion's XML bytes. Accepts what people actually have at hand: the
 * `SAMLResponse` form value (base64, possibly wrapped or URL-encoded), a whole form body
 * (`SAMLResponse=…&RelayState=…`) copied from developer tools, or the raw XML. Pure.
 */
import { InputError } from "../errors";
import { MAX_XML_BYTES } from "./xml-tree";

/** Same cap as the protocol's samlResponse param (messages.ts) and the framing (design §3). */
export const MAX_SAML_INPUT_CHARS = 4 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HINT =
  "Pass the SAMLResponse form value (base64) or the SAML XML, e.g. `bastionless assume --saml-file response.txt`.";

function bad(code: string, message: string): InputError {
  return new InputError(code, message, { hint: HINT });
}

/** Pulls the base64 value out of a form body or a URL-encoded value. */
function unwrapForm(s: string): string {
  if (/^(?:[\w.-]+=[^&]*&)*SAMLResponse=/.test(s)) return new URLSearchParams(s).get("SAMLResponse") ?? "";
  if (/%[0-9A-Fa-f]{2}/.test(s)) {
    try {
      return decodeURIComponent(s);
    } catch {
      throw bad("SAML_NOT_BASE64", "The SAML response looks URL-encoded but does not decode.");
    }
  }
  return s;
}

function decodeBase64(s: string): Buffer {
  const compact = s.replace(/\s+/g, "");
  if (!BASE64.test(compact) || compact.replace(/=+$/, "").length % 4 === 1) {
    throw bad("SAML_NOT_BASE64", "The SAML response is neither base64 nor XML.");
  }
  if (Math.floor((compact.length * 3) / 4) > MAX_XML_BYTES + 3) {
    throw bad("SAML_TOO_LARGE", `The SAML response decodes to more than ${MAX_XML_BYTES} bytes.`);
  }
  return Buffer.from(compact, "base64");
}

function asXmlText(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw bad("SAML_NOT_XML", "The decoded SAML response is not UTF-8 text.");
  }
  if (!text.trimStart().startsWith("<")) throw bad("SAML_NOT_XML", "The decoded SAML response is not XML.");
  return text;
}

export interface DecodedSaml {
  /** The XML text, for the parser. */
  xml: string;
  /** base64 of the exact XML bytes, as STS wants it (AssumeRoleWithSAML SAMLAssertion). */
  base64: string;
}

export function decodeSaml(input: string): DecodedSaml {
  if (input.length > MAX_SAML_INPUT_CHARS)
    throw bad("SAML_TOO_LARGE", `The SAML response is over ${MAX_SAML_INPUT_CHARS} characters.`);
  const s = input.replace(/^\uFEFF/, "").trim();
  if (!s) throw bad("SAML_EMPTY", "The SAML response is empty.");
  let bytes: Buffer;
  if (s.startsWith("<")) {
    bytes = Buffer.from(s, "utf8");
    if (bytes.length > MAX_XML_BYTES)
      throw bad("SAML_TOO_LARGE", `The SAML response is over ${MAX_XML_BYTES} bytes of XML.`);
  } else {
    bytes = decodeBase64(unwrapForm(s));
    if (bytes.length > MAX_XML_BYTES)
      throw bad("SAML_TOO_LARGE", `The SAML response decodes to more than ${MAX_XML_BYTES} bytes.`);
  }
  return { xml: asXmlText(bytes), base64: bytes.toString("base64") };
}
