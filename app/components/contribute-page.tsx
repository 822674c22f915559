import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ClientActionFunctionArgs } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { contributeAction, loadContributePage } from "~/contribute.server";
import { useTranslation } from "~/i18n-react";
import { resend, useResending } from "~/resend";
import type { ThemeSuggestion } from "~/theme-suggester";
import { contributionKinds, reactionValues, reportReasons, themes, type Theme } from "~/themes";

type Loaded = ReturnType<typeof useLoaderData<typeof loadContributePage>>;
type Item = Loaded["contributions"][number];
type ActionData = ReturnType<typeof useActionData<typeof contributeAction>>;

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** Tells the server the page runs JavaScript (answer in place) or not (redirect back after success). */
function JsFlag() {
  const hydrated = useHydrated();
  return hydrated ? <input type="hidden" name="js" value="1" /> : null;
}

/** A form's fields as the server's parseForm returns them: `name[]` groups joined by commas. */
function typedValues(form: FormData) {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    if (key.endsWith("[]")) values[key.slice(0, -2)] = form.getAll(key).join(",");
    else values[key] = value;
  }
  return values;
}

/** The routes' clientAction: a submission the network lost is sent again; given up, it comes back with what was typed. */
export const resendContribution = (args: ClientActionFunctionArgs) =>
  resend(args, (form) => ({
    intent: String(form.get("intent")),
    ok: false,
    errors: { form: "contribute.offline" },
    values: typedValues(form),
    suggested: [],
    counts: null,
    held: null,
    id: form.get("id"),
    value: null,
  }));

