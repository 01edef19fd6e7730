/**
 * The one place a remote-host connection becomes a tunnel request (issue 13: forwarding through
 * the instance to HOST:PORT with AWS-StartPortForwardingSessionToRemoteHost). The tunnel service
 * of this build opens instance ports only; the service request that carries a remote host is
 * added with `bastionless forward --to HOST:PORT`. Until then a remote-host connection is listed
 * and checked like any other, and opening one says plainly that this build cannot.
 */
import { TunnelError } from "../errors";
import type { StartParams } from "../tunnel/service/ipc/ipc-messages";

export function remoteHostStart(base: StartParams, host: string, port: number): StartParams {
  void base;
  throw new TunnelError(
    "CONNECTION_KIND_UNAVAILABLE",
    `This bastionless cannot forward to a remote host yet (${host}:${port} through the instance).`,
    { hint: "Update bastionless; meanwhile `bastionless forward` reaches ports of the instance itself." },
  );
}
