/**
 * The account alias for `--all-roles` profile names, from IAM ListAccountAliases signed with the
 * new credentials (IAM API Reference). Many roles may not call it; then, or when IAM is slow or
 * unreachable, the account id is used silently. IAM is global: its region is us-east-1 in aws
 * and the partition's own region elsewhere (AWS_ENDPOINT_URL_IAM overrides the endpoint).
 */
import type { Partition } from "../../../../contract/domain";
import { ACCOUNT_ALIAS } from "../../../../contract/identifiers";
import { networkSettingsFromEnv } from "../sdk/aws-settings";
import { requestHandlerOptions } from "../sdk/request-handler";

const IAM_REGION: Record<Partition, string> = {
  aws: "us-east-1",
  "aws-us-gov": "us-gov-west-1",
  "aws-cn": "cn-north-1",
};
/** Short: naming must not hold up writing the profiles. */
export const ALIAS_TIMEOUT_MS = 2_000;

export interface AliasCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export async function accountAlias(
  partition: Partition,
  credentials: AliasCredentials,
  timeoutMs = ALIAS_TIMEOUT_MS,
): Promise<string | null> {
  const { IAMClient, ListAccountAliasesCommand } = await import("@aws-sdk/client-iam");
  const client = new IAMClient({
    region: IAM_REGION[partition],
    credentials,
    maxAttempts: 1,
    requestHandler: requestHandlerOptions(networkSettingsFromEnv(process.env), {
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
    }),
  });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const out = await client.send(new ListAccountAliasesCommand({}), { abortSignal: abort.signal });
    const alias = out.AccountAliases?.[0];
    return alias && ACCOUNT_ALIAS.test(alias) ? alias : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}
