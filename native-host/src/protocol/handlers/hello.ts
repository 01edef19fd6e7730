import { PROTOCOL_VERSION } from "../../../../contract/envelope";
import { REQUEST_TYPES } from "../../../../contract/requests";
import { VERSION } from "../../config/version";
import type { Handler } from "../handler";

/** First request of every conversation: versions and capabilities, so a mismatched pair says so. */
export const hello: Handler<"hello"> = {
  async run() {
    return {
      name: "bastionless",
      version: VERSION,
      protocol: PROTOCOL_VERSION,
      capabilities: [...REQUEST_TYPES],
      platform: process.platform,
    };
  },
};
