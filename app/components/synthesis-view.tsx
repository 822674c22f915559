import { useTranslation } from "~/i18n-react";
import type { Breakdown, National, QuotedContribution, SynthesisFigures, UseFigure } from "~/synthesis";
import { MIN_ANSWERS, MIN_CELL } from "~/synthesis";
import { formatDateTime } from "~/time";
import { verdicts } from "~/votes";
import { Narrative } from "./narrative";
import { BarChart, ColumnChart } from "./svg-charts";
import { TableScroll } from "./table-scroll";

type Props = {
  figures: SynthesisFigures;
  narrative: string;
  followUp: string;
  /** Data tables shown openly and sections meant to start a new page (the print view). */
  print?: boolean;
};

type T = (key: string, options?: Record<string, unknown>) => string;

/** Numbers in the reader's language: 1 234,5 in French, 1,234.5 in English. */
export function useNumber() {
  const { i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en-GB" : "fr-FR";
  return (n: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}

/** The synthesis of one consultation: caveats, then every section; each figure links to its contributions. */
export function SynthesisView({ figures, narrative, followUp, print }: Props) {
  const { t } = useTranslation();
  const base = `/concertations/${figures.consultation.id}`;
  const contributionsHref = (query = "") => `${base}/contributions${query ? `?${query}` : ""}`;
  return (
    <div className="synthesis">
      <aside className="notice synthesis-caveats" aria-labelledby="caveats-title">
        <h2 id="caveats-title">{t("synthesis.caveats.title")}</h2>
        <ul>
          <li>{t("synthesis.caveats.consultative")}</li>
          <li>{t("synthesis.caveats.selfSelected")}</li>
          <li>{t("synthesis.caveats.oneVote")}</li>
          <li>{t("synthesis.caveats.notRepresentative")}</li>
        </ul>
      </aside>
      <Participation figures={figures} contributionsHref={contributionsHref} print={print} />
      <Profiles figures={figures} print={print} />
      <Themes figures={figures} contributionsHref={contributionsHref} print={print} />
      <Uses uses={figures.uses} resultsHref={`${base}/resultats`} />
      <section className="synthesis-section" aria-labelledby="narrative-title">
        <h2 id="narrative-title">{t("synthesis.narrative.title")}</h2>
        {narrative.trim() ? <Narrative text={narrative} /> : <p className="hint">{t("synthesis.narrative.empty")}</p>}
      </section>
      <section className="synthesis-section" aria-labelledby="follow-up-title">
        <h2 id="follow-up-title">{t("synthesis.followUp.title")}</h2>
        {followUp.trim() ? <Narrative text={followUp} /> : <p className="hint">{t("synthesis.followUp.empty")}</p>}
      </section>
    </div>
  );
}

function NationalNote({ national, format }: { national: National; format: (n: number) => string }) {
  const { t } = useTranslation();
  if (!national) return null;
  return <span className="national"> {t("synthesis.national", { value: format(national.value), count: national.territories })}</span>;
}

function Participation({ figures, contributionsHref, print }: { figures: SynthesisFigures; contributionsHref: (q?: string) => string; print?: boolean }) {
  const { t, i18n } = useTranslation();
  const n = useNumber();
  const p = figures.participation;
  const visible = p.contributions.online + p.contributions.paper;
  return (
    <section className="synthesis-section" aria-labelledby="participation-title">
      <h2 id="participation-title">{t("synthesis.participation.title")}</h2>
      <dl className="facts synthesis-figures">
        <dt>{t("synthesis.participation.events")}</dt>
        <dd>{n(p.eventsHeld)}</dd>
        <dt>{t("synthesis.participation.participants")}</dt>
        <dd>{n(p.participants)}</dd>
        <dt>{t("synthesis.participation.perThousand")}</dt>
        <dd>
          {p.perThousand == null ? t("synthesis.participation.noPopulation") : n(p.perThousand, 2)}
          <NationalNote national={p.national.perThousand} format={(v) => n(v, 2)} />
        </dd>
        <dt>{t("synthesis.participation.contributions")}</dt>
        <dd>
          <a href={contributionsHref()}>{n(visible)}</a>{" "}
          {t("synthesis.participation.contributionsSplit", { online: n(p.contributions.online), paper: n(p.contributions.paper) })}
          {p.participants > 0 ? (
            <span className="national"> {t("synthesis.participation.perParticipant", { value: n(visible / p.participants, 1) })}</span>
          ) : null}
          <NationalNote national={p.national.contributionsPerParticipant} format={(v) => n(v, 1)} />
          {p.contributions.hidden ? <span className="hint"> {t("synthesis.participation.hidden", { count: p.contributions.hidden })}</span> : null}
        </dd>
        <dt>{t("synthesis.participation.reactions")}</dt>
        <dd>{n(p.reactions)}</dd>
        <dt>{t("synthesis.participation.votes")}</dt>
        <dd>{t("synthesis.participation.votesValue", { votes: n(p.votes), voters: n(p.voters) })}</dd>
      </dl>
      {figures.territory.population != null ? (
        <p className="hint">{t("synthesis.participation.population", { population: n(figures.territory.population), name: figures.territory.name })}</p>
      ) : null}
      <h3>{t("synthesis.participation.perEvent")}</h3>
      {p.perEvent.length === 0 ? (
        <p>{t("synthesis.participation.noEvents")}</p>
      ) : (
        <TableScroll label={t("synthesis.participation.perEvent")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("synthesis.participation.event")}</th>
                <th scope="col">{t("synthesis.participation.date")}</th>
                <th scope="col" className="num">{t("synthesis.participation.participants")}</th>
                <th scope="col" className="num">{t("synthesis.participation.contributions")}</th>
                <th scope="col" className="num">{t("synthesis.participation.votes")}</th>
              </tr>
            </thead>
            <tbody>
              {p.perEvent.map((e) => (
                <tr key={e.code}>
                  <th scope="row">
                    <a href={`/e/${e.code}`}>{e.title}</a>
                  </th>
                  <td>{formatDateTime(e.startsAt, i18n.language, { dateStyle: "medium", timeStyle: undefined })}</td>
                  <td className="num">{n(e.participants)}</td>
                  <td className="num">{n(e.contributions)}</td>
                  <td className="num">{n(e.votes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h3>{t("synthesis.participation.overTime")}</h3>
      {p.overTime.length === 0 ? (
        <p>{t("synthesis.participation.noActivity")}</p>
      ) : (
        <ColumnChart
          id="chart-weeks"
          title={t("synthesis.participation.overTime")}
          description={t("synthesis.participation.overTimeDesc", {
            count: p.overTime.length,
            contributions: n(p.overTime.reduce((s, w) => s + w.contributions, 0)),
            reactions: n(p.overTime.reduce((s, w) => s + w.reactions, 0)),
            votes: n(p.overTime.reduce((s, w) => s + w.votes, 0)),
          })}
          periodLabel={t("synthesis.participation.week")}
          series={[
            { key: "contributions", label: t("synthesis.participation.contributions") },
            { key: "reactions", label: t("synthesis.participation.reactions") },
            { key: "votes", label: t("synthesis.participation.votes") },
          ]}
          data={p.overTime.map((w) => ({
            key: w.week,
            label: formatDateTime(w.week, i18n.language, { day: "numeric", month: "short", dateStyle: undefined, timeStyle: undefined, timeZone: "UTC" }),
            values: { contributions: w.contributions, reactions: w.reactions, votes: w.votes },
          }))}
          tableOpen={print}
        />
      )}
    </section>
  );
}

const PROFILE_LABELS: Record<string, (t: T, key: string) => string> = {
  age: (t, key) => translated(t, `profile.ages.${key}`, key),
  aiUse: (t, key) => translated(t, `profile.uses.${key}`, key),
  communes: (t, key) => translated(t, `synthesis.profiles.cellKeys.${key}`, key),
};

/** A cell's label: the profile answer's own label, else a synthesis one ("other", "unknown"), else the key. */
function translated(t: T, key: string, raw: string) {
  for (const candidate of [key, `synthesis.profiles.cellKeys.${raw}`]) {
    const value = t(candidate);
    if (value !== candidate) return value;
  }
  return raw;
}

function Profiles({ figures, print }: { figures: SynthesisFigures; print?: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="synthesis-section" aria-labelledby="profiles-title">
      <h2 id="profiles-title">{t("synthesis.profiles.title")}</h2>
      <p>{t("synthesis.profiles.lead", { min: MIN_CELL })}</p>
      {(["age", "aiUse", "communes"] as const).map((name) => (
        <BreakdownView key={name} name={name} breakdown={figures.profiles[name]} print={print} />
      ))}
    </section>
  );
}

function BreakdownView({ name, breakdown, print }: { name: "age" | "aiUse" | "communes"; breakdown: Breakdown; print?: boolean }) {
  const { t } = useTranslation();
  const n = useNumber();
  const label = (key: string) => PROFILE_LABELS[name](t, key);
  const title = t(`synthesis.profiles.${name}`);
  const under = breakdown.cells.filter((c) => c.underRepresented);
  const hasReference = breakdown.cells.some((c) => c.reference != null);
  const shown = (share: number | null) => (share == null ? t("synthesis.suppressed") : `${n(share, 1)} %`);
  return (
    <div className="breakdown">
      <h3>{title}</h3>
      {breakdown.answered == null ? (
        <p>{t("synthesis.profiles.tooFewToShow", { min: MIN_CELL })}</p>
      ) : (
        <>
          <p>{t("synthesis.profiles.answered", { count: breakdown.answered })}</p>
          {breakdown.tooFew ? (
            <p className="notice notice-warning" role="note">
              <strong>{t("synthesis.warning")}</strong> {t("synthesis.profiles.tooFew", { min: MIN_ANSWERS })}
            </p>
          ) : null}
          {under.length ? (
            <p className="notice notice-warning" role="note">
              <strong>{t("synthesis.warning")}</strong> {t("synthesis.profiles.underRepresented", { groups: under.map((c) => label(c.key)).join(", ") })}
            </p>
          ) : null}
          {breakdown.cells.length ? (
            <BarChart
              id={`chart-profile-${name}`}
              title={title}
              description={breakdown.cells.map((c) => `${label(c.key)} : ${shown(c.share)}${c.reference != null ? ` (${t("synthesis.profiles.reference")} ${n(c.reference, 1)} %)` : ""}`).join(" ; ")}
              data={breakdown.cells.map((c) => ({
                key: c.key,
                label: label(c.key),
                value: c.count == null ? null : c.share ?? 0,
                display: c.count == null ? t("synthesis.suppressed") : `${n(c.count)} · ${n(c.share ?? 0, 1)} %`,
                reference: c.reference,
              }))}
              columns={{ label: title, value: t("synthesis.profiles.people"), reference: hasReference ? t("synthesis.profiles.reference") : undefined }}
              referenceLabel={hasReference ? t("synthesis.profiles.referenceLegend") : undefined}
              tableOpen={print}
            />
          ) : null}
          {breakdown.referenceSource ? <p className="hint">{t("synthesis.profiles.source", { source: breakdown.referenceSource })}</p> : null}
        </>
      )}
    </div>
  );
}

function Themes({ figures, contributionsHref, print }: { figures: SynthesisFigures; contributionsHref: (q?: string) => string; print?: boolean }) {
  const { t } = useTranslation();
  const n = useNumber();
  return (
    <section className="synthesis-section" aria-labelledby="themes-title">
      <h2 id="themes-title">{t("synthesis.themes.title")}</h2>
      {(["hope", "fear"] as const).map((kind) => {
        const ranked = figures.themes[kind];
        const title = t(`synthesis.themes.${kind}`);
        const national = ranked.some((r) => r.national);
        return (
          <div key={kind} className="theme-ranking">
            <h3>{title}</h3>
            <p>
              <a href={contributionsHref(`kind=${kind}`)}>{t(`synthesis.themes.all_${kind}`)}</a>
            </p>
            {ranked.length === 0 ? (
              <p>{t("synthesis.themes.none")}</p>
            ) : (
              <BarChart
                id={`chart-themes-${kind}`}
                title={title}
                description={ranked.map((r, i) => `${i + 1}. ${t(`theme.${r.theme}.label`)} : ${r.count} (${n(r.share, 1)} %)`).join(" ; ")}
                data={ranked.map((r) => ({
                  key: r.theme,
                  label: t(`theme.${r.theme}.label`),
                  value: r.share,
                  display: `${n(r.count)} · ${n(r.share, 1)} %`,
                  reference: r.national?.value ?? null,
                  href: contributionsHref(`kind=${kind}&theme=${r.theme}`),
                }))}
                columns={{ label: t("synthesis.themes.theme"), value: t("synthesis.themes.count"), reference: national ? t("synthesis.themes.national") : undefined }}
                referenceLabel={national ? t("synthesis.themes.nationalLegend") : undefined}
                tableOpen={print}
              />
            )}
          </div>
        );
      })}
      <Quotes id="most-shared" title={t("synthesis.quotes.shared")} lead={t("synthesis.quotes.sharedLead")} items={figures.mostShared} contributionsHref={contributionsHref} />
      <Quotes id="most-divisive" title={t("synthesis.quotes.divisive")} lead={t("synthesis.quotes.divisiveLead")} items={figures.mostDivisive} contributionsHref={contributionsHref} />
    </section>
  );
}

function Quotes({ id, title, lead, items, contributionsHref }: { id: string; title: string; lead: string; items: QuotedContribution[]; contributionsHref: (q?: string) => string }) {
  const { t } = useTranslation();
  return (
    <div className="quotes">
      <h3 id={id}>{title}</h3>
      <p className="hint">{lead}</p>
      {items.length === 0 ? (
        <p>{t("synthesis.quotes.none")}</p>
      ) : (
        <>
          <ul className="plain-list">
            {items.map((c) => (
              <li key={c.id} className={`card contribution-${c.kind}`}>
                <p className="meta">
                  {t(`synthesis.kind.${c.kind}`)}
                  {c.themes.length ? ` · ${c.themes.map((th) => t(`theme.${th}.label`)).join(", ")}` : ""}
                  {c.source === "paper" ? ` · ${t("synthesis.paper")}` : ""}
                </p>
                {c.withdrawn ? (
                  <p className="hint">{t("synthesis.quotes.withdrawn")}</p>
                ) : (
                  <blockquote className="contribution-body">{c.body}</blockquote>
                )}
                <p>
                  <a href={contributionsHref(`ids=${c.id}`)}>{t("synthesis.quotes.reactions", { agree: c.agree, disagree: c.disagree, pass: c.pass })}</a>
                </p>
              </li>
            ))}
          </ul>
          <p>
            <a href={contributionsHref(`ids=${items.map((c) => c.id).join(",")}`)}>{t("synthesis.quotes.all", { title })}</a>
          </p>
        </>
      )}
    </div>
  );
}

function Uses({ uses, resultsHref }: { uses: UseFigure[]; resultsHref: string }) {
  const { t, i18n } = useTranslation();
  const n = useNumber();
  return (
    <section className="synthesis-section" aria-labelledby="uses-title">
      <h2 id="uses-title">{t("synthesis.uses.title")}</h2>
      {uses.length === 0 ? <p>{t("synthesis.uses.none")}</p> : null}
      {uses.map((u) => {
        const english = i18n.language === "en" && u.title.en;
        return (
          <div key={u.id} className="use-figure">
            <h3 lang={english ? "en" : "fr"}>{english ? u.title.en : u.title.fr}</h3>
            <p className={`outcome outcome-${u.outcome}`}>
              <strong>{t(`useLabels.outcome.${u.outcome}`)}</strong> · <a href={`${resultsHref}#r-${u.id}`}>{t("synthesis.uses.votes", { count: u.total })}</a>
            </p>
            {u.total > 0 ? (
              <TableScroll label={t("synthesis.uses.tableLabel", { title: english ? u.title.en : u.title.fr })}>
                <table className="tally">
                  <thead>
                    <tr>
                      <th scope="col">{t("synthesis.uses.verdict")}</th>
                      <th scope="col" className="num">{t("synthesis.uses.count")}</th>
                      <th scope="col" className="num">{t("synthesis.uses.share")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {verdicts.map((v) => (
                      <tr key={v}>
                        <th scope="row">{t(`useLabels.verdict.${v}`)}</th>
                        <td className="num">{n(u.counts[v] ?? 0)}</td>
                        <td className="num">{n(((u.counts[v] ?? 0) * 100) / u.total, 0)} %</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
