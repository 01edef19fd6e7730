/**
 * Which instance a connection reaches (docs/connections.md, "Target"). An instance id or Name
 * goes to the tunnel service as it is (it resolves names itself); a tag filter, and any target of
 * an ssh connection (ssh needs a host name it can put in ProxyCommand's %h), is looked up here.
 * A tag filter means "any of these": the online instance with the lowest id, so every user of a
 * team file lands on the same one while it is up.
 */
import type { Connection } from "../../../contract/connection";
import type { InstanceInfo } from "../../../contract/domain";
import { parseTarget, pickTarget } from "../aws/ssm/ssm-target";
import { AwsError } from "../errors";

/** Lists SSM-managed instances of the profile (all platforms), only those with `tags` when given. */
export type FindInstances = (tags: Record<string, string> | null) => Promise<InstanceInfo[]>;

const tagText = (tags: Record<string, string>) =>
  Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

/** The instance id (or, for tunnel kinds, the Name) to hand on. */
export async function targetFor(c: Connection, profile: string, find: FindInstances): Promise<string> {
  const t = c.target;
  if (t.by === "instance") {
    const spec = parseTarget(t.value);
    if (spec.kind === "id" || c.kind !== "ssh") return spec.kind === "id" ? spec.instanceId : t.value;
    return pickTarget(spec, await find(null), profile).instanceId;
  }
  const found = (await find(t.tags)).sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  const online = found.find((i) => i.pingStatus === "Online");
  if (online) return online.instanceId;
  if (found.length)
    throw new AwsError(
      "TARGET_NOT_CONNECTED",
      `No instance tagged ${tagText(t.tags)} is online (${found.map((i) => `${i.instanceId} ${i.pingStatus}`).join(", ")}).`,
      {
        hint: "Start one of them, or wait for its SSM agent to come online.",
      },
    );
  throw new AwsError(
    "TARGET_NOT_FOUND",
    `No SSM-managed instance is tagged ${tagText(t.tags)} for profile ${profile}.`,
    {
      hint: `Check the tags in ${c.file}:${c.line}, and \`bastionless instances --profile ${profile} --all-platforms\`.`,
    },
  );
}
