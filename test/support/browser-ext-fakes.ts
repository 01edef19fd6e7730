/**
 * In-memory stand-ins for the browser APIs the extension's background takes through Ctx, so its
 * flows run under vitest: a storage area with async gaps (to expose lost updates), a native port
 * that answers like the host, and recording notifications/alarms. Not a fake of AWS or the host
 * program; the e2e tests use the real ones.
 */

import type { RoleChoice } from "../../contract/domain";
import { REQUEST_TYPES } from "../../contract/requests";
import { createAssertionStore } from "../../extension/src/background/assertion-store";
import type { Ctx } from "../../extension/src/background/context";
import type { PortLike } from "../../extension/src/background/host-connection";
import { HostLink } from "../../extension/src/background/host-link";
import { createIdpPosts } from "../../extension/src/background/idp-posts";
import { createNotifier } from "../../extension/src/background/notify";
import { createLaunchTabs, createRenewalBookStore } from "../../extension/src/background/renewal-store";
import { createStore, type StorageAreaLike } from "../../extension/src/background/store";
import { DEFAULT_SETTINGS, type Settings } from "../../extension/src/shared/settings";
import { DEFAULT_TRUST, type Trust } from "../../extension/src/shared/trust";

const tick = () => new Promise<void>((r) => setTimeout(r, Math.random() < 0.5 ? 0 : 1));

export function memoryArea(): StorageAreaLike & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    async get(key) {
      await tick();
      return data.has(key) ? { [key]: structuredClone(data.get(key)) } : {};
    },
    async set(items) {
      await tick();
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(key) {
      await tick();
      data.delete(key);
    },
  };
}

type Answer = unknown | { error: { code: string; message: string; hint?: string } };
export type HostScript = { [type: string]: ((params: any) => Answer | Promise<Answer>) | unknown };

/** A port that behaves like the host: hello first, then the scripted answers. */
export class FakeHostPort implements PortLike {
  readonly requests: Array<{ id: number; type: string; params: any }> = [];
  private readonly messageListeners: Array<(m: unknown) => void> = [];
  private readonly disconnectListeners: Array<(p: PortLike) => void> = [];
  disconnected = false;
  error: { message: string } | null = null;

  constructor(
    private readonly script: HostScript,
    refuse: string | null = null,
  ) {
    if (refuse) setTimeout(() => this.drop(refuse), 1);
  }

  onMessage = { addListener: (cb: (m: unknown) => void) => void this.messageListeners.push(cb) };
  onDisconnect = { addListener: (cb: (p: PortLike) => void) => void this.disconnectListeners.push(cb) };

  postMessage(message: unknown): void {
    if (this.disconnected) throw new Error("Attempting to use a disconnected port object");
    const m = message as { id: number; type: string; params: any };
    this.requests.push(m);
    void this.answer(m);
  }

  disconnect(): void {
    this.disconnected = true;
  }

  emit(message: unknown): void {
    for (const l of this.messageListeners) l(message);
  }

  /** The browser closing the port, with its reason text (as Firefox reports it in port.error). */
  drop(reason: string): void {
    this.error = { message: reason };
    this.disconnected = true;
    for (const l of this.disconnectListeners) l(this);
  }

  private async answer(m: { id: number; type: string; params: any }): Promise<void> {
    await tick();
    if (this.disconnected) return;
    const fn =
      m.type === "hello" && !this.script.hello
        ? () => ({
            name: "bastionless",
            version: "0.1.0",
            protocol: 1,
            capabilities: [...REQUEST_TYPES],
            platform: "linux",
          })
        : (this.script[m.type] as ((params: any) => Answer | Promise<Answer>) | undefined);
    if (!fn)
      return this.emit({ id: m.id, ok: false, error: { code: "UNKNOWN_TYPE", message: `no ${m.type}` } });
    const out = (await fn(m.params)) as any;
    if (this.disconnected) return;
    this.emit(
      out && typeof out === "object" && "error" in out
        ? { id: m.id, ok: false, error: out.error }
        : { id: m.id, ok: true, result: out },
    );
  }
}

