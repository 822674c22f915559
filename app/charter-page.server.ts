import { charterChanges, RULED_OUT_KEY, ruledOutDifference, type CommitmentStatus, type RuledOutUse } from "./charter";
import { ANON, db } from "./db.server";
import i18next from "./i18next.server";
import { listCharterVersions, listFollowUps, type CharterVersion, type FollowUp } from "./models/charter.server";
import { getTerritory } from "./models/territory.server";
import { formatDateTime } from "./time";

type Lang = "fr" | "en";

/** A commitment's wording in the reader's language: English when written, French otherwise. */
function wording(c: CharterVersion["commitments"][number], lng: Lang) {
  return lng === "en" && c.en ? { ...c.en, lang: "en" as Lang } : { ...c.fr, lang: "fr" as Lang };
}

function useTitle(use: RuledOutUse, lng: Lang) {
  return lng === "en" && use.title_en ? { id: use.id, title: use.title_en, lang: "en" as Lang } : { id: use.id, title: use.title, lang: "fr" as Lang };
}

/** One use may be proposed by several consultations (open and closed ones): list it once. */
function uniqueUses(uses: RuledOutUse[]) {
  const seen = new Map<string, RuledOutUse>();
  for (const u of uses) if (!seen.has(u.id) || u.final) seen.set(u.id, u);
  return [...seen.values()];
}

type Field = "target_date" | "responsible" | "evidence" | "links" | "wording";
type CommitmentChange = {
  kind: "commitment";
  key: string;
  title: string;
  lang: Lang;
  status: { from: CommitmentStatus | null; to: CommitmentStatus } | null;
  fields: Field[];
};
type UseChange = { kind: "ruled_out_added" | "ruled_out_removed"; id: string; title: string; lang: Lang };

/** What changed from the version before, grouped by commitment, titles in the reader's language. */
function describeChanges(previous: CharterVersion | null, next: CharterVersion, lng: Lang) {
  const titles = new Map([...(previous?.commitments ?? []), ...next.commitments].map((c) => [c.key, wording(c, lng)]));
  const byKey = new Map<string, CommitmentChange>();
  const uses: UseChange[] = [];
  for (const change of charterChanges(previous, next)) {
    if ("use" in change) {
      uses.push({ kind: change.kind, ...useTitle(change.use, lng) });
      continue;
    }
    const title = titles.get(change.key);
    const entry = byKey.get(change.key) ?? {
      kind: "commitment" as const,
      key: change.key,
      title: title?.title ?? change.key,
      lang: title?.lang ?? "fr",
      status: null,
      fields: [],
    };
    if ("field" in change) entry.fields.push(change.field);
    else entry.status = { from: change.from, to: change.to };
    byKey.set(change.key, entry);
  }
  return [...byKey.values(), ...uses];
}

const VERSION_PARAM = /^[1-9]\d{0,5}$/;

/**
 * Everything the public charter page and its print view show: the version asked for (the
 * current one by default), its commitments with their follow-up, and the history of versions.
 */
export async function loadCharterPage(request: Request, slug: string | undefined) {
  const t = await i18next.getFixedT(request);
  const lng: Lang = (await i18next.getLocale(request)) === "en" ? "en" : "fr";
  const found = await db().asCaller(ANON, async (tx) => {
    const territory = await getTerritory(tx, { slug: slug ?? "" });
    if (!territory) return null;
    return {
      territory,
      versions: await listCharterVersions(tx, { territoryId: territory.id }),
      followUps: await listFollowUps(tx, { territoryId: territory.id }),
    };
  });
  if (!found) throw new Response("Not found", { status: 404 });
  const { territory, versions, followUps } = found;
  const asked = new URL(request.url).searchParams.get("version");
  if (asked !== null && !VERSION_PARAM.test(asked)) throw new Response("Not found", { status: 404 });
  const shownIndex = asked === null ? 0 : versions.findIndex((v) => v.version === Number(asked));
  if (versions.length && shownIndex < 0) throw new Response("Not found", { status: 404 });

  const day = (iso: string) => formatDateTime(`${iso}T12:00:00Z`, lng, { dateStyle: "long", timeStyle: undefined });
  const instant = (date: Date) => formatDateTime(date, lng, { dateStyle: "long", timeStyle: undefined });
  const shown = versions[shownIndex] as CharterVersion | undefined;
  // An older version shows the follow-up given while it was in force.
  const supersededOn = shownIndex > 0 ? versions[shownIndex - 1].signed_on : null;
  const entriesOf = (key: string) =>
    followUps
      .filter((f: FollowUp) => f.commitment_key === key && (!supersededOn || f.happened_on <= supersededOn))
      .map((f) => ({ id: f.id, date: day(f.happened_on), body: f.body, link: f.link }));

  return {
    title: t("charter.title", { name: territory.name }),
    printTitle: t("charter.print.title", { name: territory.name }),
    lng,
    territory: { name: territory.name, slug: territory.slug },
    currentVersion: versions[0]?.version ?? null,
    shown: shown
      ? {
          version: shown.version,
          current: shownIndex === 0,
          publishedOn: instant(shown.published_at),
          signedOn: day(shown.signed_on),
          signatoryName: shown.signatory_name,
          signatoryMandate: shown.signatory_mandate,
          commitments: shown.commitments.map((c, index) => {
            const text = wording(c, lng);
            return {
              key: c.key,
              number: index + 1,
              title: text.title,
              explanation: text.explanation,
              lang: text.lang,
              status: c.status,
              targetDate: c.target_date ? day(c.target_date) : null,
              responsible: c.responsible,
              evidence: c.evidence,
              links: c.links,
              followUps: entriesOf(c.key),
            };
          }),
          ruledOut: (() => {
            const difference = ruledOutDifference(shown.ruled_out, uniqueUses(shown.proposed));
            return {
              key: RULED_OUT_KEY,
              uses: shown.ruled_out.map((u) => useTitle(u, lng)),
              added: difference.added.map((u) => useTitle(u, lng)),
              leftOut: difference.leftOut.map((u) => ({ ...useTitle(u, lng), provisional: u.final === false })),
              reason: shown.ruled_out_reason,
            };
          })(),
        }
      : null,
    history: versions.map((v, index) => ({
      version: v.version,
      publishedOn: instant(v.published_at),
      signedOn: day(v.signed_on),
      signatoryName: v.signatory_name,
      signatoryMandate: v.signatory_mandate,
      changes: index === versions.length - 1 ? null : describeChanges(versions[index + 1], v, lng),
    })),
  };
}

export type CharterPageData = Awaited<ReturnType<typeof loadCharterPage>>;
