import { randomUUID } from "node:crypto";
import { data, redirect } from "@remix-run/node";
import { ANON, db } from "./db.server";
import { resolveConsultationPlace as resolvePlace, type ConsultationPlace as Place } from "./consultation-place.server";
import { parseForm } from "./forms.server";
import i18next from "./i18next.server";
import {
  EDIT_MINUTES,
  deleteContribution,
  editContribution,
  listForParticipant,
  postContribution,
  react,
  report,
} from "./models/contribution.server";
import { getProfile, saveProfile } from "./models/profile.server";
import { resolvePlace as resolveCommune } from "./places.server";
import { ensureParticipant, networkHash, participantIdentity, readParticipantId } from "./participant.server";
import { suggestThemes } from "./theme-suggester";
import { themes, type Theme } from "./themes";
import { contributionForm, profileForm, reactionForm, reportForm } from "./validation.server";
import { UUID_PATTERN } from "./domain";

export async function loadContributePage(request: Request, place: Place) {
  const found = await resolvePlace(place);
  if (!found) throw new Response("Not found", { status: 404 });
  const { consultation, event } = found;
  const t = await i18next.getFixedT(request);
  const participantId = await readParticipantId(request);
  const identity = participantId ? participantIdentity(participantId) : ANON;
  const { contributions, profile } = await db().asCaller(identity, async (tx) => ({
    contributions: await listForParticipant(tx, { consultationId: consultation.id, participantId }),
    profile: participantId ? await getProfile(tx, { participantId }) : null,
  }));
  const now = Date.now();
  return {
    title: t("contribute.title", { name: event?.title ?? consultation.title }),
    consultation: { id: consultation.id, title: consultation.title, open: consultation.status === "open" },
    event: event ? { code: event.code, title: event.title } : null,
    requestKey: randomUUID(),
    askProfile: Boolean(participantId) && !profile,
    contributions: contributions.map((c) => ({
      ...c,
      created_at: c.created_at.toISOString(),
      editable: c.mine && c.status !== "hidden" && now - c.created_at.getTime() < EDIT_MINUTES * 60_000,
    })),
  };
}

const failure = (intent: string, errors: Record<string, string>, values: Record<string, string> = {}, status = 400) =>
  data(
    { intent, ok: false as const, errors, values, suggested: [] as Theme[], counts: null, held: null as string | null, id: null as string | null, value: null as string | null },
    { status },
  );

