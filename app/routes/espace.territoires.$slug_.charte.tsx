import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { requireStaff } from "~/caller.server";
import { RULED_OUT_KEY, type RuledOutUse } from "~/charter";
import {
  deleteFollowUpForm,
  followUpForm,
  parisToday,
  parseDraft,
  signForm,
  type DraftValues,
} from "~/charter-validation.server";
import { DraftForm, ErrorText, FollowUps, SignForm, useText } from "~/components/charter-staff";
import { FormErrors } from "~/components/form-errors";
import { db, type Tx } from "~/db.server";
import { parseForm } from "~/forms.server";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { actsFor } from "~/models/access.server";
import {
  addFollowUp,
  deleteFollowUp,
  getCurrentTemplate,
  getDraft,
  getTemplate,
  listCharterVersions,
  listFollowUps,
  proposedRuledOut,
  publishCharter,
  saveDraft,
} from "~/models/charter.server";
import { getTerritory } from "~/models/territory.server";
import { listCatalogue } from "~/models/vote.server";
import { formatDateTime } from "~/time";

export const meta = titleMeta;

export const handle = { i18n: ["charter"] };

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [loaded] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["charter"])]);
  return loaded;
}

async function load(request: Request, slug: string) {
  const context = await requireStaff(request);
  const territory = await db().asCaller(context.identity, (tx) => getTerritory(tx, { slug }));
  if (!territory || !actsFor(context.access, territory.id)) throw new Response("Not found", { status: 404 });
  const canSign = context.access.memberships.some((m) => m.territoryId === territory.id && m.role === "official");
  return { ...context, territory, canSign };
}

/**
 * The draft as the form shows it: the template version it follows (the draft's own, or the current
 * one when asked to switch), the uses that may be ticked, and what the votes propose.
 */
async function charterState(tx: Tx, territoryId: string, wanted: number | null) {
  const current = await getCurrentTemplate(tx);
  const draft = await getDraft(tx, { territoryId });
  const base = draft?.template_version ?? current?.version ?? null;
  const version = wanted !== null && (wanted === current?.version || wanted === base) ? wanted : base;
  const template = version === null ? null : version === current?.version ? current : await getTemplate(tx, { version });
  // Staff also see provisional proposals from consultations still open (`final` false); only final
  // ones are published as the votes' proposal, so only they are pre-ticked and need a reason to differ.
  const proposed = await proposedRuledOut(tx, { territoryId, includeOpen: true });
  const finalProposed = proposed.filter((u) => u.final !== false);
  const keep = new Set([...proposed.map((u) => u.id), ...(draft?.ruled_out ?? [])]);
  const uses: RuledOutUse[] = (await listCatalogue(tx, { territoryId, includeArchived: true }))
    .filter((u) => !u.archived || keep.has(u.id))
    .map((u) => ({ id: u.id, title: u.content.fr.title, title_en: u.content.en?.title ?? null }));
  for (const use of proposed) if (!uses.some((u) => u.id === use.id)) uses.push(use);
  const versions = [...new Set([base, current?.version].filter((v): v is number => typeof v === "number"))];
  return { current, draft, template, proposed, finalProposed, uses, versions };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, territory, canSign, headers } = await load(request, params.slug!);
  const t = await i18next.getFixedT(request);
  const wanted = Number(new URL(request.url).searchParams.get("modele")) || null;
  const { state, versions, followUps } = await db().asCaller(identity, async (tx) => ({
    state: await charterState(tx, territory.id, wanted),
    versions: await listCharterVersions(tx, { territoryId: territory.id }),
    followUps: await listFollowUps(tx, { territoryId: territory.id }),
  }));
  const { draft, template, current } = state;
  const values: DraftValues | null = template && {
    templateVersion: template.version,
    items: Object.fromEntries(
      template.commitments.map((c) => {
        const item = draft?.items.get(c.key);
        return [
          c.key,
          {
            status: item?.status ?? "not_planned",
            target: item?.target_date ?? "",
            responsible: item?.responsible ?? "",
            evidence: item?.evidence ?? "",
            links: (item?.links ?? []).join("\n"),
          },
        ];
      }),
    ),
    // Before anyone saved a draft, commitment 5 starts from what the votes propose.
    ruledOut: draft ? draft.ruled_out : state.finalProposed.map((u) => u.id),
    ruledOutReason: draft?.ruled_out_reason ?? "",
  };
  return data(
    {
      title: t("charterDraft.title", { name: territory.name }),
      territory: { slug: territory.slug, name: territory.name },
      canSign,
      today: parisToday(),
      template: template && { version: template.version, commitments: template.commitments },
      baseVersion: draft?.template_version ?? null,
      newerVersion: current && template && current.version > template.version ? current.version : null,
      draft: draft && { updatedAt: draft.updated_at.toISOString(), updatedBy: draft.updated_by },
      values,
      proposed: state.proposed,
      finalProposed: state.finalProposed,
      uses: state.uses,
      versions: versions.map((v) => ({ version: v.version, signedOn: v.signed_on, name: v.signatory_name, mandate: v.signatory_mandate })),
      followUps: followUps.map((f) => ({ id: f.id, key: f.commitment_key, happenedOn: f.happened_on, body: f.body, link: f.link })),
      requestKey: randomUUID(),
    },
    { headers },
  );
}

