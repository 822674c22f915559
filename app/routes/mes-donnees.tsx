import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { db } from "~/db.server";
import { parseForm } from "~/forms.server";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { collectMyData, deleteMyData } from "~/models/my-data.server";
import { forgetParticipant, participantIdentity, readParticipantId } from "~/participant.server";
import { formatDateTime } from "~/time";

export const meta = titleMeta;

/**
 * A participant's own data, from their device and without an account (GDPR rights of access and
 * erasure): what is held, a JSON download, and deletion. Strings are translated here: the page loads
 * no dictionary and works without JavaScript.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const lng = (await i18next.getLocale(request)) === "en" ? "en" : "fr";
  const participantId = await readParticipantId(request);
  const mine = participantId ? await db().asCaller(participantIdentity(participantId), (tx) => collectMyData(tx, participantId)) : null;
  const deleted = new URL(request.url).searchParams.get("supprime") === "1";
  const place = (title: string | null) => title ?? t("myData.unknownPlace");
  return data(
    {
      title: t("myData.title"),
      text: {
        heading: t("myData.heading"),
        lead: t("myData.lead"),
        none: t("myData.none"),
        deleted: t("myData.deleted"),
        summary: t("myData.summary"),
        contributions: t("myData.contributions"),
        votes: t("myData.votes"),
        registrations: t("myData.registrations"),
        download: { heading: t("myData.download.heading"), text: t("myData.download.text"), button: t("myData.download.button") },
        erase: {
          heading: t("myData.erase.heading"),
          text: t("myData.erase.text"),
          confirm: t("myData.erase.confirm"),
          confirmRequired: t("myData.erase.confirmRequired"),
          button: t("myData.erase.button"),
        },
        rights: t("myData.rights"),
      },
      deleted: deleted && !mine,
      mine: mine && {
        since: t("myData.since", { date: formatDateTime(mine.participant.created_at, lng) }),
        counts: [
          [t("myData.count.contributions"), String(mine.contributions.length)],
          [t("myData.count.reactions"), String(mine.reactions.length)],
          [t("myData.count.reports"), String(mine.reports.length)],
          [t("myData.count.votes"), String(mine.votes.length)],
          [t("myData.count.registrations"), String(mine.registrations.length)],
          [t("myData.count.profile"), mine.profile && !mine.profile.skipped ? t("myData.profileYes") : t("myData.profileNo")],
        ],
        contributions: mine.contributions.map((c) => ({
          id: c.id,
          kind: t(`myData.${c.kind}`),
          body: c.body,
          where: place(c.event ?? c.consultation),
          status: t(`myData.status.${c.status}`),
          date: formatDateTime(c.created_at, lng),
        })),
        votes: mine.votes.map((v, i) => ({
          key: String(i),
          use: v.ai_use ?? "—",
          where: place(v.consultation),
          verdict: t(`myData.verdict.${v.verdict}`),
        })),
        registrations: mine.registrations.map((r, i) => ({
          key: String(i),
          line: t("myData.registration", {
            event: place(r.event),
            name: r.first_name,
            email: r.email ?? t("myData.noEmail"),
            status: t(`myData.registrationStatus.${r.status}`),
          }),
        })),
      },
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const eraseForm = z.object({ confirm: z.literal("on", { message: "myData.erase.confirmRequired" }) });

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(eraseForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors }, { status: 400 });
  const participantId = await readParticipantId(request);
  // One transaction: everything goes, or nothing does (the database rolls back on any failure).
  if (participantId) await db().asCaller(participantIdentity(participantId), (tx) => deleteMyData(tx, participantId));
  // A second submit finds nothing left to delete and lands on the same page.
  return redirect("/mes-donnees?supprime=1", { status: 303, headers: { "Set-Cookie": await forgetParticipant(request) } });
}

export default function MyData() {
  const { text, mine, deleted } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const error = result?.errors.confirm ? "confirm" : null;
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error, result]);
  return (
    <main id="main" className="page">
      <h1>{text.heading}</h1>
      <p className="lead">{text.lead}</p>
      {deleted ? (
        <p className="notice" role="status">
          {text.deleted}
        </p>
      ) : null}
      {!mine ? (
        deleted ? null : <p className="notice">{text.none}</p>
      ) : (
        <>
          <p>{mine.since}</p>
          <section aria-labelledby="summary-heading">
            <h2 id="summary-heading">{text.summary}</h2>
            <dl className="my-data-figures">
              {mine.counts.map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </section>
          {mine.contributions.length ? (
            <section aria-labelledby="contributions-heading">
              <h2 id="contributions-heading">{text.contributions}</h2>
              <ul>
                {mine.contributions.map((c) => (
                  <li key={c.id}>
                    <strong>{c.kind}</strong> · {c.where} · {c.date} · {c.status}
                    <blockquote>{c.body}</blockquote>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {mine.votes.length ? (
            <section aria-labelledby="votes-heading">
              <h2 id="votes-heading">{text.votes}</h2>
              <ul>
                {mine.votes.map((v) => (
                  <li key={v.key}>
                    {v.use} ({v.where}) : <strong>{v.verdict}</strong>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {mine.registrations.length ? (
            <section aria-labelledby="registrations-heading">
              <h2 id="registrations-heading">{text.registrations}</h2>
              <ul>
                {mine.registrations.map((r) => (
                  <li key={r.key}>{r.line}</li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="card" aria-labelledby="download-heading">
            <h2 id="download-heading">{text.download.heading}</h2>
            <p>{text.download.text}</p>
            <a className="button" href="/mes-donnees.json" download>
              {text.download.button}
            </a>
          </section>
          <section className="card" aria-labelledby="erase-heading">
            <h2 id="erase-heading">{text.erase.heading}</h2>
            <p>{text.erase.text}</p>
            <Form method="post" noValidate>
              <div className={error ? "field field-invalid" : "field"}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    name="confirm"
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? "confirm-error" : undefined}
                  />{" "}
                  {text.erase.confirm}
                </label>
                {error ? (
                  <p id="confirm-error" className="error" role="alert" tabIndex={-1} ref={errorRef}>
                    {text.erase.confirmRequired}
                  </p>
                ) : null}
              </div>
              <button type="submit" className="button button-danger" disabled={navigation.state === "submitting"}>
                {text.erase.button}
              </button>
            </Form>
          </section>
        </>
      )}
      <p>
        <Link to="/confidentialite">{text.rights}</Link>
      </p>
    </main>
  );
}

