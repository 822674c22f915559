import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ClientActionFunctionArgs } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "~/i18n-react";
import { resend, useResending } from "~/resend";
import type { loadVotePage, voteAction } from "~/vote-page.server";
import { verdicts, voteConditions, type Verdict } from "~/votes";

type Loaded = ReturnType<typeof useLoaderData<typeof loadVotePage>>;
type Use = Loaded["uses"][number];
type Failed = ReturnType<typeof useActionData<typeof voteAction>>;

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** The routes' clientAction: a ballot the network lost is sent again; given up, it comes back with every answer. */
export const resendBallot = (args: ClientActionFunctionArgs) =>
  resend(args, (form) => {
    const values: Record<string, { verdict: string; conditions: string[]; other: string }> = {};
    for (const key of form.keys()) {
      const id = /^(?:verdict|conditions|other|version)\.([^[\]]+)/.exec(key)?.[1];
      if (!id || values[id]) continue;
      const text = (name: string) => String(form.get(`${name}.${id}`) ?? "");
      values[id] = { verdict: text("verdict"), conditions: form.getAll(`conditions.${id}[]`).map(String), other: text("other") };
    }
    return { ok: false, errors: { form: "ballot.offline" }, values };
  });

/** One use: what it is, then the verdict and, for "conditional", which conditions. */
function UseBallot({
  use,
  value,
  errors,
  onVerdict,
  hydrated,
}: {
  use: Use;
  value: { verdict: string; conditions: string[]; other: string } | null;
  errors: Record<string, string>;
  onVerdict: (id: string, verdict: Verdict) => void;
  hydrated: boolean;
}) {
  const { t } = useTranslation();
  const [verdict, setVerdict] = useState(value?.verdict ?? "");
  const id = use.id;
  const verdictError = errors[`verdict.${id}`];
  const conditionsError = errors[`conditions.${id}`];
  const otherError = errors[`other.${id}`];
  // With JavaScript the conditions appear only for "conditional", and are not sent otherwise.
  const conditionsOff = hydrated && verdict !== "conditional";
  const { lang, title, what, example, risks } = use.text;
  return (
    <section className="card use-card" id={`u-${id}`} aria-labelledby={`t-${id}`}>
      <h2 id={`t-${id}`} lang={lang}>
        {title}
      </h2>
      <p className="meta">
        <span className={`badge tier-${use.tier}`}>{t(`useLabels.tier.${use.tier}`)}</span> {t(`useLabels.domain.${use.domain}`)}
      </p>
      <p lang={lang}>{what}</p>
      {example || risks ? (
        <details>
          <summary>{t("vote.more")}</summary>
          {example ? (
            <p lang={lang}>
              <strong>{t("vote.example")} :</strong> {example}
            </p>
          ) : null}
          {risks ? (
            <p lang={lang}>
              <strong>{t("vote.risks")} :</strong> {risks}
            </p>
          ) : null}
          <p className="hint">{t(`useLabels.tierHelp.${use.tier}`)}</p>
        </details>
      ) : null}
      <input type="hidden" name={`version.${id}`} value={use.version} />
      <fieldset className={verdictError ? "field verdicts field-invalid" : "field verdicts"} aria-describedby={verdictError ? `e-v-${id}` : undefined}>
        <legend>
          {t("vote.verdictLegend")}
          <span className="visually-hidden" lang={lang}>
            {" "}
            — {title}
          </span>
        </legend>
        {verdicts.map((v) => (
          <label key={v} className="choice verdict">
            <input
              type="radio"
              name={`verdict.${id}`}
              value={v}
              defaultChecked={value?.verdict === v}
              aria-invalid={verdictError ? true : undefined}
              onChange={() => {
                setVerdict(v);
                onVerdict(id, v);
              }}
            />{" "}
            {t(`useLabels.verdict.${v}`)}
          </label>
        ))}
        {verdictError ? (
          <p className="error" id={`e-v-${id}`}>
            {t(verdictError)}
          </p>
        ) : null}
      </fieldset>
      <fieldset
        className={conditionsError || otherError ? "field conditions field-invalid" : "field conditions"}
        hidden={conditionsOff}
        disabled={conditionsOff}
        aria-describedby={conditionsError ? `e-c-${id}` : hydrated ? undefined : `h-c-${id}`}
      >
        <legend>{t("vote.conditionsLegend")}</legend>
        {hydrated ? null : (
          <p className="hint" id={`h-c-${id}`}>
            {t("vote.conditionsHint")}
          </p>
        )}
        {voteConditions.map((c) => (
          <label key={c} className="choice">
            <input type="checkbox" name={`conditions.${id}[]`} value={c} defaultChecked={value?.conditions.includes(c)} />{" "}
            {t(`useLabels.condition.${c}`)}
          </label>
        ))}
        {conditionsError ? (
          <p className="error" id={`e-c-${id}`}>
            {t(conditionsError)}
          </p>
        ) : null}
        <label htmlFor={`o-${id}`}>{t("vote.other")}</label>
        <input
          id={`o-${id}`}
          name={`other.${id}`}
          defaultValue={value?.other ?? ""}
          maxLength={hydrated ? 300 : undefined}
          aria-invalid={otherError ? true : undefined}
          aria-describedby={otherError ? `e-o-${id}` : undefined}
        />
        {otherError ? (
          <p className="error" id={`e-o-${id}`}>
            {t(otherError)}
          </p>
        ) : null}
      </fieldset>
      {use.mine && !Object.keys(errors).length ? (
        <p className="voted">{t("vote.yourVote", { verdict: t(`useLabels.verdict.${use.mine.verdict}`) })}</p>
      ) : null}
    </section>
  );
}