type Errors = Record<string, string>;
export type ActionResult = {
  intent: "draft" | "sign" | "followUp" | "deleteFollowUp";
  done: boolean;
  errors: Errors;
  params?: Record<string, Record<string, string>>;
  values?: Record<string, string>;
  draft?: DraftValues;
};

const SIGN_ERRORS: Record<string, [string, string]> = {
  not_official: ["form", "charterValidation.notOfficial"],
  no_draft: ["form", "charterValidation.noDraft"],
  signed_on: ["signedOn", "charterValidation.signedOnRange"],
  reason_required: ["form", "charterValidation.reasonAtSigning"],
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity, territory, staff } = await load(request, params.slug!);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const fail = (result: Omit<ActionResult, "done">) => data<ActionResult>({ ...result, done: false }, { status: 400 });

  if (intent === "sign") {
    const parsed = parseForm(signForm, form);
    if (!parsed.ok) return fail({ intent, errors: parsed.errors, values: parsed.values });
    try {
      await db().asCaller(identity, (tx) => publishCharter(tx, { territoryId: territory.id, ...parsed.data }));
    } catch (error) {
      const e = error as { code?: string; hint?: string };
      const known = e.code === "P0001" && e.hint ? SIGN_ERRORS[e.hint] : undefined;
      if (!known) throw error;
      return fail({ intent, errors: { [known[0]]: known[1] }, values: parsed.values });
    }
    return redirect(`/territoires/${territory.slug}/charte`);
  }

  if (intent === "followUp") {
    return db().asCaller(identity, async (tx) => {
      // The commitments of the current template and of the one the draft follows.
      const draft = await getDraft(tx, { territoryId: territory.id });
      const templates = [await getCurrentTemplate(tx), draft && (await getTemplate(tx, { version: draft.template_version }))];
      const keys = templates.flatMap((template) => template?.commitments.map((c) => c.key) ?? []);
      const parsed = parseForm(followUpForm(keys), form);
      if (!parsed.ok) return fail({ intent, errors: parsed.errors, values: parsed.values });
      const { commitment, happenedOn, body, link, requestKey } = parsed.data;
      await addFollowUp(tx, { territoryId: territory.id, key: commitment, happenedOn, body, link, requestKey, createdBy: staff.email });
      return data<ActionResult>({ intent, done: true, errors: {} });
    });
  }

  if (intent === "deleteFollowUp") {
    const parsed = parseForm(deleteFollowUpForm, form);
    if (!parsed.ok) throw new Response("Bad request", { status: 400 });
    return db().asCaller(identity, async (tx) => {
      const entries = await listFollowUps(tx, { territoryId: territory.id });
      if (entries.some((f) => f.id === parsed.data.id)) await deleteFollowUp(tx, { id: parsed.data.id });
      return data<ActionResult>({ intent, done: true, errors: {} });
    });
  }

  if (intent !== "draft") throw new Response("Bad request", { status: 400 });
  // Read, check and save in one transaction: the saved target dates are compared with what was sent.
  return db().asCaller(identity, async (tx) => {
    const state = await charterState(tx, territory.id, Number(form.get("templateVersion")) || null);
    if (!state.template) return fail({ intent, errors: { form: "charterValidation.template" } });
    const keys = state.template.commitments.map((c) => c.key);
    const parsed = parseDraft(form, {
      keys,
      versions: state.versions,
      savedTargets: new Map([...(state.draft?.items ?? new Map()).values()].map((i) => [i.commitment_key, i.target_date])),
      uses: new Map(state.uses.map((u) => [u.id, u])),
      proposed: state.finalProposed,
      hasRuledOut: keys.includes(RULED_OUT_KEY),
    });
    if (!parsed.ok) return fail({ intent, errors: parsed.errors, params: parsed.params, draft: parsed.values });
    const saved = await saveDraft(tx, { ...parsed.data, territoryId: territory.id, updatedBy: staff.email });
    if (!saved) throw new Response("Forbidden", { status: 403 });
    return data<ActionResult>({ intent, done: true, errors: {} });
  });
}

