import { expect, it } from "vitest";
import { ValidationIssue } from "../../contract/validate";
import { connectionQuery, instanceQuery, tabTarget } from "../../extension/src/rdp-tab/tab-target";

const q = (s: string) => new URLSearchParams(s);

it("a tunnel row's tab names the open tunnel", () => {
  expect(tabTarget(q("tunnel=t-1&name=box"))).toEqual({ kind: "tunnel", tunnelId: "t-1" });
});

it("Open in browser beside Connect becomes tunnel.start to 3389 with no client launched", () => {
  const query = instanceQuery("i-0123456789abcdef0", "dev-admin", "eu-west-1", "web 01");
  expect(tabTarget(q(query))).toEqual({
    kind: "instance",
    start: {
      profile: "dev-admin",
      region: "eu-west-1",
      target: "i-0123456789abcdef0",
      remotePort: 3389,
      localPort: undefined,
      launch: false,
    },
  });
  const noRegion = tabTarget(q(instanceQuery("i-0123456789abcdef0", "dev-admin", null, "x")));
  expect(noRegion.kind === "instance" && noRegion.start.region).toBeUndefined();
});

it("Open in browser on a saved RDP connection becomes connection.open with no client launched", () => {
  expect(tabTarget(q(connectionQuery("jump-rdp")))).toEqual({
    kind: "connection",
    open: { name: "jump-rdp", launch: false },
  });
});

it.each([
  ["", "tunnel"],
  ["connection=a%20b", "params.name"],
  ["connection=", "params.name"],
  ["tunnel=../x", "tunnel"],
  ["instance=i-0123456789abcdef0", "params.profile"],
  ["instance=i-0123456789abcdef0&profile=a%20b%0a", "params.profile"],
  ["instance=i-0123456789abcdef0&profile=dev&region=EU", "params.region"],
  ["instance=%0a&profile=dev", "params.target"],
])("refuses %j, naming %s", (search, field) => {
  expect(() => tabTarget(q(search))).toThrow(ValidationIssue);
  expect(() => tabTarget(q(search))).toThrow(field);
});