export interface FakeCtx extends Ctx {
  ports: FakeHostPort[];
  notices: Array<{ id: string; title: string; message: string }>;
  alarmsSet: Map<string, number>;
  settingsValue: Settings;
  trustValue: Trust;
  badge: string;
  /** URLs openTab was asked to open. */
  openedTabs: string[];
  knownRoles: RoleChoice[];
  clock: { now: number };
  /** Windows renewal opened (openQuiet), and whether they were closed; tabs the Sign in action opened. */
  renewalWindows: Array<{ url: string; windowId: number; tabId: number; closed: boolean }>;
  signInTabs: Array<{ url: string; tabId: number }>;
  local: ReturnType<typeof memoryArea>;
}

export function fakeCtx(
  script: HostScript,
  opts: { settings?: Partial<Settings>; trust?: Partial<Trust>; refuse?: string; now?: number } = {},
): FakeCtx {
  const session = memoryArea();
  const local = memoryArea();
  let tabs = 100;
  const ports: FakeHostPort[] = [];
  const notices: FakeCtx["notices"] = [];
  const clock = { now: opts.now ?? Date.UTC(2026, 10, 28, 12) };
  let n = 0;
  const ctx = {
    ports,
    notices,
    clock,
    alarmsSet: new Map<string, number>(),
    settingsValue: { ...DEFAULT_SETTINGS, ...opts.settings },
    trustValue: { ...DEFAULT_TRUST, ...opts.trust },
    badge: "",
    openedTabs: [],
    knownRoles: [] as RoleChoice[],
    store: createStore(session),
    assertions: createAssertionStore(session),
    notify: createNotifier(
      {
        create: async (id, o) => void notices.push({ id, title: o.title, message: o.message }),
        clear: async () => undefined,
      },
      async () => ctx.settingsValue,
    ),
    alarms: {
      create: (name: string, info: { when: number }) => void ctx.alarmsSet.set(name, info.when),
      clear: async (name: string) => ctx.alarmsSet.delete(name),
    },
    settings: async () => ctx.settingsValue,
    saveSettings: async (patch: Partial<Settings>) => {
      ctx.settingsValue = { ...ctx.settingsValue, ...patch };
    },
    trust: async () => structuredClone(ctx.trustValue),
    saveTrust: async (patch: Partial<Trust>) => {
      ctx.trustValue = { ...ctx.trustValue, ...patch };
    },
    idpPosts: createIdpPosts(session),
    rememberRoles: async (roles: RoleChoice[]) => {
      ctx.knownRoles = roles;
    },
    setBadge: async (t: string) => {
      ctx.badge = t;
    },
    openTab: async (url: string) => {
      ctx.openedTabs.push(url);
    },
    renewalWindows: [],
    signInTabs: [],
    local,
    renewal: {
      book: createRenewalBookStore(local, async () => ctx.trustValue.idpOrigins),
      tabs: createLaunchTabs(session),
      openQuiet: async (url: string) => {
        const w = { url, windowId: ++tabs, tabId: ++tabs, closed: false };
        ctx.renewalWindows.push(w);
        return { windowId: w.windowId, tabId: w.tabId };
      },
      closeWindow: async (windowId: number) => {
        for (const w of ctx.renewalWindows) if (w.windowId === windowId) w.closed = true;
      },
      openSignIn: async (url: string) => {
        const t = { url, tabId: ++tabs };
        ctx.signInTabs.push(t);
        return { tabId: t.tabId };
      },
    },
    now: () => clock.now,
    newId: () => `pick${++n}`,
    session,
  } as unknown as FakeCtx;
  ctx.host = new HostLink({
    connect: () => {
      const p = new FakeHostPort(script, opts.refuse ?? null);
      ports.push(p);
      return p;
    },
    disconnectReason: (p) => (p as FakeHostPort).error?.message ?? null,
    target: { browser: "chrome", extensionId: "kokbnelligicogechcoofickipeemloj" },
    onHello: async (host) => void (await ctx.store.dispatch({ type: "host/checked", host })),
    onEvent: () => undefined,
    onLost: () => undefined,
    now: () => clock.now,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    lingerMs: 5,
  });
  return ctx;
}
