/** Shapes shared by the fake SSM JSON API and the fake EC2 query API. */

export interface Destination {
  host: string;
  port: number;
}

export interface FakeInstance {
  instanceId: string;
  /** EC2 Name tag (served by DescribeTags); hybrid `mi-` nodes carry `ssmName` instead. */
  name?: string;
  ssmName?: string;
  /** Other tags, matched by DescribeInstanceInformation's `tag:KEY` filters. */
  tags?: Record<string, string>;
  computerName?: string;
  platformType?: "Windows" | "Linux" | "MacOS";
  platformName?: string;
  pingStatus?: "Online" | "ConnectionLost" | "Inactive";
  agentVersion?: string;
  ipAddress?: string;
  /** Where the fake agent dials for a session to this instance (the RDP server, an echo server…). */
  destination?: Destination;
  /** Per remote port destinations, for `forward --remote-port N`; `destination` covers the rest. */
  ports?: Record<number, Destination>;
  /**
   * EC2 GetPasswordData: the Windows password, encrypted to this RSA public key (PEM) as EC2 does.
   * Absent: an empty PasswordData (not generated yet, or launched without a key pair).
   */
  windowsPassword?: { password: string; publicKeyPem: string };
  /** GetPasswordData's Timestamp. */
  passwordTimestamp?: Date;
  /**
   * The network behind the instance, for AWS-StartPortForwardingSessionToRemoteHost: what its
   * resolver answers for a name, and which "address:port" has a server (the real TCP server the
   * fake agent dials). An IP literal resolves to itself; an unknown name does not resolve.
   */
  network?: { names?: Record<string, string[]>; listening?: Record<string, Destination> };
}

export interface FakeSessionTokens {
  sessionId: string;
  tokenValue: string;
  streamUrl: string;
}

/** What the fake needs of the fake Session Manager service + agent (test/fakes/session-manager). */
export interface SessionBackend {
  createSession(o: {
    target: string;
    destination: Destination;
    sessionId?: string;
    knobs?: unknown;
    parameters?: Record<string, string[]>;
    /** A remote-host session: what the agent checks after the handshake (session-manager RemoteRequest). */
    remote?: {
      host: string;
      port: number;
      network: {
        names: Record<string, string[]>;
        listening: Record<string, Destination>;
        own(port: number): Destination | null;
      };
      unreachable: Destination;
    };
  }): FakeSessionTokens | Promise<FakeSessionTokens>;
  resumeSession(id: string): FakeSessionTokens | null | Promise<FakeSessionTokens | null>;
  terminateSession(id: string, output?: string): unknown;
}

/** One call the fake answered, for assertions (the secret material is never kept). */
export interface FakeCall {
  service: "ssm" | "ec2";
  action: string;
  body: Record<string, unknown>;
  accessKeyId: string | null;
  region: string | null;
  hadSessionToken: boolean;
}

export interface InjectedError {
  action: string;
  type: string;
  message?: string;
  status?: number;
}

export interface FakeSsmOptions {
  instances: FakeInstance[];
  /** The fake Session Manager; without it StartSession still answers, with a stream URL nobody serves. */
  sessions?: SessionBackend;
  /** Knobs handed to createSession for every session (e.g. agent version, drop the websocket). */
  sessionKnobs?: unknown;
  /** Access key id → secret key. When given, signatures are verified and unknown keys refused. */
  secrets?: Record<string, string>;
  /** How EC2 DescribeTags behaves: answer, refuse (UnauthorizedOperation), or never answer. */
  ec2?: "ok" | "denied" | "hang";
  /** Errors to answer once each, in order, for the named action. */
  inject?: InjectedError[];
  /**
   * The keys STS issued (e.g. from the fake STS's calls). When given, SSM calls are checked as AWS
   * checks them: the signature with the key's secret, the session token, and the expiry
   * (ExpiredTokenException once it passed: a tunnel must resume with renewed keys, issue 12).
   */
  issued?: () => IssuedCredentials[];
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601, as STS answers it. */
  expiration: string;
}
