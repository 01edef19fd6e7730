/** Regions and sign-in endpoints of the ISO partitions are refused, never taken as aws (issue 17, finding 7). */
import { describe, expect, it } from "vitest";
import { parseSigninUrl, partitionOfRegion } from "../../contract/signin-endpoints";
import { checkRegion, profileRegion, stsRegion } from "../../native-host/src/aws/sts/region";
import { resolvePartition } from "../../native-host/src/saml/partition";

const ISO = [
  ["us-iso-east-1", "aws-iso"],
  ["us-isob-east-1", "aws-iso-b"],
  ["eu-isoe-west-1", "aws-iso-e"],
  ["us-isof-south-1", "aws-iso-f"],
] as const;

describe("partition of a region (the SDK's regionRegex)", () => {
  it.each<readonly [string, string]>([
    ["eu-west-1", "aws"],
    ["il-central-1", "aws"],
    ["us-gov-west-1", "aws-us-gov"],
    ["cn-northwest-1", "aws-cn"],
    ...ISO,
  ])("%s is in %s", (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});

describe("a Destination naming an ISO region", () => {
  it.each(ISO)("%s is refused with the partition named, not signed in as aws", (region, partition) => {
    const destination = `https://${region}.signin.aws.amazon.com/saml`;
    expect(parseSigninUrl(destination)).toBeNull();
    const refuse = (facts: Parameters<typeof resolvePartition>[0]) => () => resolvePartition(facts);
    for (const facts of [
      { destination, recipient: null, rolePartitions: ["aws" as const] },
      { destination: null, recipient: destination, rolePartitions: ["aws" as const] },
    ]) {
      expect(refuse(facts)).toThrow(expect.objectContaining({ code: "SAML_NOT_FOR_AWS" }));
      expect(refuse(facts)).toThrow(new RegExp(`${region}, a region of the ${partition} partition`));
    }
  });

  it("as does a regional endpoint naming another partition's region on the aws host", () => {
    expect(parseSigninUrl("https://us-gov-west-1.signin.aws.amazon.com/saml")).toBeNull();
    expect(parseSigninUrl("https://cn-north-1.signin.aws.amazon.com/saml")).toBeNull();
    expect(parseSigninUrl("https://eu-west-1.signin.aws.amazon.com/saml")).toEqual({
      partition: "aws",
      region: "eu-west-1",
    });
    expect(parseSigninUrl("https://us-gov-east-1.signin.amazonaws-us-gov.com/saml")).toEqual({
      partition: "aws-us-gov",
      region: "us-gov-east-1",
    });
  });
});

describe("an ISO region given with --region", () => {
  it.each(ISO)("%s is refused for STS and never written into a profile", (region, partition) => {
    expect(() => checkRegion(region, "aws")).toThrow(
      expect.objectContaining({
        code: "REGION_PARTITION_MISMATCH",
        message: expect.stringContaining(partition),
      }),
    );
    expect(() => stsRegion("aws", region, null)).toThrow(
      expect.objectContaining({ code: "REGION_PARTITION_MISMATCH" }),
    );
    expect(stsRegion("aws", undefined, region)).toBe("us-east-1");
    expect(profileRegion("aws", undefined, region, "us-east-1")).toBe("us-east-1");
  });
});
