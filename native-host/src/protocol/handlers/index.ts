/**
 * The dispatch table: one file per message type, the file name is the type (style §2, §3).
 * Only `hello` is loaded up front; every other handler (and the SDK, sockets and files it uses)
 * is imported on its first request, so the browser's first answer comes quickly.
 */

import type { RequestType } from "../../../../contract/requests";
import type { Handler, HandlerTable } from "../handler";
import { hello } from "./hello";

function lazy<T extends RequestType>(load: () => Promise<Handler<T>>): Handler<T> {
  let loaded: Promise<Handler<T>> | undefined;
  return {
    async run(params, ctx) {
      loaded ??= load();
      return (await loaded).run(params, ctx);
    },
  };
}

export const handlers: HandlerTable = {
  hello,
  "saml.inspect": lazy(async () => (await import("./saml-inspect")).samlInspect),
  "credentials.assume": lazy(async () => (await import("./credentials-assume")).credentialsAssume),
  "profiles.list": lazy(async () => (await import("./profiles-list")).profilesList),
  "instances.list": lazy(async () => (await import("./instances-list")).instancesList),
  "tunnel.start": lazy(async () => (await import("./tunnel-start")).tunnelStart),
  "tunnel.list": lazy(async () => (await import("./tunnel-list")).tunnelList),
  "tunnel.stop": lazy(async () => (await import("./tunnel-stop")).tunnelStop),
  "rdp.gateway.open": lazy(async () => (await import("./rdp-gateway-open")).rdpGatewayOpen),
  "console.url": lazy(async () => (await import("./console-url")).consoleUrlHandler),
  "connections.list": lazy(async () => (await import("./connections-list")).connectionsList),
  "connection.open": lazy(async () => (await import("./connection-open")).connectionOpen),
  "renewal.sources.set": lazy(async () => (await import("./renewal-sources-set")).renewalSourcesSet),
  "renewal.report": lazy(async () => (await import("./renewal-report")).renewalReport),
  "accounts.names.set": lazy(async () => (await import("./accounts-names-set")).accountsNamesSet),
};