export default function StaffCharter() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const { t, day, lng } = useText();
  const draftFailed = result?.intent === "draft" && !result.done;
  const base = `/espace/territoires/${loaded.territory.slug}/charte`;
  return (
    <div className="page">
      <p>
        <Link to={`/espace/territoires/${loaded.territory.slug}`}>{t("charterDraft.back")}</Link>
      </p>
      <h1>{loaded.title}</h1>
      <p className="lead">{t("charterDraft.lead")}</p>
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t("charterDraft.versionsTitle")}</h2>
        {loaded.versions.length === 0 ? <p>{t("charterDraft.versionsNone")}</p> : null}
        <ul>
          {loaded.versions.map((v) => (
            <li key={v.version}>
              {t("charterDraft.versionLine", { version: v.version, date: day(v.signedOn), name: v.name, mandate: v.mandate })}
            </li>
          ))}
        </ul>
        {loaded.versions.length ? (
          <p>
            <Link to={`/territoires/${loaded.territory.slug}/charte`}>{t("charterDraft.publicLink")}</Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="draft-title">
        <h2 id="draft-title">{t("charterDraft.draftTitle")}</h2>
        {loaded.template ? (
          <>
            <p>{t("charterDraft.draftLead")}</p>
            <p className="meta">
              {t("charterDraft.templateVersion", { version: loaded.template.version })}{" "}
              {loaded.draft
                ? t("charterDraft.lastSaved", {
                    date: formatDateTime(loaded.draft.updatedAt, lng, { dateStyle: "long" }),
                    email: loaded.draft.updatedBy ?? "",
                  })
                : t("charterDraft.notStarted")}
            </p>
            {loaded.newerVersion ? (
              <p className="notice">
                {t("charterDraft.newerTemplate", { version: loaded.newerVersion })}{" "}
                <Link to={`${base}?modele=${loaded.newerVersion}`}>{t("charterDraft.useNewer", { version: loaded.newerVersion })}</Link>
              </p>
            ) : null}
            {loaded.baseVersion !== null && loaded.template.version !== loaded.baseVersion ? (
              <p className="notice">
                {t("charterDraft.usingNewer", { version: loaded.template.version })}{" "}
                <Link to={base}>{t("charterDraft.keepCurrent", { version: loaded.baseVersion })}</Link>
              </p>
            ) : null}
            {result?.intent === "draft" && result.done ? (
              <p role="status" className="notice">
                {t("charterDraft.saved")}
              </p>
            ) : null}
            <FormErrors errors={draftFailed ? result.errors : {}} />
            <ErrorText id="draft-error" error={draftFailed ? result.errors.form : undefined} />
            <DraftForm loaded={loaded} result={result} />
          </>
        ) : (
          <p>{t("charterDraft.noTemplate")}</p>
        )}
      </section>
      <SignForm loaded={loaded} result={result} />
      <FollowUps loaded={loaded} result={result} />
    </div>
  );
}
