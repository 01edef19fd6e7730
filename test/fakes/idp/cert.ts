/**
 * A throwaway TLS certificate for the fake IdP and the AWS sign-in hosts, made with openssl at
 * test time (docs/testing/browser-e2e.md §3) and trusted by Chromium through its SPKI hash only,
 * so no other certificate error is ignored.
 */
import { execFileSync } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import fs from "node:fs";
import { isIP } from "node:net";
import path from "node:path";

export interface TestCert {
  key: Buffer;
  cert: Buffer;
  /** base64 SHA-256 of the DER SubjectPublicKeyInfo: the value of --ignore-certificate-errors-spki-list. */
  spki: string;
}

export function makeTestCert(dir: string, hosts: readonly string[]): TestCert {
  const keyFile = path.join(dir, "idp-key.pem");
  const certFile = path.join(dir, "idp-cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyFile,
      "-out",
      certFile,
      "-days",
      "2",
      "-subj",
      `/CN=${hosts[0]}`,
      "-addext",
      `subjectAltName=${hosts.map((h) => `${isIP(h) ? "IP" : "DNS"}:${h}`).join(",")}`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const cert = fs.readFileSync(certFile);
  const der = new X509Certificate(cert).publicKey.export({ type: "spki", format: "der" });
  return { key: fs.readFileSync(keyFile), cert, spki: createHash("sha256").update(der).digest("base64") };
}
