// The phones of scripts/bench-live.ts and what they share. Each phone sends the requests its browser
// sends on the real pages (Remix single fetch, see the header of bench-live.ts); the room keeps the
// statistics, the delivery clocks and the ledger of every acknowledged write for the final check.
import { randomUUID } from "node:crypto";
import { Browser, Histogram, Kind, participantOf, pick, sleep, type Reply } from "./bench-live-client";

export type RoomConfig = {
  base: string;
  code: string;
  eventId: string;
  staffEmail: string;
  phones: number;
  joinMs: number;
  phaseMs: Record<Phase, number>;
  /** Phones that also resend some of their writes with the same request key (double tap, lost answer). */
  duplicates: number;
  assets: boolean;
  /** The sign-in link the server wrote to its log for `email` (embedded auth). */
  magicLink: (email: string) => Promise<string>;
  log: (message: string) => void;
};
export type Phase = "contributions" | "reactions" | "votes";
type View = { session: { phase: string; open: boolean; version: number; ended: boolean } | null; counts: { contributions: number; votes: number } };
type Listed = { id: string; mine: boolean; status: string; my_reaction: string | null };

const REACTIONS = 10;
const REACTIONS_WHILE_WRITING = 5;
/** A phone does what its phase asks within this share of the phase, then the facilitator waits for the stragglers. */
const BUSY_SHARE = 0.8;
const POLL_MS = 4_000;
const RETRY_STREAM_MS = 15_000;
const HOPES = ["Des réponses plus rapides aux démarches, même le soir.", "Libérer du temps aux agents pour accompagner les gens.",
  "Traduire les courriers de la mairie pour les familles.", "Repérer plus vite les fuites sur le réseau d'eau."];
const FEARS = ["Que mes données soient utilisées sans que je le sache.", "Ne plus pouvoir parler à une personne au guichet.",
  "Des caméras qui analysent nos comportements dans la rue.", "Des dossiers écartés par un algorithme sans explication."];
const THEMES = ["jobs", "environment", "privacy", "surveillance", "bias", "transparency", "inclusion", "human_oversight", "democracy", "sovereignty", "service_quality", "efficiency"];
export const route = (id: string) => `_routes=${encodeURIComponent(id)}`;

/** What is shared by the phones: the statistics, the ledger of acknowledged writes, the delivery clocks. */
export class Room {
  kinds = new Map<string, Kind>();
  phones: Phone[] = [];
  openedAt: Partial<Record<Phase, number>> = {};
  tasks: Record<Phase, Promise<void>[]> = { contributions: [], reactions: [], votes: [] };
  changes: { label: string; phase: string; open: boolean; sentAt: number; expected: number; delivered: number }[] = [];
  /** Acknowledged distinct contributions (and votes) over time: a frame showing at least n reflects the nth. */
  acks = { contributions: [] as { t: number; n: number }[], votes: [] as { t: number; n: number }[] };
  delay = { phase: new Histogram(), contributions: new Histogram(), votes: new Histogram() };
  /** Acknowledged writes: contributions by request key, reactions and votes by participant and target. */
  ledger = { contributions: new Map<string, string>(), reactions: new Map<string, string>(), votes: new Map<string, string>(), participants: new Set<string>() };
  /** Writes that got no answer (network failure, timeout, server error): the phone cannot know whether they went through. */
  unanswered = { contributions: new Set<string>(), reactions: 0, ballots: 0, withoutCookie: 0 };
  duplicates = { sent: 0, sameAnswer: 0 };
  streams = { open: 0, peak: 0, broken: 0, serverPhones: 0 };
  stopping = false;
  constructor(readonly config: RoomConfig) {}

  ack(kind: "contributions" | "votes", n: number) {
    this.acks[kind].push({ t: performance.now(), n });
  }

  track(phase: Phase, task: Promise<void>) {
    this.tasks[phase].push(task.catch((error) => this.config.log(`a phone failed during ${phase}: ${error}`)));
  }
}

export class Phone {
  browser: Browser;
  connected = false;
  closeStream: (() => void) | null = null;
  poll: ReturnType<typeof setInterval> | null = null;
  started = new Set<string>();
  expected = new Set<number>();
  cursor = { contributions: 0, votes: 0 };
  list: Listed[] = [];
  reacted = new Set<string>();
  /** A person does one thing at a time: a phase's task waits for the previous one to end. */
  busy: Promise<void> = Promise.resolve();

  constructor(
    private room: Room,
    readonly duplicate: boolean,
  ) {
    this.browser = new Browser(room.config.base, room.kinds);
  }

  private get code() {
    return this.room.config.code;
  }

