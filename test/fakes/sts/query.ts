/**
 * The AWS query protocol as STS and IAM speak it: form-encoded POST bodies in, XML out.
 * ("Making query requests", STS and IAM API references.)
 */
import crypto from "node:crypto";
import type { ServerResponse } from "node:http";

export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export function xmlUnescape(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

export function requestId(): string {
  return crypto.randomUUID();
}

/** An <ErrorResponse> the way STS and IAM send one (Type Sender for 4xx, Receiver for 5xx). */
export function sendQueryError(res: ServerResponse, status: number, code: string, message: string): void {
  const type = status >= 500 ? "Receiver" : "Sender";
  const body =
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${type}</Type>` +
    `<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
    `<RequestId>${requestId()}</RequestId></ErrorResponse>`;
  res.writeHead(status, { "content-type": "text/xml", "x-amzn-requestid": requestId() });
  res.end(body);
}

export function sendXml(res: ServerResponse, body: string): void {
  res.writeHead(200, { "content-type": "text/xml", "x-amzn-requestid": requestId() });
  res.end(body);
}

/** Random characters from an alphabet, for access key ids, secrets and tokens. */
export function randomFrom(alphabet: string, n: number): string {
  const bytes = crypto.randomBytes(n);
  let out = "";
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}
