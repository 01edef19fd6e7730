/**
 * Where getSigninToken and the login go. The federation endpoint has no SDK client, so the SDK's
 * AWS_ENDPOINT_URL_<SERVICE> cannot reach it; bastionless reads one setting of the same form,
 * BASTIONLESS_ENDPOINT_URL_FEDERATION (not AWS_ENDPOINT_URL_SIGNIN: `signin` is an SDK service id
 * of its own, and AWS_ENDPOINT_URL is for SDK clients). AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * turns it off, as it does the SDK's. design §7: the fakes are reached only through settings.
 */

import { federationEndpoint, federationUrlAllowed } from "../../../../contract/console-signin";
import type { Partition } from "../../../../contract/domain";
import { UsageError } from "../../errors";

export const FEDERATION_ENDPOINT_VAR = "BASTIONLESS_ENDPOINT_URL_FEDERATION";

export function federationEndpointUrl(partition: Partition, env: NodeJS.ProcessEnv): string {
  const configured =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true" ? undefined : env[FEDERATION_ENDPOINT_VAR];
  if (!configured) return federationEndpoint(partition);
  // The endpoint receives the session's secret key: never over plain http beyond this machine.
  if (!federationUrlAllowed(configured))
    throw new UsageError(
      "FEDERATION_ENDPOINT_INVALID",
      `${FEDERATION_ENDPOINT_VAR} must be an https:// URL (http:// only on 127.0.0.1, [::1] or localhost).`,
      { hint: `Fix or unset ${FEDERATION_ENDPOINT_VAR}.` },
    );
  return configured;
}
