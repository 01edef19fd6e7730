/**
 * The private key of an EC2 key pair, read to decrypt a Windows password (EC2 GetPasswordData:
 * "You must provide the corresponding key pair file"). PEM (PKCS#1 `RSA PRIVATE KEY`, what EC2's
 * CreateKeyPair returns, or PKCS#8 `PRIVATE KEY`) and unencrypted OpenSSH keys are taken; the key
 * stays in this process and is never logged, copied or sent anywhere.
 */
import crypto, { type KeyObject } from "node:crypto";
import fs from "node:fs";
import { FileError } from "../../errors";
import { isOpenSshKey, openSshRsaJwk } from "./openssh-key";

/** A 16384-bit RSA key in PEM is about 12 KiB; anything far larger is not a key file. */
const MAX_KEY_BYTES = 64 * 1024;

export interface KeyFile {
  key: KeyObject;
  /** Things to tell the user (a key others can read); never fatal. */
  warnings: string[];
}

const fileError = (code: string, message: string, hint: string) => new FileError(code, message, { hint });

export function readKeyFile(file: string, platform: NodeJS.Platform = process.platform): KeyFile {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw fileError(
      "KEY_FILE_NOT_FOUND",
      `The key file ${file} does not exist or cannot be read.`,
      "Pass --key-file with the private key (.pem) of the key pair the instance was launched with.",
    );
  }
  if (!st.isFile() || st.size > MAX_KEY_BYTES)
    throw fileError(
      "KEY_FILE_INVALID",
      `${file} is not a private key file.`,
      "Pass the .pem file EC2 gave when the key pair was created.",
    );
  const warnings: string[] = [];
  // The same rule as OpenSSH's "UNPROTECTED PRIVATE KEY FILE", as a warning: the key is read, not used to sign in.
  if (platform !== "win32" && (st.mode & 0o077) !== 0)
    warnings.push(
      `${file} can be read by other users (mode ${(st.mode & 0o777).toString(8)}); \`chmod 600 ${file}\` keeps it yours.`,
    );
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw fileError("KEY_FILE_NOT_FOUND", `The key file ${file} cannot be read.`, `Check its permissions.`);
  }
  return { key: parsePrivateKey(text, file), warnings };
}

/** PEM or OpenSSH text → an RSA private KeyObject, or a coded FileError saying which fix applies. */
export function parsePrivateKey(text: string, file: string): KeyObject {
  if (/ENCRYPTED/.test(text) && !isOpenSshKey(text))
    throw fileError(
      "KEY_FILE_ENCRYPTED",
      `${file} is protected by a passphrase, which bastionless does not ask for.`,
      `Decrypt a copy: \`openssl rsa -in ${file} -out key.pem\` (keep key.pem private), then pass --key-file key.pem.`,
    );
  let key: KeyObject;
  try {
    key = isOpenSshKey(text)
      ? crypto.createPrivateKey({ key: openSshRsaJwk(text, file), format: "jwk" })
      : crypto.createPrivateKey({ key: text, format: "pem" });
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw fileError(
      "KEY_FILE_INVALID",
      `${file} is not a PEM or OpenSSH private key.`,
      "Pass the private key (.pem) of the key pair the instance was launched with; a .ppk (PuTTY) file needs `puttygen key.ppk -O private-openssh -o key.pem` first.",
    );
  }
  if (key.asymmetricKeyType !== "rsa")
    throw fileError(
      "KEY_FILE_NOT_RSA",
      `${file} holds a ${key.asymmetricKeyType} key; EC2 encrypts Windows passwords only to RSA key pairs.`,
      "Use the RSA key pair the instance was launched with (EC2 Windows instances do not support ED25519 key pairs).",
    );
  return key;
}
