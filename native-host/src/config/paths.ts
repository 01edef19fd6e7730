/**
 * Where bastionless keeps its own files, per OS. Every path can be moved with an environment
 * variable so tests and sandboxes never touch the real home.
 */
import path from "node:path";

type Env = NodeJS.ProcessEnv;

/**
 * The user's home. node:os is required only when neither variable is set: loading it is 0.4 ms
 * of the browser's wait for `hello` (test/bench/host-startup.ts), and browsers always pass HOME.
 */
export function homeDir(env: Env): string {
  return env.HOME || env.USERPROFILE || (require("node:os") as typeof import("node:os")).homedir();
}

/** Settings and the install record: BASTIONLESS_CONFIG_DIR, else the OS's per-user config folder. */
export function configDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.BASTIONLESS_CONFIG_DIR) return env.BASTIONLESS_CONFIG_DIR;
  if (platform === "win32")
    return path.join(env.APPDATA || path.join(homeDir(env), "AppData", "Roaming"), "bastionless");
  if (platform === "darwin") return path.join(homeDir(env), "Library", "Application Support", "bastionless");
  return path.join(env.XDG_CONFIG_HOME || path.join(homeDir(env), ".config"), "bastionless");
}

/** Sockets and pid files of the tunnel service: a 0700 folder only the user can open. */
export function runtimeDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.BASTIONLESS_RUNTIME_DIR) return env.BASTIONLESS_RUNTIME_DIR;
  if (platform !== "win32" && platform !== "darwin" && env.XDG_RUNTIME_DIR)
    return path.join(env.XDG_RUNTIME_DIR, "bastionless");
  return path.join(configDir(env, platform), "run");
}

export function logDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  return env.BASTIONLESS_LOG_DIR || path.join(configDir(env, platform), "logs");
}

/** The install record written by `bastionless install` (allowed origins, where the host lives). */
export function installRecordPath(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return path.join(configDir(env, platform), "install.json");
}

/**
 * Which AWS CLI profiles bastionless wrote, for which role (aws/files/profile-record.ts): without it
 * bastionless could not tell its own profiles from another tool's (issue 17, issue 11).
 */
export function profileRecordPath(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return path.join(configDir(env, platform), "profiles.json");
}

/**
 * Account names bastionless learned (aws/files/account-names.ts, issue 11 "Account names
 * everywhere"): the assertion carries only account ids.
 */
export function accountNamesPath(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return path.join(configDir(env, platform), "account-names.json");
}

/** Sections saved before `--force` replaced them: they may hold static keys, so 0600 in a 0700 folder. */
export function backupDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  return path.join(configDir(env, platform), "backups");
}

/** AWS shared files (AWS SDK docs, "Location of the shared config and credentials files"). */
export function credentialsFilePath(env: Env = process.env): string {
  return env.AWS_SHARED_CREDENTIALS_FILE || path.join(homeDir(env), ".aws", "credentials");
}

export function configFilePath(env: Env = process.env): string {
  return env.AWS_CONFIG_FILE || path.join(homeDir(env), ".aws", "config");
}

/** The extension's sign-in sources (issue 12): what `bastionless login` opens. */
export function signInSourcesPath(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return path.join(configDir(env, platform), "sign-in-sources.json");
}

/**
 * The credential cache `bastionless credential-process` answers from (issue 12): keys, so 0600 in
 * the 0700 config folder, like the AWS credentials file it stands beside.
 */
export function credentialCachePath(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  return path.join(configDir(env, platform), "credential-cache.json");
}
