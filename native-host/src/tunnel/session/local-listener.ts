/**
 * The local TCP listener (design §6, spec §8.1): 127.0.0.1 only, never a wider address. The
 * preferred port (13389 by default from the caller) or, when it is taken, the next free one.
 */
import net from "node:net";
import { TunnelError } from "../../errors";
import { lastPortToTry } from "../../platform/free-port";

export const LOOPBACK = "127.0.0.1";

function tryListen(server: net.Server, port: number): Promise<number | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      resolve(err);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve((server.address() as net.AddressInfo).port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen({ host: LOOPBACK, port, exclusive: true });
  });
}

/** Listens on 127.0.0.1:`preferred`, or the next free one up to lastPortToTry (+100); 0 = any free port. */
export async function listenLocal(
  preferred: number,
  onConnection: (socket: net.Socket) => void,
): Promise<net.Server> {
  const server = net.createServer({ noDelay: true, pauseOnConnect: true }, onConnection);
  const last = lastPortToTry(preferred);
  let lastError: NodeJS.ErrnoException | undefined;
  for (let port = preferred; port <= last; port++) {
    const result = await tryListen(server, port);
    if (typeof result === "number") return server;
    lastError = result;
    if (result.code !== "EADDRINUSE" && result.code !== "EACCES") break;
  }
  throw new TunnelError(
    "TUNNEL_NO_LOCAL_PORT",
    `No free local port on ${LOOPBACK} from ${preferred} to ${last}.`,
    {
      hint: "Pass another port with --local-port, or stop the program holding these ports.",
      cause: lastError,
    },
  );
}
