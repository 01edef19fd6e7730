/**
 * Whether a tunnel's instance is one an RDP client should be opened on (issue 11: "rdp to a Linux
 * instance gives no warning"). The platform is SSM's PlatformType from DescribeInstanceInformation
 * (Windows, Linux, MacOS); unknown (not reported yet, or not registered) is given the benefit.
 */
import type { TunnelInfo } from "../../../contract/tunnel-info";
import { TunnelError } from "../errors";

/** A warning for an instance SSM reports as not Windows; null when it is Windows or unknown. */
export function notWindowsWarning(
  t: Pick<TunnelInfo, "platformType" | "target" | "instanceName" | "localPort">,
): TunnelError | null {
  if (t.platformType === null || t.platformType === "Windows") return null;
  const who = t.instanceName ? `${t.instanceName} (${t.target})` : t.target;
  return new TunnelError(
    "RDP_TARGET_NOT_WINDOWS",
    `${who} runs ${t.platformType}, not Windows: no RDP client was opened.`,
    {
      hint: `The tunnel is open at 127.0.0.1:${t.localPort} if the instance serves RDP anyway (xrdp); \`bastionless forward\` suits other ports.`,
    },
  );
}
