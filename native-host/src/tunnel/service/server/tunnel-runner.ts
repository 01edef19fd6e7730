/**
 * One tunnel's life: find the instance, StartSession, start the engine, report its state, and on
 * stop end the data channel and call TerminateSession (spec §8.5). AWS calls and the engine come
 * in through `RunnerDeps`, so this is tested without sockets. Just over 300 lines: the life is
 * one state sequence (start, resume with the account check, stop), clearer read in one place.
 */

import type { InstanceInfo } from "../../../../../contract/domain";
import type { TunnelInfo } from "../../../../../contract/tunnel-info";
import type { ProfileIdentity } from "../../../aws/ssm/profile-identity";
import type { AwsScope } from "../../../aws/ssm/ssm-client";
import type { SessionTokens, StartRequest } from "../../../aws/ssm/ssm-session";
import { parseTarget, pickTarget, type TargetSpec } from "../../../aws/ssm/ssm-target";
import type { Logger } from "../../../config/log";
import { BastionlessError, TunnelError } from "../../../errors";
import { isPortFree } from "../../../platform/free-port";
import { portBusy } from "../../../platform/port-holder";
import type { EngineEvent, EngineStats, PortForward, PreparedEngine } from "../../engines/engine";
import type { EngineName, StartParams } from "../ipc/ipc-messages";
import type { TunnelOwner, TunnelTable } from "./tunnel-table";

export interface RunnerDeps {
  table: TunnelTable;
  log: Logger;
  aws: {
    region(scope: AwsScope): Promise<string>;
    instances(scope: Required<AwsScope>, instanceIds?: string[]): Promise<InstanceInfo[]>;
    startSession(scope: Required<AwsScope>, req: StartRequest): Promise<{ tokens: SessionTokens }>;
    resumeSession(scope: Required<AwsScope>, current: SessionTokens): Promise<SessionTokens | null>;
    terminateSession(scope: Required<AwsScope>, sessionId: string): Promise<void>;
    /** Whose keys the profile holds now (aws/ssm/profile-identity.ts); null when it does not say. */
    identity(scope: Required<AwsScope>): Promise<ProfileIdentity | null>;
  };
  prepareEngine(
    name: EngineName,
    ctx: {
      scope: Required<AwsScope>;
      target: string;
      remotePort: number;
      remoteHost?: string;
      localPort: number;
      maxUploadRate?: number;
    },
  ): Promise<PreparedEngine>;
}

/** How long an opened tunnel's reply may wait for the instance's Name (never needed to connect). */
const NAME_WAIT_MS = 300;

const asError = (err: unknown) =>
  err instanceof BastionlessError
    ? { code: err.code, message: err.message }
    : { code: "TUNNEL_FAILED", message: String((err as Error)?.message ?? err) };

export class TunnelRunner implements TunnelOwner {
  private id = "";
  private scope!: Required<AwsScope>;
  private session: SessionTokens | null = null;
  private forward: PortForward | null = null;
  private startup: Promise<TunnelInfo> | null = null;
  private stopping: Promise<void> | null = null;
  private terminated = false;
  private nameLookup: Promise<void> = Promise.resolve();
  /** The account and role the tunnel started with; it never resumes with another's keys. */
  private identity: ProfileIdentity | null = null;

  constructor(
    private readonly params: StartParams,
    private readonly deps: RunnerDeps,
  ) {}

  /**
   * Whether `p` asks for this very tunnel (issue 11: a second Connect reuses it): same profile,
   * target as asked or as resolved, remote port, engine and AWS settings, and the local port when
   * one was named. (The service also checks the region and the account and role.)
   */
  serves(p: StartParams): boolean {
    const info = this.deps.table.get(this.id)?.info;
    if (!info || this.stopping || !["starting", "open", "reconnecting"].includes(info.state)) return false;
    const mine = this.params;
    const portOk = !(p.exactPort && p.localPort !== 0) || p.localPort === info.localPort;
    return (
      p.profile === mine.profile &&
      (p.target === mine.target || p.target === info.target) &&
      p.remotePort === mine.remotePort &&
      p.remoteHost === mine.remoteHost &&
      p.engine === mine.engine &&
      p.maxUploadRate === mine.maxUploadRate &&
      // Another credentials file, endpoint or proxy is another caller's tunnel (issue 16 item 8).
      JSON.stringify(p.settings) === JSON.stringify(mine.settings) &&
      portOk
    );
  }

