/**
 * Listening on the service socket when a previous service may have left its socket file behind
 * (a crash or SIGKILL skips the cleanup). A socket that answers belongs to a live service: this
 * one then steps aside. One that refuses is stale and is replaced.
 */
import fs from "node:fs";
import type net from "node:net";
import { canConnect } from "../../../platform/can-connect";
import type { ServiceEndpoint } from "../ipc/endpoint";

function listen(server: net.Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(address, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

export async function listenOnce(
  server: net.Server,
  endpoint: ServiceEndpoint,
): Promise<"listening" | "already-running"> {
  try {
    await listen(server, endpoint.address);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    if (await canConnect(endpoint.address)) return "already-running";
    if (!endpoint.isPipe) fs.rmSync(endpoint.address, { force: true });
    await listen(server, endpoint.address);
  }
  // The folder is already 0700 (endpoint.ts); the socket itself is the user's alone as well.
  if (!endpoint.isPipe) fs.chmodSync(endpoint.address, 0o600);
  return "listening";
}
