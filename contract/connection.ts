/**
 * Saved connections (issue 13, docs/connections.md): the shape the host reads from the
 * connections files and sends the popup (`connections.list`), what opening one answers
 * (`connection.open`), and the checkers the extension runs on both replies. The file format's
 * reader is the host's (native-host/src/connections/); only the shapes are shared.
 */
import { CONNECTION_NAME, keyFilePath, PROFILE_MAX, REGION_MAX } from "./identifiers";
import { checkTunnelInfo, TEXT_MAX, type TunnelInfo } from "./tunnel-info";
import { arr, bool, int, nullable, obj, oneOf, str, ValidationIssue } from "./validate";

export const CONNECTION_KINDS = ["rdp", "port", "remote-host", "ssh"] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** What opening a connection starts: the RDP client, a browser tab, nothing (an address to copy), ssh. */
export const CONNECTION_CLIENTS = ["rdp", "browser", "address", "ssh"] as const;
export type ConnectionClient = (typeof CONNECTION_CLIENTS)[number];

export const CONNECTION_SOURCES = ["user", "team"] as const;
export type ConnectionSource = (typeof CONNECTION_SOURCES)[number];

/** An instance id or Name tag (`value`), or tags every matching instance carries. */
export type ConnectionTarget =
  | { by: "instance"; value: string }
  | { by: "tags"; tags: Record<string, string> };

export interface RdpOptions {
  username: string | null;
  /** A window of this size, or "full" (full screen); null: the client's default window. */
  screen: { width: number; height: number } | "full" | null;
  multiMonitor: boolean;
  /**
   * (appended) The key pair's private key file, absolute: the host decrypts the instance's EC2
   * password with it and hands it to the client on stdin (docs/windows-password.md). Only the
   * path travels; the key and the password never leave the host.
   */
  keyFile?: string | null;
}

export interface Connection {
  name: string;
  source: ConnectionSource;
  /** Where the entry is written: the popup and the CLI point the user at it. */
  file: string;
  line: number;
  description: string | null;
  /** The AWS CLI profile, or null when the entry names an account and role instead. */
  profile: string | null;
  account: string | null;
  role: string | null;
  region: string | null;
  target: ConnectionTarget;
  kind: ConnectionKind;
  /** The port on the far side: the instance's (rdp, port, ssh) or the remote host's. */
  remotePort: number;
  /** remote-host only: the host the instance forwards to (an RDS endpoint, an internal name). */
  remoteHost: string | null;
  /** A fixed local port, or null for the kind's default (docs/connections.md). */
  localPort: number | null;
  client: ConnectionClient;
  rdp: RdpOptions | null;
  /** ssh only: the login name; null lets ssh decide. */
  sshUser: string | null;
}

/** An entry (or a whole file) that could not be used, with where it is. */
export interface ConnectionProblem {
  file: string;
  line: number;
  column: number;
  /** The entry's name when it has a readable one. */
  name: string | null;
  code: string;
  message: string;
}

export interface ConnectionsList {
  connections: Connection[];
  problems: ConnectionProblem[];
  /** The files read, for the popup's "edit …" line. */
  files: { user: string; team: string | null };
}

/**
 * What `connection.open` did: the tunnel (null for ssh, which needs no local port), the client to
 * start and, for the address and browser clients, where. The extension opens `url` itself.
 */
export interface ConnectionOpened {
  name: string;
  client: ConnectionClient;
  tunnel: TunnelInfo | null;
  address: string | null;
  url: string | null;
  /** ssh from the popup: the command to run in a terminal (the browser starts no terminal). */
  command: string | null;
}

const FILE_MAX = 4096;
const HOST_MAX = 253;
const TAG_MAX = 256;
/** The only URL the extension opens for a connection: the tunnel's own loopback port. */
export const CONNECTION_URL = /^http:\/\/127\.0\.0\.1:\d{1,5}\/$/;

const text = (v: unknown, p: string, max = TEXT_MAX) => str(v, p, { max });
const maybe = (o: Record<string, unknown>, k: string, p: string, max = TEXT_MAX) =>
  nullable(o[k], (x) => text(x, `${p}.${k}`, max));

