import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { requireEventStaff } from "~/caller.server";
import { db, type Tx } from "~/db.server";
import { parseForm } from "~/forms.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { typePaperContribution } from "~/models/contribution.server";
import { moderationQueue } from "~/models/moderation.server";
import { suggestThemes } from "~/theme-suggester";
import { contributionKinds, themes, type ContributionKind, type Theme } from "~/themes";
import { contributionForm } from "~/validation.server";

export const meta = titleMeta;

// Shown next to each theme; pressed while focus is on a theme, the letter ticks it (only there,
// so typing in the text never triggers one).
const shortcuts = "abcdefghijkl";

const load = requireEventStaff;

/** The paper notes of one event, numbered in the order they were typed, newest first. */
async function paperNotes(tx: Tx, event: { id: string; consultation_id: string }) {
  const queue = await moderationQueue(tx, { consultationId: event.consultation_id });
  return queue
    .filter((c) => c.source === "paper" && c.event_id === event.id)
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
    .map((c, index) => ({ id: c.id, number: index + 1, kind: c.kind, body: c.body, themes: c.themes, status: c.status }))
    .reverse();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, event, headers } = await load(request, params.id!);
  const t = await i18next.getFixedT(request);
  const notes = await db().asCaller(identity, (tx) => paperNotes(tx, event));
  return data(
    {
      title: t("paper.title", { event: event.title }),
      event: { id: event.id, title: event.title, consultationId: event.consultation_id, consultationTitle: event.consultation_title },
      requestKey: randomUUID(),
      notes,
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity, event, staff } = await load(request, params.id!);
  const parsed = parseForm(contributionForm, await request.formData());
  const kind = (contributionKinds as readonly string[]).includes(parsed.values.kind) ? (parsed.values.kind as ContributionKind) : null;
  if (!parsed.ok) {
    return data({ ok: false as const, errors: parsed.errors, values: parsed.values, kind, number: null, nextKey: randomUUID() }, { status: 400 });
  }
  const saved = await db().asCaller(identity, async (tx) => {
    const id = await typePaperContribution(tx, {
      ...parsed.data,
      consultationId: event.consultation_id,
      eventId: event.id,
      enteredBy: staff.email,
      requestKey: parsed.data.requestKey,
    });
    const notes = await paperNotes(tx, event);
    // No id: this key was already used (a second Enter), the note it saved is the latest one.
    return { number: (id && notes.find((n) => n.id === id)?.number) || notes.length };
  });
  return { ok: true as const, errors: {} as Record<string, string>, values: {} as Record<string, string>, kind, number: saved.number, nextKey: randomUUID() };
}

