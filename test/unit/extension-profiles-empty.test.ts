import { describe, expect, it } from "vitest";
import { emptyText } from "../../extension/src/popup/panels/profiles-panel";
import { INITIAL_STATE, type State } from "../../extension/src/shared/state";

const at = (over: Partial<State>): State => ({ ...INITIAL_STATE, ...over });
const ok = { ...INITIAL_STATE.host, state: "ok" as const };
const timedOut = {
  code: "HOST_TIMEOUT",
  message: "The helper did not answer.",
  hint: null,
  command: null,
  at: 1,
};

describe("the profiles table when empty", () => {
  it("says Loading while the first list is on its way", () => {
    expect(emptyText(at({}))).toBe("Loading profiles…");
    expect(emptyText(at({ host: ok, busy: ["profiles"] }))).toBe("Loading profiles…");
    expect(emptyText(at({ host: ok, busy: ["profiles"], error: timedOut }))).toBe("Loading profiles…");
  });

  it("points at the error when the first list failed with the helper still up", () => {
    expect(emptyText(at({ host: ok, error: timedOut }))).toBe(
      "The profiles could not be read; the message above says why.",
    );
  });

  it("waits for the helper when it is missing, and says none once a list came", () => {
    expect(emptyText(at({ host: { ...ok, state: "missing" } }))).toBe(
      "Shown once the helper works (see above).",
    );
    expect(emptyText(at({ host: ok, profilesAt: 5 }))).toBe(
      "None yet. Profiles appear here after a sign-in.",
    );
  });
});
