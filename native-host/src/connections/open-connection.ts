/**
 * Opening a saved connection (issue 13): its profile and target resolved, then its tunnel asked of
 * the tunnel service, which hands back the open tunnel when one to the same profile, account,
 * target and port exists (design §6), so a second open reuses it. What to start on top (the RDP
 * client, a browser, ssh) is the caller's: the CLI and the popup start different things. I/O
 * comes in through OpenIO.
 */
import type { Connection, ConnectionOpened, ConnectionsList } from "../../../contract/connection";
import type { ProfileInfo } from "../../../contract/domain";
import { DEFAULT_LOCAL_PORT } from "../../../contract/identifiers";
import type { TunnelInfo } from "../../../contract/tunnel-info";
import type { AwsSettings } from "../aws/sdk/aws-settings";
import { InputError, UsageError } from "../errors";
import { defaultLocalPort } from "../platform/free-port";
import type { StartParams } from "../tunnel/service/ipc/ipc-messages";
import { profileFor } from "./connection-profile";
import { type FindInstances, targetFor } from "./connection-target";

export interface OpenIO {
  settings(): AwsSettings;
  writtenProfiles(): Promise<ProfileInfo[]>;
  findInstances(profile: string, region: string | undefined): FindInstances;
  startTunnel(params: StartParams): Promise<TunnelInfo>;
}

/** The named connection, or why it cannot be used (not there, or there with a problem). */
export function findConnection(list: ConnectionsList, name: string): Connection {
  const found = list.connections.find((c) => c.name === name);
  if (found) return found;
  const broken = list.problems.find((p) => p.name === name && p.code === "CONNECTION_INVALID");
  if (broken)
    throw new InputError(
      "CONNECTION_INVALID",
      `"${name}" in ${broken.file}:${broken.line}:${broken.column} cannot be used: ${broken.message}.`,
      {
        hint: "Fix that entry; `bastionless connections` lists every problem.",
      },
    );
  const names = list.connections.map((c) => c.name);
  throw new UsageError("CONNECTION_NOT_FOUND", `No saved connection is named "${name}".`, {
    hint: names.length
      ? `Saved connections: ${names.slice(0, 20).join(", ")}${names.length > 20 ? ", …" : ""}.`
      : `Write one in ${list.files.user} (docs/connections.md).`,
  });
}

/** The tunnel service's request for a connection's tunnel (not for ssh, which needs none). */
export function startParamsFor(
  c: Connection,
  profile: string,
  target: string,
  settings: AwsSettings,
): StartParams {
  const localPort = c.localPort ?? (c.kind === "rdp" ? DEFAULT_LOCAL_PORT : defaultLocalPort(c.remotePort));
  const base: StartParams = {
    profile,
    ...(c.region ? { region: c.region } : {}),
    target,
    remotePort: c.remotePort,
    localPort,
    // A port the file names is that port or an error (issue 11); only the defaults move on.
    exactPort: c.localPort !== null,
    engine: "builtin",
    settings,
  };
  // remote-host: the instance forwards to HOST:PORT (AWS-StartPortForwardingSessionToRemoteHost).
  return c.kind === "remote-host" ? { ...base, remoteHost: c.remoteHost! } : base;
}

export interface Opened extends ConnectionOpened {
  connection: Connection;
  profile: string;
  /** ssh: the instance id for ssh's host (its %h); else the tunnel's target. */
  instanceId: string;
}

export async function openConnection(c: Connection, io: OpenIO): Promise<Opened> {
  const profile = profileFor(c, c.profile ? [] : await io.writtenProfiles());
  const target = await targetFor(c, profile, io.findInstances(profile, c.region ?? undefined));
  if (c.kind === "ssh")
    return {
      name: c.name,
      client: "ssh",
      tunnel: null,
      address: null,
      url: null,
      command: `bastionless connect ${c.name}`,
      connection: c,
      profile,
      instanceId: target,
    };
  const tunnel = await io.startTunnel(startParamsFor(c, profile, target, io.settings()));
  const address = `127.0.0.1:${tunnel.localPort}`;
  return {
    name: c.name,
    client: c.client,
    tunnel,
    address,
    url: c.client === "browser" ? `http://${address}/` : null,
    command: null,
    connection: c,
    profile,
    instanceId: tunnel.target,
  };
}