export default function PaperMode() {
  const { event, requestKey, notes } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const actionData = useActionData<typeof action>();
  const result = fetcher.data ?? actionData;
  const { t } = useTranslation();
  const failed = result && !result.ok ? result : null;
  const errors: Record<string, string> = failed?.errors ?? {};
  const [kind, setKind] = useState<string>(result?.kind ?? "");
  const [text, setText] = useState(failed?.values.body ?? "");
  const [chosen, setChosen] = useState<Theme[]>((failed?.values.themes?.split(",") ?? []) as Theme[]);
  const [hydrated, setHydrated] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    // What was typed before the page became interactive is kept, not reset to the initial state.
    const form = formRef.current;
    if (form) {
      setText(bodyRef.current?.value ?? "");
      setKind(form.querySelector<HTMLInputElement>("input[name=kind]:checked")?.value ?? "");
      setChosen([...form.querySelectorAll<HTMLInputElement>("input[name='themes[]']:checked")].map((box) => box.value as Theme));
    }
    setHydrated(true);
  }, []);

  // After each answer: a saved note clears text and themes (the kind stays); errors take focus.
  useEffect(() => {
    if (!fetcher.data) return;
    if (fetcher.data.ok) {
      setText("");
      setChosen([]);
      bodyRef.current?.focus();
      return;
    }
    const first = ["body", "kind", "themes"].find((field) => fetcher.data?.errors[field]);
    const target = first === "body" ? bodyRef.current : formRef.current?.querySelector<HTMLInputElement>(`[data-field="${first}"]`);
    (target ?? bodyRef.current)?.focus();
  }, [fetcher.data]);

  const submit = () => formRef.current?.requestSubmit();
  const onKeyDown = (e: React.KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== "Enter") return;
    const target = e.target as HTMLElement;
    const onChoice = target instanceof HTMLInputElement && (target.type === "checkbox" || target.type === "radio");
    if (e.ctrlKey || e.metaKey || onChoice) {
      e.preventDefault();
      submit();
    }
  };
  const toggle = (theme: Theme) => setChosen((current) => (current.includes(theme) ? current.filter((x) => x !== theme) : [...current, theme]));
  const onThemeKey = (e: React.KeyboardEvent<HTMLFieldSetElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.key.length !== 1) return;
    const index = shortcuts.indexOf(e.key.toLowerCase());
    if (index < 0 || !(e.target instanceof HTMLInputElement)) return;
    e.preventDefault();
    toggle(themes[index]);
    formRef.current?.querySelector<HTMLInputElement>(`#theme-${themes[index]}`)?.focus();
  };
  const suggested = hydrated ? suggestThemes(text).map((s) => s.theme) : [];
  const describedBy = (field: string, hint?: string) => [hint, errors[field] ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;

  return (
    <div className="page">
      <p>
        <Link to={`/espace/evenements/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("paper.heading")}</h1>
      <p className="lead">{t("paper.lead", { event: event.title })}</p>
      <p className="hint" id="paper-keys">
        {t("paper.keys")}
      </p>
      <div id="paper-status" role="status" className={result?.ok ? "notice" : undefined}>
        {result?.ok ? t("paper.saved", { number: result.number }) : null}
      </div>
      {failed ? (
        <p role="alert" className="notice notice-error">
          {t("validation.summary")}
        </p>
      ) : null}

      <fetcher.Form method="post" noValidate ref={formRef} onKeyDown={onKeyDown} className="card" aria-labelledby="paper-form-title"
        onSubmit={(e) => {
          // A second Enter while the first is on its way would only resend the same note.
          if (fetcher.state === "submitting") e.preventDefault();
        }}
      >
        <h2 id="paper-form-title">{t("paper.formTitle")}</h2>
        <input type="hidden" name="requestKey" value={fetcher.data?.nextKey ?? requestKey} />
        <div className={errors.body ? "field field-invalid" : "field"}>
          <label htmlFor="body">{t("paper.body")}</label>
          <textarea
            id="body"
            name="body"
            ref={bodyRef}
            rows={3}
            autoFocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={describedBy("body", "paper-keys")}
          />
          {errors.body ? (
            <p id="body-error" className="error" role="alert">
              {t(errors.body)}
            </p>
          ) : null}
        </div>
        <fieldset className={errors.kind ? "field field-invalid" : "field"} aria-describedby={describedBy("kind")}>
          <legend>{t("paper.kind")}</legend>
          {contributionKinds.map((k, index) => (
            <label key={k} className="choice">
              <input
                type="radio"
                name="kind"
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
                data-field={index === 0 ? "kind" : undefined}
              />{" "}
              {t(`paper.kinds.${k}`)}
            </label>
          ))}
          {errors.kind ? (
            <p id="kind-error" className="error" role="alert">
              {t(errors.kind)}
            </p>
          ) : null}
        </fieldset>
        <fieldset className={errors.themes ? "field field-invalid" : "field"} aria-describedby={describedBy("themes", "themes-hint")} onKeyDown={onThemeKey}>
          <legend>{t("paper.themes")}</legend>
          <p className="hint" id="themes-hint">
            {t("paper.themesHint")}
          </p>
          {suggested.length ? (
            <p className="hint">{t("paper.suggestion", { themes: suggested.map((s) => t(`theme.${s}.label`)).join(", ") })}</p>
          ) : null}
          <div className="theme-grid">
            {themes.map((theme, index) => (
              <label key={theme} className="choice">
                <input
                  type="checkbox"
                  id={`theme-${theme}`}
                  name="themes[]"
                  value={theme}
                  checked={chosen.includes(theme)}
                  onChange={() => toggle(theme)}
                  aria-keyshortcuts={shortcuts[index]}
                  data-field={index === 0 ? "themes" : undefined}
                />{" "}
                <kbd aria-hidden="true">{shortcuts[index]}</kbd> {t(`theme.${theme}.label`)}
                {suggested.includes(theme) ? (
                  <>
                    {" "}
                    <span className="badge">{t("paper.suggested")}</span>
                  </>
                ) : null}
              </label>
            ))}
          </div>
          {errors.themes ? (
            <p id="themes-error" className="error" role="alert">
              {t(errors.themes)}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button">
          {t("paper.submit")}
        </button>
      </fetcher.Form>

      <section aria-labelledby="notes-title">
        <h2 id="notes-title">{t("paper.notesTitle", { count: notes.length })}</h2>
        {notes.length === 0 ? <p>{t("paper.noNotes")}</p> : null}
        <ul className="plain-list">
          {notes.map((note) => (
            <li key={note.id} className={`card contribution-${note.kind}`}>
              <p className="meta">
                {t("paper.number", { number: note.number })} · <strong>{t(`paper.kinds.${note.kind}`)}</strong> ·{" "}
                {note.themes.map((theme) => t(`theme.${theme}.label`)).join(", ")}
                {note.status === "hidden" ? (
                  <>
                    {" "}
                    <span className="badge badge-alert">{t("paper.hidden")}</span>
                  </>
                ) : null}
              </p>
              <p className="contribution-body">{note.body}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