function ThemeChoices({ name, selected, error, idPrefix }: { name: string; selected: Theme[]; error?: string; idPrefix: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className={error ? "field field-invalid" : "field"} aria-describedby={error ? `${idPrefix}-themes-error` : `${idPrefix}-themes-hint`}>
      <legend>{t("contribute.themes")}</legend>
      <p className="hint" id={`${idPrefix}-themes-hint`}>
        {t("contribute.themesHint")}
      </p>
      <div className="theme-grid">
        {themes.map((theme) => (
          <label key={theme} className="choice">
            <input type="checkbox" name={`${name}[]`} value={theme} defaultChecked={selected.includes(theme)} /> {t(`theme.${theme}.label`)}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${idPrefix}-themes-error`} className="error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </fieldset>
  );
}

/** The suggester (about 4 KB) is fetched when the person starts typing, not with the page. */
function useSuggestions(text: string): ThemeSuggestion[] {
  const [suggest, setSuggest] = useState<((text: string) => ThemeSuggestion[]) | null>(null);
  useEffect(() => {
    if (!suggest && text.trim().length > 0) import("~/theme-suggester").then((m) => setSuggest(() => m.suggestThemes));
  }, [text, suggest]);
  return suggest ? suggest(text) : [];
}

function PostForm({ requestKey, result }: { requestKey: string; result: ActionData | undefined }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const resending = useResending() && navigation.state === "submitting";
  const failed = result?.intent === "post" && !result.ok ? result : null;
  const errors: Record<string, string> = failed?.errors ?? {};
  const values: Record<string, string> = failed?.values ?? {};
  const initialThemes = (values.themes ? values.themes.split(",") : failed?.suggested ?? []) as Theme[];
  const [text, setText] = useState(values.body ?? "");
  const [chosen, setChosen] = useState<Theme[]>(initialThemes);
  const formRef = useRef<HTMLFormElement>(null);
  const suggestions = useSuggestions(text);
  const posted = result?.intent === "post" && result.ok;
  useEffect(() => {
    if (posted) {
      formRef.current?.reset();
      setText("");
      setChosen([]);
    }
  }, [posted, result]);
  return (
    <Form method="post" noValidate ref={formRef} className="card" aria-labelledby="post-title" key={posted ? result?.id ?? "posted" : "form"}>
      <h2 id="post-title">{t("contribute.postTitle")}</h2>
      <input type="hidden" name="intent" value="post" />
          <JsFlag />
      <input type="hidden" name="requestKey" value={values.requestKey ?? requestKey} />
      <fieldset className={errors.kind ? "field field-invalid" : "field"}>
        <legend>{t("contribute.kind")}</legend>
        {contributionKinds.map((kind) => (
          <label key={kind} className="choice">
            <input type="radio" name="kind" value={kind} defaultChecked={(values.kind ?? "") === kind} required /> {t(`contribute.kinds.${kind}`)}
          </label>
        ))}
        {errors.kind ? (
          <p className="error" role="alert" id="kind-error">
            {t(errors.kind)}
          </p>
        ) : null}
      </fieldset>
      <div className={errors.body ? "field field-invalid" : "field"}>
        <label htmlFor="body">{t("contribute.body")}</label>
        <p className="hint" id="body-hint">
          {t("contribute.bodyHint")}
        </p>
        <textarea
          id="body"
          name="body"
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={errors.body ? "body-hint body-error" : "body-hint"}
        />
        {hydrated ? (
          <p className="hint" aria-live="polite">
            {t("contribute.count", { count: text.trim().length })}
          </p>
        ) : null}
        {errors.body ? (
          <p className="error" role="alert" id="body-error">
            {t(errors.body)}
          </p>
        ) : null}
      </div>
      {failed?.suggested?.length ? <p className="notice">{t("contribute.suggestedNoJs")}</p> : null}
      {suggestions.length ? (
        <p className="hint" aria-live="polite">
          {t("contribute.suggestion", {
            themes: suggestions.map((s) => t(`theme.${s.theme}.label`)).join(", "),
            words: [...new Set(suggestions.flatMap((s) => s.matches))].slice(0, 4).join(", "),
          })}{" "}
          <button type="button" className="link-button" onClick={() => setChosen(suggestions.map((s) => s.theme))}>
            {t("contribute.useSuggestion")}
          </button>
        </p>
      ) : null}
      <ThemeChoices name="themes" selected={chosen} error={errors.themes} idPrefix="post" key={chosen.join()} />
      {errors.form ? (
        <p role="alert" className="notice notice-error">
          {t(errors.form)}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {t("contribute.submit")}
      </button>
      <p role="status" className={resending ? "notice" : undefined}>
        {resending ? t("contribute.resending") : null}
      </p>
    </Form>
  );
}

function Counts({ counts }: { counts: { agree: number; disagree: number; pass: number } }) {
  const { t } = useTranslation();
  return (
    <p className="meta">
      {t("contribute.counts", { agree: counts.agree, disagree: counts.disagree, pass: counts.pass })}
    </p>
  );
}

function ContributionItem({ item, requestKey }: { item: Item; requestKey: string }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<typeof contributeAction>();
  const hydrated = useHydrated();
  const resending = useResending();
  const pending = fetcher.formData?.get("value") as string | undefined;
  const done = fetcher.data?.intent === "react" && fetcher.data.ok ? fetcher.data.value : null;
  const mine = pending ?? done ?? item.my_reaction;
  const counts =
    fetcher.data?.intent === "react" && fetcher.data.counts
      ? fetcher.data.counts
      : item.my_reaction
        ? { agree: item.agree ?? 0, disagree: item.disagree ?? 0, pass: item.pass ?? 0 }
        : null;
  const reported = item.reported || (fetcher.data?.intent === "report" && fetcher.data.ok);
  const fetcherError = fetcher.data && !fetcher.data.ok ? fetcher.data.errors.form : null;
  const time = new Intl.DateTimeFormat(i18n.language, { timeStyle: "short", timeZone: "Europe/Paris" }).format(new Date(item.created_at));
  return (
    <li className={`card contribution contribution-${item.kind}`} id={`c-${item.id}`}>
      <p className="meta">
        <span className="badge">{t(`contribute.kinds.${item.kind}`)}</span> {item.themes.map((th) => t(`theme.${th}.label`)).join(" · ")}
        {item.source === "paper" ? ` · ${t("contribute.paper")}` : ""}
        {item.mine ? ` · ${t("contribute.mine", { time })}` : ""}
      </p>
      <p className="contribution-body">{item.body}</p>
      {item.status === "held" ? <p className="notice">{t(`contribute.held.${item.held_reason ?? "insult"}`)}</p> : null}
      {item.status === "hidden" ? <p className="notice notice-error">{t("contribute.hidden")}</p> : null}
      {!item.mine && item.status === "visible" ? (
        <fetcher.Form method="post" className="reactions">
          <input type="hidden" name="intent" value="react" />
          <JsFlag />
          <input type="hidden" name="id" value={item.id} />
          <input type="hidden" name="requestKey" value={requestKey} />
          <fieldset>
            <legend className="visually-hidden">{t("contribute.reactLegend")}</legend>
            {reactionValues.map((value) => (
              <button key={value} type="submit" name="value" value={value} className="reaction" aria-pressed={hydrated ? mine === value : undefined}>
                {t(`contribute.reactions.${value}`)}
                {!hydrated && mine === value ? <span className="visually-hidden"> ({t("contribute.chosen")})</span> : null}
              </button>
            ))}
          </fieldset>
        </fetcher.Form>
      ) : null}
      {fetcher.state !== "idle" ? (
        <p role="status" className={resending ? "notice" : undefined}>
          {resending ? t("contribute.resending") : null}
        </p>
      ) : null}
      {fetcherError ? (
        <p role="alert" className="error">
          {t(fetcherError)}
        </p>
      ) : null}
      {counts ? <Counts counts={counts} /> : null}
      {!item.mine && item.status === "visible" ? (
        reported ? (
          <p className="meta" role="status">
            {t("contribute.reported")}
          </p>
        ) : (
          <details className="report">
            <summary>{t("contribute.report")}</summary>
            <fetcher.Form method="post">
              <input type="hidden" name="intent" value="report" />
              <JsFlag />
              <input type="hidden" name="id" value={item.id} />
              <input type="hidden" name="requestKey" value={requestKey} />
              <fieldset className="field">
                <legend>{t("contribute.reportReason")}</legend>
                {reportReasons.map((reason) => (
                  <label key={reason} className="choice">
                    <input type="radio" name="reason" value={reason} required /> {t(`contribute.reasons.${reason}`)}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="button button-secondary">
                {t("contribute.sendReport")}
              </button>
            </fetcher.Form>
          </details>
        )
      ) : null}
      {item.editable ? <OwnActions item={item} /> : null}
    </li>
  );
}

function OwnActions({ item }: { item: Item }) {
  const { t } = useTranslation();
  return (
    <div className="own-actions">
      <details>
        <summary>{t("contribute.edit")}</summary>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="edit" />
          <JsFlag />
          <input type="hidden" name="id" value={item.id} />
          <input type="hidden" name="kind" value={item.kind} />
          <div className="field">
            <label htmlFor={`edit-${item.id}`}>{t("contribute.body")}</label>
            <textarea id={`edit-${item.id}`} name="body" rows={3} defaultValue={item.body} />
          </div>
          <ThemeChoices name="themes" selected={item.themes} idPrefix={`edit-${item.id}`} />
          <button type="submit" className="button">
            {t("contribute.saveEdit")}
          </button>
        </Form>
      </details>
      <Form method="post">
        <input type="hidden" name="intent" value="delete" />
          <JsFlag />
        <input type="hidden" name="id" value={item.id} />
        <button type="submit" className="link-button">
          {t("contribute.delete")}
        </button>
      </Form>
      <p className="hint">{t("contribute.editWindow")}</p>
    </div>
  );
}

const ageBrackets = ["under_18", "18_24", "25_34", "35_49", "50_64", "65_74", "75_plus"];
const aiUses = ["never", "rarely", "monthly", "weekly", "daily"];

function ProfileCard({ result }: { result: ActionData | undefined }) {
  const { t } = useTranslation();
  const errors: Record<string, string> = result?.intent === "profile" && !result.ok ? result.errors : {};
  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t("profile.title")}</h2>
      <p>{t("profile.lead")}</p>
      <Form method="post">
        <JsFlag />
        <div className="field">
          <label htmlFor="ageBracket">{t("profile.age")}</label>
          <select id="ageBracket" name="ageBracket" defaultValue="">
            <option value="">{t("profile.noAnswer")}</option>
            {ageBrackets.map((a) => (
              <option key={a} value={a}>
                {t(`profile.ages.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className={errors.commune ? "field field-invalid" : "field"}>
          <label htmlFor="commune">{t("profile.commune")}</label>
          <input id="commune" name="commune" autoComplete="postal-code" aria-describedby={errors.commune ? "commune-error" : undefined} />
          {errors.commune ? (
            <p className="error" role="alert" id="commune-error">
              {t(errors.commune)}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="aiUse">{t("profile.aiUse")}</label>
          <select id="aiUse" name="aiUse" defaultValue="">
            <option value="">{t("profile.noAnswer")}</option>
            {aiUses.map((a) => (
              <option key={a} value={a}>
                {t(`profile.uses.${a}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="row">
          <button type="submit" name="intent" value="profile" className="button">
            {t("profile.save")}
          </button>
          <button type="submit" name="intent" value="skip-profile" className="button button-secondary">
            {t("profile.skip")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ContributePage() {
  const loaded = useLoaderData<typeof loadContributePage>();
  const result = useActionData<typeof contributeAction>();
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const done = params.get("fait");
  const posted = result?.intent === "post" && result.ok ? result : done === "post" ? { held: params.get("retenu") } : null;
  const other = result ? null : done && done !== "post" && done !== "react" ? done : null;
  return (
    <div className="page narrow">
      <p className="meta">
        {loaded.event ? <Link to={`/e/${loaded.event.code}`}>{loaded.event.title}</Link> : null} {loaded.consultation.title}
      </p>
      <h1>{t("contribute.heading")}</h1>
      <p className="lead">{t("contribute.lead")}</p>
      {posted ? (
        <p role="status" className="notice">
          {posted.held ? t(`contribute.held.${posted.held}`) : t("contribute.posted")}
        </p>
      ) : null}
      {other ? (
        <p role="status" className="notice">
          {t(`contribute.done.${other}`)}
        </p>
      ) : null}
      {result && result.intent !== "post" && result.intent !== "react" && result.intent !== "report" ? (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? "notice" : "notice notice-error"}>
          {result.ok ? t(`contribute.done.${result.intent}`) : t(result.errors.form ?? "validation.summary")}
        </p>
      ) : null}
      {loaded.askProfile && !(result?.ok && (result.intent === "profile" || result.intent === "skip-profile")) ? (
        <ProfileCard result={result} />
      ) : null}
      {loaded.consultation.open ? <PostForm requestKey={loaded.requestKey} result={result} /> : <p className="notice">{t("contribute.closed")}</p>}
      <section aria-labelledby="others-title">
        <h2 id="others-title">{t("contribute.othersTitle")}</h2>
        <p className="hint">{t("contribute.othersHint")}</p>
        {loaded.contributions.length === 0 ? <p>{t("contribute.none")}</p> : null}
        <ul className="plain-list">
          {loaded.contributions.map((item) => (
            <ContributionItem key={item.id} item={item} requestKey={loaded.requestKey} />
          ))}
        </ul>
      </section>
    </div>
  );
}
