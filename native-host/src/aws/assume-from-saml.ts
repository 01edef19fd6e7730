/**
 * The product's core path (design §1 step 3): a SAML response in, AWS CLI profiles out. Reads the
 * assertion, picks the roles, assumes them concurrently with AssumeRoleWithSAML, names the
 * profiles (looking up account aliases when names come from accounts, and keeping them to show
 * later), and writes the
 * credentials and config files. Shared by `bastionless assume` and credentials.assume.
 */

import type { Partition, RoleChoice, RoleFailure, WrittenProfile } from "../../../contract/domain";
import type { RequestParams } from "../../../contract/requests";
import type { Logger } from "../config/log";
import { toBastionlessError } from "../errors";
import { inspectSaml } from "../saml/inspect-saml";
import { rememberAccountNames } from "./files/account-names";
import { type CredentialCache, updateCache } from "./files/credential-cache";
import { readConfig, regionOf } from "./files/profile-files";
import { namesFromAccounts, planProfileNames } from "./files/profile-names";
import { checkWritable, type WriteOutcome, writeOwnedProfiles } from "./files/write-owned-profiles";
import { accountAlias } from "./sts/account-alias";
import { type AssumedRole, assumeRoleWithSaml, createStsClient } from "./sts/assume-role-with-saml";
import { profileRegion, stsRegion } from "./sts/region";
import { selectRoles } from "./sts/select-roles";
import { DEFAULT_DURATION } from "./sts/session-duration";

/** The same request over native messaging and from the CLI. */
export type AssumeRequest = RequestParams["credentials.assume"];

export interface AssumeOutcome {
  profiles: WrittenProfile[];
  failed: RoleFailure[];
}

