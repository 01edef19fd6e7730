/**
 * EC2 GetPasswordData (EC2 API reference, "GetPasswordData"): the Windows password encrypted with
 * RSA PKCS#1 v1.5 to the instance's key pair, base64 with CR LF around it as EC2 sends it. As
 * strict as EC2: a malformed id is InvalidInstanceID.Malformed, an unknown one
 * InvalidInstanceID.NotFound, and an instance without a password yet (or launched without a key
 * pair: AWS does not document which answer that gets, and the product treats both alike) has an
 * empty PasswordData. The ciphertext is made once per instance and kept, as EC2 keeps it.
 */
import crypto from "node:crypto";
import type { FakeSsmOptions } from "./types";

const EC2_INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
const made = new WeakMap<object, string>();

function ciphertext(w: { password: string; publicKeyPem: string }): string {
  let b64 = made.get(w);
  if (!b64) {
    b64 = crypto
      .publicEncrypt(
        { key: w.publicKeyPem, padding: crypto.constants.RSA_PKCS1_PADDING },
        Buffer.from(w.password, "utf8"),
      )
      .toString("base64");
    made.set(w, b64);
  }
  return b64;
}

/** The EC2 error for this request, or null when it is answered. */
export function passwordDataError(
  opts: FakeSsmOptions,
  form: URLSearchParams,
): { code: string; message: string } | null {
  const id = form.get("InstanceId") ?? "";
  if (!id) return { code: "MissingParameter", message: "The request must contain the parameter InstanceId" };
  if (!EC2_INSTANCE_ID.test(id))
    return { code: "InvalidInstanceID.Malformed", message: `Invalid id: "${id}"` };
  if (!opts.instances.some((i) => i.instanceId === id))
    return { code: "InvalidInstanceID.NotFound", message: `The instance ID '${id}' does not exist` };
  return null;
}

export function getPasswordData(opts: FakeSsmOptions, form: URLSearchParams): string {
  const id = form.get("InstanceId")!;
  const instance = opts.instances.find((i) => i.instanceId === id)!;
  const data = instance.windowsPassword ? `\n${ciphertext(instance.windowsPassword)}\n` : "";
  const timestamp = (instance.passwordTimestamp ?? new Date("2026-01-05T09:30:00Z")).toISOString();
  return `<?xml version="1.0" encoding="UTF-8"?>\n<GetPasswordDataResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${crypto.randomUUID()}</requestId><instanceId>${id}</instanceId><timestamp>${timestamp}</timestamp><passwordData>${data}</passwordData></GetPasswordDataResponse>`;
}
