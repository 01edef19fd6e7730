/**
 * The whole CLI journey against one fake AWS: assume from an Entra-shaped assertion, list the
 * instances with the credentials STS issued (SigV4 checked against them), open a tunnel with
 * `rdp --no-launch`, send bytes through it, and stop it.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeAws, startFakeAws } from "../fakes/aws";
import { makeSamlResponse, role } from "../fixtures/saml";
import { echoThrough, startEchoServer } from "../support/echo";
import { HOST_BUNDLE } from "../support/host-process";
import { makeSandbox, type Sandbox } from "../support/sandbox";

const run = promisify(execFile);
let aws: FakeAws;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let box: Sandbox;
const cli = (args: string[]) =>
  run(process.execPath, [HOST_BUNDLE, ...args], { env: { ...box.env, ...aws.env } });

beforeAll(async () => {
  echo = await startEchoServer();
  aws = await startFakeAws({
    sts: { accountAliases: { "123456789012": "contoso-prod" } },
    instances: [
      {
        instanceId: "i-0abc1234def567890",
        name: "win-app-01",
        platformType: "Windows",
        destination: { host: "127.0.0.1", port: echo.port },
      },
      { instanceId: "i-0fff1234def567890", name: "linux-box", platformType: "Linux" },
    ],
  });
  box = makeSandbox();
});

afterAll(async () => {
  await cli(["stop", "--all"]).catch(() => {});
  await aws?.close();
  await echo?.close();
  box?.cleanup();
});

describe("CLI journey on the fake AWS", () => {
  it("assumes, lists, tunnels, stops", async () => {
    const saml = path.join(box.dir, "saml.b64");
    fs.writeFileSync(saml, makeSamlResponse({ roles: [role("123456789012", "Admin")] }).base64);
    const assumed = JSON.parse(
      (
        await cli([
          "assume",
          "--saml-file",
          saml,
          "--profile-template",
          "{account}",
          "--region",
          "eu-west-1",
          "--json",
        ])
      ).stdout,
    );
    expect(assumed.profiles[0]).toMatchObject({ profile: "contoso-prod", region: "eu-west-1" });
    fs.rmSync(saml);

    const listed = JSON.parse((await cli(["instances", "--profile", "contoso-prod", "--json"])).stdout);
    expect(listed.instances.map((i: { instanceId: string }) => i.instanceId)).toEqual([
      "i-0abc1234def567890",
    ]);
    const akid = aws.stsCalls.find((c) => c.credentials)?.credentials?.accessKeyId;
    expect(aws.ssm.calls.every((c) => c.accessKeyId === akid && c.hadSessionToken)).toBe(true);

    const opened = JSON.parse(
      (await cli(["rdp", "win-app-01", "--profile", "contoso-prod", "--no-launch", "--json"])).stdout,
    );
    expect(opened.state).toBe("open");
    expect(opened.localPort).toBeGreaterThanOrEqual(13389);
    const payload = "through the tunnel ".repeat(1000);
    expect(await echoThrough(opened.localPort, payload)).toBe(payload);

    const tunnels = JSON.parse((await cli(["tunnels", "--json"])).stdout);
    expect(tunnels.tunnels.map((t: { id: string }) => t.id)).toContain(opened.id);
    // The account by the name learned at sign-in (issue 11), in JSON and in the table.
    expect(opened).toMatchObject({ accountId: "123456789012", accountAlias: "contoso-prod" });
    expect((await cli(["tunnels"])).stdout).toContain("contoso-prod (123456789012)");
    await cli(["stop", opened.id]);
    const after = JSON.parse((await cli(["tunnels", "--json"])).stdout);
    expect(after.tunnels.filter((t: { state: string }) => t.state === "open")).toEqual([]);
    expect(aws.sessionManager.session(opened.sessionId)?.terminated).toBe(true);
  });
});
