/**
 * Every identifier rule of the contract, in one place (issue 10): the extension and the host check
 * regions, role ARNs, profile names, tunnel targets, tunnel ids and ports with these, so a value
 * one side accepts the other accepts too. Pure; no Node, no DOM.
 */
import { isProfileName, PROFILE_NAME_MAX } from "./profile-name";
import { int, str, ValidationIssue } from "./validate";

/**
 * An AWS region name: `eu-west-1`, `us-gov-west-1`, `cn-north-1`, `us-iso-east-1`. The shape of
 * the SDK's partitions.json `regionRegex` values (@aws-sdk/core); which partition a region is in
 * is signin-endpoints.ts `partitionOfRegion`.
 */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
export const REGION_MAX = 32;
export const isRegion = (v: unknown): v is string =>
  typeof v === "string" && v.length <= REGION_MAX && REGION.test(v);
export const isRoleArn = (v: unknown): v is string => typeof v === "string" && ROLE_ARN.test(v);

/** An IAM role ARN in any partition (IAM User Guide, "IAM identifiers"). */
/** An AWS account id: 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;
/** An IAM account alias (IAM CreateAccountAlias): 3–63 lower-case letters, digits and single dashes. */
export const ACCOUNT_ALIAS = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
export const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** An EC2 instance id (8 or 17 hex digits) or a managed-instance id (EC2 User Guide, "Resource IDs"). */
export const INSTANCE_ID = /^(i-[0-9a-f]{8}(?:[0-9a-f]{9})?|mi-[0-9a-f]{17})$/;

/** A tunnel TARGET: an instance id or a Name made of these characters (aws/ssm/ssm-target.ts parseTarget). */
export const TARGET = /^[\w.:@-][\w .:@-]{0,254}$/;

/**
 * A saved connection's name (issue 13, docs/connections.md): what `bastionless connect NAME` and
 * the popup's button carry, so nothing in it needs quoting on a command line.
 */
export const CONNECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,63}$/;
export const connectionName: Check<string> = (v, p) => str(v, p, { pattern: CONNECTION_NAME });

/** A tunnel id as the tunnel service makes them (tunnel/service/server/tunnel-id.ts). */
export const TUNNEL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A key pair's private key file the host reads for a Windows password (issue 13): an absolute
 * path (POSIX `/…`, Windows `C:\…` or `\\server\…`), no control characters. Only the path ever
 * crosses native messaging; the key and the password never do.
 */
export const KEY_FILE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)[^\x00-\x1f\x7f]{0,4093}$/;

/**
 * Any name a profile may already have in the AWS files (reading: instances, tunnels). Names
 * bastionless writes follow the narrower rule of profile-name.ts.
 */
const EXISTING_PROFILE = /^[^[\]\r\n\s](?:[^[\]\r\n]*[^[\]\r\n\s])?$/;
export const PROFILE_MAX = 128;

type Check<T> = (v: unknown, path: string) => T;

export const region: Check<string> = (v, p) => str(v, p, { max: REGION_MAX, pattern: REGION });
export const roleArn: Check<string> = (v, p) => str(v, p, { pattern: ROLE_ARN });
export const target: Check<string> = (v, p) => str(v, p, { pattern: TARGET });
export const tunnelId: Check<string> = (v, p) => str(v, p, { pattern: TUNNEL_ID });
export const keyFilePath: Check<string> = (v, p) => str(v, p, { pattern: KEY_FILE_PATH });
/** The local port a tunnel prefers (design §6: the next free one when it is taken). */
export const DEFAULT_LOCAL_PORT = 13389;
export const port: Check<number> = (v, p) => int(v, p, 1, 65535);
/** A local port where 0 means "any free port". */
export const localPortOrAny: Check<number> = (v, p) => int(v, p, 0, 65535);
export const profileName: Check<string> = (v, p) =>
  str(v, p, { max: PROFILE_MAX, pattern: EXISTING_PROFILE });

/** A name bastionless may write: one the AWS SDK reads back as the same profile (profile-name.ts). */
export const newProfileName: Check<string> = (v, p) => {
  if (!isProfileName(str(v, p, { max: PROFILE_NAME_MAX })))
    throw new ValidationIssue(p, "a profile name of letters, digits and _ . @ + - (profile-name.ts)");
  return v as string;
};
