import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { requireConsultationStaff } from "~/caller.server";
import { AuthorBlock, blockDoneKey } from "~/components/author-block";
import { TableScroll } from "~/components/table-scroll";
import { db, type Identity } from "~/db.server";
import { parseForm } from "~/forms.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import {
  blockAuthor,
  listBlockedParticipantIds,
  moderate,
  moderationLog,
  moderationQueue,
  unblockAuthor,
  type QueueItem,
} from "~/models/moderation.server";
import { formatDateTime } from "~/time";
import { blockForm, moderationForm } from "~/validation.server";

export const meta = titleMeta;

const filters = ["all", "review", "hidden", "visible"] as const;
type Filter = (typeof filters)[number];

const needsReview = (c: Pick<QueueItem, "status" | "reports">) => c.status === "held" || (c.status === "visible" && c.reports > 0);
const matches = (filter: Filter, c: Pick<QueueItem, "status" | "reports">) =>
  filter === "all" ? true : filter === "review" ? needsReview(c) : filter === "hidden" ? c.status === "hidden" : c.status === "visible";

const load = requireConsultationStaff;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, consultation, headers } = await load(request, params.id!);
  const t = await i18next.getFixedT(request);
  const asked = new URL(request.url).searchParams.get("statut");
  const filter: Filter = (filters as readonly string[]).includes(asked ?? "") ? (asked as Filter) : "all";
  const { queue, log, blocked } = await db().asCaller(identity, async (tx) => ({
    queue: await moderationQueue(tx, { consultationId: consultation.id }),
    log: await moderationLog(tx, { consultationId: consultation.id }),
    blocked: await listBlockedParticipantIds(tx, { consultationId: consultation.id }),
  }));
  return data(
    {
      title: t("moderation.title", { consultation: consultation.title }),
      consultation: { id: consultation.id, title: consultation.title },
      filter,
      totals: {
        all: queue.length,
        review: queue.filter(needsReview).length,
        hidden: queue.filter((c) => c.status === "hidden").length,
      },
      // The participant's id stays on the server: the page only needs to know whether there is one and if it is blocked.
      items: queue.map(({ participant_id, ...c }) => ({
        ...c,
        created_at: c.created_at.toISOString(),
        hasAuthor: participant_id !== null,
        blocked: participant_id !== null && blocked.includes(participant_id),
      })),
      log: log.map((l) => ({
        ...l,
        created_at: l.created_at.toISOString(),
        excerpt: l.body.length > 80 ? `${l.body.slice(0, 80)}…` : l.body,
      })),
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity } = await load(request, params.id!);
  const form = await request.formData();
  const id = String(form.get("id") ?? "");
  if (form.get("intent") === "block" || form.get("intent") === "unblock") return blockAction(identity, id, form);
  const parsed = parseForm(moderationForm, form);
  if (!parsed.ok) return data({ ok: false as const, id, action: null, errors: parsed.errors, values: parsed.values }, { status: 400 });
  let done: boolean;
  try {
    done = await db().asCaller(identity, (tx) => moderate(tx, parsed.data));
  } catch (error) {
    if ((error as { code?: string }).code !== "P0001") throw error;
    const errors: Record<string, string> = { reason: "validation.tooShort" };
    return data({ ok: false as const, id, action: null, errors, values: parsed.values }, { status: 400 });
  }
  if (!done) throw new Response("Not found", { status: 404 });
  return { ok: true as const, id, action: parsed.data.action, errors: {} as Record<string, string>, values: {} as Record<string, string> };
}

