/**
 * One local stand-in for every AWS service the product calls: STS and IAM, SSM and EC2 on one
 * HTTP server with the console federation endpoint, and the Session Manager data channel (MGS + agent) on a websocket server. SSM
 * checks SigV4 with the secret keys the fake STS issued, so only credentials that really came
 * from an assumed role are accepted. The product is pointed here with the SDK's standard
 * endpoint variables only (design §7).
 */
import type { AddressInfo } from "node:net";
import { type AgentKnobs, type FakeSessionManager, startFakeSessionManager } from "./session-manager/index";
import { createSigninHandler, type SigninState } from "./signin/index";
import {
  createEc2Handler,
  createSsmHandler,
  type FakeInstance,
  type SsmState,
  serveHandlers,
} from "./ssm/index";
import { createStsHandler, type FakeStsOptions } from "./sts/index";
import type { StsCall } from "./sts/types";

export interface FakeAwsOptions {
  instances: FakeInstance[];
  sts?: FakeStsOptions;
  knobs?: Partial<AgentKnobs>;
}

export interface FakeAws {
  url: string;
  /** AWS_ENDPOINT_URL_{STS,IAM,SSM,EC2} and BASTIONLESS_ENDPOINT_URL_FEDERATION pointing here. */
  env: Record<string, string>;
  stsCalls: StsCall[];
  ssm: SsmState;
  /** The federation endpoint's calls and tokens (console sign-in). */
  signin: SigninState;
  sessionManager: FakeSessionManager;
  close(): Promise<void>;
}

/** Secret keys the fake STS handed out, looked up by access key id when SSM checks a signature. */
function issuedSecrets(calls: StsCall[]): Record<string, string> {
  return new Proxy({} as Record<string, string>, {
    get: (_t, key) => calls.find((c) => c.credentials?.accessKeyId === key)?.credentials?.secretAccessKey,
    has: (_t, key) => calls.some((c) => c.credentials?.accessKeyId === key),
  });
}

export async function startFakeAws(opts: FakeAwsOptions): Promise<FakeAws> {
  const sessionManager = await startFakeSessionManager({ knobs: opts.knobs });
  const sts = createStsHandler(opts.sts);
  const ssmState: SsmState = { calls: [], sessions: new Map() };
  const ssmOptions = {
    instances: opts.instances,
    sessions: sessionManager,
    secrets: issuedSecrets(sts.state.calls),
  };
  const signin = createSigninHandler({ issued: sts.state.calls, clock: sts.state.clock });
  const server = serveHandlers([
    sts,
    signin,
    createSsmHandler(ssmOptions, ssmState),
    createEc2Handler(ssmOptions, ssmState.calls),
  ]);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      AWS_ENDPOINT_URL_STS: url,
      AWS_ENDPOINT_URL_IAM: url,
      AWS_ENDPOINT_URL_SSM: url,
      AWS_ENDPOINT_URL_EC2: url,
      BASTIONLESS_ENDPOINT_URL_FEDERATION: `${url}/federation`,
    },
    stsCalls: sts.state.calls,
    ssm: ssmState,
    signin: signin.state,
    sessionManager,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sessionManager.close();
    },
  };
}