  /** The tunnel once it is open (a start in progress is awaited), with its current counters. */
  async current(): Promise<TunnelInfo> {
    await this.startup;
    return { ...this.lastInfo() };
  }

  stats(): EngineStats | null {
    return this.forward?.stats() ?? null;
  }

  /** Resolves with the open tunnel, or rejects (the tunnel is then gone from the table). */
  async start(): Promise<TunnelInfo> {
    return (await this.begin()).opened;
  }

  /**
   * Puts the tunnel in the table (after its region and identity are known) and starts opening it;
   * `opened` settles once it is open. Wrapped so the caller can go on before it opens.
   */
  async begin(): Promise<{ opened: Promise<TunnelInfo> }> {
    const spec = parseTarget(this.params.target);
    const { profile, remotePort, localPort, settings } = this.params;
    // Every AWS call and the websocket of this tunnel use its caller's settings (issue 16 item 8).
    this.scope = {
      profile,
      settings,
      region: await this.deps.aws.region({ profile, region: this.params.region, settings }),
    };
    const target = spec.kind === "id" ? spec.instanceId : spec.name;
    this.identity = await this.deps.aws.identity(this.scope).catch(() => null);
    this.id = this.deps.table.add(
      {
        target,
        profile,
        region: this.scope.region,
        localPort,
        remotePort,
        remoteHost: this.params.remoteHost ?? null,
        accountId: this.identity?.accountId ?? null,
        roleArn: this.identity?.roleArn ?? null,
        accountAlias: this.identity?.accountAlias ?? null,
      },
      this,
    ).info.id;
    this.startup = this.open(spec).catch(async (err) => {
      await this.forward?.stop().catch(() => undefined);
      await this.endSession("start failed");
      this.deps.table.remove(this.id, "failed", asError(err));
      throw err;
    });
    return { opened: this.startup };
  }

  private async open(spec: TargetSpec): Promise<TunnelInfo> {
    const { table, aws, log } = this.deps;
    const { remotePort, remoteHost, localPort } = this.params;
    const to = remoteHost === undefined ? {} : { remoteHost };
    const exact = this.params.exactPort === true && localPort !== 0;
    // Checked before StartSession, so a busy port costs no session; the bound port is checked again below.
    if (exact && !(await isPortFree(localPort))) throw await portBusy(localPort);
    const instanceId = await this.resolve(spec);
    const engine = await this.deps.prepareEngine(this.params.engine, {
      scope: this.scope,
      target: instanceId,
      remotePort,
      ...to,
      localPort,
      maxUploadRate: this.params.maxUploadRate,
    });
    const { tokens } = await aws.startSession(this.scope, {
      target: instanceId,
      remotePort,
      ...to,
      localPortNumber: engine.localPortNumber,
    });
    this.session = tokens;
    table.update(this.id, { sessionId: tokens.sessionId });
    log.info("session started", { tunnel: this.id, target: instanceId, sessionId: tokens.sessionId });
    this.forward = await engine.start({
      session: tokens,
      remotePort,
      localPort: engine.localPortNumber ?? localPort,
      host: "127.0.0.1",
      resume: () => this.resume(),
      terminate: () => this.endSession("engine asked"),
      log,
      onEvent: (e) => this.onEngineEvent(e),
    });
    // Another program may take the port between the check and the bind: the engine then moved on.
    if (exact && this.forward.localPort !== localPort) throw await portBusy(localPort);
    table.update(this.id, { state: "open", localPort: this.forward.localPort });
    void this.forward.ended.then((end) => this.onEnded(end));
    // The name runs alongside StartSession; a moment's wait usually lets the reply carry it.
    await Promise.race([this.nameLookup, new Promise((r) => setTimeout(r, NAME_WAIT_MS))]);
    return { ...this.lastInfo() };
  }

