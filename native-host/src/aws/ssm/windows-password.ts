/**
 * The Administrator password of an EC2 Windows instance: EC2 GetPasswordData for the instance
 * (TARGET resolved as for `rdp`: an instance id, or the Name tag of exactly one managed instance),
 * decrypted here with the key pair's private key. The password is returned to the caller only:
 * never logged, never written to disk, never sent to the extension.
 */
import type { KeyObject } from "node:crypto";
import type { Logger } from "../../config/log";
import { AwsError, UsageError } from "../../errors";
import { decryptPassword } from "./password-decrypt";
import { type AwsScope, call, clientConfig, resolveRegion } from "./ssm-client";
import { listInstances } from "./ssm-instances";
import { parseTarget, pickTarget } from "./ssm-target";

/** Whose password EC2 keeps: the local Administrator's (EC2 User Guide, "Connect to your Windows instance"). */
export const EC2_PASSWORD_USER = "Administrator";

export interface WindowsPassword {
  instanceId: string;
  name: string | null;
  region: string;
  password: string;
  /** When EC2 says the password data was made (GetPasswordData Timestamp), ISO 8601; null when absent. */
  generatedAt: string | null;
}

/** Name → instance id through SSM as `rdp` does; an id is used as given. */
async function resolveInstance(
  scope: AwsScope,
  target: string,
  log: Logger,
): Promise<{ instanceId: string; name: string | null; region: string }> {
  const spec = parseTarget(target);
  if (spec.kind === "id")
    return { instanceId: spec.instanceId, name: null, region: await resolveRegion(scope) };
  const { region, instances } = await listInstances(scope, { log });
  const picked = pickTarget(spec, instances, scope.profile);
  return { instanceId: picked.instanceId, name: picked.name, region };
}

/** GetPasswordData's refusals in plain words; anything else goes through the shared SDK mapping. */
function passwordCallError(err: unknown, instanceId: string, profile: string): unknown {
  const name = (err as { name?: string })?.name ?? "";
  if (name === "InvalidInstanceID.NotFound" || name === "InvalidInstanceID.Malformed")
    return new AwsError("TARGET_NOT_FOUND", `EC2 has no instance ${instanceId} in this region.`, {
      hint: `Check the instance id and --region (\`bastionless instances --profile ${profile}\`).`,
      cause: err,
    });
  if (name === "UnauthorizedOperation")
    return new AwsError(
      "ACCESS_DENIED",
      `The role of profile "${profile}" may not call ec2:GetPasswordData for ${instanceId}.`,
      {
        hint: "Pick a role allowed ec2:GetPasswordData (--profile), or ask your AWS admin for it.",
        cause: err,
      },
    );
  return err;
}

export async function windowsPassword(
  scope: AwsScope,
  target: string,
  key: KeyObject,
  log: Logger,
): Promise<WindowsPassword> {
  const { instanceId, name, region } = await resolveInstance(scope, target, log);
  if (!instanceId.startsWith("i-"))
    throw new UsageError(
      "PASSWORD_NOT_EC2",
      `${instanceId} is a hybrid node registered with SSM, not an EC2 instance: EC2 keeps no password for it.`,
      { hint: "Use the password set on that machine." },
    );
  const sdk = await import("@aws-sdk/client-ec2");
  const client = new sdk.EC2Client(clientConfig({ ...scope, region }, "ec2"));
  try {
    const out = await call({ ...scope, region, action: "GetPasswordData" }, async () => {
      try {
        return await client.send(new sdk.GetPasswordDataCommand({ InstanceId: instanceId }));
      } catch (err) {
        throw passwordCallError(err, instanceId, scope.profile);
      }
    });
    log.info("password data received", { instanceId, empty: !out.PasswordData?.trim() });
    const password = await decryptPassword(key, out.PasswordData, instanceId);
    const at = out.Timestamp instanceof Date && !Number.isNaN(out.Timestamp.getTime()) ? out.Timestamp : null;
    return { instanceId, name, region, password, generatedAt: at ? at.toISOString() : null };
  } finally {
    client.destroy();
  }
}

/** The password for an open tunnel's instance, as its profile and region see it: for an RDP client's stdin. */
export async function tunnelPassword(
  tunnel: { profile: string; region: string; target: string },
  key: KeyObject,
  log: Logger,
): Promise<string> {
  return (await windowsPassword({ profile: tunnel.profile, region: tunnel.region }, tunnel.target, key, log))
    .password;
}
