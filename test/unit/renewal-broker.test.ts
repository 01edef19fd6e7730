/**
 * The tunnel service's renewal broker (issue 12, docs/renewal.md): requests reach every listening
 * native host, the first report goes back to the asker only, nobody listening is said at once.
 */
import { expect, it } from "vitest";
import type { BastionlessError } from "../../native-host/src/errors";
import { RenewalBroker } from "../../native-host/src/tunnel/service/server/renewal-broker";

function broker() {
  const sent: Array<[string, Record<string, unknown>]> = [];
  let n = 0;
  const b = new RenewalBroker<string>(
    (conn, event) => sent.push([conn, event as unknown as Record<string, unknown>]),
    () => (++n).toString(16).padStart(32, "0"),
  );
  return { b, sent };
}
const ask = { profile: "dev", sourceId: "src-1", reason: "expiring" };

it("refuses a request when no browser listens, with RENEWAL_NO_BROWSER", () => {
  const { b, sent } = broker();
  let err: unknown;
  try {
    b.request(ask, "cli");
  } catch (e) {
    err = e;
  }
  expect((err as BastionlessError).code).toBe("RENEWAL_NO_BROWSER");
  expect(sent).toEqual([]);
});

it("sends the request to every listener and the report to the asker only, once", () => {
  const { b, sent } = broker();
  b.listen("hostA");
  b.listen("hostB");
  const { requestId, listeners } = b.request(ask, "cli");
  expect(listeners).toBe(2);
  expect(sent.map(([c, e]) => [c, e.event, e.requestId])).toEqual([
    ["hostA", "renewal.requested", requestId],
    ["hostB", "renewal.requested", requestId],
  ]);
  sent.length = 0;
  b.report({ requestId, outcome: "interaction-required", message: "MFA" });
  b.report({ requestId, outcome: "renewed" });
  expect(sent).toEqual([
    ["cli", { event: "renewal.reported", requestId, outcome: "interaction-required", message: "MFA" }],
  ]);
});

it("forgets a listener or an asker whose connection closed", () => {
  const { b, sent } = broker();
  b.listen("host");
  const { requestId } = b.request(ask, "cli");
  b.closed("cli");
  b.report({ requestId, outcome: "renewed" });
  expect(sent.filter(([c]) => c === "cli")).toEqual([]);
  b.closed("host");
  expect(b.listening).toBe(0);
  expect(() => b.request(ask, "cli")).toThrow(/No browser/);
});
