/**
 * A SAML POST the browser observed, from classification to sign-in: taken only when a trusted
 * sign-in page sent it (capture-source.ts, issue 17 finding 1); a refusal is recorded with its
 * reason for the popup and said in a notification, and nothing is sent to the host.
 */
import { displayText } from "../shared/display-text";
import { trustedOrigins } from "../shared/trust";
import type { Capture } from "./capture";
import { judgeSource } from "./capture-source";
import type { Ctx } from "./context";
import { handleCapture } from "./sign-in";

export async function acceptCapture(ctx: Ctx, capture: Capture, captureOn: boolean): Promise<void> {
  const at = ctx.now();
  if (capture.kind === "ignored")
    return void (await ctx.store.dispatch({
      type: "capture/ignored",
      url: capture.url,
      reason: capture.reason,
      at,
    }));
  if (!captureOn)
    return void (await ctx.store.dispatch({
      type: "capture/ignored",
      url: capture.url,
      reason: "capture is off in the options",
      at,
    }));
  const [trust, seen] = await Promise.all([ctx.trust(), ctx.idpPosts.has(capture.samlResponse, at)]);
  const source = judgeSource(capture.from, trustedOrigins(trust), seen);
  if (source.kind === "aws-repost")
    return void (await ctx.store.dispatch({
      type: "capture/ignored",
      url: capture.url,
      reason: "the AWS sign-in page re-posted a sign-in already taken from your sign-in page",
      at,
    }));
  if (source.kind === "refused") {
    const { origin: from, code, reason } = source;
    await ctx.store.dispatch({ type: "capture/refused", url: capture.url, from, code, reason, at });
    await ctx.notify.show(
      "refused",
      "AWS sign-in refused",
      `A sign-in posted to AWS by ${from ? displayText(from) : "an unknown page"} was not used. ${displayText(reason)}`,
    );
    return;
  }
  // The launch this tab came from, if known (silent renewal, renewal-store.ts): taken once.
  const origin = capture.tabId == null ? null : await ctx.renewal.tabs.take(capture.tabId, at);
  // The host call goes out at once (the user is waiting); the hash is noted meanwhile.
  await Promise.all([
    ctx.idpPosts.add(capture.samlResponse, at),
    handleCapture(ctx, { ...capture, from: source.origin }, origin),
  ]);
}