function target(v: unknown, p: string): ConnectionTarget {
  const o = obj(v, p);
  if (o.by === "instance") return { by: "instance", value: text(o.value, `${p}.value`, TAG_MAX) };
  if (o.by !== "tags") throw new ValidationIssue(`${p}.by`, '"instance" or "tags"');
  const tags = obj(o.tags, `${p}.tags`);
  if (Object.keys(tags).length > 10) throw new ValidationIssue(`${p}.tags`, "at most 10 tags");
  return {
    by: "tags",
    tags: Object.fromEntries(
      Object.entries(tags).map(([k, x]) => [
        text(k, `${p}.tags key`, 128),
        text(x, `${p}.tags.${k}`, TAG_MAX),
      ]),
    ),
  };
}

function rdpOptions(v: unknown, p: string): RdpOptions {
  const o = obj(v, p);
  const s = o.screen;
  const screen =
    s === null || s === undefined
      ? null
      : s === "full"
        ? ("full" as const)
        : (() => {
            const r = obj(s, `${p}.screen`);
            return {
              width: int(r.width, `${p}.screen.width`, 200, 8192),
              height: int(r.height, `${p}.screen.height`, 200, 8192),
            };
          })();
  return {
    username: maybe(o, "username", p, 256),
    screen,
    multiMonitor: bool(o.multiMonitor, `${p}.multiMonitor`),
    keyFile: o.keyFile === undefined ? null : nullable(o.keyFile, (x) => keyFilePath(x, `${p}.keyFile`)),
  };
}

export function checkConnection(v: unknown, p: string): Connection {
  const o = obj(v, p);
  return {
    name: str(o.name, `${p}.name`, { pattern: CONNECTION_NAME }),
    source: oneOf(o.source, `${p}.source`, CONNECTION_SOURCES),
    file: text(o.file, `${p}.file`, FILE_MAX),
    line: int(o.line, `${p}.line`, 1, Number.MAX_SAFE_INTEGER),
    description: maybe(o, "description", p, 512),
    profile: maybe(o, "profile", p, PROFILE_MAX),
    account: maybe(o, "account", p, 64),
    role: maybe(o, "role", p, 128),
    region: maybe(o, "region", p, REGION_MAX),
    target: target(o.target, `${p}.target`),
    kind: oneOf(o.kind, `${p}.kind`, CONNECTION_KINDS),
    remotePort: int(o.remotePort, `${p}.remotePort`, 1, 65535),
    remoteHost: maybe(o, "remoteHost", p, HOST_MAX),
    localPort: nullable(o.localPort, (x) => int(x, `${p}.localPort`, 1, 65535)),
    client: oneOf(o.client, `${p}.client`, CONNECTION_CLIENTS),
    rdp: nullable(o.rdp, (x) => rdpOptions(x, `${p}.rdp`)),
    sshUser: maybe(o, "sshUser", p, 256),
  };
}

function problem(v: unknown, p: string): ConnectionProblem {
  const o = obj(v, p);
  return {
    file: text(o.file, `${p}.file`, FILE_MAX),
    line: int(o.line, `${p}.line`, 0, Number.MAX_SAFE_INTEGER),
    column: int(o.column, `${p}.column`, 0, Number.MAX_SAFE_INTEGER),
    name: maybe(o, "name", p, 256),
    code: text(o.code, `${p}.code`, 64),
    message: text(o.message, `${p}.message`),
  };
}

export function checkConnectionsList(v: unknown): ConnectionsList {
  const o = obj(v, "result");
  const f = obj(o.files, "result.files");
  return {
    connections: arr(o.connections, "result.connections", checkConnection, 1000),
    problems: arr(o.problems, "result.problems", problem, 1000),
    files: {
      user: text(f.user, "result.files.user", FILE_MAX),
      team: maybe(f, "team", "result.files", FILE_MAX),
    },
  };
}

export function checkConnectionOpened(v: unknown): ConnectionOpened {
  const o = obj(v, "result");
  return {
    name: str(o.name, "result.name", { pattern: CONNECTION_NAME }),
    client: oneOf(o.client, "result.client", CONNECTION_CLIENTS),
    tunnel: nullable(o.tunnel, (x) => checkTunnelInfo(x, "result.tunnel")),
    address: nullable(o.address, (x) => str(x, "result.address", { pattern: /^127\.0\.0\.1:\d{1,5}$/ })),
    url: nullable(o.url, (x) => str(x, "result.url", { pattern: CONNECTION_URL })),
    command: maybe(o, "command", "result", 512),
  };
}
