import { useTranslation } from "~/i18n-react";
import type { CharterPageData } from "~/charter-page.server";

type Data = CharterPageData;
type Shown = NonNullable<Data["shown"]>;
type Commitment = Shown["commitments"][number];
type Change = NonNullable<Data["history"][number]["changes"]>[number];

// What territories write (evidence, follow-up, reasons, mandates) is French data, whatever the page's language.
const AUTHORED = "fr";
const wrap = { overflowWrap: "anywhere" } as const;

function ExternalLink({ href, children }: { href: string; children?: React.ReactNode }) {
  return (
    <a href={href} rel="noopener nofollow" style={wrap}>
      {children ?? href}
    </a>
  );
}

function RuledOut({ ruledOut }: { ruledOut: Shown["ruledOut"] }) {
  const { t } = useTranslation();
  const differs = ruledOut.added.length > 0 || ruledOut.leftOut.length > 0;
  return (
    <>
      <h4>{t("charter.ruledOut.title")}</h4>
      {ruledOut.uses.length ? (
        <ul>
          {ruledOut.uses.map((u) => (
            <li key={u.id} lang={u.lang}>
              {u.title}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("charter.ruledOut.none")}</p>
      )}
      {differs ? (
        <div className="notice" role="note" aria-labelledby="ruled-out-difference">
          <h4 id="ruled-out-difference">{t("charter.ruledOut.differenceTitle")}</h4>
          {ruledOut.leftOut.length ? (
            <>
              <p>{t("charter.ruledOut.leftOut")}</p>
              <ul>
                {ruledOut.leftOut.map((u) => (
                  <li key={u.id}>
                    <span lang={u.lang}>{u.title}</span>
                    {u.provisional ? ` (${t("charter.ruledOut.provisional")})` : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {ruledOut.added.length ? (
            <>
              <p>{t("charter.ruledOut.added")}</p>
              <ul>
                {ruledOut.added.map((u) => (
                  <li key={u.id} lang={u.lang}>
                    {u.title}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p>
            <strong>{t("charter.ruledOut.reason")}</strong>{" "}
            {ruledOut.reason ? <span lang={AUTHORED}>{ruledOut.reason}</span> : t("charter.ruledOut.noReason")}
          </p>
        </div>
      ) : (
        <p className="hint">{t("charter.ruledOut.sameAsVotes")}</p>
      )}
    </>
  );
}

function CommitmentItem({ c, ruledOut }: { c: Commitment; ruledOut: Shown["ruledOut"] }) {
  const { t } = useTranslation();
  return (
    <li className="card" id={`engagement-${c.key}`}>
      <h3 lang={c.lang}>
        {c.number}. {c.title}
      </h3>
      <p>
        {t("charter.status")} <strong className="badge">{t(`commitmentStatus.${c.status}`)}</strong>
      </p>
      <p lang={c.lang} className="hint">
        {c.explanation}
      </p>
      {c.targetDate || c.responsible || c.evidence ? (
        <dl className="facts">
          {c.targetDate ? (
            <>
              <dt>{t("charter.targetDate")}</dt>
              <dd>{c.targetDate}</dd>
            </>
          ) : null}
          {c.responsible ? (
            <>
              <dt>{t("charter.responsible")}</dt>
              <dd lang={AUTHORED}>{c.responsible}</dd>
            </>
          ) : null}
          {c.evidence ? (
            <>
              <dt>{t("charter.evidence")}</dt>
              <dd lang={AUTHORED} className="description" style={wrap}>
                {c.evidence}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {c.links.length ? (
        <ul aria-label={t("charter.links")}>
          {c.links.map((href) => (
            <li key={href}>
              <ExternalLink href={href} />
            </li>
          ))}
        </ul>
      ) : null}
      {c.key === ruledOut.key ? <RuledOut ruledOut={ruledOut} /> : null}
      {c.followUps.length ? (
        <>
          <h4>{t("charter.followUp")}</h4>
          <ul>
            {c.followUps.map((f) => (
              <li key={f.id}>
                <strong>{f.date}</strong> — <span lang={AUTHORED}>{f.body}</span>
                {f.link ? (
                  <>
                    {" "}
                    <ExternalLink href={f.link}>{t("charter.followUpLink")}</ExternalLink>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </li>
  );
}

function ChangeText({ change }: { change: Change }) {
  const { t } = useTranslation();
  const title = <span lang={change.lang}>{change.title}</span>;
  const colon = t("charter.changes.colon");
  if (change.kind !== "commitment") {
    return (
      <>
        {t(`charter.changes.${change.kind}`)}
        {colon}
        {title}
      </>
    );
  }
  const { status } = change;
  const to = status ? t(`commitmentStatus.${status.to}`) : "";
  const parts = [
    status?.from ? t("charter.changes.status", { from: t(`commitmentStatus.${status.from}`), to }) : null,
    status && !status.from ? t("charter.changes.added", { to }) : null,
    ...change.fields.map((field) => t(`charter.changes.${field}`)),
  ].filter(Boolean);
  return (
    <>
      {title}
      {colon}
      {parts.join(t("charter.changes.separator"))}
    </>
  );
}

function History({ data, versionHref }: { data: Data; versionHref?: (version: number) => string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="charter-history">
      <h2 id="charter-history">{t("charter.history.title")}</h2>
      <ol className="plain-list">
        {data.history.map((v) => (
          <li key={v.version} className="card">
            <h3>
              {t("charter.history.version", { version: v.version })}
              {v.version === data.currentVersion ? ` (${t("charter.history.current")})` : null}
            </h3>
            <p>
              {t("charter.history.signed", { date: v.signedOn })} <span lang={AUTHORED}>{`${v.signatoryName}, ${v.signatoryMandate}`}</span>
              <br />
              {t("charter.history.published", { date: v.publishedOn })}
            </p>
            {v.changes === null ? (
              <p>{t("charter.history.first")}</p>
            ) : v.changes.length === 0 ? (
              <p>{t("charter.history.noChange")}</p>
            ) : (
              <>
                <p>{t("charter.history.changed", { version: v.version - 1 })}</p>
                <ul>
                  {v.changes.map((change) => (
                    <li key={change.kind === "commitment" ? change.key : `${change.kind}-${change.id}`}>
                      <ChangeText change={change} />
                    </li>
                  ))}
                </ul>
              </>
            )}
            {versionHref && v.version !== data.shown?.version ? (
              <p>
                <a href={versionHref(v.version)}>{t("charter.history.see", { version: v.version })}</a>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * A territory's published charter: the version shown, its commitments with their follow-up, and
 * the history of versions. The public page and its print view show the same thing.
 */
export function CharterView({
  data,
  versionHref,
  currentHref,
  tools,
}: {
  data: Data;
  versionHref?: (version: number) => string;
  currentHref: string;
  tools?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { shown } = data;
  return (
    <>
      <h1>{t("charter.heading", { name: data.territory.name })}</h1>
      {!shown ? (
        <p className="notice">{t("charter.none", { name: data.territory.name })}</p>
      ) : (
        <>
          {!shown.current ? (
            <p className="notice" role="note">
              <strong>{t("charter.older", { version: shown.version, current: data.currentVersion })}</strong>{" "}
              <a href={currentHref}>{t("charter.seeCurrent", { version: data.currentVersion })}</a>
            </p>
          ) : null}
          <p className="lead">{t("charter.lead")}</p>
          <section aria-labelledby="charter-version">
            <h2 id="charter-version">{t(shown.current ? "charter.currentVersion" : "charter.olderVersion", { version: shown.version })}</h2>
            <dl className="facts">
              <dt>{t("charter.publishedOn")}</dt>
              <dd>{shown.publishedOn}</dd>
              <dt>{t("charter.signatory")}</dt>
              <dd lang={AUTHORED}>{`${shown.signatoryName}, ${shown.signatoryMandate}`}</dd>
              <dt>{t("charter.signedOn")}</dt>
              <dd>{shown.signedOn}</dd>
            </dl>
            {tools}
          </section>
          <section aria-labelledby="charter-commitments">
            <h2 id="charter-commitments">{t("charter.commitments", { count: shown.commitments.length })}</h2>
            <ol className="plain-list">
              {shown.commitments.map((c) => (
                <CommitmentItem key={c.key} c={c} ruledOut={shown.ruledOut} />
              ))}
            </ol>
          </section>
        </>
      )}
      {data.history.length ? <History data={data} versionHref={versionHref} /> : null}
    </>
  );
}
