/** `bastionless connections`: the saved connections of the user's and the team's file, and their problems. */
import { jsonText } from "../../../../contract/display-text";
import { loadConnections } from "../../connections/load-connections";
import { type FlagTable, parseFlags } from "../args";
import type { Command } from "../command";
import { connectionsTable } from "../connection-text";

export const TEAM_FLAG = {
  team: {
    type: "string",
    value: "FILE",
    complete: "file",
    description:
      "the team's connections file (default: BASTIONLESS_TEAM_CONNECTIONS, else the user file's \"team\")",
  },
} as const satisfies FlagTable;

const FLAGS = {
  ...TEAM_FLAG,
  json: { type: "boolean", description: "print the connections and problems as JSON" },
} as const satisfies FlagTable;

export const connections: Command = {
  summary: "List saved connections and the problems in their files",
  description: `Lists the saved connections of your connections file (<config dir>/connections.json) and the
team's file: name, kind, target, profile, local port and what opening it starts. An entry that
cannot be used is listed with its file:line:column and why; the others still work. Exits 3 when
a file has a problem (a name in both files, where yours wins, is reported but not a problem), so
a team can check its file in CI. \`bastionless connect NAME\` opens one.`,
  flags: FLAGS,
  examples: ["bastionless connections", "bastionless connections --team ./team-connections.json --json"],
  async run(args, io) {
    const { values } = parseFlags("connections", args, FLAGS);
    const list = loadConnections(io.env, values.team);
    io.stdout.write(values.json ? jsonText(list) : connectionsTable(list));
    return list.problems.some((p) => p.code !== "CONNECTION_SHADOWED") ? 3 : 0;
  },
};
