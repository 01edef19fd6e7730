/**
 * A sandbox HOME for tests: AWS files, bastionless config and runtime folders all inside one temp
 * folder, and an environment built from scratch (the machine sets AWS_CA_BUNDLE and others that
 * must not leak in: docs/testing/toolchain.md §3).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Sandbox {
  dir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  credentialsFile: string;
  configFile: string;
  cleanup(): void;
}

export function makeSandbox(extraEnv: NodeJS.ProcessEnv = {}): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bastionless-"));
  const home = path.join(dir, "home");
  fs.mkdirSync(home, { recursive: true });
  const credentialsFile = path.join(home, ".aws", "credentials");
  const configFile = path.join(home, ".aws", "config");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    TMPDIR: path.join(dir, "tmp"),
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_CONFIG_FILE: configFile,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    BASTIONLESS_CONFIG_DIR: path.join(home, ".config", "bastionless"),
    BASTIONLESS_RUNTIME_DIR: path.join(dir, "run"),
    ...extraEnv,
  };
  fs.mkdirSync(env.TMPDIR!, { recursive: true });
  return {
    dir,
    home,
    env,
    credentialsFile,
    configFile,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
