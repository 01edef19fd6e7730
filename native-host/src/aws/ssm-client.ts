/**
 * SSM clients for one profile. The SDK is imported lazily so CLI commands that never call SSM
 * start fast (docs/testing/toolchain.md §2). Endpoints come only from the SDK's standard
 * settings (AWS_ENDPOINT_URL_SSM, …); there is no special code path for tests.
 */
import type { SSMClient } from "@aws-sdk/client-ssm";
import { explainMissingProfile } from "./profile-not-found";
import { type AwsCallScope, toAwsError } from "./ssm-errors";

export interface AwsScope {
  profile: string;
  /** --region; when absent the profile's `region` in the config file (or AWS_REGION) applies. */
  region?: string;
}

/** Bounded waits: AWS may be unreachable, and a hung call must not hang a CLI or the popup. */
export const REQUEST_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 20_000 } as const;

/**
 * Client settings for a profile. `ignoreCache` makes the credential chain re-read the shared
 * files on every new client, so a fresh sign-in refreshes a long-lived tunnel's credentials in
 * place (design §6); the SDK otherwise keeps the first read of each file for the process.
 */
export function clientConfig(scope: AwsScope) {
  return {
    profile: scope.profile,
    ...(scope.region ? { region: scope.region } : {}),
    ignoreCache: true,
    maxAttempts: 2,
    requestHandler: REQUEST_TIMEOUTS,
  };
}

export interface SsmHandle {
  client: SSMClient;
  sdk: typeof import("@aws-sdk/client-ssm");
  region: string;
}

/** A client with its region resolved, so callers can show and remember the region used. */
export async function openSsm(scope: AwsScope): Promise<SsmHandle> {
  const sdk = await import("@aws-sdk/client-ssm");
  const client = new sdk.SSMClient(clientConfig(scope));
  try {
    const region = await client.config.region();
    return { client, sdk, region };
  } catch (err) {
    client.destroy();
    throw await explainMissingProfile(
      toAwsError(err, { ...scope, action: "ssm client setup" }),
      scope.profile,
    );
  }
}

/** Runs one SDK call and maps its failure to a coded error. */
export async function call<T>(scope: AwsCallScope, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw await explainMissingProfile(toAwsError(err, scope), scope.profile);
  }
}

/** The region a profile's calls go to (--region, else the config file), without calling AWS. */
export async function resolveRegion(scope: AwsScope): Promise<string> {
  const { client, region } = await openSsm(scope);
  client.destroy();
  return region;
}
