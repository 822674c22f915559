import { data } from "@remix-run/node";
import { loadStaff } from "./caller.server";
import { resolveConsultationPlace } from "./consultation-place.server";
import { ANON, db } from "./db.server";
import i18next from "./i18next.server";
import { getPublishedSynthesis, listSynthesisVersions } from "./models/synthesis.server";
import { formatDateTime } from "./time";

/**
 * A published synthesis as everyone reads it (the public page and its print view): the latest
 * version, or `?version=N`. Draft consultations are 404; with nothing published the page answers
 * 404 with its own message.
 */
export async function loadPublishedSynthesis(request: Request, consultationId: string | undefined) {
  const found = await resolveConsultationPlace({ consultationId });
  if (!found || found.consultation.status === "draft") throw new Response("Not found", { status: 404 });
  const { consultation } = found;
  const t = await i18next.getFixedT(request);
  const lng = await i18next.getLocale(request);
  const staff = await loadStaff(request);
  const asked = new URL(request.url).searchParams.get("version");
  const version = asked && /^\d{1,6}$/.test(asked) ? Number(asked) : undefined;
  const { published, versions } = await db().asCaller(staff.identity ?? ANON, async (tx) => ({
    published: asked && version === undefined ? null : await getPublishedSynthesis(tx, { consultationId: consultation.id, version }),
    versions: await listSynthesisVersions(tx, { consultationId: consultation.id }),
  }));
  const date = (d: Date) => formatDateTime(d, lng, { dateStyle: "long", timeStyle: undefined });
  return data(
    {
      title: t("synthesis.public.title", { name: consultation.title }),
      printTitle: t("synthesis.public.title", { name: consultation.title }),
      consultation: { id: consultation.id, title: consultation.title },
      synthesis: published
        ? {
            version: published.version,
            latest: published.version === versions[0]?.version,
            publishedOn: date(published.published_at),
            figures: published.figures,
            narrative: published.narrative,
            followUp: published.follow_up,
          }
        : null,
      versions: versions.map((v) => ({ version: v.version, publishedOn: date(v.published_at) })),
    },
    { status: published ? 200 : 404, headers: staff.headers },
  );
}
