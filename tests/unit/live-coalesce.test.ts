import { describe, expect, it } from "vitest";
import { createCoalescer, type Clock } from "~/live-coalesce";
import { isNewer } from "~/live-view";

/** A clock the test moves by hand: timers fire in order when time passes them. */
function fakeClock() {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.set(++nextId, { at: now + ms, fn });
      return nextId;
    },
    clearTimeout: (id) => void timers.delete(id as number),
  };
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].fn();
      await flush();
    }
    now = until;
    await flush();
  };
  return { clock, advance, pending: () => timers.size };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(runMs = 0) {
  const time = fakeClock();
  const runs: { key: string; at: number }[] = [];
  const coalescer = createCoalescer<string>({
    intervalMs: 250,
    clock: time.clock,
    run: async (key) => {
      runs.push({ key, at: time.clock.now() });
      if (runMs) await new Promise<void>((resolve) => time.clock.setTimeout(resolve, runMs));
    },
  });
  return { ...time, runs, coalescer };
}

describe("live coalescing", () => {
  it("runs the first change at once and folds a burst into one more run at the end of the interval", async () => {
    const { coalescer, runs, advance } = setup();
    coalescer.trigger("a");
    await flush();
    expect(runs).toEqual([{ key: "a", at: 0 }]);
    for (let i = 0; i < 50; i++) {
      await advance(4);
      coalescer.trigger("a");
    }
    await advance(1000);
    expect(runs.map((r) => r.at)).toEqual([0, 250]);
  });

  it("never runs a key more than 4 times a second under a steady stream of changes", async () => {
    const { coalescer, runs, advance } = setup();
    for (let ms = 0; ms < 2000; ms += 10) {
      coalescer.trigger("a");
      await advance(10);
    }
    await advance(500);
    const times = runs.map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(250);
    expect(times.length).toBeLessThanOrEqual(9);
    expect(times.length).toBeGreaterThanOrEqual(8);
  });

  it("keeps events apart: one busy event does not delay another", async () => {
    const { coalescer, runs, advance } = setup();
    coalescer.trigger("a");
    coalescer.trigger("a");
    coalescer.trigger("b");
    await flush();
    await advance(300);
    expect(runs).toEqual([
      { key: "a", at: 0 },
      { key: "b", at: 0 },
      { key: "a", at: 250 },
    ]);
  });

  it("never overlaps runs of one key: a change during a slow run is read after it", async () => {
    const { coalescer, runs, advance } = setup(600);
    coalescer.trigger("a");
    await advance(100);
    coalescer.trigger("a");
    coalescer.trigger("a");
    await advance(400);
    expect(runs.length).toBe(1);
    await advance(200);
    expect(runs.map((r) => r.at)).toEqual([0, 600]);
  });

  it("drops the pending run of a cancelled key", async () => {
    const { coalescer, runs, advance, pending } = setup();
    coalescer.trigger("a");
    coalescer.trigger("a");
    coalescer.cancel("a");
    await advance(1000);
    expect(runs.length).toBe(1);
    expect(pending()).toBe(0);
    expect(coalescer.busy()).toBe(0);
  });

  it("keeps running after a failed run", async () => {
    const time = fakeClock();
    const errors: unknown[] = [];
    let calls = 0;
    const coalescer = createCoalescer<string>({
      intervalMs: 250,
      clock: time.clock,
      run: async () => {
        calls++;
        if (calls === 1) throw new Error("database away");
      },
      onError: (error) => errors.push(error),
    });
    coalescer.trigger("a");
    await flush();
    coalescer.trigger("a");
    await time.advance(300);
    expect(calls).toBe(2);
    expect(errors.length).toBe(1);
  });
});

describe("live views", () => {
  const at = (version: number | null) => ({
    session: version === null ? null : { phase: "welcome" as const, open: false, version, ended: false },
  });
  it("lets a late answer from before a phase change lose", () => {
    expect(isNewer(at(3), at(2))).toBe(false);
    expect(isNewer(at(3), at(3))).toBe(true);
    expect(isNewer(at(null), at(1))).toBe(true);
    expect(isNewer(at(2), at(null))).toBe(false);
  });
});
