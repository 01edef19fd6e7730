/**
 * Finds and reads the connections files (docs/connections.md, "Where"): the user's
 * `<config dir>/connections.json`, and the team's from `--team FILE`, else
 * BASTIONLESS_TEAM_CONNECTIONS, else the user file's `"team"` (relative to the user file's
 * folder; `~/` is the home folder). A file that cannot be read is a problem in the list, never a
 * crash: the other file still loads.
 */
import fs from "node:fs";
import path from "node:path";
import type { ConnectionProblem, ConnectionsList } from "../../../contract/connection";
import { configDir, homeDir } from "../config/paths";
import { type ConnectionFile, mergeConnections, readConnectionFile } from "./connection-file";

/** Far above a file of MAX_CONNECTIONS entries; a bigger one is not a connections file. */
const FILE_MAX = 1024 * 1024;

export const userConnectionsPath = (env: NodeJS.ProcessEnv) => path.join(configDir(env), "connections.json");

const unreadable = (file: string, message: string): ConnectionProblem => ({
  file,
  line: 0,
  column: 0,
  name: null,
  code: "CONNECTIONS_FILE_UNREADABLE",
  message,
});

/** The file's entries; null when it does not exist and need not (the user's own file is optional). */
function readFile(file: string, source: "user" | "team", mustExist: boolean): ConnectionFile | null {
  let text: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return { connections: [], problems: [unreadable(file, "not a file")], team: null };
    if (st.size > FILE_MAX)
      return { connections: [], problems: [unreadable(file, "larger than 1 MiB")], team: null };
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !mustExist) return null;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES"
          ? "permission denied"
          : `cannot be read (${code ?? "error"})`;
    return { connections: [], problems: [unreadable(file, why)], team: null };
  }
  return readConnectionFile(text, file, source);
}

function resolveTeam(raw: string, base: string, env: NodeJS.ProcessEnv): string {
  if (raw === "~" || raw.startsWith("~/")) return path.join(homeDir(env), raw.slice(2));
  return path.resolve(base, raw);
}

export function loadConnections(env: NodeJS.ProcessEnv, teamFlag?: string): ConnectionsList {
  const userPath = userConnectionsPath(env);
  const user = readFile(userPath, "user", false) ?? { connections: [], problems: [], team: null };
  const fromEnv = env.BASTIONLESS_TEAM_CONNECTIONS || undefined;
  const teamPath =
    teamFlag !== undefined
      ? path.resolve(teamFlag)
      : fromEnv
        ? path.resolve(fromEnv)
        : user.team
          ? resolveTeam(user.team.path, path.dirname(userPath), env)
          : null;
  const team = teamPath ? readFile(teamPath, "team", true) : null;
  return { ...mergeConnections(user, team), files: { user: userPath, team: teamPath } };
}
