/**
 * The SDK request handler options every AWS client gets (STS, IAM, SSM, EC2): bounded waits, and
 * agents that apply AWS_CA_BUNDLE and the proxy settings, which the JavaScript SDK v3 does not
 * read by itself (unlike the AWS CLI). One home for both, so no client misses one.
 */
import fs from "node:fs";
import type http from "node:http";
import type https from "node:https";
import { FileError } from "../../errors";
import type { NetworkSettings } from "./aws-settings";
import { HttpForwardAgent, HttpsProxyAgent } from "./proxy-agent";

export interface Timeouts {
  connectionTimeout: number;
  requestTimeout: number;
}

/** The PEM bundle named by AWS_CA_BUNDLE; it replaces Node's default roots, as in the AWS CLI. */
export function readCaBundle(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new FileError("CA_BUNDLE_UNREADABLE", `The CA bundle ${file} could not be read.`, {
      hint: "Fix or unset AWS_CA_BUNDLE.",
      cause: err,
    });
  }
}

/** NodeHttpHandler options (it takes our agents as they are, and destroys them with the client). */
export function requestHandlerOptions(
  network: NetworkSettings,
  timeouts: Timeouts,
): Timeouts & { httpAgent: http.Agent; httpsAgent: https.Agent } {
  const ca = readCaBundle(network.caBundle);
  // keepAlive and maxSockets as NodeHttpHandler's own agents.
  const base = { keepAlive: true, maxSockets: 50 };
  return {
    ...timeouts,
    httpAgent: new HttpForwardAgent(network.proxy, base),
    httpsAgent: new HttpsProxyAgent(network.proxy, timeouts.connectionTimeout, {
      ...base,
      ...(ca ? { ca } : {}),
    }),
  };
}
