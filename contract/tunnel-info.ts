/**
 * A tunnel as the tunnel service reports it, and its one validator: the CLI checks what the
 * service sends with it, and the extension checks what the host sends with it, so both accept
 * the same tunnels (issue 10: the two copies had drifted apart in four limits).
 */
import { PROFILE_MAX, REGION_MAX, ROLE_ARN, TUNNEL_ID } from "./identifiers";
import { remoteHost } from "./remote-host";
import { int, nullable, obj, oneOf, str } from "./validate";

export const TUNNEL_STATES = ["starting", "open", "reconnecting", "closed", "failed"] as const;
export type TunnelState = (typeof TUNNEL_STATES)[number];

export interface TunnelInfo {
  id: string;
  target: string;
  instanceName: string | null;
  profile: string;
  region: string;
  sessionId: string | null;
  localPort: number;
  remotePort: number;
  state: TunnelState;
  bytesIn: number;
  bytesOut: number;
  connections: number;
  since: string;
  lastError: { code: string; message: string } | null;
  /**
   * (appended) The account and role whose keys the profile held when the tunnel started (from
   * the profile's x_principal_arn); the tunnel refuses to resume with another's (issue 11).
   * null: the profile does not say (keys bastionless did not write), or an older service.
   */
  accountId: string | null;
  roleArn: string | null;
  /** (appended) The account's alias (IAM account alias) when known; else null. */
  accountAlias: string | null;
  /** (appended) SSM PlatformType of the instance (Windows, Linux, MacOS) once known; else null. */
  platformType: string | null;
  /** (appended) The host the instance forwards to (a remote-host forward); null: the instance itself. */
  remoteHost: string | null;
}

/** Longest texts a tunnel carries; an error message is the same bound as every ErrorBody's. */
export const TEXT_MAX = 2048;
const NAME_MAX = 256;
const TIME_MAX = 64;
const CODE_MAX = 64;

export function checkTunnelInfo(v: unknown, p = "tunnel"): TunnelInfo {
  const o = obj(v, p);
  const count = (k: string) => int(o[k], `${p}.${k}`, 0, Number.MAX_SAFE_INTEGER);
  const text = (k: string, max: number) => str(o[k], `${p}.${k}`, { max });
  return {
    id: str(o.id, `${p}.id`, { pattern: TUNNEL_ID }),
    target: text("target", NAME_MAX),
    instanceName: nullable(o.instanceName, (x) => str(x, `${p}.instanceName`, { max: NAME_MAX })),
    profile: text("profile", PROFILE_MAX),
    region: text("region", REGION_MAX),
    sessionId: nullable(o.sessionId, (x) => str(x, `${p}.sessionId`, { max: NAME_MAX })),
    localPort: int(o.localPort, `${p}.localPort`, 0, 65535),
    remotePort: int(o.remotePort, `${p}.remotePort`, 1, 65535),
    state: oneOf(o.state, `${p}.state`, TUNNEL_STATES),
    bytesIn: count("bytesIn"),
    bytesOut: count("bytesOut"),
    connections: count("connections"),
    since: text("since", TIME_MAX),
    lastError: nullable(o.lastError, (x) => {
      const e = obj(x, `${p}.lastError`);
      return {
        code: str(e.code, `${p}.lastError.code`, { max: CODE_MAX }),
        message: str(e.message, `${p}.lastError.message`, { max: TEXT_MAX }),
      };
    }),
    accountId: nullable(o.accountId, (x) => str(x, `${p}.accountId`, { pattern: /^\d{12}$/ })),
    roleArn: nullable(o.roleArn, (x) => str(x, `${p}.roleArn`, { pattern: ROLE_ARN })),
    accountAlias: nullable(o.accountAlias, (x) => str(x, `${p}.accountAlias`, { max: NAME_MAX })),
    platformType: nullable(o.platformType, (x) => str(x, `${p}.platformType`, { max: CODE_MAX })),
    remoteHost: nullable(o.remoteHost, (x) => remoteHost(x, `${p}.remoteHost`)),
  };
}
