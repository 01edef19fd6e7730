/**
 * A running tunnel is bound to the account and role it started with (issue 11): when its profile
 * is rewritten with another role's keys, the next resume refuses them (TUNNEL_ACCOUNT_CHANGED),
 * the tunnel ends, and neither ResumeSession nor TerminateSession is called with the foreign keys.
 * The websocket drop that forces the resume is an explicit call on the fake Session Manager.
 */
import fs from "node:fs";
import { afterEach, expect, it } from "vitest";
import { subscribeTunnels } from "../support/tunnel-events";
import { RDP_ANY_PORT_ARGS, startTunnelWorld } from "../support/tunnel-world";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ROLE_A = "arn:aws:sts::123456789012:assumed-role/Admin/jane@contoso.example";
const ROLE_B = "arn:aws:sts::210987654321:assumed-role/Admin/jane@contoso.example";

it("resumes while the profile holds the same role, and ends with TUNNEL_ACCOUNT_CHANGED once it does not", async () => {
  const w = await startTunnelWorld();
  cleanups.push(() => w.close());
  const creds = w.sandbox.credentialsFile;
  // The profile as bastionless writes it: the keys, then whose they are.
  fs.appendFileSync(creds, `x_principal_arn = ${ROLE_A}\n`);
  const r = await w.cli(RDP_ANY_PORT_ARGS);
  expect(r.code, r.stderr).toBe(0);
  const t = JSON.parse(r.stdout);
  expect(t.roleArn).toBe("arn:aws:iam::123456789012:role/Admin");
  const events = await subscribeTunnels(w.env);
  cleanups.push(() => events.close());
  const calls = (action: string) => w.ssm.calls.filter((c) => c.action === action).length;

  // Same role: the drop is resumed.
  w.sessions.disconnect(t.sessionId);
  await events.next((e) => e.id === t.id && e.state === "reconnecting");
  await events.next((e) => e.id === t.id && e.state === "open");
  expect(calls("ResumeSession")).toBe(1);

  // Another account's keys under the same profile name (a sign-in through another tile).
  fs.writeFileSync(creds, fs.readFileSync(creds, "utf8").replace(ROLE_A, ROLE_B));
  w.sessions.disconnect(t.sessionId);
  const failed = await events.next((e) => e.id === t.id && e.state === "failed");
  expect(failed.lastError?.code).toBe("TUNNEL_ACCOUNT_CHANGED");
  expect(failed.lastError?.message).toContain("arn:aws:iam::210987654321:role/Admin");
  expect(failed.lastError?.message).toContain("arn:aws:iam::123456789012:role/Admin");
  expect(calls("ResumeSession")).toBe(1);
  expect(calls("TerminateSession")).toBe(0);
  expect(JSON.parse((await w.cli(["tunnels", "--json"])).stdout).tunnels).toEqual([]);
});

it("a second Connect after the profile changed account opens a new tunnel instead of reusing", async () => {
  const w = await startTunnelWorld();
  cleanups.push(() => w.close());
  const creds = w.sandbox.credentialsFile;
  fs.appendFileSync(creds, `x_principal_arn = ${ROLE_A}\n`);
  const first = JSON.parse((await w.cli(RDP_ANY_PORT_ARGS)).stdout);
  fs.writeFileSync(creds, fs.readFileSync(creds, "utf8").replace(ROLE_A, ROLE_B));
  const second = JSON.parse((await w.cli(RDP_ANY_PORT_ARGS)).stdout);
  expect(second.id).not.toBe(first.id);
  expect(second.accountId).toBe("210987654321");
});
