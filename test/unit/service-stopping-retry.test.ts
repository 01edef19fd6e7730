import { describe, expect, it } from "vitest";
import { TunnelError } from "../../native-host/src/errors";
import { onceMoreIfStopping } from "../../native-host/src/tunnel/service/client/ensure-service";

const stopping = () => new TunnelError("SERVICE_STOPPING", "The tunnel service is shutting down.");

describe("onceMoreIfStopping", () => {
  it("tries once more when the service was stopping, and returns that answer", async () => {
    let calls = 0;
    const r = await onceMoreIfStopping(async () => {
      calls++;
      if (calls === 1) throw stopping();
      return "fresh";
    });
    expect([r, calls]).toEqual(["fresh", 2]);
  });

  it("tries only once more", async () => {
    let calls = 0;
    const r = onceMoreIfStopping(async () => {
      calls++;
      throw stopping();
    });
    await expect(r).rejects.toMatchObject({ code: "SERVICE_STOPPING" });
    expect(calls).toBe(2);
  });

  it("passes any other error straight on", async () => {
    let calls = 0;
    const r = onceMoreIfStopping(async () => {
      calls++;
      throw new TunnelError("TUNNEL_START_FAILED", "no");
    });
    await expect(r).rejects.toMatchObject({ code: "TUNNEL_START_FAILED" });
    expect(calls).toBe(1);
  });
});
