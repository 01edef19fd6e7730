/**
 * A fake STS/IAM and a sandbox for CLI tests, closed after each test; `saml()` writes an
 * Entra-shaped response to a file and returns its path.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach } from "vitest";
import { type FakeSts, type FakeStsOptions, startFakeSts } from "../fakes/sts/index";
import { makeSamlResponse, role } from "../fixtures/saml";
import { makeSandbox, type Sandbox } from "../support/sandbox";

export const ADMIN = role("111122223333", "Admin");
export const DEV = role("444455556666", "Dev");

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

export type SamlOptions = Partial<Parameters<typeof makeSamlResponse>[0]>;

export async function world(
  opts: FakeStsOptions = {},
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ sts: FakeSts; sb: Sandbox; saml: (o?: SamlOptions) => string }> {
  const sts = await startFakeSts(opts);
  const sb = makeSandbox({ AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_IAM: sts.url, ...extraEnv });
  cleanups.push(
    () => sts.close(),
    () => sb.cleanup(),
  );
  let n = 0;
  const saml = (o: SamlOptions = {}) => {
    const file = path.join(sb.dir, `saml-${n++}.txt`);
    fs.writeFileSync(file, makeSamlResponse({ roles: [ADMIN], ...o }).base64);
    return file;
  };
  return { sts, sb, saml };
}

export const ini = (file: string) => fs.readFileSync(file, "utf8");
