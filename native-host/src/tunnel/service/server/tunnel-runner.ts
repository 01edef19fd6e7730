/**
 * One tunnel's life: find the instance, StartSession, start the engine, report its state, and on
 * stop end the data channel and call TerminateSession (spec §8.5). AWS calls and the engine come
 * in through `RunnerDeps`, so this is tested without sockets.
 */

import type { InstanceInfo } from "../../../../../contract/domain";
import type { TunnelInfo } from "../../../../../contract/tunnel-info";
import type { AwsScope } from "../../../aws/ssm/ssm-client";
import type { SessionTokens, StartRequest } from "../../../aws/ssm/ssm-session";
import { parseTarget, pickTarget, type TargetSpec } from "../../../aws/ssm/ssm-target";
import type { Logger } from "../../../config/log";
import { BastionlessError, TunnelError } from "../../../errors";
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
  };
  prepareEngine(
    name: EngineName,
    ctx: {
      scope: Required<AwsScope>;
      target: string;
      remotePort: number;
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

  constructor(
    private readonly params: StartParams,
    private readonly deps: RunnerDeps,
  ) {}

  stats(): EngineStats | null {
    return this.forward?.stats() ?? null;
  }

  /** Resolves with the open tunnel, or rejects (the tunnel is then gone from the table). */
  async start(): Promise<TunnelInfo> {
    const spec = parseTarget(this.params.target);
    const { profile, remotePort, localPort, settings } = this.params;
    // Every AWS call and the websocket of this tunnel use its caller's settings (issue 16 item 8).
    this.scope = {
      profile,
      settings,
      region: await this.deps.aws.region({ profile, region: this.params.region, settings }),
    };
    const target = spec.kind === "id" ? spec.instanceId : spec.name;
    this.id = this.deps.table.add(
      { target, profile, region: this.scope.region, localPort, remotePort },
      this,
    ).info.id;
    this.startup = this.open(spec).catch(async (err) => {
      await this.endSession("start failed");
      this.deps.table.remove(this.id, "failed", asError(err));
      throw err;
    });
    return this.startup;
  }

  private async open(spec: TargetSpec): Promise<TunnelInfo> {
    const { table, aws, log } = this.deps;
    const { remotePort, localPort } = this.params;
    const instanceId = await this.resolve(spec);
    const engine = await this.deps.prepareEngine(this.params.engine, {
      scope: this.scope,
      target: instanceId,
      remotePort,
      localPort,
      maxUploadRate: this.params.maxUploadRate,
    });
    const { tokens } = await aws.startSession(this.scope, {
      target: instanceId,
      remotePort,
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
      table.update(this.id, { target: picked.instanceId, instanceName: picked.name });
      return picked.instanceId;
    }
    this.nameLookup = aws.instances(this.scope, [spec.instanceId]).then(
      (found) =>
        table.update(this.id, {
          instanceName: found.find((i) => i.instanceId === spec.instanceId)?.name ?? null,
        }),
      (err) => log.info("instance name unavailable", { error: asError(err) }),
    );
    return spec.instanceId;
  }

  private async resume(): Promise<SessionTokens | null> {
    if (!this.session) return null;
    const next = await this.deps.aws.resumeSession(this.scope, this.session);
    if (next) this.session = next;
    this.deps.log.info("session resumed", { tunnel: this.id, ok: next !== null });
    return next;
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
