/**
 * State in storage.session with every write queued. storage get+set is not atomic, and two
 * events arriving together lost an update until writes went through one promise chain
 * (docs/testing/browser-e2e.md §4). storage.session lives in memory only, never on disk.
 */
import { INITIAL_STATE, type State } from "../shared/state";
import { type Action, reduce } from "./reducer";

/** The two calls of a storage area we use (browser.storage.session, or a Map in tests). */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Runs jobs one after another; a failed job does not stop the ones behind it. */
export function serialQueue(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>) => {
    const run = tail.then(job);
    tail = run.catch(() => undefined);
    return run;
  };
}

export const STATE_KEY = "state";

/** Whatever storage held, on top of the initial state, so a state from an older build still loads. */
export function loadState(raw: unknown): State {
  if (typeof raw !== "object" || raw === null) return INITIAL_STATE;
  return { ...INITIAL_STATE, ...(raw as Partial<State>) };
}

export interface Store {
  read(): Promise<State>;
  /** Applies the actions in order, in one write; resolves with the new state. */
  dispatch(...actions: Action[]): Promise<State>;
}

export function createStore(area: StorageAreaLike, key = STATE_KEY): Store {
  const queue = serialQueue();
  const get = async () => loadState((await area.get(key))[key]);
  return {
    read: () => queue(get),
    dispatch: (...actions) =>
      queue(async () => {
        const next = actions.reduce(reduce, await get());
        await area.set({ [key]: next });
        return next;
      }),
  };
}
