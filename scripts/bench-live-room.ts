// The room of scripts/bench-live.ts: the facilitator, who signs in and moves through the phases from the
// staff console, a projector, and the phones of bench-live-phone.ts, which join, follow the session by
// server-sent events and post when their phase opens. Resolves with what was measured and the ledger of
// every acknowledged write, for the check.
import { Browser, sleep } from "./bench-live-client";
import { Phone, Room, route, type Phase, type RoomConfig } from "./bench-live-phone";

/** After its planned length, a phase stays open at most this long for the phones still at work. */
const STRAGGLERS_MS = 60_000;

/** The staff console on the facilitator's laptop: its own stream, re-reading its loader when the room changes. */
class Facilitator {
  browser: Browser;
  private closeStream: (() => void) | null = null;
  private refresh: ReturnType<typeof setInterval> | null = null;
  private reading: Promise<unknown> | null = null;
  private again = false;
  private last = "";

  constructor(private room: Room) {
    this.browser = new Browser(room.config.base, room.kinds);
  }

  private get console() {
    return `/espace/evenements/${this.room.config.eventId}/direct`;
  }

  async signIn() {
    const { staffEmail, magicLink } = this.room.config;
    const asked = await this.browser.request("staff", "POST", "/connexion.data?index", { email: staffEmail });
    if (asked?.status !== 200) throw new Error(`sign-in refused: ${asked?.status}`);
    const link = new URL(await magicLink(staffEmail));
    const signedIn = await this.browser.request("staff", "POST", link.pathname + link.search, {});
    if (!signedIn || signedIn.status >= 400 || this.browser.cookies.size === 0) throw new Error(`sign-in link refused: ${signedIn?.status}`);
    const page = await this.browser.request("staff", "GET", this.console);
    if (page?.status !== 200) throw new Error(`the console answered ${page?.status}`);
    this.closeStream = this.browser.stream(`/e/${this.room.config.code}/direct.stream?vue=ecran`, (data) => {
      const view = JSON.parse(data);
      const key = JSON.stringify([view.session, view.counts, view.latest.map((n: { id: string }) => n.id)]);
      if (this.last && key !== this.last) this.revalidate();
      this.last = key;
    }, () => {});
    this.refresh = setInterval(() => this.revalidate(), 15_000);
  }

  /** One re-read at a time (root and the console's loader), and one more if the room changed meanwhile. */
  private revalidate() {
    if (this.reading) return void (this.again = true);
    const data = `${this.console}.data?`;
    this.reading = Promise.all([
      this.browser.request("console", "GET", data + route("root")),
      this.browser.request("console", "GET", data + route("routes/espace.evenements.$id.direct")),
    ]).finally(() => {
      this.reading = null;
      if (this.again && !this.room.stopping) {
        this.again = false;
        this.revalidate();
      }
    });
  }

  async command(label: string, form: Record<string, string>, change?: { phase: string; open: boolean }) {
    const room = this.room;
    if (change) {
      const k = room.changes.push({ label, ...change, sentAt: performance.now(), expected: 0, delivered: 0 }) - 1;
      for (const phone of room.phones) if (phone.connected) (phone.expected.add(k), room.changes[k].expected++);
    }
    const reply = await this.browser.request("staff", "POST", `${this.console}.data`, form);
    if (reply?.status !== 200 || !reply.data?.data?.ok) throw new Error(`the console refused ${label}: ${reply?.status} ${reply?.body.slice(0, 200)}`);
    room.config.log(`facilitator: ${label}`);
    this.revalidate();
  }

  phase(phase: string, open: boolean) {
    return this.command(`${phase} ${open ? "open" : "closed"}`, { intent: "phase", phase, open: open ? "1" : "0" }, { phase, open });
  }

  stop() {
    this.closeStream?.();
    if (this.refresh) clearInterval(this.refresh);
    this.browser.close();
  }
}

/** Runs the session; resolves with everything measured and the ledger of acknowledged writes. */
export async function runRoom(config: RoomConfig) {
  const room = new Room(config);
  const started = performance.now();
  const facilitator = new Facilitator(room);
  await facilitator.signIn();
  const projector = new Browser(config.base, room.kinds);
  await projector.request("page", "GET", `/e/${config.code}/projecteur`);
  const closeProjector = projector.stream(`/e/${config.code}/direct.stream?vue=ecran`, (data) => {
    room.streams.serverPhones = Math.max(room.streams.serverPhones, JSON.parse(data).phones ?? 0);
  }, () => {});
  await facilitator.command("start", { intent: "start" }, { phase: "welcome", open: false });
  await facilitator.phase("welcome", true);

  const every = Math.max(1, Math.round(config.phones / Math.max(1, config.duplicates)));
  const joinStart = performance.now();
  const joins = Array.from({ length: config.phones }, (_, i) => {
    const phone = new Phone(room, config.duplicates > 0 && i % every === 0 && i / every < config.duplicates);
    room.phones.push(phone);
    return sleep(Math.random() * config.joinMs).then(() => phone.join());
  });
  await Promise.all(joins);
  await sleep(joinStart + config.joinMs - performance.now());
  config.log(`${room.streams.open} phones connected (${room.streams.peak} at most)`);
  const phases: { phase: Phase; openedMs: number; busyMs: number; stragglersMs: number; unfinished: number }[] = [];
  for (const phase of ["contributions", "reactions", "votes"] as const) {
    room.openedAt[phase] = performance.now();
    await facilitator.phase(phase, true);
    await sleep(config.phaseMs[phase]);
    const waited = performance.now();
    let finished = 0;
    room.tasks[phase].forEach((t) => t.then(() => finished++));
    await Promise.race([Promise.all(room.tasks[phase]), sleep(STRAGGLERS_MS)]);
    phases.push({ phase, openedMs: Math.round(room.openedAt[phase]! - started), busyMs: config.phaseMs[phase], stragglersMs: Math.round(performance.now() - waited),
      unfinished: room.tasks[phase].length - finished + (config.phones - room.tasks[phase].length) });
    config.log(`${phase}: ${room.tasks[phase].length} phones acted, ${phases.at(-1)!.stragglersMs} ms waiting for the last ones`);
  }
  await facilitator.phase("votes", false);
  // Closing the votes shows the bars on the projector; the wrap-up comes a little later.
  await sleep(2_000);
  await facilitator.phase("wrapup", true);
  // The last frames: the coalescer sends within 250 ms; 3 s covers a busy server.
  await sleep(3_000);
  const connectedAtEnd = room.streams.open;
  const undelivered = { contributions: 0, votes: 0 };
  for (const phone of room.phones) {
    if (!phone.connected) continue;
    for (const kind of ["contributions", "votes"] as const) undelivered[kind] += room.acks[kind].length - phone.cursor[kind];
  }
  room.stopping = true;
  for (const phone of room.phones) phone.stop();
  facilitator.stop();
  closeProjector();
  projector.close();
  return {
    seconds: Math.round((performance.now() - started) / 1000),
    phases,
    kinds: room.kinds,
    changes: room.changes.map(({ label, expected, delivered }) => ({ label, expected, delivered })),
    delay: { phase: room.delay.phase.summary(), contributions: room.delay.contributions.summary(), votes: room.delay.votes.summary() },
    undelivered,
    streams: { ...room.streams, connectedAtEnd },
    duplicates: room.duplicates,
    ledger: room.ledger,
    unanswered: room.unanswered,
  };
}
export type RoomResult = Awaited<ReturnType<typeof runRoom>>;
