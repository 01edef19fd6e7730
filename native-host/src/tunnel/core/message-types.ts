/**
 * Names and numbers of the Session Manager data channel (spec §5). Shared by the codec, the
 * reliable channel and the port-forwarding layers; the spec's own words are kept.
 */

/** MessageType strings (spec §5.1). */
export const MessageType = {
  InputStreamData: "input_stream_data",
  OutputStreamData: "output_stream_data",
  Acknowledge: "acknowledge",
  ChannelClosed: "channel_closed",
  StartPublication: "start_publication",
  PausePublication: "pause_publication",
} as const;

/** PayloadType values, uint32 at offset 112 (spec §5.2). */
export const PayloadType = {
  None: 0,
  Output: 1,
  Error: 2,
  Size: 3,
  Parameter: 4,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  EncChallengeRequest: 8,
  EncChallengeResponse: 9,
  Flag: 10,
  StdErr: 11,
  ExitCode: 12,
} as const;

/** The 4-byte big-endian payload of a PayloadType Flag message (spec §5.3). */
export const PortFlag = {
  DisconnectToPort: 1,
  TerminateSession: 2,
  ConnectToPortError: 3,
} as const;

/**
 * Header Flags (spec §4): bit 0 SYN, bit 1 FIN. Nobody reads them on receipt; the values sent
 * mirror the Go programs: data 0, the agent's seq 0 SYN, acknowledge and control SYN|FIN.
 */
export const HeaderFlag = { None: 0, Syn: 1, Fin: 2, Control: 3 } as const;

/** Payloads that are acked on receipt, before processing (spec §6.3 step 1, §7.3). */
export function isHandshakePayload(payloadType: number): boolean {
  return (
    payloadType === PayloadType.HandshakeRequest ||
    payloadType === PayloadType.HandshakeComplete ||
    payloadType === PayloadType.EncChallengeRequest
  );
}

/** MGS control messages: never validated beyond the header, never acked (spec §4, §5.1). */
export function isPublicationType(messageType: string): boolean {
  return messageType === MessageType.StartPublication || messageType === MessageType.PausePublication;
}

export function encodeFlagPayload(flag: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(flag >>> 0, 0);
  return out;
}

/** The flag value of a Flag payload, or null when it is not 4 bytes. */
export function decodeFlagPayload(payload: Uint8Array): number | null {
  if (payload.length !== 4) return null;
  return ((payload[0]! << 24) | (payload[1]! << 16) | (payload[2]! << 8) | payload[3]!) >>> 0;
}
