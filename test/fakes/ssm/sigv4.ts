/**
 * SigV4 as AWS checks it: the Authorization header's credential scope, and, when the secret of
 * the access key is known, the signature itself (AWS General Reference, "Signature Version 4
 * signing process"). The fake refuses unsigned calls the way AWS does.
 */
import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";

export interface SigV4Result {
  ok: boolean;
  accessKeyId: string | null;
  region: string | null;
  service: string | null;
  /** Why it failed, in AWS's words. */
  errorType?:
    | "MissingAuthenticationTokenException"
    | "UnrecognizedClientException"
    | "InvalidSignatureException"
    | "IncompleteSignatureException";
  sessionToken: string | null;
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const sha256 = (data: string | Buffer) => crypto.createHash("sha256").update(data).digest("hex");
const hmac = (key: Buffer | string, data: string) => crypto.createHmac("sha256", key).update(data).digest();

function canonicalRequest(req: IncomingMessage, signedHeaders: string, body: Buffer): string {
  const url = new URL(req.url ?? "/", "http://fake");
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encodeURIComponent(k), encodeURIComponent(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const headers = signedHeaders
    .split(";")
    .map(
      (h) =>
        `${h}:${String(req.headers[h] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const payloadHash = (req.headers["x-amz-content-sha256"] as string | undefined) ?? sha256(body);
  return [req.method, url.pathname, query, headers, signedHeaders, payloadHash].join("\n");
}

/** Checks the request; `secrets` maps access key ids to secret keys (unknown keys are refused when given). */
export function checkSigV4(
  req: IncomingMessage,
  body: Buffer,
  secrets?: Record<string, string>,
): SigV4Result {
  const sessionToken = (req.headers["x-amz-security-token"] as string | undefined) ?? null;
  const m = AUTH.exec(String(req.headers.authorization ?? ""));
  const date = req.headers["x-amz-date"];
  if (!m || typeof date !== "string") {
    return {
      ok: false,
      accessKeyId: null,
      region: null,
      service: null,
      sessionToken,
      errorType: "MissingAuthenticationTokenException",
    };
  }
  const [, accessKeyId, day, region, service, signedHeaders, signature] = m as unknown as string[];
  const base = { accessKeyId: accessKeyId!, region: region!, service: service!, sessionToken };
  if (!date.startsWith(day!) || !signedHeaders!.split(";").includes("host")) {
    return { ...base, ok: false, errorType: "IncompleteSignatureException" };
  }
  if (!secrets) return { ...base, ok: true };
  const secret = secrets[accessKeyId!];
  if (secret === undefined) return { ...base, ok: false, errorType: "UnrecognizedClientException" };
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", date, scope, sha256(canonicalRequest(req, signedHeaders!, body))].join(
    "\n",
  );
  let key = hmac(`AWS4${secret}`, day!);
  for (const part of [region!, service!, "aws4_request"]) key = hmac(key, part);
  const expected = crypto.createHmac("sha256", key).update(toSign).digest("hex");
  return expected === signature
    ? { ...base, ok: true }
    : { ...base, ok: false, errorType: "InvalidSignatureException" };
}
