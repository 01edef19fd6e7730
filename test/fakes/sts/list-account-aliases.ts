/**
 * IAM ListAccountAliases (IAM API Reference). IAM calls are SigV4-signed; the fake checks that the
 * request carries a signature made with an access key it issued, and answers that key's account.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { requestId, sendQueryError, sendXml, xmlEscape } from "./query";
import type { FakeStsState, StsCall } from "./types";

export function listAccountAliases(
  form: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
  state: FakeStsState,
  call: StsCall,
): void {
  const auth = String(req.headers.authorization ?? "");
  const scope = /Credential=([A-Z0-9]+)\/\d{8}\/([a-z0-9-]+)\/iam\//.exec(auth);
  const keyId = scope?.[1];
  const accountId = keyId ? state.issued.get(keyId) : undefined;
  call.accessKeyId = keyId;
  call.signingRegion = scope?.[2];
  if (form.get("Version") !== "2010-05-08" || !accountId || !req.headers["x-amz-security-token"]) {
    call.outcome = "InvalidClientTokenId";
    sendQueryError(
      res,
      403,
      "InvalidClientTokenId",
      "The security token included in the request is invalid.",
    );
    return;
  }
  if (state.iamDenied) {
    call.outcome = "AccessDenied";
    sendQueryError(res, 403, "AccessDenied", "User is not authorized to perform: iam:ListAccountAliases");
    return;
  }
  const alias = state.accountAliases[accountId];
  call.outcome = "ok";
  sendXml(
    res,
    `<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccountAliasesResult>` +
      `<IsTruncated>false</IsTruncated><AccountAliases>${alias ? `<member>${xmlEscape(alias)}</member>` : ""}</AccountAliases>` +
      `</ListAccountAliasesResult><ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></ListAccountAliasesResponse>`,
  );
}
