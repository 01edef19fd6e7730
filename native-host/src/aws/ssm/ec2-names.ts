/**
 * EC2 Name tags for instance ids, best effort: many SSM-only roles may not call
 * ec2:DescribeTags, and the list is still useful without names. So any failure, and anything
 * slower than NAME_TIMEOUT_MS, yields no names instead of an error.
 */

import { INSTANCE_ID } from "../../../../contract/identifiers";
import type { Logger } from "../../config/log";
import { type AwsScope, clientConfig } from "./ssm-client";

/** Names are decoration; the instance list must not wait long for them. */
export const NAME_TIMEOUT_MS = 3_000;
/** EC2 accepts up to 200 values per filter (EC2 API reference, "Filtering"). */
const IDS_PER_CALL = 200;

export async function instanceNames(
  scope: AwsScope,
  ids: string[],
  log: Logger,
  timeoutMs = NAME_TIMEOUT_MS,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!ids.length) return names;
  const sdk = await import("@aws-sdk/client-ec2");
  const client = new sdk.EC2Client({ ...clientConfig(scope, "ec2"), maxAttempts: 1 });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
      const chunk = ids.slice(i, i + IDS_PER_CALL);
      const filters = [
        { Name: "resource-id", Values: chunk },
        { Name: "key", Values: ["Name"] },
      ];
      let nextToken: string | undefined;
      do {
        const out = await client.send(
          new sdk.DescribeTagsCommand({ Filters: filters, NextToken: nextToken }),
          { abortSignal: abort.signal },
        );
        for (const tag of out.Tags ?? []) {
          const id = tag.ResourceId;
          const value = tag.Value;
          if (
            tag.Key === "Name" &&
            id &&
            INSTANCE_ID.test(id) &&
            typeof value === "string" &&
            value.length <= 256 &&
            !/[\x00-\x1f\x7f]/.test(value)
          ) {
            names.set(id, value);
          }
        }
        nextToken = out.NextToken || undefined;
      } while (nextToken && !abort.signal.aborted);
    }
  } catch (err) {
    log.info("instance names unavailable (ec2:DescribeTags)", {
      error: { name: (err as Error)?.name, message: (err as Error)?.message },
    });
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
  return names;
}
