/** Reading the holder of a local port from /proc/net/tcp, lsof, netstat and tasklist (issue 11). */
import { expect, it } from "vitest";
import {
  holderText,
  listeningInodes,
  parseLsof,
  parseNetstat,
  parseTasklist,
} from "../../native-host/src/platform/port-holder-parse";

it("finds the listening sockets of a port in /proc/net/tcp and tcp6, not its connections", () => {
  const tcp = [
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
    "   0: 0100007F:344D 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0000000000000000 100 0 0 10 0",
    "   1: 0100007F:344D 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4712 1 0000000000000000 20 4 30 10 -1",
    "   2: 0100007F:344E 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4713 1 0000000000000000 100 0 0 10 0",
  ].join("\n");
  expect(listeningInodes(tcp, 13389)).toEqual(["4711"]);
  const tcp6 =
    "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
    "   0: 00000000000000000000000001000000:344D 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 99 1 0 100 0 0 10 0\n";
  expect(listeningInodes(tcp6, 13389)).toEqual(["99"]);
  expect(listeningInodes(tcp, 80)).toEqual([]);
});

it("reads lsof, netstat and tasklist output", () => {
  expect(
    parseLsof(
      "COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\nnginx\\x20w 812 jane    6u  IPv4 0x1      0t0  TCP 127.0.0.1:13389 (LISTEN)\n",
    ),
  ).toEqual({ name: "nginx w", pid: 812 });
  expect(parseLsof("")).toBeNull();
  const netstat = [
    "Active Connections",
    "  Proto  Local Address          Foreign Address        State           PID",
    "  TCP    127.0.0.1:13389        127.0.0.1:50000        ESTABLISHED     4",
    "  TCP    127.0.0.1:133890       0.0.0.0:0              LISTENING       5",
    "  TCP    127.0.0.1:13389        0.0.0.0:0              LISTENING       1234",
  ].join("\r\n");
  expect(parseNetstat(netstat, 13389)).toBe(1234);
  expect(parseNetstat(netstat, 3389)).toBeNull();
  expect(parseTasklist('"mstsc.exe","1234","Console","1","12,345 K"\r\n')).toBe("mstsc.exe");
  expect(parseTasklist("INFO: No tasks are running which match the specified criteria.")).toBeNull();
  expect(holderText({ pid: 7, name: null })).toBe("pid 7");
  expect(holderText({ pid: 7, name: "node" })).toBe("node (pid 7)");
});
