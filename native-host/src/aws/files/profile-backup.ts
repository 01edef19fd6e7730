/**
 * Before `--force` replaces a profile bastionless does not own (issue 11 "keeps a backup of the
 * old section"): its credentials and config sections, as they stood, in a new file under
 * `<config dir>/backups/`. They may hold static keys, so 0600 in a 0700 folder, never over
 * another file.
 */
import path from "node:path";
import { backupDir, configFilePath, credentialsFilePath } from "../../config/paths";
import type { FileError } from "../../errors";
import type { IniDocument } from "./ini-document";
import { configSectionFor, rfc3339 } from "./profile-files";
import { writeNewFile } from "./shared-file";

const LABEL = { what: "profile backup", envVar: "BASTIONLESS_CONFIG_DIR" };

const stamp = (d: Date) => rfc3339(d).replace(/[-:]/g, "");

/** The old sections, as they stood, in a new 0600 file under the config folder. */
export async function backUp(
  env: NodeJS.ProcessEnv,
  profile: string,
  creds: IniDocument,
  config: IniDocument,
  now: Date,
): Promise<string> {
  const credsText = creds.sectionText(profile);
  const configText = config.sectionText(configSectionFor(config, profile));
  const text = [
    `# bastionless saved profile ${profile} here at ${rfc3339(now)}, before --force replaced it.`,
    "# To restore it, copy these sections back into the files they came from.",
    ...(credsText ? [`# From ${credentialsFilePath(env)}:`, credsText] : []),
    ...(configText ? [`# From ${configFilePath(env)}:`, configText] : []),
  ].join("\n");
  for (let n = 1; ; n++) {
    const file = path.join(backupDir(env), `${profile}-${stamp(now)}${n > 1 ? `-${n}` : ""}.ini`);
    try {
      await writeNewFile(file, LABEL, text);
      return file;
    } catch (err) {
      const code = ((err as FileError).cause as NodeJS.ErrnoException | undefined)?.code;
      if (n >= 20 || code !== "EEXIST") throw err;
    }
  }
}
