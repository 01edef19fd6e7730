/**
 * EC2's PasswordData → the Windows password: base64 of the password encrypted with RSA PKCS#1
 * v1.5 to the instance's key pair (EC2 API reference, "GetPasswordData"; the AWS CLI's
 * `get-password-data --priv-launch-key` does the same).
 *
 * PKCS#1 v1.5 decryption and the Marvin attack (CVE-2023-46809): since the February 2024 security
 * releases (Node 18.19.1, 20.11.1, 21.6.2), `crypto.privateDecrypt` with RSA_PKCS1_PADDING works
 * only when OpenSSL does implicit rejection (OpenSSL ≥ 3.2): a bad padding yields a pseudo-random
 * message instead of an error, so no padding oracle exists (Node crypto docs, privateDecrypt;
 * nodejs/node#51799). The single executable runs Node 24 (OpenSSL 3.5) and takes that path. Node
 * 20 (OpenSSL 3.0) refuses with ERR_INVALID_ARG_VALUE; there, and only there, one short-lived child
 * node with `--security-revert=CVE-2023-46809` decrypts this one ciphertext. That exposes no
 * oracle: the ciphertext comes from AWS over TLS, once per command, and every failure is one code.
 *
 * Implicit rejection cannot say "wrong key", so the result must look like what EC2 generates:
 * printable ASCII of 8 to 128 characters. A pseudo-random message of a 2048-bit key passes that by
 * chance with p ≈ 2·10⁻⁶ (its length is uniform over 0–245 bytes; each byte printable with p = 95/256).
 */
import { execFile } from "node:child_process";
import crypto, { type KeyObject } from "node:crypto";
import { AwsError, BastionlessError } from "../../errors";
import { isSea } from "../../platform/self-command";

/** EC2Launch and EC2Config generate printable ASCII passwords (32 characters today). */
const PLAUSIBLE = /^[\x20-\x7e]{8,128}$/;

export const notReady = (instanceId: string) =>
  new AwsError("PASSWORD_NOT_READY", `EC2 has no password for ${instanceId} yet.`, {
    hint: "Windows makes the Administrator password a few minutes after the first boot (AWS: wait up to 15 minutes). An instance launched without a key pair, or from an AMI whose agent does not set a password, never gets one.",
  });

const keyMismatch = (instanceId: string) =>
  new AwsError(
    "PASSWORD_KEY_MISMATCH",
    `The key file does not decrypt ${instanceId}'s password: it is not the key pair the instance was launched with.`,
    {
      hint: "Pass the private key of the instance's key pair (EC2 console: the instance's Key pair name).",
    },
  );

/** The ciphertext from its base64, as EC2 sends it (CR LF around it); PASSWORD_NOT_READY when empty. */
export function passwordCiphertext(passwordData: string | undefined, instanceId: string): Buffer {
  const b64 = (passwordData ?? "").replace(/\s+/g, "");
  if (!b64) throw notReady(instanceId);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0 || b64.length > 4096)
    throw new AwsError("AWS_BAD_ANSWER", `EC2 sent PasswordData for ${instanceId} that is not base64.`, {
      hint: "Run the command again with --debug for details.",
    });
  return Buffer.from(b64, "base64");
}

/** The plaintext bytes → the password, or PASSWORD_KEY_MISMATCH (see the header for why this shape). */
export function plausiblePassword(plain: Buffer, instanceId: string): string {
  const text = plain.toString("latin1");
  plain.fill(0);
  if (!PLAUSIBLE.test(text)) throw keyMismatch(instanceId);
  return text;
}

/** Decrypts PasswordData with the key pair's private key. */
export async function decryptPassword(
  key: KeyObject,
  passwordData: string | undefined,
  instanceId: string,
): Promise<string> {
  const ciphertext = passwordCiphertext(passwordData, instanceId);
  if (
    key.asymmetricKeyDetails?.modulusLength &&
    ciphertext.length * 8 !== key.asymmetricKeyDetails.modulusLength
  )
    throw keyMismatch(instanceId);
  let plain: Buffer;
  try {
    plain = crypto.privateDecrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, ciphertext);
  } catch (err) {
    if ((err as { code?: string }).code !== "ERR_INVALID_ARG_VALUE" || isSea()) throw keyMismatch(instanceId);
    plain = await decryptInRevertedChild(key, ciphertext, instanceId);
  }
  return plausiblePassword(plain, instanceId);
}

/** The child: reads {key, data} from stdin, writes the plaintext's base64, exits 3 on any failure. */
const CHILD = `let s="";process.stdin.setEncoding("utf8").on("data",c=>s+=c).on("end",()=>{try{const c=require("crypto"),j=JSON.parse(s);process.stdout.write(c.privateDecrypt({key:j.key,padding:c.constants.RSA_PKCS1_PADDING},Buffer.from(j.data,"base64")).toString("base64"))}catch{process.exitCode=3}})`;

/** Node without implicit rejection: the key and ciphertext go over stdin, never argv or disk. */
function decryptInRevertedChild(key: KeyObject, ciphertext: Buffer, instanceId: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ["--security-revert=CVE-2023-46809", "-e", CHILD],
      { env: {}, maxBuffer: 4096, windowsHide: true },
      (err, stdout) => {
        if ((err as { code?: unknown } | null)?.code === 3) return reject(keyMismatch(instanceId));
        if (err)
          return reject(
            new BastionlessError("PASSWORD_DECRYPT_FAILED", "The password could not be decrypted.", {
              hint: "Run the single executable (bastionless-<os>-<cpu>), whose Node decrypts it itself.",
              cause: err,
            }),
          );
        // Node prints its "SECURITY WARNING: Reverting CVE-2023-46809" line on stdout first.
        resolve(Buffer.from(stdout.trim().split("\n").pop() ?? "", "base64"));
      },
    );
    child.stdin!.end(
      JSON.stringify({
        key: key.export({ type: "pkcs8", format: "pem" }),
        data: ciphertext.toString("base64"),
      }),
    );
  });
}
