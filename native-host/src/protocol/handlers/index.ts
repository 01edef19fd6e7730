/** The dispatch table: one file per message type, the file name is the type (style §2, §3). */
import type { HandlerTable } from "../handler";
import { credentialsAssume } from "./credentials-assume";
import { hello } from "./hello";
import { instancesList } from "./instances-list";
import { profilesList } from "./profiles-list";
import { samlInspect } from "./saml-inspect";
import { tunnelList } from "./tunnel-list";
import { tunnelStart } from "./tunnel-start";
import { tunnelStop } from "./tunnel-stop";

export const handlers: HandlerTable = {
  hello,
  "saml.inspect": samlInspect,
  "credentials.assume": credentialsAssume,
  "profiles.list": profilesList,
  "instances.list": instancesList,
  "tunnel.start": tunnelStart,
  "tunnel.list": tunnelList,
  "tunnel.stop": tunnelStop,
};