  async join() {
    const page = await this.browser.request("page", "GET", `/e/${this.code}/direct`);
    // The page's scripts and styles, fetched once (a browser then keeps them: they are immutable).
    if (page && this.room.config.assets) {
      const assets = [...new Set([...page.body.matchAll(/(?:href|src)="(\/build\/[^"]+)"/g)].map((m) => m[1]))];
      await Promise.all(assets.map((a) => this.browser.request("asset", "GET", a)));
    }
    this.connect();
  }

  /** As the phone page does: the stream; when it breaks, polling every 4 s and a new stream 15 s later. */
  connect() {
    this.closeStream = this.browser.stream(
      `/e/${this.code}/direct.stream`,
      (data, at) => this.onFrame(JSON.parse(data), at),
      (reason) => {
        if (this.connected) this.room.streams.open--;
        this.connected = false;
        if (this.room.stopping) return;
        this.room.streams.broken++;
        this.room.config.log(`a phone's stream ended (${reason}); polling`);
        this.poll ??= setInterval(() => void this.pollOnce(), POLL_MS);
        setTimeout(() => !this.room.stopping && this.connect(), RETRY_STREAM_MS);
      },
    );
  }

  private async pollOnce() {
    const reply = await this.browser.request("poll", "GET", `/e/${this.code}/direct.json`);
    if (reply?.status === 200) this.onFrame(JSON.parse(reply.body), performance.now(), false);
  }

  private onFrame(view: View, at: number, streamed = true) {
    const room = this.room;
    if (streamed && !this.connected) {
      this.connected = true;
      room.streams.peak = Math.max(room.streams.peak, ++room.streams.open);
      if (this.poll) clearInterval(this.poll);
      this.poll = null;
      // Delivery is measured from here on: what happened before, the first frame simply shows.
      this.cursor = { contributions: room.acks.contributions.length, votes: room.acks.votes.length };
    }
    const s = view.session;
    for (const k of this.expected) {
      const change = room.changes[k];
      if (s && s.phase === change.phase && s.open === change.open) {
        room.delay.phase.add(at - change.sentAt);
        change.delivered++;
        this.expected.delete(k);
      }
    }
    for (const kind of ["contributions", "votes"] as const) {
      const acks = room.acks[kind];
      let i = this.cursor[kind];
      for (; i < acks.length && acks[i].t <= at && acks[i].n <= view.counts[kind]; i++) room.delay[kind].add(at - acks[i].t);
      this.cursor[kind] = i;
    }
    if (s && s.open && !s.ended && (s.phase === "contributions" || s.phase === "reactions" || s.phase === "votes") && !this.started.has(s.phase)) {
      this.started.add(s.phase);
      const phase = s.phase;
      room.track(phase, (this.busy = this.busy.then(() => this.act(phase))));
    }
  }

  /** What a person does while a phase is open, at random moments before most of the phase has gone. */
  private async act(phase: Phase) {
    const opened = this.room.openedAt[phase] ?? performance.now();
    const deadline = opened + BUSY_SHARE * this.room.config.phaseMs[phase];
    const steps = phase === "contributions" ? 3 + REACTIONS_WHILE_WRITING : phase === "reactions" ? 1 + REACTIONS - this.reacted.size : 2;
    const moments = Array.from({ length: steps }, () => performance.now() + Math.random() * Math.max(0, deadline - performance.now())).sort((a, b) => a - b);
    const next = () => sleep((moments.shift() ?? 0) - performance.now());
    if (phase === "votes") {
      await next();
      const ballot = await this.browser.request("navigate", "GET", `/e/${this.code}/voter.data?${route("routes/e.$code.voter")}`);
      await next();
      return this.vote(ballot?.data?.["routes/e.$code.voter"]?.data);
    }
    await next();
    await this.openContributions();
    if (phase === "contributions") {
      for (let k = 0; k < 2; k++) {
        await next();
        await this.post(k);
      }
    }
    while (moments.length && this.reacted.size < REACTIONS) {
      await next();
      let choice = this.list.find((c) => !c.mine && c.status === "visible" && !c.my_reaction && !this.reacted.has(c.id));
      if (!choice && phase === "reactions") {
        await this.openContributions();
        choice = this.list.find((c) => !c.mine && c.status === "visible" && !c.my_reaction && !this.reacted.has(c.id));
      }
      if (choice) await this.react(choice.id);
    }
  }

  private async openContributions(kind = "navigate", routeId = "routes/e.$code.participer") {
    const reply = await this.browser.request(kind, "GET", `/e/${this.code}/participer.data?${route(routeId)}`);
    const loaded = reply?.data?.[routeId]?.data;
    if (loaded?.contributions) this.list = loaded.contributions;
  }

  /** The participant the server acted as: the cookie sent, or the one its answer just issued. */
  private acted() {
    const participant = participantOf(this.browser);
    if (participant) this.room.ledger.participants.add(participant);
    return participant;
  }

  /** No answer, or a server error: the write may or may not have gone through. */
  private unanswered(reply: Reply | null, hadCookie: boolean) {
    if (reply && reply.status < 500) return false;
    if (!hadCookie) this.room.unanswered.withoutCookie++;
    return true;
  }

  /** A contribution, then the revalidation a Remix <Form> makes: root and the page's own loader. */
  private async post(k: number) {
    const kind = Math.random() < 0.5 ? "hope" : "fear";
    const form = {
      intent: "post", js: "1", requestKey: randomUUID(), kind, body: `${pick(kind === "hope" ? HOPES : FEARS)} (${k + 1})`,
      "themes[]": [...new Set([pick(THEMES), pick(THEMES)])],
    };
    const path = `/e/${this.code}/participer.data`;
    const hadCookie = this.browser.cookies.size > 0;
    // A double tap before the first answer came: two requests with the same key, neither with the cookie yet.
    const [reply, twin] = await Promise.all([
      this.browser.request("contribution", "POST", path, form),
      this.duplicate && k === 0 ? this.browser.request("duplicate", "POST", path, form, { withCookies: false }) : null,
    ]);
    if (this.unanswered(reply, hadCookie)) this.room.unanswered.contributions.add(form.requestKey);
    const id = reply?.status === 200 && reply.data?.data?.ok ? String(reply.data.data.id) : null;
    if (!id) return;
    this.room.ledger.contributions.set(form.requestKey, id);
    this.room.ack("contributions", this.room.ledger.contributions.size);
    this.acted();
    if (twin) this.checkDuplicate(twin.data?.data?.id === id);
    if (this.duplicate && k === 1) {
      // The answer was lost on the network and the phone resends the same submission.
      const again = await this.browser.request("duplicate", "POST", path, form);
      this.checkDuplicate(again?.data?.data?.id === id);
    }
    await Promise.all([this.openContributions("revalidate", "root"), this.openContributions("revalidate")]);
  }

  private checkDuplicate(same: boolean) {
    this.room.duplicates.sent++;
    if (same) this.room.duplicates.sameAnswer++;
  }

  /** A reaction through the page's fetcher form: the page opts out of revalidating, root does not. */
  private async react(contributionId: string) {
    const value = pick(["agree", "disagree", "pass"]);
    const form = { intent: "react", js: "1", id: contributionId, value };
    const path = `/e/${this.code}/participer.data`;
    const hadCookie = this.browser.cookies.size > 0;
    const reply = await this.browser.request("reaction", "POST", path, form);
    this.reacted.add(contributionId);
    if (this.unanswered(reply, hadCookie)) this.room.unanswered.reactions++;
    if (reply?.status !== 200 || !reply.data?.data?.ok) return;
    this.room.ledger.reactions.set(`${this.acted()}|${contributionId}`, value);
    if (this.duplicate && this.reacted.size === 1) {
      const again = await this.browser.request("duplicate", "POST", path, form);
      this.checkDuplicate(again?.status === 200 && again.data?.data?.ok === true);
    }
    await this.openContributions("revalidate", "root");
  }

  /**
   * One ballot: a verdict on each use put to the vote, one submit, as the vote page's single form
   * does; each use is one vote row. Success redirects to the results, which the browser then loads.
   */
  private async vote(page: { requestKey: string; uses: { id: string; version: number }[] } | undefined) {
    if (!page?.uses?.length) return;
    const form: Record<string, string | string[]> = { requestKey: page.requestKey };
    const verdicts = new Map<string, string>();
    for (const use of page.uses) {
      const verdict = pick(["proscribe", "conditional", "accept", "unsure"]);
      verdicts.set(use.id, verdict);
      form[`version.${use.id}`] = String(use.version);
      form[`verdict.${use.id}`] = verdict;
      if (verdict === "conditional") form[`conditions.${use.id}[]`] = [pick(["human_oversight", "transparency", "eu_hosting", "bias_audit", "human_alternative"])];
    }
    const path = `/e/${this.code}/voter.data`;
    const hadCookie = this.browser.cookies.size > 0;
    const reply = await this.browser.request("ballot", "POST", path, form);
    if (this.unanswered(reply, hadCookie)) this.room.unanswered.ballots++;
    const to = reply?.status === 202 ? (reply.data?.redirect as string | undefined) : undefined;
    if (!to) return;
    const participant = this.acted();
    for (const [use, verdict] of verdicts) this.room.ledger.votes.set(`${participant}|${use}`, verdict);
    this.room.ack("votes", this.room.ledger.votes.size);
    if (this.duplicate) {
      const again = await this.browser.request("duplicate", "POST", path, form);
      this.checkDuplicate(again?.status === 202);
    }
    const url = new URL(to, this.room.config.base);
    const data = `${url.pathname}.data${url.search}${url.search ? "&" : "?"}`;
    await Promise.all([
      this.browser.request("navigate", "GET", data + route("root")),
      this.browser.request("navigate", "GET", data + route("routes/concertations.$id.resultats")),
    ]);
  }

  stop() {
    this.closeStream?.();
    if (this.poll) clearInterval(this.poll);
    this.browser.close();
  }
}
