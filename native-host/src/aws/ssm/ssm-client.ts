/**
 * SSM clients for one profile. The SDK is imported lazily so CLI commands that never call SSM
 * start fast (docs/testing/toolchain.md §2). Endpoints come only from the SDK's standard
 * settings (AWS_ENDPOINT_URL_SSM, …); there is no special code path for tests.
 */
import type { SSMClient } from "@aws-sdk/client-ssm";
import { readConfig, regionOf } from "../files/profile-files";
import { explainMissingProfile } from "../files/profile-not-found";
import { type AwsService, type AwsSettings, networkSettingsFromEnv } from "../sdk/aws-settings";
import { requestHandlerOptions } from "../sdk/request-handler";
import { type AwsCallScope, toAwsError } from "./ssm-errors";

export interface AwsScope {
  profile: string;
  /** --region; when absent the profile's `region` in the config file (or AWS_REGION) applies. */
  region?: string;
  /**
   * A caller's settings (the tunnel service's requests): endpoints, shared files, CA bundle and
   * proxy come from here only. Absent: this process's environment, read by the SDK itself.
   */
  settings?: AwsSettings;
}

/** Bounded waits: AWS may be unreachable, and a hung call must not hang a CLI or the popup. */
export const REQUEST_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 20_000 } as const;

/**
 * Client settings for a profile. `ignoreCache` makes the credential chain re-read the shared
 * files on every new client, so a fresh sign-in refreshes a long-lived tunnel's credentials in
 * place (design §6); the SDK otherwise keeps the first read of each file for the process.
 */
export function clientConfig(scope: AwsScope, service: AwsService) {
  const s = scope.settings;
  const base = {
    profile: scope.profile,
    ...(scope.region ? { region: scope.region } : {}),
    ignoreCache: true,
    maxAttempts: 2,
    requestHandler: requestHandlerOptions(s ?? networkSettingsFromEnv(process.env), REQUEST_TIMEOUTS),
  };
  if (!s) return base;
  const endpoint = s.endpoints[service];
  return {
    ...base,
    ...(endpoint ? { endpoint } : {}),
    // The SDK hands the client config to its credential chain (fromIni), where these two replace
    // AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE; the files are re-read for every client.
    filepath: s.credentialsFile,
    configFilepath: s.configFile,
  };
}

/** With a caller's settings: --region, else the caller's AWS_REGION, else its config file. */
async function settingsRegion(scope: AwsScope & { settings: AwsSettings }): Promise<string | undefined> {
  const { region, settings, profile } = scope;
  if (region ?? settings.region) return region ?? settings.region;
  return regionOf(await readConfig({ AWS_CONFIG_FILE: settings.configFile }), profile) ?? undefined;
}

export interface SsmHandle {
  client: SSMClient;
  sdk: typeof import("@aws-sdk/client-ssm");
  region: string;
}

/** A client with its region resolved, so callers can show and remember the region used. */
export async function openSsm(scope: AwsScope): Promise<SsmHandle> {
  const sdk = await import("@aws-sdk/client-ssm");
  if (scope.settings)
    scope = { ...scope, region: await settingsRegion({ ...scope, settings: scope.settings }) };
  const client = new sdk.SSMClient(clientConfig(scope, "ssm"));
  try {
    const region = await client.config.region();
    return { client, sdk, region };
  } catch (err) {
    client.destroy();
    throw await explainMissingProfile(toAwsError(err, { ...scope, action: "ssm client setup" }), scope);
  }
}

/** Runs one SDK call and maps its failure to a coded error. */
export async function call<T>(
  scope: AwsCallScope & { settings?: AwsSettings },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw await explainMissingProfile(toAwsError(err, scope), scope);
  }
}

/** The region a profile's calls go to (--region, else the config file), without calling AWS. */
export async function resolveRegion(scope: AwsScope): Promise<string> {
  const { client, region } = await openSsm(scope);
  client.destroy();
  return region;
}
