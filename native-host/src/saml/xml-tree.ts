/**
 * A small, safe XML reader for SAML responses (design §4): saxes in strict, namespace-aware mode,
 * no DTD (any DOCTYPE is refused, so no entity can be declared: no external entities, no
 * "billion laughs"), only XML's five predefined entities and character references, and caps on
 * size, depth and element count so hostile input ends quickly with a coded error. Pure.
 */
import { SaxesParser } from "saxes";
import { InputError } from "../errors";

/** Decoded XML over this is refused before parsing; a real Entra response is tens of KB. */
export const MAX_XML_BYTES = 1024 * 1024;
/** SAML nests about 8 deep; 64 leaves room and stops pathological nesting. */
export const MAX_DEPTH = 64;
/** A response with hundreds of roles has a few thousand elements. */
export const MAX_ELEMENTS = 50_000;

export interface XmlElement {
  ns: string;
  local: string;
  /** Unqualified attributes by name (SAML's own attributes are unqualified). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (text and CDATA), concatenated. */
  text: string;
}

const HINT =
  "Capture the SAMLResponse again from the sign-in page; bastionless reads only plain SAML 2.0 XML.";

function refuse(code: string, message: string, cause?: unknown): InputError {
  return new InputError(code, message, { hint: HINT, cause });
}

export function parseXml(xml: string): XmlElement {
  if (Buffer.byteLength(xml, "utf8") > MAX_XML_BYTES) {
    throw refuse("SAML_TOO_LARGE", `The SAML response is over ${MAX_XML_BYTES} bytes of XML.`);
  }
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let count = 0;
  parser.on("doctype", () => {
    throw refuse(
      "SAML_DTD_REFUSED",
      "The SAML response contains a DOCTYPE; DTDs and entity declarations are refused.",
    );
  });
  parser.on("opentag", (tag) => {
    if (stack.length >= MAX_DEPTH)
      throw refuse("SAML_XML_TOO_DEEP", `The SAML response nests elements more than ${MAX_DEPTH} deep.`);
    if (++count > MAX_ELEMENTS)
      throw refuse("SAML_TOO_LARGE", `The SAML response has more than ${MAX_ELEMENTS} elements.`);
    const attrs: Record<string, string> = Object.create(null);
    for (const a of Object.values(tag.attributes)) if (!a.uri && !a.prefix) attrs[a.local] = a.value;
    const el: XmlElement = { ns: tag.uri ?? "", local: tag.local ?? tag.name, attrs, children: [], text: "" };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on("closetag", () => void stack.pop());
  const onText = (t: string) => {
    if (stack.length) stack[stack.length - 1]!.text += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  try {
    parser.write(xml).close();
  } catch (err) {
    if (err instanceof InputError) throw err;
    const detail = (err as Error)?.message ?? String(err);
    throw refuse(
      "SAML_XML_INVALID",
      `The SAML response is not well-formed XML (${detail.slice(0, 200)}).`,
      err,
    );
  }
  if (!root) throw refuse("SAML_XML_INVALID", "The SAML response has no root element.");
  return root;
}

/** Direct children with this namespace and local name. */
export function childrenOf(el: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  return el ? el.children.filter((c) => c.ns === ns && c.local === local) : [];
}

export function childOf(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.ns === ns && c.local === local);
}
