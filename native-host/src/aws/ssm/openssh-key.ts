/**
 * An unencrypted OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`, what ssh-keygen
 * writes by default since OpenSSH 7.8) read as an RSA JWK that node:crypto accepts. Pure: text in,
 * JWK out. The layout is OpenSSH's PROTOCOL.key ("openssh-key-v1": cipher, kdf, keys, then the
 * private section: two check ints, "ssh-rsa", n, e, d, iqmp, p, q, comment); the RSA fields are
 * RFC 4253 §6.6 mpints. Only what an EC2 key pair can be is read: one RSA key, no passphrase.
 */
import type { JsonWebKey } from "node:crypto";
import { FileError } from "../../errors";

const MAGIC = Buffer.from("openssh-key-v1\0", "latin1");

export const isOpenSshKey = (pem: string) => pem.includes("-----BEGIN OPENSSH PRIVATE KEY-----");

const refuse = (code: string, message: string, hint: string) => new FileError(code, message, { hint });

const convertHint = (file: string) =>
  `Convert a copy to PEM: \`cp ${file} key.pem && ssh-keygen -p -m PEM -f key.pem\`, then pass --key-file key.pem.`;

/** A bounds-checked reader of SSH wire strings (RFC 4251 §5). */
class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  u32(): number {
    if (this.at + 4 > this.buf.length) throw new RangeError("truncated");
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  bytes(): Buffer {
    const n = this.u32();
    if (this.at + n > this.buf.length) throw new RangeError("truncated");
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  text(): string {
    return this.bytes().toString("latin1");
  }
}

const unsigned = (mpint: Buffer): bigint => (mpint.length ? BigInt(`0x${mpint.toString("hex")}`) : 0n);

function b64url(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return Buffer.from(hex, "hex").toString("base64url");
}

/** The RSA key inside an OpenSSH private key file, as a JWK; a coded FileError for anything else. */
export function openSshRsaJwk(pem: string, file: string): JsonWebKey {
  const body = pem.replace(/-----(BEGIN|END) OPENSSH PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  const raw = Buffer.from(body, "base64");
  const damaged = () =>
    refuse("KEY_FILE_INVALID", `${file} is not a readable OpenSSH private key.`, convertHint(file));
  if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) throw damaged();
  try {
    const r = new Reader(raw.subarray(MAGIC.length));
    const cipher = r.text();
    r.text(); // kdfname
    r.bytes(); // kdfoptions
    if (cipher !== "none")
      throw refuse(
        "KEY_FILE_ENCRYPTED",
        `${file} is protected by a passphrase, which bastionless does not ask for.`,
        `Decrypt a copy: \`cp ${file} key.pem && ssh-keygen -p -m PEM -N '' -f key.pem\` (keep key.pem private), then pass --key-file key.pem.`,
      );
    if (r.u32() !== 1) throw damaged();
    r.bytes(); // the public key
    const priv = new Reader(r.bytes());
    // Two equal check ints: unequal means a wrong passphrase or a damaged file (PROTOCOL.key).
    const check = priv.u32();
    if (check !== priv.u32()) throw damaged();
    const type = priv.text();
    if (type !== "ssh-rsa")
      throw refuse(
        "KEY_FILE_NOT_RSA",
        `${file} holds a ${type.slice(0, 40)} key; EC2 encrypts Windows passwords only to RSA key pairs.`,
        "Use the RSA key pair the instance was launched with (EC2 Windows instances do not support ED25519 key pairs).",
      );
    const [n, e, d, iqmp, p, q] = [1, 2, 3, 4, 5, 6].map(() => unsigned(priv.bytes())) as bigint[];
    if (!n || !e || !d || !p || !q || !iqmp || p * q !== n) throw damaged();
    return {
      kty: "RSA",
      n: b64url(n),
      e: b64url(e),
      d: b64url(d),
      p: b64url(p),
      q: b64url(q),
      dp: b64url(d % (p - 1n)),
      dq: b64url(d % (q - 1n)),
      qi: b64url(iqmp),
    };
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw damaged();
  }
}
