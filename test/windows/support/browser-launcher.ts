/**
 * Starts an installed host as a browser does on Windows, under Wine: browser-launch.cjs run by
 * Windows Node in the box (Chrome through cmd.exe and named pipes, Firefox directly).
 */
import fs from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { windowsNode } from "./windows-tier";
import { type WineBox, winPath } from "./wine";

export interface Launch {
  commandLine: string;
  exitCode: number | null;
  /** Every frame the host wrote, in order. */
  replies: any[];
}

export class BrowserLauncher {
  private readonly node: string;
  private readonly script: string;
  private launches = 0;

  constructor(private readonly box: WineBox) {
    this.node = winPath(path.join(box.dir, "node.exe"));
    fs.copyFileSync(windowsNode(), box.unixPath(this.node));
    this.script = path.join(box.dir, "browser-launch.cjs");
    fs.copyFileSync(path.join(__dirname, "browser-launch.cjs"), this.script);
  }

  /**
   * Starts `host` as `mode`'s browser would with `caller` (Chrome: the origin; Firefox: "MANIFEST,ID"),
   * sends `requests`, closes its input once each has its reply, and returns what happened.
   */
  async launch(
    mode: "chrome" | "firefox",
    host: string,
    caller: string,
    requests: unknown[],
    env: NodeJS.ProcessEnv = {},
  ): Promise<Launch> {
    const n = ++this.launches;
    const requestsFile = path.join(this.box.dir, `requests-${n}.json`);
    const resultFile = path.join(this.box.dir, `result-${n}.json`);
    fs.writeFileSync(requestsFile, JSON.stringify(requests));
    const args = [winPath(this.script), mode, host, caller, winPath(requestsFile), winPath(resultFile)];
    const r = await this.box.run(this.node, args, env);
    expect(r.code, `browser-launch: ${r.stdout}${r.stderr}`).toBe(0);
    return JSON.parse(fs.readFileSync(resultFile, "utf8"));
  }
}