export function VotePage() {
  const loaded = useLoaderData<typeof loadVotePage>();
  const failed: Failed | undefined = useActionData<typeof voteAction>();
  const { t } = useTranslation();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const resending = useResending() && navigation.state === "submitting";
  const errors: Record<string, string> = failed?.errors ?? {};
  const values = failed?.values ?? {};
  const [answered, setAnswered] = useState(() => new Set(loaded.uses.filter((u) => u.mine).map((u) => u.id)));
  const onVerdict = (id: string) => setAnswered((prev) => (prev.has(id) ? prev : new Set([...prev, id])));
  const invalid = [...new Set(Object.keys(errors).filter((k) => k !== "form").map((k) => k.split(".")[1]))];
  // After a refused ballot, focus goes to the summary of what to fix (it links to each use).
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failed) summary.current?.focus();
  }, [failed]);
  const { consultation, event, uses } = loaded;

  return (
    <div className="page narrow">
      <p className="meta">{event ? event.title : consultation.title}</p>
      <h1>{t("vote.heading")}</h1>
      <p>{t("vote.intro")}</p>
      <p className="notice">
        {t("vote.what")} {t(loaded.visibility === "after_close" ? "vote.afterClose" : "vote.afterVote")}
      </p>
      {!consultation.open ? <p className="notice notice-error">{t("vote.closed")}</p> : null}
      {errors.form || invalid.length ? (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={summary}>
          <p>{t(errors.form ?? "vote.errorSummary")}</p>
          {invalid.length ? (
            <ul>
              {invalid.map((id) => (
                <li key={id}>
                  <a href={`#u-${id}`}>{uses.find((u) => u.id === id)?.text.title ?? id}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {uses.length === 0 ? (
        <p>{t("vote.none")}</p>
      ) : consultation.open ? (
        <Form method="post" noValidate>
          <input type="hidden" name="requestKey" value={loaded.requestKey} />
          {uses.map((use) => (
            <UseBallot
              key={use.id}
              use={use}
              value={values[use.id] ?? use.mine}
              errors={errors}
              onVerdict={onVerdict}
              hydrated={hydrated}
            />
          ))}
          <div className="submit-bar">
            {hydrated ? (
              <p className="hint" aria-live="polite">
                {resending ? t("vote.resending") : t("vote.answered", { count: answered.size, total: uses.length })}
              </p>
            ) : null}
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {navigation.state === "submitting" ? t("vote.saving") : t("vote.submit")}
            </button>
          </div>
        </Form>
      ) : null}
      <p>
        <Link to={loaded.resultsHref}>{t("vote.seeResults")}</Link>
        {event ? (
          <>
            {" · "}
            <Link to={`/e/${event.code}`}>{t("vote.back")}</Link>
          </>
        ) : null}
      </p>
    </div>
  );
}
