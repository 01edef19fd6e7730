/**
 * A console login URL for a profile (issue 11): the profile's session → getSigninToken → the
 * login URL with the region's console as Destination (AWS doc "Enable custom identity broker
 * access to the AWS console", steps 3–4). The getSigninToken URL carries the secret key and the
 * login URL a token that signs in for 15 minutes: neither is ever logged or put in an error.
 */
import http from "node:http";
import https from "node:https";
import {
  consoleDestination,
  consoleLoginUrl,
  consolePartition,
  signinTokenUrl,
} from "../../../../contract/console-signin";
import { AwsError } from "../../errors";
import { networkSettingsFromEnv } from "../sdk/aws-settings";
import { requestHandlerOptions } from "../sdk/request-handler";
import { type AwsScope, REQUEST_TIMEOUTS } from "../ssm/ssm-client";
import { signIn } from "../ssm/ssm-errors";
import { federationEndpointUrl } from "./federation-endpoint";
import { profileSession } from "./profile-session";

/** A SigninToken is a few hundred bytes; anything far larger is not the federation endpoint. */
const MAX_ANSWER = 64 * 1024;

export interface ConsoleUrl {
  url: string;
  region: string;
}

interface Answer {
  status: number;
  body: string;
}

function get(url: string, env: NodeJS.ProcessEnv): Promise<Answer> {
  const secure = url.startsWith("https:");
  // Plain http is loopback only (federation-endpoint.ts): never through a proxy, which would see the query.
  const options = secure
    ? { agent: requestHandlerOptions(networkSettingsFromEnv(env), REQUEST_TIMEOUTS).httpsAgent }
    : { agent: new http.Agent() };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).get(
      url,
      { ...options, timeout: REQUEST_TIMEOUTS.requestTimeout },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER) req.destroy(new Error("answer too large"));
          else chunks.push(c);
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
  }).finally(() => options.agent.destroy()) as Promise<Answer>;
}

function signinTokenOf(answer: Answer, profile: string): string {
  if (answer.status >= 400 && answer.status < 500)
    // The endpoint says only "Bad Request" for an expired, unknown or long-term session.
    throw new AwsError("CONSOLE_REFUSED", `AWS sign-in refused the session of profile "${profile}".`, {
      hint: `The keys may have expired or been revoked. ${signIn(profile)}`,
    });
  let token: unknown;
  try {
    token =
      answer.status === 200 ? (JSON.parse(answer.body) as { SigninToken?: unknown }).SigninToken : undefined;
  } catch {
    token = undefined;
  }
  if (typeof token !== "string" || !/^[\w-]{1,8192}$/.test(token))
    throw new AwsError("AWS_BAD_ANSWER", `AWS sign-in answered ${answer.status} without a sign-in token.`, {
      hint: "Try again; if it persists, check BASTIONLESS_ENDPOINT_URL_FEDERATION.",
    });
  return token;
}

export async function consoleUrl(
  scope: AwsScope,
  env: NodeJS.ProcessEnv,
  now = new Date(),
): Promise<ConsoleUrl> {
  const { region, keys } = await profileSession(scope, env, now);
  const partition = consolePartition(region);
  if (!partition)
    throw new AwsError(
      "CONSOLE_UNSUPPORTED_PARTITION",
      `The console of ${region} is not reachable from here.`,
      {
        hint: "The ISO partitions sign in on their own private networks; bastionless serves aws, aws-us-gov and aws-cn.",
      },
    );
  const endpoint = federationEndpointUrl(partition, env);
  let answer: Answer;
  try {
    answer = await get(signinTokenUrl(endpoint, keys), env);
  } catch (err) {
    throw new AwsError("AWS_UNREACHABLE", `AWS sign-in (${new URL(endpoint).host}) could not be reached.`, {
      hint: "Check the network, HTTPS_PROXY and AWS_CA_BUNDLE.",
      cause: err instanceof Error ? new Error(err.message) : undefined,
    });
  }
  const token = signinTokenOf(answer, scope.profile);
  return { url: consoleLoginUrl(endpoint, token, consoleDestination(partition, region)), region };
}
