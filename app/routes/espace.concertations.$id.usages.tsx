import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireConsultationStaff } from "~/caller.server";
import { pickText } from "~/components/ai-use-form";
import { FormErrors } from "~/components/form-errors";
import { db, type Tx } from "~/db.server";
import { parseForm } from "~/forms.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { getResultsVisibility, listCatalogue, listSelection, setResultsVisibility, setSelection } from "~/models/vote.server";
import { resultsVisibilityForm, selectionForm } from "~/validation.server";
import { aiUseDomains, resultsVisibilities } from "~/votes";

/** The uses of AI a consultation puts to the vote, and when voters see the results. */
export const meta = titleMeta;

const load = requireConsultationStaff;

/**
 * What staff may tick: the national uses and the territory's own, not archived, plus whatever is
 * already selected (an archived use stays listed while selected). In catalogue order, by domain;
 * the order of the vote is this order.
 */
async function choices(tx: Tx, consultation: { id: string; territory_id: string }) {
  const catalogue = await listCatalogue(tx, { territoryId: consultation.territory_id });
  const selection = await listSelection(tx, { consultationId: consultation.id });
  const votes = new Map(selection.map((s) => [s.id, s.votes]));
  const listed = [...catalogue, ...selection.filter((s) => !catalogue.some((c) => c.id === s.id))];
  return listed
    .map((use) => ({
      id: use.id,
      domain: use.domain,
      risk_tier: use.risk_tier,
      content: use.content,
      local: use.territory_id !== null,
      archived: use.archived,
      selected: votes.has(use.id),
      votes: votes.get(use.id) ?? 0,
    }))
    .sort((a, b) => aiUseDomains.indexOf(a.domain) - aiUseDomains.indexOf(b.domain));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, consultation, headers, access } = await load(request, params.id);
  const t = await i18next.getFixedT(request);
  const territory = access.memberships.find((m) => m.territoryId === consultation.territory_id);
  const { uses, visibility } = await db().asCaller(identity, async (tx) => ({
    uses: await choices(tx, consultation),
    visibility: await getResultsVisibility(tx, { consultationId: consultation.id }),
  }));
  return data(
    {
      title: t("selection.title", { consultation: consultation.title }),
      consultation: { id: consultation.id, title: consultation.title, closed: consultation.status === "closed" || consultation.status === "published" },
      uses,
      visibility: visibility ?? "after_vote",
      // Where this territory's own uses are added (national admins without a role there add national ones).
      addUses: territory ? `/espace/territoires/${territory.slug}/usages` : access.isAdmin ? "/admin/usages" : null,
    },
    { headers },
  );
}

type Failure = { intent: "selection" | "visibility"; errors: Record<string, string>; names?: string };
const fail = (failure: Failure) => data({ ok: false as const, ...failure }, { status: 400 });

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity, consultation } = await load(request, params.id);
  const form = await request.formData();
  if (form.get("intent") === "visibility") {
    const parsed = parseForm(resultsVisibilityForm, form);
    if (!parsed.ok) return fail({ intent: "visibility", errors: parsed.errors });
    const done = await db().asCaller(identity, (tx) =>
      setResultsVisibility(tx, { consultationId: consultation.id, visibility: parsed.data.visibility }),
    );
    if (!done) throw new Response("Forbidden", { status: 403 });
    return { ok: true as const, intent: "visibility" as const };
  }

  const parsed = parseForm(selectionForm, form);
  if (!parsed.ok) return fail({ intent: "selection", errors: { uses: parsed.errors.uses ?? "catalogueValidation.uses" } });
  const listed = await db().asCaller(identity, (tx) => choices(tx, consultation));
  const order = new Map(listed.map((use, index) => [use.id, index]));
  const ids = parsed.data.uses;
  if (ids.some((id) => !order.has(id))) return fail({ intent: "selection", errors: { uses: "catalogueValidation.uses" } });
  ids.sort((a, b) => order.get(a)! - order.get(b)!);
  try {
    const done = await db().asCaller(identity, (tx) =>
      setSelection(tx, { consultationId: consultation.id, territoryId: consultation.territory_id, aiUseIds: ids }),
    );
    if (!done) throw new Response("Forbidden", { status: 403 });
  } catch (error) {
    const e = error as { code?: string; hint?: string };
    // A vote refers to its use: the database refuses to withdraw a use somebody voted on.
    if (e.code === "23503") {
      const names = listed.filter((use) => use.votes > 0 && !ids.includes(use.id)).map((use) => use.content.fr.title);
      return fail({ intent: "selection", errors: { uses: "catalogueValidation.hasVotes" }, names: names.join(", ") });
    }
    if (e.code === "P0001" && e.hint === "consultation_closed") return fail({ intent: "selection", errors: { uses: "catalogueValidation.closed" } });
    if (e.code === "P0001" && e.hint === "use_unavailable") return fail({ intent: "selection", errors: { uses: "catalogueValidation.unavailable" } });
    throw error;
  }
  return { ok: true as const, intent: "selection" as const, count: ids.length };
}

