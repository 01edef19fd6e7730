/** --max-upload-rate (README `rdp`/`forward`): parsed at the CLI, checked again at the service. */
import { describe, expect, it } from "vitest";
import { awsSettingsFromEnv } from "../../native-host/src/aws/sdk/aws-settings";
import { startParams, uploadRateOf } from "../../native-host/src/cli/tunnel-request";
import { UsageError } from "../../native-host/src/errors";
import { OP_PARAM_CHECKS } from "../../native-host/src/tunnel/service/ipc/ipc-messages";

// No AWS config of the machine running the tests reaches the request.
const env = { HOME: "/nonexistent" };
const to = { target: "i-0123456789abcdef0", remotePort: 3389, localPort: 0 };

describe("--max-upload-rate", () => {
  it.each([
    ["200k", 200_000],
    ["1.5M", 1_500_000],
    ["150000", 150_000],
    ["10K", 10_000],
  ])("reads %s as %d bytes per second", (flag, rate) => {
    expect(uploadRateOf(flag, "builtin")).toBe(rate);
    expect(startParams({ profile: "p", "max-upload-rate": flag }, env, "u", to).maxUploadRate).toBe(rate);
  });

  it.each(["", "fast", "-5k", "9k", "1e6", "20G", "1.5MB"])("refuses %j with a usage error", (flag) => {
    expect(() => uploadRateOf(flag, "builtin")).toThrow(UsageError);
  });

  it("is for the built-in engine only", () => {
    expect(() =>
      startParams({ profile: "p", engine: "plugin", "max-upload-rate": "1M" }, env, "u", to),
    ).toThrow(/built-in engine only/);
  });

  it("is absent from the request when not given, and checked by the service when present", () => {
    expect(startParams({ profile: "p" }, env, "u", to)).not.toHaveProperty("maxUploadRate");
    const base = { profile: "p", target: to.target, remotePort: 3389, settings: awsSettingsFromEnv(env) };
    expect(OP_PARAM_CHECKS.start({ ...base, maxUploadRate: 200_000 }).maxUploadRate).toBe(200_000);
    expect(() => OP_PARAM_CHECKS.start({ ...base, maxUploadRate: 5 })).toThrow();
    expect(() => OP_PARAM_CHECKS.start({ ...base, maxUploadRate: "1M" })).toThrow();
  });
});
