/**
 * A key pair made by the test, and a Windows password EC2-style (32 printable ASCII characters
 * with the punctuation EC2Launch uses, quotes and a backslash included) encrypted to it by the
 * fake EC2's GetPasswordData.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const EC2_PASSWORD = `q%7Lx;T$"r(8Zk!m@W&v*N=uP-2^eB\\c`;

export interface TestKeyPair {
  privateKey: crypto.KeyObject;
  /** For FakeInstance.windowsPassword. */
  publicKeyPem: string;
  /** Writes the private key as EC2's CreateKeyPair returns it (PKCS#1 PEM), 0600; returns the path. */
  writePem(dir: string, name?: string): string;
}

export function makeKeyPair(): TestKeyPair {
  const pair = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey: pair.privateKey,
    publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
    writePem(dir, name = "key.pem") {
      const file = path.join(dir, name);
      fs.writeFileSync(file, pair.privateKey.export({ type: "pkcs1", format: "pem" }), { mode: 0o600 });
      return file;
    },
  };
}
