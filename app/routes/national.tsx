import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import type frNational from "../../locales/fr/national.json";
import { TableScroll } from "~/components/table-scroll";
import { ANON, db } from "~/db.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { getCurrentTemplate } from "~/models/charter.server";
import { charterAdoption, nationalThemes } from "~/models/national.server";
import { latestSyntheses, nationalOverview, nationalUses, type VerdictFigure } from "~/models/open-data.server";
import { themes } from "~/themes";
import { formatDateTime } from "~/time";
import { verdicts } from "~/votes";

export const meta = titleMeta;

const PER_PAGE = 20;
const whole = (count: number, total: number) => (total ? Math.round((count * 100) / total) : 0);

/**
 * National results from the summary tables only (app/models/open-data.server.ts): a request costs the
 * same with 30 territories or thousands. Every string is translated here, data and page text alike:
 * the page downloads no dictionary, which keeps it within the citizen JavaScript budget.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const lng = (await i18next.getLocale(request)) === "en" ? "en" : "fr";
  const pageParam = new URL(request.url).searchParams.get("page");
  const page = pageParam === null ? 1 : Number(pageParam);
  if (!Number.isInteger(page) || page < 1) throw new Response("Not found", { status: 404 });
  const data = await db().asCaller(ANON, async (tx) => ({
    overview: await nationalOverview(tx),
    themes: await nationalThemes(tx),
    uses: await nationalUses(tx),
    adoption: await charterAdoption(tx),
    template: await getCurrentTemplate(tx),
    syntheses: await latestSyntheses(tx, { limit: PER_PAGE, offset: (page - 1) * PER_PAGE }),
  }));
  const pages = Math.max(1, Math.ceil(data.syntheses.total / PER_PAGE));
  if (page > pages) throw new Response("Not found", { status: 404 });
  // Text in the other language is marked with its own lang.
  const localized = (fr: string, en: string | null | undefined) =>
    lng === "en" && en ? { title: en, lang: undefined } : { title: fr, lang: lng === "fr" ? undefined : "fr" };

  const theme = (kind: "hope" | "fear", key: string) => {
    const row = data.themes.find((x) => x.kind === kind && x.theme === key);
    // A share of a blank total would show the total through it.
    const totalShown = data.overview[kind === "hope" ? "hopes" : "fears"].count !== null;
    return { count: row?.count ?? null, share: totalShown ? row?.share ?? null : null };
  };
  const themeRows = themes
    .map((key) => ({ key, label: t(`theme.${key}.label`), hope: theme("hope", key), fear: theme("fear", key) }))
    .sort((a, b) => Math.max(b.hope.count ?? 0, b.fear.count ?? 0) - Math.max(a.hope.count ?? 0, a.fear.count ?? 0));

  const charters = data.overview.charters;
  const adoption = new Map(data.adoption.map((a) => [a.key, a]));
  const known = new Set(data.template?.commitments.map((c) => c.key));
  const commitments = [
    ...(data.template?.commitments ?? []).map((c) => ({ key: c.key, ...localized(c.fr.title, c.en?.title) })),
    // Keys no longer in the template still count: they were signed.
    ...data.adoption.filter((a) => !known.has(a.key)).map((a) => ({ key: a.key, title: a.key, lang: undefined })),
  ].map((c) => {
    const a = adoption.get(c.key);
    return {
      ...c,
      adopted: a?.adopted ?? 0,
      adoptedShare: whole(a?.adopted ?? 0, charters),
      inProgress: a?.inProgress ?? 0,
      inProgressShare: whole(a?.inProgress ?? 0, charters),
    };
  });

  return {
    title: t("national.title"),
    text: t("national", { returnObjects: true }) as unknown as (typeof frNational)["national"],
    updated: t("national.updated", { date: formatDateTime(new Date(), lng, { dateStyle: "long", timeStyle: "short" }) }),
    charterLead: t("national.charter.lead", { count: data.overview.charters }),
    localUsesText: t("national.uses.local", { count: data.uses.localUses }),
    overview: { ...data.overview, syntheses: data.syntheses.total },
    themes: themeRows,
    hasThemes: data.themes.length > 0,
    uses: data.uses.uses.map((u) => ({ ...u, ...localized(u.title, u.titleEn) })),
    localUses: data.uses.localUses,
    charters,
    commitments,
    syntheses: {
      page,
      pages,
      rows: data.syntheses.rows.map((s) => ({
        consultationId: s.consultation_id,
        consultation: s.title,
        // Territories write in French.
        lang: lng === "fr" ? undefined : "fr",
        territory: s.name,
        slug: s.slug,
        publishedOn: formatDateTime(s.published_at, lng, { dateStyle: "long", timeStyle: undefined }),
      })),
      label: t("national.syntheses.page", { page, pages }),
    },
  };
}

type Cell = { count: number | null; share: number | null };

export default function National() {
  const { text, updated, charterLead, localUsesText, overview, themes: themeRows, hasThemes, uses, localUses, charters, commitments, syntheses } =
    useLoaderData<typeof loader>();
  const { i18n } = useTranslation();
  const n = new Intl.NumberFormat(i18n.language).format;
  const pct = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format;
  const small = <span className="hint">{text.small}</span>;
  const count = (value: number | null) => (value === null ? small : n(value));
  const withShare = (c: Cell, marker = small) =>
    c.count === null ? marker : (
      <>
        {n(c.count)}
        {c.share === null ? null : <span className="hint">{`\u00a0(${pct(c.share)}\u00a0%)`}</span>}
      </>
    );
  const verdict = (v: VerdictFigure) => withShare(v, v.small ? small : <span className="hint">{text.hidden}</span>);
  const figures: [string, React.ReactNode, string?][] = [
    [text.figures.territories, n(overview.territories)],
    [text.figures.participants, count(overview.participants), text.figures.participantsHint],
    [text.figures.contributions, count(overview.contributions)],
    [text.figures.hopes, count(overview.hopes.count)],
    [text.figures.fears, count(overview.fears.count)],
    [text.figures.reactions, count(overview.reactions)],
    [text.figures.votes, count(overview.votes), text.figures.votesHint],
    [text.figures.events, n(overview.events)],
    [text.figures.charters, n(overview.charters)],
    [text.figures.syntheses, n(overview.syntheses)],
  ];
  return (
    <div className="page">
      <h1>{text.heading}</h1>
      <p className="lead">{text.lead}</p>
      <p className="notice">{text.nature}</p>
      <p className="meta">{updated}</p>

      <section aria-labelledby="figures">
        <h2 id="figures">{text.figures.heading}</h2>
        <TableScroll label={text.figures.heading}>
          <table>
            <caption className="visually-hidden">{text.figures.heading}</caption>
            <tbody>
              {figures.map(([label, value, hint]) => (
                <tr key={label}>
                  <th scope="row">
                    {label}
                    {hint ? <span className="hint"> ({hint})</span> : null}
                  </th>
                  <td className="num">
                    <strong>{value}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <p className="hint">{text.smallNote}</p>
      </section>

      <section aria-labelledby="themes">
        <h2 id="themes">{text.themes.heading}</h2>
        {!hasThemes ? (
          <p>{text.themes.none}</p>
        ) : (
          <>
            <p>{text.themes.lead}</p>
            <TableScroll label={text.themes.caption}>
              <table>
                <caption>{text.themes.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{text.themes.colTheme}</th>
                    <th scope="col" className="num">
                      {text.themes.colHopes}
                    </th>
                    <th scope="col" className="num">
                      {text.themes.colFears}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {themeRows.map((r) => (
                    <tr key={r.key}>
                      <th scope="row">{r.label}</th>
                      <td className="num">{withShare(r.hope)}</td>
                      <td className="num">{withShare(r.fear)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </section>

      <section aria-labelledby="uses">
        <h2 id="uses">{text.uses.heading}</h2>
        <p>{text.uses.lead}</p>
        {uses.length > 1 ? <p className="hint">{text.uses.sorted}</p> : null}
        {uses.length === 0 ? (
          <p>{text.uses.none}</p>
        ) : (
          <>
            <TableScroll label={text.uses.caption}>
              <table>
                <caption>{text.uses.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{text.uses.colUse}</th>
                    {verdicts.map((v) => (
                      <th key={v} scope="col" className="num">
                        {text.uses[v]}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {text.uses.colVotes}
                    </th>
                    <th scope="col" className="num">
                      {text.uses.colTerritories}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {uses.map((u) => (
                    <tr key={u.id}>
                      <th scope="row" lang={u.lang}>
                        {u.title}
                      </th>
                      {verdicts.map((v) => (
                        <td key={v} className="num">
                          {verdict(u.verdicts[v])}
                        </td>
                      ))}
                      <td className="num">{count(u.votes)}</td>
                      <td className="num">{n(u.territories)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
        {localUses ? <p className="hint">{localUsesText}</p> : null}
      </section>

      <section aria-labelledby="charter">
        <h2 id="charter">{text.charter.heading}</h2>
        {charters === 0 ? (
          <p>{text.charter.none}</p>
        ) : (
          <>
            <p>{charterLead}</p>
            <TableScroll label={text.charter.caption}>
              <table>
                <caption>{text.charter.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{text.charter.colCommitment}</th>
                    <th scope="col" className="num">
                      {text.charter.colAdopted}
                    </th>
                    <th scope="col" className="num">
                      {text.charter.colInProgress}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {commitments.map((c) => (
                    <tr key={c.key}>
                      <th scope="row" lang={c.lang}>
                        {c.title}
                      </th>
                      <td className="num">{withShare({ count: c.adopted, share: c.adoptedShare })}</td>
                      <td className="num">{withShare({ count: c.inProgress, share: c.inProgressShare })}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
        <p>
          <a href="/charte">{text.charter.link}</a>
        </p>
      </section>

      <section aria-labelledby="syntheses">
        <h2 id="syntheses">{text.syntheses.heading}</h2>
        {syntheses.rows.length === 0 ? (
          <p>{text.syntheses.none}</p>
        ) : (
          <>
            <p>{text.syntheses.lead}</p>
            <TableScroll label={text.syntheses.caption}>
              <table>
                <caption>{text.syntheses.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{text.syntheses.colTerritory}</th>
                    <th scope="col">{text.syntheses.colConsultation}</th>
                    <th scope="col">{text.syntheses.colPublished}</th>
                  </tr>
                </thead>
                <tbody>
                  {syntheses.rows.map((s) => (
                    <tr key={s.consultationId}>
                      <th scope="row">
                        <a href={`/territoires/${s.slug}`}>{s.territory}</a>
                      </th>
                      <td>
                        <a href={`/concertations/${s.consultationId}/synthese`} lang={s.lang}>
                          {s.consultation}
                        </a>
                      </td>
                      <td>{s.publishedOn}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {syntheses.pages > 1 ? (
              <nav aria-label={text.syntheses.pages}>
                <p>
                  {syntheses.page > 1 ? (
                    <a href={`/national?page=${syntheses.page - 1}#syntheses`} rel="prev">
                      {text.syntheses.newer}
                    </a>
                  ) : null}{" "}
                  {syntheses.label}{" "}
                  {syntheses.page < syntheses.pages ? (
                    <a href={`/national?page=${syntheses.page + 1}#syntheses`} rel="next">
                      {text.syntheses.older}
                    </a>
                  ) : null}
                </p>
              </nav>
            ) : null}
          </>
        )}
      </section>

      <section aria-labelledby="open-data">
        <h2 id="open-data">{text.openData.heading}</h2>
        <p>{text.openData.body}</p>
        <p>
          <a href="/donnees">{text.openData.link}</a>
        </p>
      </section>
    </div>
  );
}
