/** Every CLI command, by name; the file name is the command (style §2). */
import type { Command } from "../command";
import { assume } from "./assume";
import { completion } from "./completion";
import { console_ } from "./console";
import { doctor } from "./doctor";
import { forward } from "./forward";
import { install } from "./install";
import { instances } from "./instances";
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
  profiles: profiles,
  console: console_,
  instances: instances,
  rdp: rdp,
  forward: forward,
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
