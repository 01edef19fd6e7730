/**
 * Everything one browser journey needs, started together and torn down on every exit path:
 * a sandbox HOME, the fake IdP/sign-in server, the AWS stand-ins (STS+IAM, SSM+EC2, the Session
 * Manager service and a TCP echo destination behind the instances), and Chromium with the
 * extension and the registered host. Used by the e2e tests, the demo and the bench.
 */
import type net from "node:net";
import path from "node:path";
import { type FakeIdp, startFakeIdp } from "../fakes/idp/index";
import { type FakeSessionManager, startFakeSessionManager } from "../fakes/session-manager/index";
import { createSigninHandler, type SigninState } from "../fakes/signin/index";
import { type FakeInstance, type FakeSsm, serveHandlers, startFakeSsm } from "../fakes/ssm/index";
import { type FakeSts, type FakeStsOptions, startFakeSts } from "../fakes/sts/index";
import { type ChromiumSession, launchChromiumWithExtension } from "./browser";
import { startEchoServer } from "./echo";
import { makeSandbox, type Sandbox } from "./sandbox";
import { killService, readServicePid } from "./tunnel-world";

export interface BrowserWorld {
  sandbox: Sandbox;
  idp: FakeIdp;
  sts: FakeSts;
  ssm: FakeSsm;
  sessions: FakeSessionManager;
  /** The console federation endpoint (it knows the sessions the fake STS issued). */
  signin: SigninState;
  /** A TCP echo server standing in for the instances' RDP port. */
  echo: { port: number; bytes: number };
  chromium: ChromiumSession;
  /** The environment the browser (and so the host) runs with. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export interface WorldOptions {
  sts?: FakeStsOptions;
  /** SSM-managed instances; each without a destination forwards to the echo server. */
  instances?: FakeInstance[];
  registerHost?: boolean;
  headless?: boolean;
  /**
   * The fake SSM checks each call's keys against what the fake STS issued (signature, session
   * token, expiry), as AWS does; for tests where keys expire while a tunnel runs (issue 12).
   */
  ssmChecksKeys?: boolean;
  /** More environment for the browser and the host it starts (e.g. PATH with a recorded RDP client). */
  env?: NodeJS.ProcessEnv;
}

export async function startBrowserWorld(o: WorldOptions = {}): Promise<BrowserWorld> {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const close = async () => {
    for (const c of cleanups.reverse())
      await Promise.resolve()
        .then(c)
        .catch(() => undefined);
  };
  try {
    const sandbox = makeSandbox();
    cleanups.push(() => sandbox.cleanup());
    // The sign-in page names the accounts AWS knows the aliases of, as IAM does.
    const idp = await startFakeIdp(sandbox.dir, { accountAliases: o.sts?.accountAliases });
    cleanups.push(() => idp.close());
    const sts = await startFakeSts(o.sts);
    cleanups.push(() => sts.close());
    // The SSM side is always there (AWS itself is unreachable here); without instances it lists none.
    const echo = await startEchoServer();
    cleanups.push(() => echo.close());
    const sessions = await startFakeSessionManager();
    cleanups.push(() => sessions.close());
    const destination = { host: "127.0.0.1", port: echo.port };
    const ssm = await startFakeSsm({
      instances: (o.instances ?? []).map((i) => ({ destination, ...i })),
      sessions,
      issued: o.ssmChecksKeys
        ? () => sts.calls.flatMap((c) => (c.credentials ? [c.credentials] : []))
        : undefined,
    });
    cleanups.push(() => ssm.close());
    const federation = createSigninHandler({ issued: sts.calls });
    const signinServer = serveHandlers([federation]);
    await new Promise<void>((r) => signinServer.listen(0, "127.0.0.1", r));
    cleanups.push(() => {
      signinServer.closeAllConnections();
      return new Promise((r) => signinServer.close(r));
    });
    const signinPort = (signinServer.address() as net.AddressInfo).port;
    const env: NodeJS.ProcessEnv = {
      ...sandbox.env,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ENDPOINT_URL_IAM: sts.url,
      ...ssm.env,
      BASTIONLESS_ENDPOINT_URL_FEDERATION: `http://127.0.0.1:${signinPort}/federation`,
      BASTIONLESS_LOG_DIR: path.join(sandbox.dir, "logs"),
      // The tunnel service the host starts exits soon after its last tunnel.
      BASTIONLESS_SERVICE_IDLE_MS: "1500",
      ...o.env,
    };
    // The tunnel service outlives the browser by design; the test ends it.
    cleanups.push(async () => killService(await readServicePid(env)));
    const chromium = await launchChromiumWithExtension({
      userDataDir: path.join(sandbox.dir, "chromium"),
      env,
      idp,
      headless: o.headless,
      registerHost: o.registerHost,
    });
    cleanups.push(() => chromium.close());
    return { sandbox, idp, sts, ssm, sessions, signin: federation.state, echo, chromium, env, close };
  } catch (err) {
    await close();
    throw err;
  }
}
