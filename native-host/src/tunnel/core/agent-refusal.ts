/**
 * What the agent's port plugin says when it will not or cannot reach the destination, read from
 * the channel_closed Output (spec §8.5) into a code the user can act on (issue 13). The texts are
 * the agent's own (amazon-ssm-agent agent/session/plugins/port/port.go validateParameters: "Forwarding
 * to IP address %s is forbidden." for its deny list, and the error of net.LookupHost for a name it
 * cannot resolve; port_basic.go InitializeSession: "Unable to connect to specified port: %v").
 * Pure: text in, a TunnelError or null out.
 */
import { TunnelError } from "../../errors";

/** Codes that mean the agent ended the session itself: nothing left to terminate. */
export const AGENT_REFUSAL_CODES = [
  "TUNNEL_REMOTE_HOST_FORBIDDEN",
  "TUNNEL_REMOTE_HOST_UNKNOWN",
  "TUNNEL_CONNECT_TO_PORT_FAILED",
] as const;

const FORBIDDEN = /^Forwarding to IP address (.{1,260}) is forbidden\.?$/;
/** Go's *net.DNSError: "lookup NAME[ on SERVER]: no such host" (or another resolver failure). */
const LOOKUP = /^lookup (\S{1,260})(?: on \S+)?: (.{1,200})$/;
const CONNECT = /^Unable to connect to specified port: (.{1,300})$/;

export function agentRefusal(output: string, sessionId: string): TunnelError | null {
  const said = `(SessionId: ${sessionId} : ${output})`;
  const forbidden = FORBIDDEN.exec(output);
  if (forbidden)
    return new TunnelError(
      "TUNNEL_REMOTE_HOST_FORBIDDEN",
      `The instance's SSM Agent refuses to forward to ${forbidden[1]}: it forbids the instance itself (loopback), the instance metadata and time services and the VPC's DNS resolver ${said}.`,
      {
        hint: "For a port of the instance itself, leave out --to and use --remote-port N; otherwise give an address the instance reaches on its network.",
      },
    );
  const lookup = LOOKUP.exec(output);
  if (lookup)
    return new TunnelError(
      "TUNNEL_REMOTE_HOST_UNKNOWN",
      `The instance could not find the host ${lookup[1]} (${lookup[2]}) ${said}.`,
      {
        hint: "Check the name: the instance resolves it with its own DNS (its VPC's), not this computer's.",
      },
    );
  const connect = CONNECT.exec(output);
  if (connect) return connectFailed(`(${connect[1]}) ${said}`);
  return null;
}

/** The destination did not accept the instance's connection (ConnectToPortError, spec §8.4; basic mode's dial). */
export function connectFailed(detail = "(ConnectToPortError)"): TunnelError {
  return new TunnelError(
    "TUNNEL_CONNECT_TO_PORT_FAILED",
    `The instance could not connect to the destination port ${detail}.`,
    {
      hint: "Check that the service runs and listens there, and that the instance may reach it (security groups, firewall).",
    },
  );
}
