/**
 * The acknowledge message (spec §7.2): header Seq 0, Flags 3, PayloadType 0; compact JSON payload
 * with the keys in the order both Go programs send them. The receiver uses only the sequence number.
 */
import { TunnelError } from "../../errors";
import { type ClientMessage, encodeClientMessage, SCHEMA_VERSION } from "./client-message";
import { HeaderFlag, MessageType, PayloadType } from "./message-types";

export interface AcknowledgeContent {
  acknowledgedMessageType: string;
  acknowledgedMessageId: string;
  acknowledgedSequenceNumber: number;
}

/** Characters that can go into a JSON string as they are (MessageTypes and canonical ids always do). */
const PLAIN = /^[\w.-]*$/;
const quote = (s: string) => (PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

export function encodeAcknowledgePayload(a: AcknowledgeContent): Buffer {
  // Built by hand to keep the spec's key order (§4.1 vector 2) without an object allocation.
  return Buffer.from(
    `{"AcknowledgedMessageType":${quote(a.acknowledgedMessageType)},` +
      `"AcknowledgedMessageId":${quote(a.acknowledgedMessageId)},` +
      `"AcknowledgedMessageSequenceNumber":${a.acknowledgedSequenceNumber},"IsSequentialMessage":true}`,
    "utf8",
  );
}

/** A whole acknowledge frame for a received sequenced message (only these three fields count). */
export function encodeAcknowledge(
  acked: Pick<ClientMessage, "messageType" | "messageId" | "sequenceNumber">,
  messageId: string,
  createdDate: number,
): Buffer {
  return encodeClientMessage({
    messageType: MessageType.Acknowledge,
    schemaVersion: SCHEMA_VERSION,
    createdDate,
    sequenceNumber: 0,
    flags: HeaderFlag.Control,
    messageId,
    payloadType: PayloadType.None,
    payload: encodeAcknowledgePayload({
      acknowledgedMessageType: acked.messageType,
      acknowledgedMessageId: acked.messageId,
      acknowledgedSequenceNumber: acked.sequenceNumber,
    }),
  });
}

/** The acknowledged sequence number; throws CLIENT_MESSAGE_BAD_ACK for anything else. */
export function decodeAcknowledgedSequence(payload: Buffer): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const seq = (parsed as { AcknowledgedMessageSequenceNumber?: unknown } | undefined)
    ?.AcknowledgedMessageSequenceNumber;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) {
    throw new TunnelError(
      "CLIENT_MESSAGE_BAD_ACK",
      "An acknowledge message has no valid AcknowledgedMessageSequenceNumber.",
      {
        hint: "The peer sent a malformed acknowledge; it is ignored and the message is resent.",
      },
    );
  }
  return seq;
}