/** Every citizen action of the page; each is idempotent or carries an idempotency key. */
export async function contributeAction(request: Request, place: Place, context: { clientIp?: string }) {
  const found = await resolvePlace(place);
  if (!found) throw new Response("Not found", { status: 404 });
  const { consultation, event } = found;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const requestKey = String(form.get("requestKey") ?? "");
  const headers = new Headers();
  const participant = async () => {
    const { participantId, setCookie } = await ensureParticipant(request, { idempotencyKey: requestKey || undefined });
    if (setCookie) headers.append("Set-Cookie", setCookie);
    return { participantId, identity: participantIdentity(participantId, networkHash(context.clientIp)) };
  };
  // Without JavaScript, a successful action redirects back (post/redirect/get): the page then loads
  // with the participant cookie just issued, and a refresh does not resubmit.
  const viaScript = form.get("js") === "1";
  const ok = (
    extra: { counts?: { agree: number; disagree: number; pass: number } | null; held?: string | null; id?: string | null; value?: string } = {},
  ) => {
    if (!viaScript) {
      const back = new URL(request.url);
      const params = new URLSearchParams({ fait: intent });
      if (extra.held) params.set("retenu", extra.held);
      throw redirect(`${back.pathname}?${params}${extra.id && intent !== "delete" ? `#c-${extra.id}` : ""}`, { status: 303, headers });
    }
    return data(
      {
        intent,
        ok: true as const,
        errors: {} as Record<string, string>,
        values: {} as Record<string, string>,
        suggested: [] as Theme[],
        counts: extra.counts ?? null,
        held: extra.held ?? null,
        id: extra.id ?? null,
        value: extra.value ?? null,
      },
      { headers },
    );
  };
  const run = async <T>(work: () => Promise<T>) => {
    try {
      return { value: await work() };
    } catch (error) {
      const e = error as { code?: string; hint?: string; message?: string };
      if (e.code !== "P0001") throw error;
      const key =
        e.hint === "blocked"
          ? "contribute.blocked"
          : e.hint === "phase_closed"
            ? "contribute.phaseClosed"
            : e.hint === "rate_limited" || /rate limited/.test(e.message ?? "")
              ? "contribute.slowDown"
              : "contribute.closed";
      return { error: key };
    }
  };

  if (intent === "post") {
    const parsed = parseForm(contributionForm, form);
    if (!parsed.ok) {
      // Without JavaScript, suggestions come back with the form: ticked for the person to confirm.
      const suggested = parsed.errors.themes && parsed.values.body ? suggestThemes(parsed.values.body).map((s: { theme: Theme }) => s.theme) : [];
      return data({ intent, ok: false as const, errors: parsed.errors, values: parsed.values, suggested, counts: null, held: null, id: null, value: null }, { status: 400 });
    }
    if (consultation.status !== "open") return failure(intent, { form: "contribute.closed" }, parsed.values, 409);
    const { participantId, identity } = await participant();
    const result = await run(() =>
      db().asCaller(identity, (tx) =>
        postContribution(tx, { ...parsed.data, consultationId: consultation.id, eventId: event?.id ?? null, participantId, requestKey: parsed.data.requestKey }),
      ),
    );
    if ("error" in result) return data({ intent, ok: false as const, errors: { form: result.error! }, values: parsed.values, suggested: [], counts: null, held: null, id: null, value: null }, { status: 429, headers });
    return ok({ held: result.value?.held_reason ?? null, id: result.value?.id ?? null });
  }

  if (intent === "react") {
    const parsed = parseForm(reactionForm, form);
    if (!parsed.ok) return failure(intent, parsed.errors);
    const { participantId, identity } = await participant();
    const result = await run(() =>
      db().asCaller(identity, (tx) => react(tx, { contributionId: parsed.data.id, participantId, value: parsed.data.value })),
    );
    if ("error" in result) return data({ intent, ok: false as const, errors: { form: result.error! }, values: {}, suggested: [], counts: null, held: null, id: parsed.data.id, value: null }, { status: 429, headers });
    return ok({ counts: result.value, id: parsed.data.id, value: parsed.data.value });
  }

  if (intent === "report") {
    const parsed = parseForm(reportForm, form);
    if (!parsed.ok) return failure(intent, parsed.errors, parsed.values);
    const { participantId, identity } = await participant();
    await db().asCaller(identity, (tx) => report(tx, { contributionId: parsed.data.id, participantId, reason: parsed.data.reason }));
    return ok({ id: parsed.data.id });
  }

  if (intent === "edit" || intent === "delete") {
    const participantId = await readParticipantId(request);
    const id = String(form.get("id") ?? "");
    if (!participantId || !UUID_PATTERN.test(id)) return failure(intent, { form: "contribute.tooLate" });
    const identity = participantIdentity(participantId);
    if (intent === "delete") {
      const done = await db().asCaller(identity, (tx) => deleteContribution(tx, { id }));
      return done ? ok({ id }) : failure(intent, { form: "contribute.tooLate" });
    }
    const parsed = parseForm(contributionForm, form);
    if (!parsed.ok) return data({ intent, ok: false as const, errors: parsed.errors, values: parsed.values, suggested: [], counts: null, held: null, id, value: null }, { status: 400 });
    const result = await run(() =>
      db().asCaller(identity, (tx) => editContribution(tx, { id, body: parsed.data.body, themes: parsed.data.themes })),
    );
    if ("error" in result) return failure(intent, { form: result.error! }, parsed.values, 409);
    return result.value ? ok({ held: result.value.held_reason, id }) : failure(intent, { form: "contribute.tooLate" });
  }

  if (intent === "profile" || intent === "skip-profile") {
    const parsed = intent === "profile" ? parseForm(profileForm, form) : null;
    if (parsed && !parsed.ok) return failure(intent, parsed.errors, parsed.values);
    let communeCode: string | null = null;
    if (parsed?.ok && parsed.data.commune) {
      // Only the commune is kept, never the postal address: it only ever appears in aggregates.
      const place = resolveCommune(parsed.data.commune);
      if (!place) return failure(intent, { commune: "validation.postalCode" }, parsed.values);
      communeCode = Array.isArray(place) ? place[0].inseeCode : place.inseeCode;
    }
    const { participantId, identity } = await participant();
    await db().asCaller(identity, (tx) =>
      saveProfile(tx, {
        participantId,
        skipped: intent === "skip-profile",
        ageBracket: parsed?.ok ? parsed.data.ageBracket : null,
        aiUse: parsed?.ok ? parsed.data.aiUse : null,
        communeCode,
      }),
    );
    return ok();
  }

  return failure(intent, { form: "validation.required" });
}

export { themes };
