/**
 * Open console (issue 11): the host builds the login URL (console.url), the extension opens it in
 * a new tab itself, so the URL, a sign-in for 15 minutes, never reaches a child process's argv.
 * It is neither stored nor logged: it lives only in this call.
 */
import type { Ctx } from "./context";
import { withBusy } from "./context";

export async function openConsole(ctx: Ctx, profile: string): Promise<void> {
  await withBusy(ctx, "console", async () => {
    const { url } = await ctx.host.call("console.url", { profile });
    await ctx.openTab(url);
    await ctx.store.dispatch({ type: "error/cleared" });
  });
}
