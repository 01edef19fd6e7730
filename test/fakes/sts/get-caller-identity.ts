/**
 * STS GetCallerIdentity (STS API Reference): SigV4-signed with keys this fake issued, the
 * signature checked with their secret, the session token the one issued with them, and refused
 * once they expired, with the codes STS sends (InvalidClientTokenId, SignatureDoesNotMatch,
 * ExpiredToken). Answers the assumed-role ARN and account of the keys.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkSigV4 } from "../ssm/sigv4";
import { requestId, sendQueryError, sendXml, xmlEscape } from "./query";
import type { FakeStsState, StsCall } from "./types";

export function getCallerIdentity(
  form: URLSearchParams,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
  state: FakeStsState,
  call: StsCall,
): void {
  const secrets = Object.fromEntries([...state.keys].map(([id, k]) => [id, k.secretAccessKey]));
  const sig = checkSigV4(req, body, secrets);
  call.signed = sig.accessKeyId !== null;
  call.accessKeyId = sig.accessKeyId ?? undefined;
  call.signingRegion = sig.region ?? undefined;
  const keys = sig.accessKeyId ? state.keys.get(sig.accessKeyId) : undefined;
  const refusal: [number, string, string] | null =
    form.get("Version") !== "2011-06-15"
      ? [400, "InvalidAction", "Unknown version."]
      : !sig.ok && sig.errorType === "InvalidSignatureException"
        ? [
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided.",
          ]
        : !sig.ok || !keys || sig.service !== "sts" || sig.sessionToken !== keys.sessionToken
          ? [403, "InvalidClientTokenId", "The security token included in the request is invalid."]
          : state.clock().getTime() >= keys.expiration.getTime()
            ? [403, "ExpiredToken", "The security token included in the request is expired"]
            : null;
  if (refusal || !keys) {
    const [status, code, message] = refusal ?? [500, "InternalFailure", "no keys"];
    call.outcome = code;
    sendQueryError(res, status, code, message);
    return;
  }
  call.outcome = "ok";
  const userId = `AROA${keys.accountId}:${keys.assumedRoleArn.slice(keys.assumedRoleArn.lastIndexOf("/") + 1)}`;
  sendXml(
    res,
    `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
      `<Arn>${xmlEscape(keys.assumedRoleArn)}</Arn><UserId>${xmlEscape(userId)}</UserId><Account>${keys.accountId}</Account>` +
      `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
  );
}
