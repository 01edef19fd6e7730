/** Every CLI command, by name; the file name is the command (style §2). */
import type { Command } from "../command";
import { assume } from "./assume";
import { completion } from "./completion";
import { connect } from "./connect";
import { connections } from "./connections";
import { console_ } from "./console";
import { credentialProcess } from "./credential-process";
import { doctor } from "./doctor";
import { forward } from "./forward";
import { install } from "./install";
import { instances } from "./instances";
import { login } from "./login";
import { password } from "./password";
import { profiles } from "./profiles";
import { rdp } from "./rdp";
import { roles } from "./roles";
import { sshProxy } from "./ssh-proxy";
import { stop } from "./stop";
import { tunnelService } from "./tunnel-service";
import { tunnels } from "./tunnels";
import { uninstall } from "./uninstall";

export const commands: Record<string, Command> = {
  roles: roles,
  assume: assume,
  login: login,
  profiles: profiles,
  console: console_,
  "credential-process": credentialProcess,
  instances: instances,
  rdp: rdp,
  forward: forward,
  password: password,
  connections: connections,
  connect: connect,
  "ssh-proxy": sshProxy,
  tunnels: tunnels,
  stop: stop,
  install: install,
  uninstall: uninstall,
  doctor: doctor,
  completion: completion,
  "tunnel-service": tunnelService,
};

/** Commands not shown in --help (started by bastionless itself). */
export const HIDDEN_COMMANDS = new Set(["tunnel-service"]);
