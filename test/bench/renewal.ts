/**
 * Silent renewal, "Renew now" → profile rewritten, in real Chromium with the registered host and
 * the fake Entra (a live session cookie, so each launch auto-posts): the time from the popup's
 * request to the new keys in the credentials file, median of several renewals in one browser.
 * Reference, same renewals: the SAML POST reaching the (fake) AWS sign-in page → the same write,
 * which is the capture path every sign-in takes; the difference is what renewal adds (opening the
 * window, the launch redirect, Entra's auto-post page).
 */
import fs from "node:fs";
import { role } from "../fixtures/saml";
import { putSettings, warmUp } from "../support/browser";
import { startBrowserWorld } from "../support/browser-world";
import { median } from "./stats";
import type { BenchModule, BenchResult } from "./types";

const RUNS = Number(process.env.BENCH_RENEWAL_RUNS ?? 7);
const now = () => performance.timeOrigin + performance.now();
const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function changed(file: string, before: string, timeoutMs = 60_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (read(file) !== before) return now();
    if (Date.now() > end) throw new Error("bench: the profile was never rewritten");
    await sleep(2);
  }
}

const bench: BenchModule = {
  async run(): Promise<BenchResult[]> {
    const world = await startBrowserWorld();
    try {
      const w = world;
      await putSettings(w.chromium, { launchRdp: false, notifications: false });
      await warmUp(w.chromium);
      const launchUrl = w.idp.entra.addApp({
        appId: "0f3c6a2e-9b1d-4e7f-8a5c-2d4b6e8f0a1c",
        roles: [role("123456789012", "Admin")],
      });
      const page = await w.chromium.context.newPage();
      await page.goto(`chrome-extension://${w.chromium.extensionId}/options.html`);
      // The session cookie the user got by signing in, set where Entra sets it.
      await page.context().addCookies([
        {
          name: "ESTSAUTH",
          value: w.idp.entra.signInDirectly(),
          domain: "login.microsoftonline.com",
          path: "/",
          secure: true,
          httpOnly: true,
          sameSite: "None",
        },
      ]);
      const ask = (r: object) => page.evaluate((m) => chrome.runtime.sendMessage(m), r);
      await ask({ type: "renewal-enable", enabled: true });
      await ask({ type: "renewal-add", launchUrl, name: "bench" });
      const status = (await ask({ type: "status" })) as {
        status: { renewal: { records: Array<{ source: { id: string } }> } };
      };
      const sourceId = status.status.renewal.records[0]!.source.id;
      const total: number[] = [];
      const capture: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const before = read(w.sandbox.credentialsFile);
        const posted = w.idp.waitFor((r) => r.method === "POST" && r.path === "/saml", 60_000);
        const start = now();
        await ask({ type: "renew-now", sourceId });
        const done = await changed(w.sandbox.credentialsFile, before);
        const post = await posted;
        // The first renewal also warms the browser and the host up: not counted.
        if (i > 0) {
          total.push(done - start);
          capture.push(done - post.at);
        }
        await sleep(1500); // the window is closed and the host link idles before the next one
      }
      return [
        {
          name: `renewal: Renew now → profile rewritten (median of ${RUNS})`,
          value: median(total),
          unit: "ms",
          reference: {
            name: "same renewals: SAML POST at sign-in page → profile on disk",
            value: median(capture),
          },
          detail: { total, capture },
        },
      ];
    } finally {
      await world.close();
    }
  },
};

export default bench;
