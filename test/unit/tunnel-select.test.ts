/** `bastionless stop WHAT`: an id, an instance id or Name, or a local port; none or many is refused. */
import { expect, it } from "vitest";
import type { TunnelInfo } from "../../contract/tunnel-info";
import { matchTunnels, selectTunnel } from "../../native-host/src/cli/tunnel-select";

const t = (id: string, target: string, instanceName: string | null, localPort: number) =>
  ({ id, target, instanceName, localPort, remotePort: 3389, state: "open" }) as TunnelInfo;
const list = [
  t("aaaaaaaa", "i-0123456789abcdef0", "web", 13389),
  t("bbbbbbbb", "i-0123456789abcdef1", "web", 13390),
  t("cccccccc", "i-0123456789abcdef2", "13389", 13391),
];

it("matches by id first, then instance id, Name and local port", () => {
  expect(matchTunnels(list, "bbbbbbbb").map((x) => x.id)).toEqual(["bbbbbbbb"]);
  expect(matchTunnels(list, "i-0123456789abcdef2").map((x) => x.id)).toEqual(["cccccccc"]);
  expect(matchTunnels(list, "13390").map((x) => x.id)).toEqual(["bbbbbbbb"]);
  // A Name that is also a port number: both count, so the user is asked which.
  expect(matchTunnels(list, "13389").map((x) => x.id)).toEqual(["aaaaaaaa", "cccccccc"]);
});

it("refuses none with TUNNEL_NOT_FOUND and many with TUNNEL_AMBIGUOUS listing them", () => {
  expect(selectTunnel(list, "13390").id).toBe("bbbbbbbb");
  expect(() => selectTunnel(list, "db")).toThrow(
    expect.objectContaining({ code: "TUNNEL_NOT_FOUND", exitCode: 2 }),
  );
  expect(() => selectTunnel([], "db")).toThrow(/no tunnel is open/);
  let err: unknown;
  try {
    selectTunnel(list, "web");
  } catch (e) {
    err = e;
  }
  expect(err).toMatchObject({ code: "TUNNEL_AMBIGUOUS", exitCode: 2 });
  expect((err as Error).message).toContain("aaaaaaaa");
  expect((err as Error).message).toContain("bbbbbbbb");
  expect(() => selectTunnel(list, "a\nb")).toThrow(expect.objectContaining({ code: "USAGE" }));
});
