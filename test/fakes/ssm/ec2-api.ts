/**
 * The EC2 calls the product makes (EC2 query protocol: a form body in, XML out): DescribeTags
 * for Name tags (EC2 API reference "DescribeTags"), and GetPasswordData for a Windows instance's
 * password (ec2-password-data.ts). It can refuse (UnauthorizedOperation, as for SSM-only roles)
 * or never answer, to prove names are best effort.
 */
import crypto from "node:crypto";
import type { ServerResponse } from "node:http";
import { getPasswordData, passwordDataError } from "./ec2-password-data";
import { checkSigV4 } from "./sigv4";
import type { FakeAwsHandler } from "./ssm-api";
import type { FakeCall, FakeSsmOptions } from "./types";

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function reply(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, {
    "content-type": "text/xml;charset=UTF-8",
    "content-length": Buffer.byteLength(xml),
  });
  res.end(xml);
}

export function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${crypto.randomUUID()}</RequestID></Response>`;
}

/** Filter.N.Name / Filter.N.Value.M → { name: values }. */
export function queryFilters(form: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of form) {
    const m = /^Filter\.(\d+)\.Name$/.exec(k);
    if (!m) continue;
    out[v] = [...form]
      .filter(([vk]) => new RegExp(`^Filter\\.${m[1]}\\.Value\\.\\d+$`).test(vk))
      .map(([, vv]) => vv);
  }
  return out;
}

function describeTags(opts: FakeSsmOptions, form: URLSearchParams): string {
  const f = queryFilters(form);
  const items = opts.instances
    .filter(
      (i) =>
        i.name !== undefined &&
        (!f["resource-id"] || f["resource-id"].includes(i.instanceId)) &&
        (!f.key || f.key.includes("Name")),
    )
    .map(
      (i) =>
        `<item><resourceId>${i.instanceId}</resourceId><resourceType>instance</resourceType><key>Name</key><value>${xmlEscape(i.name!)}</value></item>`,
    );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeTagsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>${crypto.randomUUID()}</requestId><tagSet>${items.join("")}</tagSet></DescribeTagsResponse>`;
}

export function createEc2Handler(
  opts: FakeSsmOptions,
  calls: FakeCall[],
  hung: Set<ServerResponse> = new Set(),
): FakeAwsHandler {
  return (req, body, res) => {
    if (
      req.headers["x-amz-target"] ||
      !String(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
    )
      return false;
    const form = new URLSearchParams(body.toString("utf8"));
    const action = form.get("Action") ?? "";
    const auth = checkSigV4(req, body, opts.secrets);
    if (auth.service !== "ec2") return false;
    calls.push({
      service: "ec2",
      action,
      body: Object.fromEntries(form),
      accessKeyId: auth.accessKeyId,
      region: auth.region,
      hadSessionToken: auth.sessionToken !== null,
    });
    if (!auth.ok)
      reply(
        res,
        401,
        errorXml(
          "AuthFailure",
          `AWS was not able to validate the provided access credentials (${auth.errorType}).`,
        ),
      );
    else if (action !== "DescribeTags" && action !== "GetPasswordData")
      reply(res, 400, errorXml("InvalidAction", `The action ${action} is not valid for this web service.`));
    else if (opts.ec2 === "denied")
      reply(res, 403, errorXml("UnauthorizedOperation", "You are not authorized to perform this operation."));
    else if (opts.ec2 === "hang") hung.add(res);
    else if (action === "GetPasswordData") {
      const refused = passwordDataError(opts, form);
      if (refused) reply(res, 400, errorXml(refused.code, refused.message));
      else reply(res, 200, getPasswordData(opts, form));
    } else reply(res, 200, describeTags(opts, form));
    return true;
  };
}
