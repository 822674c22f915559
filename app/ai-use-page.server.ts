import { randomUUID } from "node:crypto";
import { data, redirect } from "@remix-run/node";
import { requireStaff } from "./caller.server";
import { db } from "./db.server";
import { parseForm } from "./forms.server";
import i18next from "./i18next.server";
import { actsFor } from "./models/access.server";
import { createAiUse, getAiUse, listVersions, reviseAiUse, setArchived, type AiUse } from "./models/vote.server";
import { aiUseForm } from "./validation.server";

/**
 * The pages that keep uses of AI: the national catalogue (/admin/usages, national admins) and a
 * territory's own uses (/espace/territoires/<slug>/usages, its staff). Both add a use with the same
 * form and edit it on a page of its own that writes a new version.
 */

export type UseScope = "national" | "territory";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a list row needs: its wording in both languages, domain, tier, version, archived. */
export function useSummary(use: AiUse) {
  const { id, domain, risk_tier, version, archived, content, territory_id } = use;
  return { id, domain, risk_tier, version, archived, content, local: territory_id !== null, updated_at: use.updated_at.toISOString() };
}

/** Adds a use (national when territoryId is null), then opens its page. */
export async function createUseAction(request: Request, { territoryId, editPath }: { territoryId: string | null; editPath: string }) {
  const { staff, identity } = await requireStaff(request, { admin: territoryId === null });
  const parsed = parseForm(aiUseForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { content, domain, riskTier, requestKey } = parsed.data;
  const id = await db().asCaller(identity, (tx) =>
    createAiUse(tx, { content, domain, riskTier, territoryId, createdBy: staff.email, requestKey }),
  );
  return redirect(`${editPath}/${id}?nouveau=1`);
}

export const newRequestKey = () => randomUUID();

/** The use behind /admin/usages/<id> (national only) or /espace/usages/<id> (its territory's staff only). */
async function guard(request: Request, id: string | undefined, scope: UseScope) {
  const context = await requireStaff(request, { admin: scope === "national" });
  const use = UUID.test(id ?? "") ? await db().asCaller(context.identity, (tx) => getAiUse(tx, { id: id! })) : null;
  const allowed =
    use && (scope === "national" ? use.territory_id === null : use.territory_id !== null && actsFor(context.access, use.territory_id));
  if (!use || !allowed) throw new Response("Not found", { status: 404 });
  return { ...context, use };
}

export async function loadUseEditor(request: Request, id: string | undefined, scope: UseScope) {
  const { identity, use, access, headers } = await guard(request, id, scope);
  const t = await i18next.getFixedT(request);
  const versions = await db().asCaller(identity, (tx) => listVersions(tx, { id: use.id }));
  const territory = use.territory_id ? access.memberships.find((m) => m.territoryId === use.territory_id) : undefined;
  return data(
    {
      title: t("catalogue.edit.title", { title: use.content.fr.title }),
      use: useSummary(use),
      // Where "back" goes: the national list, or the territory's uses (admins without a role there: their space).
      back: scope === "national" ? "/admin/usages" : territory ? `/espace/territoires/${territory.slug}/usages` : "/espace",
      created: new URL(request.url).searchParams.has("nouveau"),
      versions: versions.map((v) => ({ ...v, created_at: v.created_at.toISOString() })),
    },
    { headers },
  );
}

export async function useEditorAction(request: Request, id: string | undefined, scope: UseScope) {
  const { identity, use, staff } = await guard(request, id, scope);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "archive" || intent === "unarchive") {
    const done = await db().asCaller(identity, (tx) => setArchived(tx, { id: use.id, archived: intent === "archive" }));
    if (!done) throw new Response("Forbidden", { status: 403 });
    return { intent, previous: use.version, version: use.version, errors: {} as Record<string, string>, values: undefined };
  }
  const parsed = parseForm(aiUseForm, form);
  if (!parsed.ok) return data({ intent: "save" as const, previous: use.version, version: use.version, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { content, domain, riskTier } = parsed.data;
  const version = await db().asCaller(identity, (tx) => reviseAiUse(tx, { id: use.id, content, domain, riskTier, createdBy: staff.email }));
  return { intent: "save" as const, previous: use.version, version, errors: {} as Record<string, string>, values: undefined };
}
