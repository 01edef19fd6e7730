/**
 * Which observed requests are SAML sign-ins (design §1 step 2, §4). Pure: takes the webRequest
 * details, returns the assertion or the reason it was ignored. The extension observes and never
 * blocks or changes the request.
 */
import { parseSigninUrl, type SigninEndpoint } from "../../../contract/signin-endpoints";
import { requestOrigin } from "./capture-source";

/** The parts of webRequest.onBeforeRequest details we read (Chromium and Firefox agree on them). */
export interface RequestLike {
  method: string;
  url: string;
  requestBody?: {
    formData?: Record<string, unknown>;
    raw?: Array<{ bytes?: ArrayBuffer }>;
    error?: string;
  } | null;
  /** Chromium: origin of the page that started the request (only with host permission for it). */
  initiator?: string;
  /** Firefox: URL of the page that started the request. */
  originUrl?: string;
  /** Firefox: URL of the document the request belongs to (a frame's parent for a sub_frame). */
  documentUrl?: string;
  /** The tab the request is in (-1 outside tabs): ties a sign-in to the launch that opened it. */
  tabId?: number;
}

export type Capture =
  | {
      kind: "saml";
      samlResponse: string;
      url: string;
      endpoint: SigninEndpoint;
      /** The sending page's origin as the browser reports it (capture-source.ts judges it). */
      from: string | null;
      /** The tab it was posted in, when the browser says (renewal-store.ts LaunchBinding). */
      tabId?: number | null;
    }
  | { kind: "ignored"; url: string; reason: string };

/** The host refuses more (contract/messages.ts); a real response is tens of KB. */
export const SAML_MAX_CHARS = 4 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function formField(body: RequestLike["requestBody"], name: string): string | null {
  const fromForm = body?.formData?.[name];
  if (Array.isArray(fromForm) && typeof fromForm[0] === "string") return fromForm[0];
  // Chromium gives `raw` instead of formData for bodies it does not parse; an IdP may still send
  // application/x-www-form-urlencoded that way.
  const bytes = body?.raw?.[0]?.bytes;
  if (!bytes || bytes.byteLength > SAML_MAX_CHARS * 2) return null;
  try {
    return new URLSearchParams(new TextDecoder("utf-8", { fatal: true }).decode(bytes)).get(name);
  } catch {
    return null;
  }
}

export function classifyRequest(details: RequestLike): Capture {
  const url = details.url;
  const endpoint = parseSigninUrl(url);
  if (!endpoint) return { kind: "ignored", url, reason: "not an AWS SAML sign-in endpoint" };
  if (details.method.toUpperCase() !== "POST")
    return { kind: "ignored", url, reason: `${details.method.toUpperCase()}, not a POST` };
  const value = formField(details.requestBody, "SAMLResponse");
  if (value === null) return { kind: "ignored", url, reason: "POST without a SAMLResponse field" };
  // Some IdPs wrap the base64 at 76 columns; AWS accepts that, so do we.
  const samlResponse = value.replace(/[\r\n\t ]/g, "");
  if (!samlResponse || samlResponse.length > SAML_MAX_CHARS || !BASE64.test(samlResponse)) {
    return { kind: "ignored", url, reason: "SAMLResponse is not base64 of a sensible size" };
  }
  const tabId = typeof details.tabId === "number" && details.tabId >= 0 ? details.tabId : null;
  return { kind: "saml", samlResponse, url, endpoint, from: requestOrigin(details), tabId };
}
