/**
 * The session-manager-plugin command line exactly as the AWS CLI builds it (spec §2.2). Pure, so
 * the hand-off is tested without the plugin installed.
 */
import type { SessionTokens } from "../../aws/ssm/ssm-session";

/** The env var the plugin reads the StartSession response from (spec §2.2, argv[1]). */
export const RESPONSE_ENV = "AWS_SSM_START_SESSION_RESPONSE";
/** The AWS CLI uses the env-var form only for plugins newer than this (spec §2.2). */
export const ENV_FORM_MIN_VERSION = "1.2.497.0";

export interface PluginInvocationInput {
  tokens: SessionTokens;
  region: string;
  profile: string;
  /** The StartSession request: Target, DocumentName, Parameters (the plugin reads only Target). */
  request: { Target: string; DocumentName: string; Parameters: Record<string, string[]> };
  ssmEndpoint: string;
}

/** Dotted versions compared numerically; true when a > b. Unparseable → false (not newer). */
export function versionNewer(a: string, b: string): boolean {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  if (pa.some((n) => !Number.isInteger(n)) || pb.some((n) => !Number.isInteger(n))) return false;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return false;
}

/**
 * The env-var form only: in the older form the session token would sit in argv, which every user
 * of the machine can read (ps, /proc/PID/cmdline). So plugins too old for it are refused
 * (plugin-engine.ts) instead of being handed the token the way the AWS CLI hands it to them.
 */
export function pluginInvocation(i: PluginInvocationInput): { args: string[]; env: Record<string, string> } {
  const response = JSON.stringify({
    SessionId: i.tokens.sessionId,
    TokenValue: i.tokens.tokenValue,
    StreamUrl: i.tokens.streamUrl,
  });
  return {
    // argv[1..6]: the env var's name, region, operation, profile, StartSession request, SSM endpoint.
    args: [RESPONSE_ENV, i.region, "StartSession", i.profile, JSON.stringify(i.request), i.ssmEndpoint],
    env: { [RESPONSE_ENV]: response },
  };
}

/** Whether `session-manager-plugin --version` output names a plugin that reads the env-var form. */
export function takesEnvForm(pluginVersion: string | null): boolean {
  return pluginVersion !== null && versionNewer(pluginVersion, ENV_FORM_MIN_VERSION);
}
