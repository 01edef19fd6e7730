// Run by tests as its own process with a sandbox environment: the real AWS SDK for JavaScript
// resolves the profile with fromIni (which runs its credential_process) and calls STS
// GetCallerIdentity at AWS_ENDPOINT_URL_STS. Prints {arn, account, accessKeyId} or the error.
const { fromIni } = require("@aws-sdk/credential-provider-ini");
const { STSClient, GetCallerIdentityCommand } = require("@aws-sdk/client-sts");

(async () => {
  const profile = process.argv[2];
  const credentials = fromIni({ profile });
  const keys = await credentials();
  const client = new STSClient({ region: "us-east-1", credentials: async () => keys, maxAttempts: 1 });
  const r = await client.send(new GetCallerIdentityCommand({}));
  process.stdout.write(
    `${JSON.stringify({ arn: r.Arn, account: r.Account, accessKeyId: keys.accessKeyId })}\n`,
  );
})().catch((e) => {
  process.stderr.write(`${e.name}: ${e.message}\n`);
  process.exit(1);
});