export default function ConsultationUses() {
  const { consultation, uses, visibility, addUses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const errors = result && !result.ok && result.intent === "selection" ? result.errors : {};
  const visibilityErrors = result && !result.ok && result.intent === "visibility" ? result.errors : {};
  const names = result && !result.ok ? result.names : undefined;
  const selected = uses.filter((u) => u.selected).length;
  const groups = aiUseDomains.map((domain) => ({ domain, uses: uses.filter((u) => u.domain === domain) })).filter((g) => g.uses.length);
  return (
    <div className="page">
      <p>
        <Link to={`/espace/concertations/${consultation.id}`}>{consultation.title}</Link>
      </p>
      <h1>{t("selection.heading")}</h1>
      <p className="lead">{t("selection.lead")}</p>
      {result?.ok ? (
        <p role="status" className="notice">
          {result.intent === "selection" ? t("selection.saved", { count: result.count }) : t("selection.visibilitySaved")}
        </p>
      ) : null}

      <section aria-labelledby="choose-title">
        <h2 id="choose-title">{t("selection.chooseTitle", { count: selected })}</h2>
        {consultation.closed ? (
          <p className="notice notice-error">{t("selection.closed")}</p>
        ) : (
          <p id="locked-hint">{t("selection.lockedHint")}</p>
        )}
        {addUses ? (
          <p>
            <Link to={addUses}>{t("selection.addUses")}</Link>
          </p>
        ) : null}
        <FormErrors errors={errors} />
        {uses.length === 0 ? <p>{t("selection.empty")}</p> : null}
        <Form method="post" noValidate key={uses.map((u) => `${u.id}:${u.selected}`).join()}>
          <input type="hidden" name="intent" value="selection" />
          {errors.uses ? (
            <p id="uses-error" className="error" role="alert">
              {t(errors.uses)}
              {names ? ` (${names})` : null}
            </p>
          ) : null}
          {groups.map((group) => (
            <fieldset key={group.domain} className="field" aria-describedby={errors.uses ? "uses-error" : undefined}>
              <legend>{t(`useLabels.domain.${group.domain}`)}</legend>
              {group.uses.map((use) => {
                const locked = use.selected && use.votes > 0;
                const id = `use-${use.id}`;
                return (
                  <div key={use.id} className="choice">
                    {/* A disabled box is not sent: the hidden field keeps a use that has votes selected. */}
                    {locked ? <input type="hidden" name="uses[]" value={use.id} /> : null}
                    <input
                      type="checkbox"
                      id={id}
                      name={locked ? undefined : "uses[]"}
                      value={use.id}
                      defaultChecked={use.selected}
                      disabled={locked}
                      aria-describedby={locked ? `${id}-locked` : undefined}
                    />
                    <label htmlFor={id} style={{ fontWeight: 400, margin: 0 }}>
                      {pickText(use.content, i18n.language).title}{" "}
                      <span className="badge">{t(`useLabels.tier.${use.risk_tier}`)}</span>{" "}
                      {use.local ? <span className="badge">{t("selection.localBadge")}</span> : null}{" "}
                      {use.archived ? <span className="badge badge-alert">{t("catalogue.archivedBadge")}</span> : null}{" "}
                      {use.selected ? <span className="meta">{t("selection.votes", { count: use.votes })}</span> : null}
                      {locked ? (
                        <span id={`${id}-locked`} className="meta">
                          {" "}
                          · {t("selection.locked")}
                        </span>
                      ) : null}
                    </label>
                  </div>
                );
              })}
            </fieldset>
          ))}
          {uses.length ? (
            <button type="submit" className="button">
              {t("selection.submit")}
            </button>
          ) : null}
        </Form>
      </section>

      <section aria-labelledby="visibility-title" className="card">
        <h2 id="visibility-title">{t("selection.visibilityTitle")}</h2>
        <FormErrors errors={visibilityErrors} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="visibility" />
          <fieldset className={visibilityErrors.visibility ? "field field-invalid" : "field"} aria-describedby={visibilityErrors.visibility ? "visibility-error" : undefined}>
            <legend>{t("selection.visibilityLegend")}</legend>
            {resultsVisibilities.map((v) => (
              <label key={v} className="choice">
                <input type="radio" name="visibility" value={v} defaultChecked={visibility === v} /> {t(`selection.visibility.${v}`)}
              </label>
            ))}
            {visibilityErrors.visibility ? (
              <p id="visibility-error" className="error" role="alert">
                {t(visibilityErrors.visibility)}
              </p>
            ) : null}
          </fieldset>
          <button type="submit" className="button button-secondary">
            {t("selection.visibilitySubmit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