  /** A name must match exactly one instance; an id is used as is, its name looked up on the side. */
  private async resolve(spec: TargetSpec): Promise<string> {
    const { table, aws, log } = this.deps;
    if (spec.kind === "name") {
      const picked = pickTarget(spec, await aws.instances(this.scope), this.scope.profile);
      table.update(this.id, {
        target: picked.instanceId,
        instanceName: picked.name,
        platformType: picked.platformType,
      });
      return picked.instanceId;
    }
    this.nameLookup = aws.instances(this.scope, [spec.instanceId]).then(
      (found) => {
        const it = found.find((i) => i.instanceId === spec.instanceId);
        table.update(this.id, { instanceName: it?.name ?? null, platformType: it?.platformType ?? null });
      },
      (err) => log.info("instance name unavailable", { error: asError(err) }),
    );
    return spec.instanceId;
  }

  private async resume(): Promise<SessionTokens | null> {
    if (!this.session) return null;
    await this.checkIdentity();
    const next = await this.deps.aws.resumeSession(this.scope, this.session);
    if (next) this.session = next;
    this.deps.log.info("session resumed", { tunnel: this.id, ok: next !== null });
    return next;
  }

  /**
   * Before ResumeSession the profile is read again: keys of another account or role (a sign-in
   * rewrote the profile) end the tunnel instead of carrying it on under another identity.
   */
  private async checkIdentity(): Promise<void> {
    if (!this.identity) return;
    const now = await this.deps.aws.identity(this.scope).catch(() => null);
    if (now?.roleArn === this.identity.roleArn) return;
    const err = new TunnelError(
      "TUNNEL_ACCOUNT_CHANGED",
      `Profile "${this.scope.profile}" now holds ${now ? `the keys of ${now.roleArn}` : "keys bastionless cannot tie to a role"}, not those of ${this.identity.roleArn} this tunnel started with, so the tunnel was closed.`,
      { hint: "Sign in to the tunnel's role again (or use a profile of its own), then connect again." },
    );
    this.deps.log.warn("profile changed account or role; ending the tunnel", {
      tunnel: this.id,
      from: this.identity.roleArn,
      to: now?.roleArn ?? null,
    });
    void this.fail(err);
    throw err;
  }

  /** Ends the tunnel with `err`. No TerminateSession: the profile's keys are not the session's. */
  private fail(err: TunnelError): Promise<void> {
    this.stopping ??= (async () => {
      this.terminated = true;
      await this.forward?.stop().catch(() => undefined);
      this.deps.table.remove(this.id, "failed", asError(err));
    })();
    return this.stopping;
  }

  private onEngineEvent(e: EngineEvent): void {
    if (e.state === "closed" || e.state === "failed") return; // onEnded reports the end once
    this.deps.table.update(this.id, { state: e.state, ...(e.error ? { lastError: e.error } : {}) });
  }

  private async onEnded(end: Awaited<PortForward["ended"]>): Promise<void> {
    if (this.stopping) return;
    this.deps.log.info("tunnel ended", { tunnel: this.id, state: end.state, error: end.error });
    // A session whose channel failed may still be open at AWS; closed ones were ended by AWS.
    if (end.state === "failed") await this.endSession("engine failed");
    this.deps.table.remove(this.id, end.state, end.error);
  }

  /** TerminateSession, best effort: the session may already be gone. */
  private async endSession(why: string): Promise<void> {
    const id = this.session?.sessionId;
    if (!id || this.terminated) return;
    this.terminated = true;
    try {
      await this.deps.aws.terminateSession(this.scope, id);
      this.deps.log.info("session terminated", { tunnel: this.id, sessionId: id, why });
    } catch (err) {
      this.deps.log.warn("TerminateSession failed", { tunnel: this.id, sessionId: id, error: asError(err) });
    }
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.startup?.catch(() => undefined);
      if (!this.deps.table.get(this.id)) return;
      try {
        await this.forward?.stop();
      } catch (err) {
        this.deps.log.warn("engine stop failed", { tunnel: this.id, error: asError(err) });
      }
      await this.endSession("stopped by the user");
      this.deps.table.remove(this.id, "closed");
    })();
    return this.stopping;
  }

  private lastInfo(): TunnelInfo {
    const e = this.deps.table.get(this.id);
    if (!e)
      throw new TunnelError("TUNNEL_STOPPED", "The tunnel was stopped while it was opening.", {
        hint: "Start it again.",
      });
    return e.info;
  }
}
