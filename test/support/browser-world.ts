/**
 * Everything one browser journey needs, started together and torn down on every exit path:
 * a sandbox HOME, the fake IdP/sign-in server, the AWS stand-ins (STS+IAM; optionally SSM+EC2,
 * the Session Manager service and a TCP destination behind the "instance"), and Chromium with
 * the extension and the registered host. Used by the e2e tests, the demo and the bench.
 */
import net from "node:net";
import path from "node:path";
import { startFakeIdp, type FakeIdp } from "../fakes/idp/index";
import { startFakeSessionManager, type FakeSessionManager } from "../fakes/session-manager/index";
import { startFakeSsm, type FakeInstance, type FakeSsm } from "../fakes/ssm/index";
import { killService, readServicePid } from "../fakes/ssm/world";
import { startFakeSts, type FakeSts, type FakeStsOptions } from "../fakes/sts/index";
import { type ChromiumSession, launchChromiumWithExtension } from "./browser";
import { makeSandbox, type Sandbox } from "./sandbox";

export interface BrowserWorld {
  sandbox: Sandbox;
  idp: FakeIdp;
  sts: FakeSts;
  ssm: FakeSsm | null;
  sessions: FakeSessionManager | null;
  /** A TCP echo server standing in for the instance's RDP port, when instances are set up. */
  echo: { port: number; bytes: number } | null;
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
}

async function startEcho(): Promise<{ server: net.Server; stats: { port: number; bytes: number } }> {
  const stats = { port: 0, bytes: 0 };
  const server = net.createServer((s) => {
    s.on("data", (d) => {
      stats.bytes += d.length;
      s.write(d);
    });
    s.on("error", () => s.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  stats.port = (server.address() as net.AddressInfo).port;
  return { server, stats };
}

export async function startBrowserWorld(o: WorldOptions = {}): Promise<BrowserWorld> {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve().then(c).catch(() => undefined);
  };
  try {
    const sandbox = makeSandbox();
    cleanups.push(() => sandbox.cleanup());
    const idp = await startFakeIdp(sandbox.dir);
    cleanups.push(() => idp.close());
    const sts = await startFakeSts(o.sts);
    cleanups.push(() => sts.close());
    let ssm: FakeSsm | null = null;
    let sessions: FakeSessionManager | null = null;
    let echo: BrowserWorld["echo"] = null;
    if (o.instances) {
      const e = await startEcho();
      cleanups.push(() => new Promise((r) => e.server.close(r)));
      echo = e.stats;
      sessions = await startFakeSessionManager();
      cleanups.push(() => sessions!.close());
      const destination = { host: "127.0.0.1", port: e.stats.port };
      ssm = await startFakeSsm({ instances: o.instances.map((i) => ({ destination, ...i })), sessions });
      cleanups.push(() => ssm!.close());
    }
    const env: NodeJS.ProcessEnv = {
      ...sandbox.env,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ENDPOINT_URL_IAM: sts.url,
      ...(ssm?.env ?? {}),
      BASTIONLESS_LOG_DIR: path.join(sandbox.dir, "logs"),
      // The tunnel service the host starts exits soon after its last tunnel.
      BASTIONLESS_SERVICE_IDLE_MS: "1500",
    };
    // The tunnel service outlives the browser by design; the test ends it.
    cleanups.push(async () => killService(await readServicePid(env)));
    const chromium = await launchChromiumWithExtension({ userDataDir: path.join(sandbox.dir, "chromium"), env, idp, headless: o.headless, registerHost: o.registerHost });
    cleanups.push(() => chromium.close());
    return { sandbox, idp, sts, ssm, sessions, echo, chromium, env, close };
  } catch (err) {
    await close();
    throw err;
  }
}
