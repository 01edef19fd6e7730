/**
 * What a managed deployment (docs/deploy.md) needs, made for a test: the extension packed as a
 * CRX with its own key by Chromium itself (`--pack-extension`), an update manifest and CRX served
 * from loopback, and a managed policy file in /etc/chromium/policies/managed/ that is written
 * with a unique name and taken away again (Chromium reads that folder on Linux: chromium.org
 * "Linux Quick Start" for policies).
 */
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import WebSocket from "ws";
import { CHROME_EXTENSION_DIR, CHROMIUM_BIN } from "./browser";
import { placeSystemFile } from "./system-file";
import { until } from "./until";

export const POLICY_DIR = "/etc/chromium/policies/managed";

/** The id Chromium gives an extension signed with `key`: SHA-256 of the public key (DER), first 16 bytes, 0–f as a–p. */
export function extensionIdOf(keyPem: string): string {
  const der = crypto.createPublicKey(keyPem).export({ type: "spki", format: "der" });
  const hex = crypto.createHash("sha256").update(der).digest("hex").slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + Number.parseInt(c, 16))).join("");
}

/** Packs dist/extension/chrome (without the development "key") into `work`/extension.crx; returns {crx, id, version}. */
export function packCrx(work: string): { crx: string; id: string; version: string } {
  const stage = path.join(work, "extension");
  fs.cpSync(CHROME_EXTENSION_DIR, stage, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(stage, "manifest.json"), "utf8"));
  delete manifest.key;
  fs.writeFileSync(path.join(stage, "manifest.json"), JSON.stringify(manifest));
  const key = path.join(work, "key.pem");
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  fs.writeFileSync(key, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  execFileSync(
    CHROMIUM_BIN,
    ["--headless", "--no-sandbox", `--pack-extension=${stage}`, `--pack-extension-key=${key}`],
    {
      stdio: "pipe",
    },
  );
  const crx = `${stage}.crx`;
  if (!fs.existsSync(crx)) throw new Error(`chromium --pack-extension wrote no ${crx}`);
  return { crx, id: extensionIdOf(fs.readFileSync(key, "utf8")), version: manifest.version };
}

/** The update manifest format Chromium's extension updater reads (developer.chrome.com "Self-host for Linux"). */
export function updateManifest(id: string, version: string, crxUrl: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>
  <app appid='${id}'>
    <updatecheck codebase='${crxUrl}' version='${version}' />
  </app>
</gupdate>
`;
}

export interface UpdateServer {
  updateUrl: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves /update.xml and /bastionless.crx on 127.0.0.1. */
export async function serveUpdates(id: string, version: string, crx: string): Promise<UpdateServer> {
  const requests: string[] = [];
  let base = "";
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", base);
    requests.push(url.pathname);
    if (url.pathname === "/update.xml") {
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(updateManifest(id, version, `${base}/bastionless.crx`));
    } else if (url.pathname === "/bastionless.crx") {
      res.writeHead(200, { "content-type": "application/x-chrome-extension" });
      res.end(fs.readFileSync(crx));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    updateUrl: `${base}/update.xml`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** Writes one managed policy file; the returned function removes it and any folder it created. */
export function writeManagedPolicy(name: string, policy: object): () => void {
  return placeSystemFile(path.join(POLICY_DIR, name), JSON.stringify(policy, null, 2));
}

export interface DevtoolsChromium {
  /** Opens `url` in a new tab and evaluates `expression` there (awaiting a promise). */
  evaluateIn(url: string, expression: string): Promise<unknown>;
  /** Targets as DevTools lists them (type, url). */
  targets(): Promise<Array<{ type: string; url: string; webSocketDebuggerUrl: string }>>;
  close(): Promise<void>;
}

/**
 * Chromium started directly, with nothing but a profile folder and DevTools on a loopback port
 * (no automation defaults: Playwright's --disable-background-networking stops the extension
 * updater, and it does not attach to a service worker installed while it runs).
 */
export async function startChromiumDevtools(
  userDataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<DevtoolsChromium> {
  fs.mkdirSync(userDataDir, { recursive: true });
  const child = spawn(
    CHROMIUM_BIN,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-sync",
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      // DevTools refuses websocket clients from an origin it was not told about (Chromium 111+).
      "--remote-allow-origins=http://127.0.0.1",
      `--user-data-dir=${userDataDir}`,
      "about:blank",
    ],
    { env, stdio: "ignore" },
  );
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const portFile = path.join(userDataDir, "DevToolsActivePort");
  const port = await until("Chromium's DevToolsActivePort", () =>
    fs.existsSync(portFile) ? Number(fs.readFileSync(portFile, "utf8").split("\n")[0]) || null : null,
  );
  const targets = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/json/list`);
    return (await res.json()) as Array<{ type: string; url: string; webSocketDebuggerUrl: string }>;
  };
  return {
    targets,
    async evaluateIn(url, expression) {
      // /json/new opens a tab (Chromium wants PUT there) and answers with its DevTools target.
      const res = await fetch(`http://127.0.0.1:${port}/json/new?${url}`, { method: "PUT" });
      const target = (await res.json()) as { webSocketDebuggerUrl: string };
      const ws = new WebSocket(target.webSocketDebuggerUrl, { origin: "http://127.0.0.1" });
      await new Promise((r, j) => ws.once("open", r).once("error", j));
      try {
        let calls = 1;
        const replies = new Map<number, (m: any) => void>();
        ws.on("message", (d) => {
          const m = JSON.parse(d.toString());
          replies.get(m.id)?.(m);
        });
        const call = (id: number, method: string, params: object) =>
          new Promise<any>((r) => {
            replies.set(id, r);
            ws.send(JSON.stringify({ id, method, params }));
          });
        // The tab may still be loading the extension page: wait until its document is complete.
        await until("the extension page", async () => {
          const m = await call(++calls, "Runtime.evaluate", {
            expression: "document.readyState === 'complete' && typeof chrome?.runtime?.sendNativeMessage",
            returnByValue: true,
          });
          return m.result?.result?.value === "function";
        });
        const reply = call(1, "Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
        const m = await reply;
        if (m.result?.exceptionDetails)
          throw new Error(`evaluate threw: ${JSON.stringify(m.result.exceptionDetails)}`);
        return m.result?.result?.value;
      } finally {
        ws.close();
      }
    },
    async close() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
