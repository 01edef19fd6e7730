/** connections.list: the saved connections of the user's and the team's file, with their problems (file:line). */
import { loadConnections } from "../../connections/load-connections";
import type { Handler } from "../handler";

export const connectionsList: Handler<"connections.list"> = {
  async run(_params, ctx) {
    return loadConnections(ctx.env);
  },
};
