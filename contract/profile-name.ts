/**
 * The one rule for AWS CLI profile names and the template default names come from (issue 17
 * finding 4, issue 11 "Profile ownership"). Shared by the host (CLI, credentials.assume) and the
 * extension (options, picker), so it stays pure and free of Node APIs.
 *
 * Why so narrow: the AWS SDK for JavaScript reads `[profile NAME]` in the config file only when
 * NAME matches `[\w-@+.%:/]+` (@smithy shared-ini-file-loader parseIni, prefixKeyRegex); any
 * other character (space, `=`, `,`) silently drops the section and so the profile's region. It
 * also treats ` #`/` ;` as the start of a comment, so `[sandbox #2]` is no header at all and
 * its keys land in the previous profile. Of the SDK's set we keep what needs no quoting in a
 * shell (`export AWS_PROFILE=…`): letters, digits, `_ . @ + -`, starting with a letter or digit.
 * test/unit/profile-name.test.ts checks every accepted name against the SDK's own parser.
 */

export const PROFILE_NAME_MAX = 128;
export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@+-]*$/;
/**
 * `sso-session.x` and `services.x` would merge with the config file's `[sso-session x]` and
 * `[services x]` sections in the SDK's view (getConfigData keys them the same way).
 */
const RESERVED_PREFIX = /^(sso-session|services)\./i;

/** Names come from this when neither a name nor a template is given: account (alias, else id) and role. */
export const DEFAULT_PROFILE_TEMPLATE = "{account}-{role}";

export const PROFILE_NAME_RULE =
  "Use 1–128 letters, digits and _ . @ + -, starting with a letter or digit (e.g. prod-Admin).";

export function isProfileName(v: unknown): v is string {
  return (
    typeof v === "string" && v.length <= PROFILE_NAME_MAX && PROFILE_NAME.test(v) && !RESERVED_PREFIX.test(v)
  );
}

export interface TemplateValues {
  accountId: string;
  /** The IAM account alias, or null when unknown. */
  alias: string | null;
  roleName: string;
}

const FIELD = /\{([a-zA-Z]+)\}/g;
const FIELDS = ["account", "accountId", "role"] as const;

/**
 * A role name may hold `=` and `,` (IAM allows `[\w+=,.@-]`), which no profile name can: they
 * become `-`. Two roles that then read the same are numbered by the caller.
 */
function nameSafe(s: string): string {
  return s.replace(/[^A-Za-z0-9_.@+-]/g, "-");
}

/** `{account}` (alias, else the 12-digit id), `{accountId}`, `{role}`; other text is kept. */
export function expandProfileTemplate(template: string, v: TemplateValues): string {
  return template.replace(FIELD, (whole, field: string) => {
    if (field === "account") return v.alias ?? v.accountId;
    if (field === "accountId") return v.accountId;
    if (field === "role") return nameSafe(v.roleName);
    return whole;
  });
}

/** Whether the template names the account (so an alias lookup is worth making). */
export const templateUsesAlias = (template: string): boolean => template.includes("{account}");

/** Whether the template holds any field; one without is a fixed name (e.g. `saml`). */
export const templateHasFields = (template: string): boolean =>
  [...template.matchAll(FIELD)].some((m) => (FIELDS as readonly string[]).includes(m[1]!));

/** Null when usable, else what is wrong, in words (options page, CLI). */
export function profileTemplateProblem(template: string): string | null {
  if (template.length === 0 || template.length > PROFILE_NAME_MAX) return "Use 1–128 characters.";
  const unknown = [...template.matchAll(FIELD)]
    .map((m) => m[1]!)
    .filter((f) => !(FIELDS as readonly string[]).includes(f));
  if (unknown.length) return `Unknown field {${unknown[0]}}: use {account}, {accountId} or {role}.`;
  const sample = expandProfileTemplate(template, {
    accountId: "123456789012",
    alias: "contoso-prod",
    roleName: "Admin",
  });
  return isProfileName(sample)
    ? null
    : `${JSON.stringify(sample)} is not a valid profile name. ${PROFILE_NAME_RULE}`;
}

export const isProfileTemplate = (v: unknown): v is string =>
  typeof v === "string" && profileTemplateProblem(v) === null;
