/** Where SSM calls go: what the session-manager-plugin is told, and what decides if ws:// may be trusted. */

/**
 * The SSM endpoint of a call (the plugin's argv[6] for ResumeSession/TerminateSession): the SDK's own
 * settings first (AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL), else the regional endpoint.
 */
export function ssmEndpointUrl(region: string, env: NodeJS.ProcessEnv): string {
  const configured =
    env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === "true"
      ? undefined
      : env.AWS_ENDPOINT_URL_SSM || env.AWS_ENDPOINT_URL;
  if (configured) return configured;
  return `https://ssm.${region}.${region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"}`;
}
