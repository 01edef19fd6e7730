/**
 * Stand-in for the AWS SSM API (JSON 1.1) and the EC2 Name-tag lookup, on one loopback HTTP
 * server. Point the product at it with AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_EC2 (design §7).
 * The handlers are exported so one fake AWS server can serve STS, SSM and EC2 together.
 */
import http, { type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createEc2Handler } from "./ec2-api";
import { createSsmHandler, type FakeAwsHandler, type SsmState } from "./ssm-api";
import type { FakeCall, FakeSsmOptions } from "./types";

export { createEc2Handler } from "./ec2-api";
export { createSsmHandler, type FakeAwsHandler, type SsmState } from "./ssm-api";
export type * from "./types";

/** AWS rejects bodies far smaller than this; the cap only protects the test process. */
const MAX_BODY = 1024 * 1024;

export interface FakeSsm {
  url: string;
  calls: FakeCall[];
  state: SsmState;
  /** Environment that points the SDK here (SSM and EC2). */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Reads a request body (capped) and offers it to each handler in turn; 404 when none claims it. */
export function serveHandlers(handlers: FakeAwsHandler[]): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (!handlers.some((h) => h(req, body, res))) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ __type: "UnknownOperationException", message: "No fake handles this request." }),
        );
      }
    });
  });
}

export async function startFakeSsm(opts: FakeSsmOptions): Promise<FakeSsm> {
  const state: SsmState = { calls: [], sessions: new Map() };
  const hung = new Set<ServerResponse>();
  const server = serveHandlers([createSsmHandler(opts, state), createEc2Handler(opts, state.calls, hung)]);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls: state.calls,
    state,
    env: { AWS_ENDPOINT_URL_SSM: url, AWS_ENDPOINT_URL_EC2: url },
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
