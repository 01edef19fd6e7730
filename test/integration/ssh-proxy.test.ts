/**
 * `bastionless ssh-proxy` (issue 13): the real OpenSSH client, through `ssh -o ProxyCommand=…`
 * running the built host, over AWS-StartSSHSession to a real sshd behind the fake agent, with a
 * key made by the test; a command's output is checked. Under CI=true a missing sshd fails the test.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HOST_BUNDLE } from "../support/host-process";
import { SSH, SSHD, type Sshd, startSshd } from "../support/sshd";
import { RDP_INSTANCE, startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const haveSshd = fs.existsSync(SSHD) && fs.existsSync(SSH);
const worlds: TunnelWorld[] = [];
const servers: Sshd[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const s of servers.splice(0)) await s.close();
});

function ssh(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(SSH, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    c.stdout.on("data", (d) => (stdout += d));
    c.stderr.on("data", (d) => (stderr += d));
    c.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("bastionless ssh-proxy", () => {
  it("is installed for this test (CI must have openssh-server and openssh-client)", () => {
    if (process.env.CI === "true")
      expect(haveSshd, `${SSHD} and ${SSH} (apt-get install openssh-server)`).toBe(true);
  });

  it.skipIf(!haveSshd && process.env.CI !== "true")(
    "carries the real ssh client to a real sshd behind the agent: key auth, a command's output",
    async () => {
      const sshd = await startSshd();
      servers.push(sshd);
      const w = await startTunnelWorld({
        instances: [
          {
            instanceId: RDP_INSTANCE,
            name: "linux-1",
            platformType: "Linux",
            ports: { 22: { host: "127.0.0.1", port: sshd.port } },
          },
        ],
      });
      worlds.push(w);
      const known = path.join(sshd.dir, "known_hosts");
      fs.writeFileSync(known, sshd.knownHostsLine(RDP_INSTANCE));
      const proxy = `${process.execPath} ${HOST_BUNDLE} ssh-proxy %h --port %p --profile rdp-test`;
      const r = await ssh(
        [
          "-F",
          "/dev/null",
          "-i",
          sshd.userKey,
          "-o",
          "IdentitiesOnly=yes",
          "-o",
          "BatchMode=yes",
          "-o",
          `UserKnownHostsFile=${known}`,
          "-o",
          "StrictHostKeyChecking=yes",
          "-o",
          `ProxyCommand=${proxy}`,
          "-p",
          "22",
          `${sshd.user}@${RDP_INSTANCE}`,
          "echo through-session-manager; uname -s",
        ],
        w.env,
      );
      expect(r.stderr).not.toMatch(/error|denied/i);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe("through-session-manager\nLinux\n");
      const start = w.ssm.calls.find((c) => c.action === "StartSession")!.body;
      expect(start).toMatchObject({
        DocumentName: "AWS-StartSSHSession",
        Parameters: { portNumber: ["22"] },
      });
      // The session ends with the connection: sshd closed it (the agent ends the session,
      // port_basic.go) or ssh closed our stdin first (TerminateSession flag).
      const info = w.sessions.session([...w.ssm.state.sessions.keys()][0]!)!;
      expect(info.mode).toBe("basic");
      while (info.state !== "ended") await new Promise((r) => setTimeout(r, 20));
      expect(["flag", "destination-closed"]).toContain(info.endedBy);
    },
  );
});
