/**
 * The requests the extension may send (design §3, PROTOCOL.md's request table): their types,
 * their params, and one checker per type that the host runs before any handler sees a request.
 * Append-only: new types and params may be added; nothing is renamed.
 */
import { MOZ_EXTENSION_ORIGIN } from "./extension-ids";
import {
  connectionName,
  keyFilePath,
  newProfileName,
  port,
  profileName,
  region,
  roleArn,
  target,
  tunnelId,
} from "./identifiers";
import { isProfileTemplate } from "./profile-name";
import { remoteHost } from "./remote-host";
import { checkPageAccounts, type PageAccountName } from "./signin-page-accounts";
import { checkIdpOrigins, checkSignInSources, type SignInSource, SOURCE_ID } from "./signin-source";
import { arr, bool, int, type Obj, obj, oneOf, onlyKeys, opt, str, ValidationIssue } from "./validate";

export const REQUEST_TYPES = [
  "hello",
  "saml.inspect",
  "credentials.assume",
  "profiles.list",
  "instances.list",
  "tunnel.start",
  "tunnel.list",
  "tunnel.stop",
  "rdp.gateway.open",
  "console.url",
  "connections.list",
  "connection.open",
  "renewal.sources.set",
  "renewal.report",
  "accounts.names.set",
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export function isRequestType(t: string): t is RequestType {
  return (REQUEST_TYPES as readonly string[]).includes(t);
}

const SAML_MAX = 4 * 1024 * 1024;
const URL_MAX = 2048;

export interface RequestParams {
  hello: Record<string, never>;
  "saml.inspect": { samlResponse: string; url?: string };
  "credentials.assume": {
    samlResponse: string;
    url?: string;
    roleArns?: string[];
    allRoles?: boolean;
    profile?: string;
    /** roleArn → profile name, from the options page. */
    profileNames?: Record<string, string>;
    region?: string;
    durationSeconds?: number;
    /** (appended) Names for roles without one: `{account}`, `{accountId}`, `{role}`; default `{account}-{role}`. */
    profileTemplate?: string;
    /**
     * (appended) Write over profiles bastionless does not own, or owns for another role; each
     * old section is saved first (WrittenProfile.backup). Without it such a profile is refused
     * with PROFILE_NOT_OWNED or PROFILE_OWNED_BY_OTHER_ROLE.
     */
    force?: boolean;
    /** (appended) The sign-in source the assertion came from; recorded in the credential cache. */
    sourceId?: string;
    /**
     * (appended) "keys" (default): keys into the credentials file. "credential-process": a
     * `credential_process` line for `bastionless credential-process` into the config file instead.
     */
    mode?: CredentialMode;
  };
  "profiles.list": Record<string, never>;
  "instances.list": { profile: string; region?: string };
  "tunnel.start": {
    profile: string;
    region?: string;
    target: string;
    remotePort?: number;
    localPort?: number;
    launch?: boolean;
    /**
     * (appended) The key pair's private key file: the host decrypts the instance's EC2 password
     * with it and hands it to an RDP client that reads it on stdin. The key and the password never
     * come back to the extension.
     */
    keyFile?: string;
    /** (appended) Forward to this host as the instance reaches it (AWS-StartPortForwardingSessionToRemoteHost). */
    remoteHost?: string;
  };
  "tunnel.list": Record<string, never>;
  "tunnel.stop": { id?: string; all?: boolean };
  /** (appended) A ticket through this host's RDCleanPath gateway into an open RDP tunnel. */
  /** (appended) pageOrigin: the Firefox extension's own page origin (rdp-gateway-open.ts). */
  "rdp.gateway.open": { tunnelId: string; pageOrigin?: string };
  "console.url": { profile: string; region?: string };
  /** (appended) The saved connections of the user's and the team's file, and their problems. */
  "connections.list": Record<string, never>;
  /** (appended) Open a saved connection by name: its tunnel (an open one is reused) and its client. */
  "connection.open": { name: string; launch?: boolean };
  /**
   * (appended) The extension's sign-in sources, for `bastionless login` and renewal requests;
   * `idpOrigins` are the user's trusted sign-in origins a launch URL may also be on.
   */
  "renewal.sources.set": { sources: SignInSource[]; idpOrigins?: string[] };
  /** (appended) How a renewal the host asked for (event renewal.requested) ended. */
  "renewal.report": { requestId: string; outcome: RenewalOutcome; message?: string };
  /** (appended) Account names the AWS sign-in page showed, kept as the fallback to IAM aliases. */
  "accounts.names.set": { accounts: PageAccountName[] };
}

export const CREDENTIAL_MODES = ["keys", "credential-process"] as const;
export type CredentialMode = (typeof CREDENTIAL_MODES)[number];
export const RENEWAL_OUTCOMES = ["renewed", "interaction-required", "failed"] as const;
export type RenewalOutcome = (typeof RENEWAL_OUTCOMES)[number];
/** The ids the host gives renewal requests (contract/events.ts renewal.requested). */
export const RENEWAL_REQUEST_ID = /^[0-9a-f]{32}$/;
/** A renewal report's message: a sentence for the waiting CLI, not a page. */
export const RENEWAL_MESSAGE_MAX = 1024;

/** A request type that takes no params: an absent or empty object. */
function noParams(v: unknown): Record<string, never> {
  params(v, []);
  return {};
}

function params(v: unknown, keys: readonly string[]): Obj {
  const o = v === undefined ? {} : obj(v, "params");
  onlyKeys(o, "params", keys);
  return o;
}

/** One checker per request type; each returns the typed params or throws ValidationIssue. */
export const PARAM_CHECKS: { [T in RequestType]: (v: unknown) => RequestParams[T] } = {
  hello: (v) => noParams(v),
  "saml.inspect": (v) => {
    const o = params(v, ["samlResponse", "url"]);
    return {
      samlResponse: str(o.samlResponse, "params.samlResponse", { min: 1, max: SAML_MAX }),
      url: opt(o.url, (x) => str(x, "params.url", { max: URL_MAX })),
    };
  },
  "credentials.assume": (v) => {
    const o = params(v, [
      "samlResponse",
      "url",
      "roleArns",
      "allRoles",
      "profile",
      "profileNames",
      "region",
      "durationSeconds",
      "profileTemplate",
      "force",
      "sourceId",
      "mode",
    ]);
    const names = opt(o.profileNames, (x) => obj(x, "params.profileNames"));
    return {
      samlResponse: str(o.samlResponse, "params.samlResponse", { min: 1, max: SAML_MAX }),
      url: opt(o.url, (x) => str(x, "params.url", { max: URL_MAX })),
      roleArns: opt(o.roleArns, (x) => arr(x, "params.roleArns", roleArn, 100)),
      allRoles: opt(o.allRoles, (x) => bool(x, "params.allRoles")),
      profile: opt(o.profile, (x) => newProfileName(x, "params.profile")),
      profileNames:
        names &&
        Object.fromEntries(
          Object.entries(names).map(([k, n]) => [
            roleArn(k, "params.profileNames key"),
            newProfileName(n, `params.profileNames.${k}`),
          ]),
        ),
      region: opt(o.region, (x) => region(x, "params.region")),
      durationSeconds: opt(o.durationSeconds, (x) => int(x, "params.durationSeconds", 900, 43200)),
      profileTemplate: opt(o.profileTemplate, (x) => {
        if (!isProfileTemplate(x))
          throw new ValidationIssue("params.profileTemplate", "a template such as {account}-{role}");
        return x;
      }),
      force: opt(o.force, (x) => bool(x, "params.force")),
      sourceId: opt(o.sourceId, (x) => str(x, "params.sourceId", { pattern: SOURCE_ID })),
      mode: opt(o.mode, (x) => oneOf(x, "params.mode", CREDENTIAL_MODES)),
    };
  },
  "profiles.list": (v) => noParams(v),
  "instances.list": (v) => {
    const o = params(v, ["profile", "region"]);
    return {
      profile: profileName(o.profile, "params.profile"),
      region: opt(o.region, (x) => region(x, "params.region")),
    };
  },
  "tunnel.start": (v) => {
    const o = params(v, [
      "profile",
      "region",
      "target",
      "remotePort",
      "localPort",
      "launch",
      "keyFile",
      "remoteHost",
    ]);
    return {
      profile: profileName(o.profile, "params.profile"),
      region: opt(o.region, (x) => region(x, "params.region")),
      target: target(o.target, "params.target"),
      remotePort: opt(o.remotePort, (x) => port(x, "params.remotePort")),
      localPort: opt(o.localPort, (x) => port(x, "params.localPort")),
      launch: opt(o.launch, (x) => bool(x, "params.launch")),
      keyFile: opt(o.keyFile, (x) => keyFilePath(x, "params.keyFile")),
      remoteHost: opt(o.remoteHost, (x) => remoteHost(x, "params.remoteHost")),
    };
  },
  "tunnel.list": (v) => noParams(v),
  "tunnel.stop": (v) => {
    const o = params(v, ["id", "all"]);
    const out = {
      id: opt(o.id, (x) => tunnelId(x, "params.id")),
      all: opt(o.all, (x) => bool(x, "params.all")),
    };
    if (!out.id && !out.all) throw new ValidationIssue("params", "an id or all: true");
    return out;
  },
  "rdp.gateway.open": (v) => {
    const o = params(v, ["tunnelId", "pageOrigin"]);
    return {
      tunnelId: tunnelId(o.tunnelId, "params.tunnelId"),
      pageOrigin: opt(o.pageOrigin, (x) => str(x, "params.pageOrigin", { pattern: MOZ_EXTENSION_ORIGIN })),
    };
  },
  "console.url": (v) => {
    const o = params(v, ["profile", "region"]);
    return {
      profile: profileName(o.profile, "params.profile"),
      region: opt(o.region, (x) => region(x, "params.region")),
    };
  },
  "connections.list": (v) => noParams(v),
  "connection.open": (v) => {
    const o = params(v, ["name", "launch"]);
    return {
      name: connectionName(o.name, "params.name"),
      launch: opt(o.launch, (x) => bool(x, "params.launch")),
    };
  },
  "renewal.sources.set": (v) => {
    const o = params(v, ["sources", "idpOrigins"]);
    const idpOrigins = opt(o.idpOrigins, (x) => checkIdpOrigins(x, "params.idpOrigins"));
    return {
      sources: checkSignInSources(o.sources, "params.sources", idpOrigins ?? []),
      ...(idpOrigins === undefined ? {} : { idpOrigins }),
    };
  },
  "renewal.report": (v) => {
    const o = params(v, ["requestId", "outcome", "message"]);
    return {
      requestId: str(o.requestId, "params.requestId", { pattern: RENEWAL_REQUEST_ID }),
      outcome: oneOf(o.outcome, "params.outcome", RENEWAL_OUTCOMES),
      message: opt(o.message, (x) => str(x, "params.message", { max: RENEWAL_MESSAGE_MAX })),
    };
  },
  "accounts.names.set": (v) => ({
    accounts: checkPageAccounts(params(v, ["accounts"]).accounts, "params.accounts"),
  }),
};
