import type { FakeStsFault } from "./assume-role-with-saml";

/** One request the fake saw, for tests to assert on. */
export interface StsCall {
  action: string;
  roleArn?: string;
  principalArn?: string;
  durationSeconds?: number;
  /** Whether the request carried a SigV4 signature. */
  signed: boolean;
  /** "ok" or the error Code sent. */
  outcome: string;
  /** How many AssumeRoleWithSAML calls for this role came before this one. */
  attempt: number;
  accessKeyId?: string;
  /** The region in the SigV4 credential scope (IAM calls). */
  signingRegion?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: string };
}

export interface FakeStsOptions {
  /** The role's MaxSessionDuration (IAM allows 3600–43200). Default 43200 for every role. */
  maxSessionDuration?: number | ((roleArn: string) => number);
  /** A fault to send instead of success, decided per call (after STS's own checks pass). */
  fault?: (call: StsCall) => FakeStsFault | null;
  /** accountId → alias, for IAM ListAccountAliases. */
  accountAliases?: Record<string, string>;
  /** Answer ListAccountAliases with AccessDenied. */
  iamDenied?: boolean;
  /** Delay before answering IAM (to exercise the product's short timeout). */
  iamDelayMs?: number;
  /** Delay before answering every STS call. */
  delayMs?: number;
  clock?: () => Date;
  /**
   * How long issued credentials live, in seconds, whatever DurationSeconds asked (issue 12: tests
   * of renewal need keys that end within minutes). DurationSeconds is still checked against
   * 900..43200 and the role's maximum exactly like STS; only the Expiration differs. Default: the
   * asked (or default 3600) duration, as STS does.
   */
  lifetimeSeconds?: number | ((call: StsCall) => number);
}

/** What STS remembers of credentials it issued, to check calls signed with them. */
export interface IssuedKeys {
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  assumedRoleArn: string;
  accountId: string;
}

export interface FakeStsState {
  maxSessionDuration(roleArn: string): number;
  fault: FakeStsOptions["fault"];
  accountAliases: Record<string, string>;
  iamDenied: boolean;
  clock: () => Date;
  /** access key id → account id, so IAM can tell whose key signed. */
  issued: Map<string, string>;
  /** access key id → the rest of what was issued (GetCallerIdentity checks signature, token, expiry). */
  keys: Map<string, IssuedKeys>;
  lifetimeSeconds: FakeStsOptions["lifetimeSeconds"];
  calls: StsCall[];
}
