/**
 * The AWS shared credentials and config files: who may read them, and whether the AWS CLI can
 * parse them (botocore reads them with configparser: `[section]`, `key = value` or `key: value`,
 * `#`/`;` comments, indented continuation lines).
 */
import fs from "node:fs";
import { configFilePath, credentialsFilePath } from "../config/paths";
import { type Check, fail, ok, warn } from "./check";

const HEADER = /^\[[^\]]+\]\s*([#;].*)?$/;
const KEY = /^[^\s=:#;[][^=:]*[=:]/;

/** 1-based line numbers the AWS CLI would refuse (pure). */
export function unparseableLines(text: string): number[] {
  const bad: number[] = [];
  let inSection = false;
  let afterKey = false;
  text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((line, i) => {
      const trimmed = line.trim();
      if (!trimmed || /^[#;]/.test(trimmed)) return;
      if (/^\s/.test(line) && afterKey) return;
      if (HEADER.test(trimmed) && !/^\s/.test(line)) {
        inSection = true;
        afterKey = false;
      } else if (KEY.test(line) && inSection) {
        afterKey = true;
      } else {
        bad.push(i + 1);
      }
    });
  return bad;
}

function checkFile(
  id: string,
  file: string,
  envVar: string,
  secret: boolean,
  platform: NodeJS.Platform,
): Check {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    return ok(id, `${file} does not exist yet (written at the first sign-in)`);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    return fail(
      id,
      `cannot read ${file}: ${(err as Error).message}`,
      `Check the owner and mode of ${file} (or set ${envVar}).`,
    );
  }
  const bad = unparseableLines(text);
  if (bad.length)
    return fail(
      id,
      `${file} cannot be parsed by the AWS CLI at line ${bad.slice(0, 5).join(", ")}`,
      `Edit ${file} at line ${bad[0]}: each line must be [section], key = value, or a # comment.`,
    );
  if (platform !== "win32" && st.mode & 0o077) {
    const mode = (st.mode & 0o777).toString(8);
    const text2 = `${file} is readable by other users (mode ${mode})`;
    return secret
      ? fail(id, `${text2}; it holds secret keys`, `chmod 600 '${file}'`)
      : warn(id, text2, `chmod 600 '${file}'`);
  }
  return ok(id, `${file} (mode ${(st.mode & 0o777).toString(8)}) parses`);
}

export function awsFileChecks(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Check[] {
  return [
    checkFile(
      "aws.credentials-file",
      credentialsFilePath(env),
      "AWS_SHARED_CREDENTIALS_FILE",
      true,
      platform,
    ),
    checkFile("aws.config-file", configFilePath(env), "AWS_CONFIG_FILE", false, platform),
  ];
}
