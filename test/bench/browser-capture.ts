/**
 * "SAML POST seen → profile on disk" in real Chromium with the extension and the registered host:
 * the time from the sign-in POST arriving at the (fake) AWS sign-in page to the new credentials
 * being in the credentials file, median of several sign-ins in one browser. Reference, same run:
 * the host driven directly over stdio (spawn, hello, saml.inspect, credentials.assume), which is
 * the floor of that path; the ratio is what the browser and extension add.
 */
import fs from "node:fs";
import { makeSamlResponse, role } from "../fixtures/saml";
import { signIn, warmUp } from "../support/browser";
import { startBrowserWorld } from "../support/browser-world";
import { allowCaller, HostProcess, TEST_ORIGIN } from "../support/host-process";
import { median, percentile } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 7);
/** Longer than the extension keeps an idle host process (host-link.ts lingerMs, 1.5 s). */
const HOST_GONE_MS = 2500;
const now = () => performance.timeOrigin + performance.now();
const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function changed(file: string, before: string, timeoutMs = 30_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (read(file) !== before) return now();
    if (Date.now() > end) throw new Error("bench: the profile was never written");
    await sleep(2);
  }
}

const ADMIN = role("123456789012", "Admin");
const samlFor = (who: string) =>
  makeSamlResponse({ roles: [ADMIN], sessionName: `${who}@contoso.example` }).base64;

/** Sign-ins in one browser; `cold` waits until the host process has exited before each. */
async function browserSamples(cold: boolean): Promise<number[]> {
  const world = await startBrowserWorld();
  try {
    await warmUp(world.chromium);
    const out: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      if (cold) await sleep(HOST_GONE_MS);
      const before = read(world.sandbox.credentialsFile);
      const { page, request } = await signIn(world.chromium, world.idp, { samlResponse: samlFor(`b${i}`) });
      const done = await changed(world.sandbox.credentialsFile, before);
      await page.close();
      if (i > 0) out.push(done - request.at); // the first sign-in also warms the browser up: not counted
    }
    return out;
  } finally {
    await world.close();
  }
}

/** The host over stdio without a browser; `cold` spawns it for each sign-in. */
async function directSamples(cold: boolean): Promise<number[]> {
  const world = await startBrowserWorld({ registerHost: false });
  const env = allowCaller({ ...world.env });
  let host: HostProcess | null = null;
  try {
    const out: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const before = read(world.sandbox.credentialsFile);
      const saml = samlFor(`d${i}`);
      const t0 = now();
      if (!host) {
        host = new HostProcess([TEST_ORIGIN], env);
        await host.request(`h${i}`, "hello");
      }
      await host.request(`i${i}`, "saml.inspect", { samlResponse: saml });
      const reply = await host.request(`a${i}`, "credentials.assume", { samlResponse: saml });
      if (!reply.ok) throw new Error(`bench: credentials.assume failed: ${JSON.stringify(reply.error)}`);
      const done = await changed(world.sandbox.credentialsFile, before);
      if (i > 0) out.push(done - t0);
      if (cold) {
        await host.close();
        host = null;
      }
    }
    return out;
  } finally {
    await host?.close();
    await world.close();
  }
}

function result(kind: string, samples: number[], refName: string, reference: number[]): BenchResult {
  return {
    name: `browser, ${kind}: SAML POST at sign-in page → profile on disk (median of ${samples.length})`,
    value: median(samples),
    unit: "ms",
    reference: { name: refName, value: median(reference) },
    detail: {
      p90: percentile(samples, 90),
      max: Math.max(...samples),
      samples: samples.map(Math.round),
      referenceSamples: reference.map(Math.round),
    },
  };
}

const bench: BenchModule = {
  async run(): Promise<BenchResult[]> {
    const warmRef = await directSamples(false);
    const warm = await browserSamples(false);
    const coldRef = await directSamples(true);
    const cold = await browserSamples(true);
    return [
      result("host already running", warm, "host over stdio, running: inspect → assume → on disk", warmRef),
      result(
        "host started for it",
        cold,
        "host over stdio: spawn → hello → inspect → assume → on disk",
        coldRef,
      ),
    ];
  },
};
export default bench;
