/**
 * One entry of a connections file → a Connection, or the first thing wrong with it and where
 * (docs/connections.md has the fields). Pure. Every value is checked with the contract's rules
 * (identifiers.ts), so an entry the file accepts is one the tunnel service accepts too; unknown
 * keys are refused so a misspelt field is reported instead of silently ignored.
 */
import type { Connection, ConnectionSource, RdpOptions } from "../../../contract/connection";
import { CONNECTION_NAME, isRegion, KEY_FILE_PATH, PROFILE_MAX, TARGET } from "../../../contract/identifiers";
import { isLoopbackHost, LOOPBACK_REMOTE_HOST, splitRemoteAddress } from "../../../contract/remote-host";
import type { JsonNode, Position } from "./json-positions";

export class EntryIssue extends Error {
  constructor(
    readonly at: Position,
    message: string,
  ) {
    super(message);
  }
}

type ObjNode = Extract<JsonNode, { type: "object" }>;

const KEYS = [
  "name",
  "description",
  "profile",
  "account",
  "role",
  "region",
  "target",
  "kind",
  "port",
  "remote",
  "localPort",
  "open",
  "rdp",
  "user",
] as const;
const KIND_DEFAULT_PORT = { rdp: 3389, ssh: 22 } as const;
/** The IAM role name alphabet (IAM User Guide, "IAM object quotas": 64 characters of [\w+=,.@-]). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const LOGIN = /^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$/;
const NO_CONTROL = /^[^\x00-\x1f\x7f]*$/;

const field = (o: ObjNode, key: string) => o.entries.find((e) => e.key === key)?.value;

function fail(at: Position, message: string): never {
  throw new EntryIssue(at, message);
}

function string(n: JsonNode, what: string, rule?: RegExp, max = 256): string {
  if (n.type !== "string") fail(n, `${what} must be a string`);
  if (n.value.length > max || !NO_CONTROL.test(n.value) || (rule && !rule.test(n.value)))
    fail(n, `${what} "${n.value.slice(0, 80).replace(/[\x00-\x1f\x7f]/g, "?")}" is not valid`);
  return n.value;
}

function portOf(n: JsonNode, what: string): number {
  if (n.type !== "number" || !Number.isInteger(n.value) || n.value < 1 || n.value > 65535)
    fail(n, `${what} must be a whole number from 1 to 65535`);
  return n.value;
}

function targetOf(n: JsonNode): Connection["target"] {
  if (n.type === "string") {
    if (!TARGET.test(n.value) || n.value.trim() !== n.value)
      fail(
        n,
        `"target" must be an instance id or the Name tag of one instance (letters, digits, spaces and _ . : @ -)`,
      );
    return { by: "instance", value: n.value };
  }
  const tags =
    n.type === "object" && n.entries.length === 1 && n.entries[0]!.key === "tags"
      ? n.entries[0]!.value
      : null;
  if (tags?.type !== "object" || tags.entries.length === 0 || tags.entries.length > 10)
    fail(
      n,
      `"target" must be a string (instance id or Name) or {"tags": {"KEY": "VALUE", …}} with 1 to 10 tags`,
    );
  const out: Record<string, string> = {};
  for (const t of tags.entries) {
    if (!/^[\w .:/=+@-]{1,128}$/.test(t.key) || t.key.startsWith("aws:"))
      fail(t.keyAt, `the tag key "${t.key.slice(0, 80)}" is not valid`);
    out[t.key] = string(t.value, `tag "${t.key}"`, /^[\w .:/=+@-]{0,256}$/);
  }
  return { by: "tags", tags: out };
}

function screenOf(n: JsonNode): RdpOptions["screen"] {
  const v = string(n, '"screen"', /^(full|\d{3,4}x\d{3,4})$/);
  if (v === "full") return "full";
  const [width, height] = v.split("x").map(Number) as [number, number];
  if (width < 200 || height < 200 || width > 8192 || height > 8192)
    fail(n, '"screen" must be from 200x200 to 8192x8192');
  return { width, height };
}

function rdpOf(n: JsonNode): RdpOptions {
  if (n.type !== "object")
    fail(n, '"rdp" must be an object: {"username", "screen", "multiMonitor", "keyFile"}');
  for (const e of n.entries)
    if (!["username", "screen", "multiMonitor", "keyFile"].includes(e.key))
      fail(e.keyAt, `"rdp" has no field "${e.key.slice(0, 40)}"`);
  const user = field(n, "username");
  const screen = field(n, "screen");
  const multi = field(n, "multiMonitor");
  const keyFile = field(n, "keyFile");
  if (multi && multi.type !== "boolean") fail(multi, '"multiMonitor" must be true or false');
  return {
    // The .rdp file's own rule (rdp/rdp-file.ts) runs again when the file is written.
    username: user ? string(user, '"username"', /^\S(?:.*\S)?$/) : null,
    screen: screen ? screenOf(screen) : null,
    multiMonitor: multi?.type === "boolean" ? multi.value : false,
    // The contract's rule (an absolute path); the file itself is read only when the connection opens.
    keyFile: keyFile ? string(keyFile, '"keyFile" (an absolute path)', KEY_FILE_PATH, 4094) : null,
  };
}

/** Reads one entry; throws EntryIssue at the offending value. */
export function readEntry(n: JsonNode, file: string, source: ConnectionSource): Connection {
  if (n.type !== "object") fail(n, "each connection must be an object");
  for (const e of n.entries)
    if (!(KEYS as readonly string[]).includes(e.key))
      fail(e.keyAt, `unknown field "${e.key.slice(0, 40)}" (fields: ${KEYS.join(", ")})`);
  const need = (key: string) => field(n, key) ?? fail(n, `"${key}" is missing`);
  const opt = (key: string) => field(n, key);
  const name = string(need("name"), '"name"', CONNECTION_NAME, 64);
  const kindNode = need("kind");
  const kind = string(kindNode, '"kind"');
  if (kind !== "rdp" && kind !== "port" && kind !== "remote-host" && kind !== "ssh")
    fail(kindNode, '"kind" must be "rdp", "port", "remote-host" or "ssh"');

  const [profile, account, role] = [opt("profile"), opt("account"), opt("role")];
  if (profile && (account || role)) fail(profile, 'give "profile", or "account" and "role", not both');
  if (!profile && !(account && role)) fail(n, 'give "profile", or "account" and "role"');
  const regionNode = opt("region");
  const region = regionNode ? string(regionNode, '"region"') : null;
  if (regionNode && !isRegion(region))
    fail(regionNode, `"region" "${region}" is not a region name such as eu-west-1`);

  const portNode = opt("port");
  const remoteNode = opt("remote");
  if (kind === "remote-host" && !remoteNode)
    fail(n, '"remote" ("HOST:PORT") is needed for kind "remote-host"');
  if (kind !== "remote-host" && remoteNode) fail(remoteNode, '"remote" is only for kind "remote-host"');
  if (kind === "remote-host" && portNode)
    fail(portNode, 'kind "remote-host" takes its port in "remote" ("HOST:PORT")');
  if (kind === "port" && !portNode) fail(n, '"port" is needed for kind "port"');
  let remoteHost: string | null = null;
  let remotePort = portNode
    ? portOf(portNode, '"port"')
    : kind === "port"
      ? 0
      : KIND_DEFAULT_PORT[kind as "rdp" | "ssh"];
  if (remoteNode) {
    // The contract's rules, as for `forward --to` and tunnel.start (contract/remote-host.ts).
    const address = splitRemoteAddress(string(remoteNode, '"remote"', undefined, 260));
    if (!address)
      fail(
        remoteNode,
        '"remote" must be HOST:PORT: a DNS name, an IPv4 address or [an IPv6 address], and a port from 1 to 65535',
      );
    if (isLoopbackHost(address.host))
      fail(
        remoteNode,
        `"${address.host}" ${LOOPBACK_REMOTE_HOST}: use kind "port" for a port of the instance`,
      );
    remoteHost = address.host;
    remotePort = address.port;
  }

  const openNode = opt("open");
  if (openNode && kind !== "port" && kind !== "remote-host")
    fail(openNode, '"open" is only for kinds "port" and "remote-host"');
  const open = openNode ? string(openNode, '"open"') : "address";
  if (open !== "browser" && open !== "address") fail(openNode!, '"open" must be "browser" or "address"');
  const rdpNode = opt("rdp");
  if (rdpNode && kind !== "rdp") fail(rdpNode, '"rdp" options are only for kind "rdp"');
  const userNode = opt("user");
  if (userNode && kind !== "ssh")
    fail(userNode, '"user" is only for kind "ssh" (RDP: "rdp": {"username": …})');
  const localNode = opt("localPort");
  const description = opt("description");

  return {
    name,
    source,
    file,
    line: n.line,
    description: description ? string(description, '"description"', undefined, 512) : null,
    profile: profile ? string(profile, '"profile"', /^[^[\]\s](?:[^[\]]*[^[\]\s])?$/, PROFILE_MAX) : null,
    account: account ? string(account, '"account"', ACCOUNT_ID) : null,
    role: role ? string(role, '"role"', ROLE_NAME) : null,
    region,
    target: targetOf(need("target")),
    kind,
    remotePort,
    remoteHost,
    localPort: localNode ? portOf(localNode, '"localPort"') : null,
    client: kind === "rdp" ? "rdp" : kind === "ssh" ? "ssh" : open,
    rdp:
      kind === "rdp"
        ? rdpNode
          ? rdpOf(rdpNode)
          : { username: null, screen: null, multiMonitor: false, keyFile: null }
        : null,
    sshUser: userNode ? string(userNode, '"user"', LOGIN) : null,
  };
}
