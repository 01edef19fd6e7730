/**
 * `bastionless login` (issue 12) with the real native host writing the sources and the profiles.
 * The browser is played by this test: the opener found on PATH is a script that records the URL
 * it was given (integration level; the real-browser end to end is the extension's e2e).
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeSamlResponse } from "../fixtures/saml";
import { allowCaller, HostProcess, TEST_ORIGIN } from "../support/host-process";
import { until } from "../support/until";
import { runCli } from "./assume-run-cli";
import { ADMIN, world } from "./assume-world";

const hosts: HostProcess[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});
const LAUNCH =
  "https://launcher.myapps.microsoft.com/api/signin/2b0e1c4a-1111-4222-8333-444455556666?tenantId=contoso.onmicrosoft.com";

describe("bastionless login", () => {
  it("says no source is known yet, exit 2", async () => {
    const { sb } = await world();
    const r = await runCli(["login"], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/knows no sign-in source yet/);
  });

  it("opens the source's launch URL and lists the profiles the sign-in wrote", async () => {
    const { sb } = await world();
    const bin = path.join(sb.dir, "bin");
    const opened = path.join(sb.dir, "opened.txt");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "xdg-open"), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, {
      mode: 0o700,
    });
    const env = allowCaller({ ...sb.env, PATH: `${bin}:${sb.env.PATH}` });
    const host = new HostProcess([TEST_ORIGIN], env);
    hosts.push(host);
    await host.request(1, "renewal.sources.set", {
      sources: [{ id: "contoso", name: "Contoso", launchUrl: LAUNCH, renew: false }],
    });
    const file = path.join(env.BASTIONLESS_CONFIG_DIR!, "sign-in-sources.json");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const cli = runCli(["login", "--source", "Contoso", "--timeout", "3600"], env, { timeoutMs: null });
    await until(
      "the browser opener",
      () => fs.existsSync(opened) && fs.readFileSync(opened, "utf8").length > 0,
    );
    expect(fs.readFileSync(opened, "utf8")).toBe(LAUNCH);
    // The extension's part: the captured sign-in, written with its source.
    const r1 = await host.request(2, "credentials.assume", {
      samlResponse: makeSamlResponse({ roles: [ADMIN] }).base64,
      profile: "work",
      sourceId: "contoso",
    });
    expect(r1.ok, JSON.stringify(r1)).toBe(true);
    const r = await cli;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Profile work: arn:aws:iam::111122223333:role\/Admin, expires /);

    // --json: the same answer as an object, for scripts.
    fs.rmSync(opened);
    const json = runCli(["login", "--source", "Contoso", "--json", "--timeout", "3600"], env, {
      timeoutMs: null,
    });
    await until("the browser opener again", () => fs.existsSync(opened));
    const r2 = await host.request(3, "credentials.assume", {
      samlResponse: makeSamlResponse({ roles: [ADMIN] }).base64,
      profile: "work",
      sourceId: "contoso",
    });
    expect(r2.ok, JSON.stringify(r2)).toBe(true);
    const j = await json;
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({
      source: "Contoso",
      profiles: [{ profile: "work", roleArn: "arn:aws:iam::111122223333:role/Admin" }],
    });
  });

  it("refuses a source name it does not know, naming the known ones", async () => {
    const { sb } = await world();
    const host = new HostProcess([TEST_ORIGIN], allowCaller(sb.env));
    hosts.push(host);
    await host.request(1, "renewal.sources.set", {
      sources: [{ id: "contoso", name: "Contoso", launchUrl: LAUNCH, renew: false }],
    });
    const r = await runCli(["login", "--source", "Fabrikam"], sb.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Known sources: Contoso/);
  });
});
