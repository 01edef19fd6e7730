/**
 * `npm run bench`: runs every bench module, prints one table, and writes bench/results.json.
 * Each module measures something against a reference taken in the same run (node -e 0, a direct
 * loopback copy, …) so the figures can be read on any machine as ratios.
 */
// The SDK warns on Node 20 about its future Node 22 requirement; the figures need no such noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchModule, BenchResult } from "./types";

const MODULES: Record<string, () => Promise<{ default: BenchModule }>> = {
  "host-startup": () => import("./host-startup"),
  assume: () => import("./assume"),
  "credential-process": () => import("./credential-process"),
  "tunnel-throughput": () => import("./tunnel-throughput"),
  "tunnel-faults": () => import("./tunnel-faults"),
  connect: () => import("./connect"),
  "service-memory": () => import("./service-memory"),
  "browser-capture": () => import("./browser-capture"),
  "rdp-browser-tab": () => import("./rdp-browser-tab"),
  "rdp-tab-fps": () => import("./rdp-tab-fps"),
  renewal: () => import("./renewal"),
  "ssh-proxy": () => import("./ssh-proxy"),
};

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: BenchResult[] = [];
  for (const [name, load] of Object.entries(MODULES)) {
    if (only.length && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name} …\n`);
    const mod = (await load()).default;
    results.push(...(await mod.run()));
  }
  const rows = results.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.reference ? `${r.reference.name}: ${fmt(r.reference.value)} ${r.reference.unit ?? r.unit}` : "",
    r.reference?.value ? `${fmt(r.value / r.reference.value)}×` : "",
    r.target ?? "",
  ]);
  const head = ["measure", "value", "reference (same run)", "ratio", "target"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log([line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
  const out = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    results,
  };
  fs.mkdirSync(path.join(__dirname, "../../bench"), { recursive: true });
  fs.writeFileSync(path.join(__dirname, "../../bench/results.json"), `${JSON.stringify(out, null, 2)}\n`);
  console.log("\nwritten: bench/results.json");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
