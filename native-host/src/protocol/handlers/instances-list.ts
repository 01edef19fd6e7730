import { listInstances } from "../../aws/ssm/ssm-instances";
import type { Handler } from "../handler";

/** The popup's instance list: SSM-managed Windows instances of the chosen profile, named where EC2 allows. */
export const instancesList: Handler<"instances.list"> = {
  async run(params, ctx) {
    const { instances } = await listInstances(
      { profile: params.profile, region: params.region },
      { platform: "Windows", log: ctx.log },
    );
    return { instances };
  },
};