/** Blocks (or unblocks) the author of a contribution in this consultation. */
async function blockAction(identity: Identity, id: string, form: FormData) {
  const parsed = parseForm(blockForm, form);
  if (!parsed.ok) return data({ ok: false as const, id, action: null, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { intent, blockReason } = parsed.data;
  let done: boolean;
  try {
    done = await db().asCaller(identity, (tx) =>
      intent === "block" ? blockAuthor(tx, { id: parsed.data.id, reason: blockReason }) : unblockAuthor(tx, { id: parsed.data.id }),
    );
  } catch (error) {
    if ((error as { code?: string }).code !== "P0001") throw error;
    const errors: Record<string, string> = { blockReason: "catalogueValidation.blockReason" };
    return data({ ok: false as const, id, action: null, errors, values: parsed.values }, { status: 400 });
  }
  if (!done) throw new Response("Not found", { status: 404 });
  return { ok: true as const, id, action: intent, errors: {} as Record<string, string>, values: {} as Record<string, string> };
}

/** What the status line says once a decision is recorded. */
const doneKey = (action: "hide" | "restore" | "block" | "unblock") =>
  action === "block" || action === "unblock" ? blockDoneKey(action) : `moderation.done.${action}`;

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];
type Result = ReturnType<typeof useActionData<typeof action>>;

function StatusBadge({ item }: { item: Item }) {
  const { t } = useTranslation();
  if (item.status === "held") {
    return <span className="badge badge-alert">{t("moderation.status.held", { reason: t(`moderation.heldReason.${item.held_reason ?? "other"}`) })}</span>;
  }
  return <span className={item.status === "hidden" ? "badge badge-alert" : "badge"}>{t(`moderation.status.${item.status}`)}</span>;
}

function QueueEntry({ item, fallback, onDone }: { item: Item; fallback: Result | undefined; onDone: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const mine = fallback?.id === item.id && !isBlockResult(fallback) ? fallback : undefined;
  const result = fetcher.data ?? mine;
  const error = result && !result.ok ? result.errors.reason : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // The buttons change with the status: focus goes to the message that says what happened.
    if (fetcher.data?.ok) {
      onDone(item.id);
      formRef.current?.reset();
      statusRef.current?.focus();
    }
  }, [fetcher.data, item.id, onDone]);
  const reasonId = `reason-${item.id}`;
  const counts = { agree: item.agree, disagree: item.disagree, pass: item.pass };
  return (
    <li className={`card contribution-${item.kind}`}>
      <h3>
        {t(`moderation.kind.${item.kind}`)} · {formatDateTime(item.created_at, i18n.language, { dateStyle: "medium" })}
      </h3>
      <p className="meta">
        <StatusBadge item={item} /> <span className="badge">{t(`moderation.source.${item.source}`)}</span>
        {item.burst ? (
          <>
            {" "}
            <span className="badge badge-alert">{t("moderation.burst")}</span>
          </>
        ) : null}{" "}
        · {item.event_title ?? t("moderation.noEvent")} · {item.themes.map((theme) => t(`theme.${theme}.label`)).join(", ")}
      </p>
      <p className="contribution-body">{item.body}</p>
      <p className="meta">
        {t("moderation.activity", {
          counts: t("moderation.counts", counts),
          reports:
            item.reports === 0
              ? t("moderation.noReports")
              : t("moderation.reportList", {
                  count: item.reports,
                  reasons: item.report_reasons.map((r) => t(`moderation.reportReasons.${r}`)).join(", "),
                }),
        })}
      </p>
      <p ref={statusRef} tabIndex={-1} role="status" className={result?.ok ? "notice" : undefined}>
        {result?.ok ? t(doneKey(result.action)) : null}
      </p>
      <fetcher.Form method="post" noValidate ref={formRef} className="row" style={{ alignItems: "flex-end" }}>
        <input type="hidden" name="id" value={item.id} />
        <div className={error ? "field field-invalid" : "field"}>
          <label htmlFor={reasonId}>{t("moderation.reason")}</label>
          <input
            id={reasonId}
            name="reason"
            maxLength={500}
            defaultValue={result && !result.ok ? result.values.reason ?? "" : ""}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${reasonId}-error reason-hint` : "reason-hint"}
          />
          {error ? (
            <p id={`${reasonId}-error`} className="error" role="alert">
              {t(error)}
            </p>
          ) : null}
        </div>
        <div style={{ margin: "1rem 0", display: "flex", gap: "0.5rem" }}>
          {/* Enter in the reason field uses the first button: hiding is the safe default for a held one. */}
          {item.status === "hidden" ? (
            <button type="submit" name="action" value="restore" className="button">
              {t("moderation.restore")}
            </button>
          ) : (
            <button type="submit" name="action" value="hide" className="button button-danger">
              {t("moderation.hide")}
            </button>
          )}
          {item.status === "held" ? (
            <button type="submit" name="action" value="restore" className="button">
              {t("moderation.publish")}
            </button>
          ) : null}
        </div>
      </fetcher.Form>
      {item.hasAuthor ? <AuthorBlock item={item} fallback={fallback?.id === item.id && isBlockResult(fallback) ? fallback : undefined} /> : null}
    </li>
  );
}

const isBlockResult = (result: NonNullable<Result>) =>
  result.ok ? result.action === "block" || result.action === "unblock" : "blockReason" in result.errors;

export default function Moderation() {
  const { consultation, filter, totals, items, log } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  // What was just moderated stays in view under the current filter, with its message and new buttons.
  const [touched, setTouched] = useState<string[]>([]);
  useEffect(() => setTouched([]), [filter]);
  const onDone = useCallback((id: string) => setTouched((ids) => (ids.includes(id) ? ids : [...ids, id])), []);
  const shown = items.filter((c) => matches(filter, c) || touched.includes(c.id) || actionData?.id === c.id);
  return (
    <div className="page">
      <p>
        <Link to={`/espace/concertations/${consultation.id}`}>{consultation.title}</Link>
      </p>
      <h1>{t("moderation.heading")}</h1>
      <p className="lead">{t("moderation.lead")}</p>
      <p>{t("moderation.totals", totals)}</p>
      {actionData?.ok ? (
        <p role="status" className="notice">
          {t(doneKey(actionData.action))}
        </p>
      ) : null}

      <section aria-labelledby="queue-title">
        <h2 id="queue-title">{t("moderation.queueTitle")}</h2>
        <p className="hint" id="reason-hint">
          {t("moderation.reasonHint")}
        </p>
        <p className="hint" id="block-hint">
          {t("selection.block.explain")}
        </p>
        <Form method="get" style={{ display: "flex", flexWrap: "wrap", gap: "0 1rem", alignItems: "flex-end" }}>
          {params.get("lng") ? <input type="hidden" name="lng" value={params.get("lng")!} /> : null}
          <div className="field">
            <label htmlFor="statut">{t("moderation.filter")}</label>
            <select id="statut" name="statut" defaultValue={filter}>
              {filters.map((f) => (
                <option key={f} value={f}>
                  {t(`moderation.filters.${f}`)}
                </option>
              ))}
            </select>
          </div>
          <p style={{ margin: "1rem 0" }}>
            <button type="submit" className="button button-secondary">
              {t("moderation.applyFilter")}
            </button>
          </p>
        </Form>
        {shown.length === 0 ? <p>{t("moderation.empty")}</p> : null}
        <ul className="plain-list">
          {shown.map((item) => (
            <QueueEntry key={item.id} item={item} fallback={actionData} onDone={onDone} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="log-title">
        <h2 id="log-title">{t("moderation.logTitle")}</h2>
        {log.length === 0 ? (
          <p>{t("moderation.logEmpty")}</p>
        ) : (
          <TableScroll label={t("moderation.logTitle")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("moderation.colWhen")}</th>
                  <th scope="col">{t("moderation.colWho")}</th>
                  <th scope="col">{t("moderation.colAction")}</th>
                  <th scope="col">{t("moderation.colReason")}</th>
                  <th scope="col">{t("moderation.colExcerpt")}</th>
                </tr>
              </thead>
              <tbody>
                {log.map((line) => (
                  <tr key={line.id}>
                    <td>{formatDateTime(line.created_at, i18n.language, { dateStyle: "short" })}</td>
                    <td>{line.actor}</td>
                    <td>{t(`moderation.actions.${line.action}`)}</td>
                    <td>{line.reason}</td>
                    <td>{line.excerpt}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
