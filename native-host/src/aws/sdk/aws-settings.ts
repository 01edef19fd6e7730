/**
 * The caller's AWS settings, as the AWS CLI and SDK read them from the environment: shared file
 * paths, region, per-service endpoints (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL), CA bundle
 * and proxies. The tunnel service is started by one caller and serves many, so each start
 * request carries these and the service builds that tunnel's clients from them, never from its
 * own start-up environment (issue 16 item 8). Names and paths only: no secret goes over the IPC.
 */
import path from "node:path";
import { region as regionName } from "../../../../contract/identifiers";
import { obj, onlyKeys, opt, str, ValidationIssue } from "../../../../contract/validate";
import { configFilePath, credentialsFilePath, homeDir } from "../../config/paths";
import { UsageError } from "../../errors";

/** The services whose endpoints a caller may override (the SDK's service ids, lower-cased). */
export const AWS_SERVICES = ["ssm", "ec2", "sts", "iam"] as const;
export type AwsService = (typeof AWS_SERVICES)[number];

export interface ProxySettings {
  /** For https:// and wss:// targets (HTTPS_PROXY / https_proxy). */
  https?: string;
  /** For http:// and ws:// targets (HTTP_PROXY / http_proxy). */
  http?: string;
  /** NO_PROXY / no_proxy, as given. */
  noProxy?: string;
}

/** What TLS and the proxy need: the part of the settings every AWS call uses. */
export interface NetworkSettings {
  /** AWS_CA_BUNDLE: a PEM file that replaces the default trust store, as in the AWS CLI. */
  caBundle?: string;
  proxy: ProxySettings;
}

export interface AwsSettings extends NetworkSettings {
  configFile: string;
  credentialsFile: string;
  /** AWS_REGION of the caller (the SDK reads no other region variable). */
  region?: string;
  endpoints: Partial<Record<AwsService, string>>;
}

const first = (...vs: Array<string | undefined>) => vs.find((v) => v !== undefined && v !== "");

/** The service runs in another folder: paths travel absolute (`~/` as the SDK expands it). */
const absolute = (p: string, env: NodeJS.ProcessEnv) =>
  path.resolve(p.startsWith("~/") ? path.join(homeDir(env), p.slice(2)) : p);

export function networkSettingsFromEnv(env: NodeJS.ProcessEnv): NetworkSettings {
  const proxy: ProxySettings = {};
  const https = first(env.https_proxy, env.HTTPS_PROXY);
  const http = first(env.http_proxy, env.HTTP_PROXY);
  const noProxy = first(env.no_proxy, env.NO_PROXY);
  if (https) proxy.https = https;
  if (http) proxy.http = http;
  if (noProxy) proxy.noProxy = noProxy;
  const caBundle = first(env.AWS_CA_BUNDLE);
  return caBundle ? { caBundle: absolute(caBundle, env), proxy } : { proxy };
}

/**
 * The settings as the SDK would apply them in `env` ("Service-specific endpoints" in the AWS
 * SDKs and Tools reference guide). Endpoints set in the config file's `services` sections are
 * not read here; see docs/design.md §6.
 */
export function awsSettingsFromEnv(env: NodeJS.ProcessEnv): AwsSettings {
  const endpoints: AwsSettings["endpoints"] = {};
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== "true") {
    for (const s of AWS_SERVICES) {
      const url = first(env[`AWS_ENDPOINT_URL_${s.toUpperCase()}`], env.AWS_ENDPOINT_URL);
      if (url) endpoints[s] = url;
    }
  }
  const region = first(env.AWS_REGION);
  return {
    configFile: absolute(configFilePath(env), env),
    credentialsFile: absolute(credentialsFilePath(env), env),
    ...(region ? { region } : {}),
    endpoints,
    ...networkSettingsFromEnv(env),
  };
}

/** The settings as the environment of a process that reads them the AWS CLI way (the plugin). */
export function settingsEnv(s: AwsSettings): Record<string, string> {
  const env: Record<string, string> = {
    AWS_CONFIG_FILE: s.configFile,
    AWS_SHARED_CREDENTIALS_FILE: s.credentialsFile,
  };
  if (s.region) env.AWS_REGION = s.region;
  for (const [service, url] of Object.entries(s.endpoints))
    env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`] = url;
  if (s.caBundle) env.AWS_CA_BUNDLE = s.caBundle;
  if (s.proxy.https) env.HTTPS_PROXY = s.proxy.https;
  if (s.proxy.http) env.HTTP_PROXY = s.proxy.http;
  if (s.proxy.noProxy) env.NO_PROXY = s.proxy.noProxy;
  return env;
}

/**
 * The settings a caller hands to the tunnel service. A proxy URL with a user name or password
 * would put a secret on the service socket, so such a proxy is refused here with what to do.
 */
export function settingsForService(env: NodeJS.ProcessEnv): AwsSettings {
  const s = awsSettingsFromEnv(env);
  for (const [name, url] of Object.entries(s.proxy)) {
    if (name !== "noProxy" && /^[a-z][a-z0-9+.-]*:\/\/[^/@]*@/i.test(url)) {
      throw new UsageError(
        "PROXY_CREDENTIALS_UNSUPPORTED",
        "The proxy URL carries a user name or password.",
        {
          hint: "Tunnels cannot use a proxy that needs a password; set HTTPS_PROXY to a proxy without one.",
        },
      );
    }
  }
  return s;
}

const PATH_MAX = 4096;
const URL_MAX = 2048;
const url = (v: unknown, p: string) =>
  str(v, p, { min: 1, max: URL_MAX, pattern: /^[a-z][a-z0-9+.-]*:\/\/\S+$/i });
const file = (v: unknown, p: string) => {
  const f = str(v, p, { min: 1, max: PATH_MAX, pattern: /^[^\0]+$/ });
  if (!path.isAbsolute(f)) throw new ValidationIssue(p, "an absolute path");
  return f;
};

/** Checks settings that arrived over the service socket (bounded, no unknown keys). */
export function checkAwsSettings(v: unknown, p: string): AwsSettings {
  const o = obj(v, p);
  onlyKeys(o, p, ["configFile", "credentialsFile", "region", "endpoints", "caBundle", "proxy"]);
  const e = obj(o.endpoints, `${p}.endpoints`);
  onlyKeys(e, `${p}.endpoints`, AWS_SERVICES);
  const endpoints: AwsSettings["endpoints"] = {};
  for (const s of AWS_SERVICES) if (e[s] !== undefined) endpoints[s] = url(e[s], `${p}.endpoints.${s}`);
  const x = obj(o.proxy, `${p}.proxy`);
  onlyKeys(x, `${p}.proxy`, ["https", "http", "noProxy"]);
  const proxy: ProxySettings = {};
  if (x.https !== undefined) proxy.https = url(x.https, `${p}.proxy.https`);
  if (x.http !== undefined) proxy.http = url(x.http, `${p}.proxy.http`);
  if (x.noProxy !== undefined) proxy.noProxy = str(x.noProxy, `${p}.proxy.noProxy`, { max: URL_MAX });
  const region = opt(o.region, (r) => regionName(r, `${p}.region`));
  const caBundle = opt(o.caBundle, (c) => file(c, `${p}.caBundle`));
  return {
    configFile: file(o.configFile, `${p}.configFile`),
    credentialsFile: file(o.credentialsFile, `${p}.credentialsFile`),
    ...(region ? { region } : {}),
    endpoints,
    ...(caBundle ? { caBundle } : {}),
    proxy,
  };
}
