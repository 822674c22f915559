/**
 * Turns bursts of "something changed for key K" into at most one `run(K)` per `intervalMs`: the
 * first change runs at once, changes during the interval (or while a run is in progress) are folded
 * into one more run at the end of it. Runs for one key never overlap. Pure: time is injected.
 */
export type Clock = {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

type KeyState = { lastStart: number; running: boolean; pending: boolean; timer: unknown };

export function createCoalescer<K>(options: {
  intervalMs: number;
  run: (key: K) => Promise<void>;
  clock?: Clock;
  onError?: (error: unknown, key: K) => void;
}) {
  const clock = options.clock ?? realClock;
  const states = new Map<K, KeyState>();

  const start = (key: K, state: KeyState) => {
    state.timer = undefined;
    state.pending = false;
    state.running = true;
    state.lastStart = clock.now();
    options
      .run(key)
      .catch((error) => options.onError?.(error, key))
      .finally(() => {
        state.running = false;
        // The state stays (it remembers when the last run started) until the key is cancelled.
        if (state.pending && states.get(key) === state) schedule(key, state);
      });
  };

  const schedule = (key: K, state: KeyState) => {
    if (state.running || state.timer !== undefined) return;
    const wait = state.lastStart + options.intervalMs - clock.now();
    if (wait <= 0) start(key, state);
    else state.timer = clock.setTimeout(() => start(key, state), wait);
  };

  return {
    /** Asks for a run of `key`: now, or folded into the next one. */
    trigger(key: K) {
      let state = states.get(key);
      if (!state) {
        state = { lastStart: -Infinity, running: false, pending: false, timer: undefined };
        states.set(key, state);
      }
      state.pending = true;
      schedule(key, state);
    },
    /** Forgets a key (its last subscriber left): a pending run is dropped. */
    cancel(key: K) {
      const state = states.get(key);
      if (!state) return;
      if (state.timer !== undefined) clock.clearTimeout(state.timer);
      state.timer = undefined;
      state.pending = false;
      states.delete(key);
    },
    /** Keys with a run in progress or waiting (for tests and shutdown). */
    busy() {
      return states.size;
    },
  };
}
