/**
 * EC2 PasswordData decryption (aws/ssm/password-decrypt.ts): the ciphertext is made as EC2 makes
 * it (RSA PKCS#1 v1.5 to the key pair's public key, base64 with CR LF around it), to a key pair
 * this test makes. On Node 20 this runs the reverted child; on Node 24 the implicit-rejection path.
 */
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decryptPassword,
  passwordCiphertext,
  plausiblePassword,
} from "../../native-host/src/aws/ssm/password-decrypt";

const INSTANCE = "i-0123456789abcdef0";
const PASSWORD = `q%7Lx;T$"r(8Zk!m@W&v*N=uP-2^eB\\c`;
const pair = () => crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const mine = pair();
const other = pair();
const encrypt = (text: string, key = mine.publicKey) =>
  `\r\n${crypto.publicEncrypt({ key, padding: crypto.constants.RSA_PKCS1_PADDING }, Buffer.from(text)).toString("base64")}\r\n`;
const code = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: { code?: string }) => e.code,
  );

describe("Windows password decryption", () => {
  it("decrypts PasswordData with the key pair's private key", async () => {
    expect(await decryptPassword(mine.privateKey, encrypt(PASSWORD), INSTANCE)).toBe(PASSWORD);
  });

  it("says the key is not the instance's key pair when another key is used", async () => {
    expect(await code(decryptPassword(other.privateKey, encrypt(PASSWORD), INSTANCE))).toBe(
      "PASSWORD_KEY_MISMATCH",
    );
    const small = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    expect(await code(decryptPassword(small, encrypt(PASSWORD), INSTANCE))).toBe("PASSWORD_KEY_MISMATCH");
  });

  it("says the password is not ready when EC2 sends empty PasswordData", async () => {
    for (const empty of [undefined, "", "\r\n", "  "])
      expect(await code(decryptPassword(mine.privateKey, empty, INSTANCE))).toBe("PASSWORD_NOT_READY");
  });

  it("refuses PasswordData that is not base64", () => {
    expect(() => passwordCiphertext("not base64!", INSTANCE)).toThrow(
      expect.objectContaining({ code: "AWS_BAD_ANSWER" }),
    );
  });

  it("takes only what EC2 generates: 8 to 128 printable ASCII characters (implicit rejection gives random bytes)", () => {
    expect(plausiblePassword(Buffer.from(PASSWORD), INSTANCE)).toBe(PASSWORD);
    for (const bad of ["short", "x".repeat(129), "abc\u0000defghi", "Pässwörd-lang", "line\nbreak12"])
      expect(() => plausiblePassword(Buffer.from(bad), INSTANCE)).toThrow(
        expect.objectContaining({ code: "PASSWORD_KEY_MISMATCH" }),
      );
    // What a wrong key yields under implicit rejection: 228 pseudo-random bytes (OpenSSL 3.5, measured).
    expect(() => plausiblePassword(crypto.randomBytes(228), INSTANCE)).toThrow(
      expect.objectContaining({ code: "PASSWORD_KEY_MISMATCH" }),
    );
  });
});
