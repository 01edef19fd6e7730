/**
 * `bastionless connect NAME -- …` for a saved ssh connection (issue 13), end to end: the built
 * host starts the real OpenSSH client from PATH, which runs `bastionless ssh-proxy` as its
 * ProxyCommand (profile in its environment), over AWS-StartSSHSession through the fake SSM and
 * agent, to a real sshd; key auth and the host key come from ssh options given after `--`
 * (ssh reads ~/.ssh/config from the passwd entry, not $HOME, so a sandbox HOME cannot give them).
 * Under CI=true a missing sshd fails the test.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SSH, SSHD, type Sshd, startSshd } from "../support/sshd";
import { startTunnelWorld, type TunnelWorld } from "../support/tunnel-world";

const haveSshd = fs.existsSync(SSHD) && fs.existsSync(SSH);
const BUILD_1 = "i-0fedcba9876543210";
const worlds: TunnelWorld[] = [];
const servers: Sshd[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
  for (const s of servers.splice(0)) await s.close();
});

describe("bastionless connect, ssh", () => {
  it("is installed for this test (CI must have openssh-server and openssh-client)", () => {
    if (process.env.CI === "true")
      expect(haveSshd, `${SSHD} and ${SSH} (apt-get install openssh-server)`).toBe(true);
  });

  it.skipIf(!haveSshd && process.env.CI !== "true")(
    "runs the real ssh through ssh-proxy to a real sshd: the remote command's output, exit 0, and its exit code",
    async () => {
      const sshd = await startSshd();
      servers.push(sshd);
      const w = await startTunnelWorld({
        instances: [
          {
            instanceId: BUILD_1,
            name: "build-1",
            platformType: "Linux",
            ports: { 22: { host: "127.0.0.1", port: sshd.port } },
          },
        ],
      });
      worlds.push(w);
      fs.mkdirSync(w.env.BASTIONLESS_CONFIG_DIR!, { recursive: true, mode: 0o700 });
      fs.writeFileSync(
        path.join(w.env.BASTIONLESS_CONFIG_DIR!, "connections.json"),
        JSON.stringify({
          version: 1,
          connections: [
            { name: "build-1", profile: "rdp-test", target: "build-1", kind: "ssh", user: sshd.user },
          ],
        }),
      );
      const known = path.join(sshd.dir, "known_hosts");
      fs.writeFileSync(known, sshd.knownHostsLine(BUILD_1));
      const sshOptions = [
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
      ];
      // ssh from /usr/bin, nothing else on PATH: the ProxyCommand names bastionless by its path.
      const env = { PATH: path.dirname(SSH) };
      const r = await w.cli(["connect", "build-1", "--", ...sshOptions, "echo via-connect; uname -s"], env);
      expect(r.stderr).not.toMatch(/error|denied|refused/i);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe("via-connect\nLinux\n");
      const startCalls = w.ssm.calls.filter((c) => c.action === "StartSession");
      expect(startCalls.map((c) => c.body)).toEqual([
        expect.objectContaining({
          Target: BUILD_1,
          DocumentName: "AWS-StartSSHSession",
          Parameters: { portNumber: ["22"] },
        }),
      ]);
      // ssh's exit code is connect's: a failing remote command.
      const failed = await w.cli(["connect", "build-1", "--", ...sshOptions, "exit 7"], env);
      expect(failed.code, failed.stderr).toBe(7);
      expect(w.ssm.calls.filter((c) => c.action === "StartSession")).toHaveLength(2);
    },
  );
});
