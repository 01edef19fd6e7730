/**
 * The things both runtimes talk about (design §3): roles, sign-ins, profiles, instances. Types
 * only, plus the closed value lists the validators need. Append-only, like the whole contract
 * (PROTOCOL.md): new fields may be added; nothing is renamed.
 */

export const PARTITIONS = ["aws", "aws-us-gov", "aws-cn"] as const;
export type Partition = (typeof PARTITIONS)[number];

export interface RoleChoice {
  roleArn: string;
  principalArn: string;
  accountId: string;
  roleName: string;
}

export interface SamlSummary {
  roles: RoleChoice[];
  sessionName: string | null;
  sessionDuration: number | null;
  partition: Partition;
  destination: string | null;
  issuer: string | null;
  /** ISO time after which AWS refuses the assertion (SubjectConfirmationData/Conditions). */
  notOnOrAfter: string | null;
}

export interface WrittenProfile {
  profile: string;
  roleArn: string;
  principalArn: string;
  region: string;
  expiration: string;
  durationSeconds: number;
  /** Set when STS refused the asked duration and a shorter one was used. */
  durationNote?: string;
  /** (appended) Set when `force` replaced a profile bastionless did not own: where the old section was saved. */
  backup?: string;
}

/** A role that could not be assumed while others were (credentials.assume). */
export interface RoleFailure {
  roleArn: string;
  error: { code: string; message: string; hint?: string };
}

export interface ProfileInfo {
  profile: string;
  roleArn: string | null;
  principalArn: string | null;
  region: string | null;
  expiration: string | null;
  expired: boolean;
  /**
   * (appended) The account's name as bastionless last learned it: the IAM account alias, else the
   * name the AWS sign-in page showed (issue 11); null when unknown.
   */
  accountAlias?: string | null;
}

export interface InstanceInfo {
  instanceId: string;
  name: string | null;
  computerName: string | null;
  platformName: string | null;
  platformType: string | null;
  pingStatus: string;
  agentVersion: string | null;
  ipAddress: string | null;
}