/** STS calls in flight at once; "all roles" can be dozens. */
const CONCURRENCY = 8;

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const out: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      out[i] = await fn(items[i]!).then(
        (value) => ({ status: "fulfilled", value }) as const,
        (reason) => ({ status: "rejected", reason }) as const,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function aliasesFor(
  partition: Partition,
  done: readonly Assumed[],
): Promise<Map<string, string | null>> {
  const firstPerAccount = new Map<string, AssumedRole>();
  for (const d of done)
    if (!firstPerAccount.has(d.role.accountId)) firstPerAccount.set(d.role.accountId, d.creds);
  const entries = await Promise.all(
    [...firstPerAccount].map(async ([id, creds]) => [id, await accountAlias(partition, creds)] as const),
  );
  return new Map(entries);
}

interface Assumed {
  role: RoleChoice;
  creds: AssumedRole;
}

/** Every role against one STS client; results kept in role order, failures kept as coded errors. */
async function assumeAll(roles: readonly RoleChoice[], region: string, assertion: string, duration: number) {
  const client = await createStsClient(region);
  const settled = await mapLimited(roles, CONCURRENCY, (r) =>
    assumeRoleWithSaml(client, r, assertion, duration),
  ).finally(() => client.destroy());
  const done: Assumed[] = [];
  const failed: RoleFailure[] = [];
  settled.forEach((s, i) => {
    const role = roles[i]!;
    if (s.status === "fulfilled") done.push({ role, creds: s.value });
    else failed.push({ roleArn: role.roleArn, error: toBastionlessError(s.reason).toJSON() });
  });
  if (!done.length) throw toBastionlessError((settled[0] as PromiseRejectedResult).reason);
  return { done, failed };
}

type Written = WriteOutcome<Assumed & { profile: string; region: string }>["written"][number];

function toWrittenProfile({ role, creds, profile, region, backup }: Written): WrittenProfile {
  return {
    profile,
    roleArn: role.roleArn,
    principalArn: role.principalArn,
    region,
    expiration: creds.expiration.toISOString(),
    durationSeconds: creds.durationSeconds,
    ...(creds.durationNote ? { durationNote: creds.durationNote } : {}),
    ...(backup ? { backup } : {}),
  };
}

/**
 * Every written profile's keys into the credential cache (credential-cache.ts, issue 12). In keys
 * mode the shared files already hold them, so a cache that cannot be written is logged, not fatal.
 */
async function cacheWritten(
  env: NodeJS.ProcessEnv,
  log: Logger,
  written: readonly Written[],
  sourceId: string | null,
  /** credential_process profiles have no other copy of their keys: then a failure is the caller's. */
  required: boolean,
): Promise<void> {
  const now = new Date().toISOString();
  const entries: CredentialCache = Object.fromEntries(
    written.map(({ role, creds, profile, region }) => [
      profile,
      {
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        sessionToken: creds.sessionToken,
        expiration: creds.expiration.toISOString(),
        accountId: role.accountId,
        roleArn: role.roleArn,
        principalArn: role.principalArn,
        region,
        sourceId,
        writtenAt: now,
      },
    ]),
  );
  try {
    await updateCache(env, entries);
  } catch (err) {
    log.error("credential cache not written", { error: err });
    if (required) throw err;
  }
}

export async function assumeFromSaml(
  req: AssumeRequest,
  env: NodeJS.ProcessEnv,
  log: Logger,
): Promise<AssumeOutcome> {
  const { summary, signinRegion, assertion } = inspectSaml(req.samlResponse, req.url);
  const roles = selectRoles(summary.roles, req);
  const force = req.force === true;
  // Fail on bad names, foreign files and profiles we may not write before calling STS; names
  // that need an account alias are checked again once it is known, under the file's lock.
  const early = planProfileNames(roles, req, new Map());
  const known = namesFromAccounts(roles, req) ? roles.filter((r) => req.profileNames?.[r.roleArn]) : roles;
  const blocked = await checkWritable(
    env,
    known.map((role) => ({ role, profile: early.get(role.roleArn)! })),
    force,
    req.mode,
  );
  if (blocked.size === roles.length) throw blocked.values().next().value!;
  const pending = roles.filter((r) => !blocked.has(r.roleArn));
  const region = stsRegion(summary.partition, req.region, signinRegion);
  const duration = req.durationSeconds ?? summary.sessionDuration ?? DEFAULT_DURATION;
  const { done, failed } = await assumeAll(pending, region, assertion, duration);
  // The aliases a template's {account} needs (the default one does) are also kept to show the
  // accounts by name later (issue 11, "Account names everywhere"). A role that may not call IAM
  // leaves the id, quietly; a names file that cannot be written costs only names.
  const aliases = namesFromAccounts(roles, req)
    ? await aliasesFor(summary.partition, done)
    : new Map<string, string | null>();
  await rememberAccountNames(env, aliases).catch((err) =>
    log.warn("account names not kept", { code: toBastionlessError(err).code }),
  );
  const names = planProfileNames(roles, req, aliases);
  const config = await readConfig(env);
  const { written, refused } = await writeOwnedProfiles(
    env,
    done.map(({ role, creds }) => {
      const profile = names.get(role.roleArn)!;
      const existing = regionOf(config, profile);
      return {
        role,
        creds,
        profile,
        region: profileRegion(summary.partition, req.region, existing, region),
        ...(req.mode ? { mode: req.mode } : {}),
      };
    }),
    force,
  );
  for (const [roleArn, error] of blocked) failed.push({ roleArn, error: error.toJSON() });
  for (const r of refused) failed.push({ roleArn: r.role.roleArn, error: r.error.toJSON() });
  for (const [roleArn, error] of [...blocked, ...refused.map((r) => [r.role.roleArn, r.error] as const)])
    log.warn("profile not written", { role: roleArn, code: error.code });
  for (const w of written) {
    log.info("profile written", {
      profile: w.profile,
      role: w.role.roleArn,
      until: w.creds.expiration.toISOString(),
      durationSeconds: w.creds.durationSeconds,
      ...(w.backup ? { replacedBackup: w.backup } : {}),
    });
  }
  await cacheWritten(env, log, written, req.sourceId ?? null, req.mode === "credential-process");
  // Role order, whatever order the refusals came in.
  failed.sort(
    (a, b) =>
      roles.findIndex((r) => r.roleArn === a.roleArn) - roles.findIndex((r) => r.roleArn === b.roleArn),
  );
  return { profiles: written.map(toWrittenProfile), failed };
}
