import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/i18n-react";

/** What the moderation page's action answers to a block or unblock. */
export type BlockResult =
  | { ok: true; action: string | null; errors: Record<string, string>; values: Record<string, string> }
  | { ok: false; action: string | null; errors: Record<string, string>; values: Record<string, string> };

export const blockDoneKey = (action: "block" | "unblock") => `selection.block.done.${action}`;

/** Block (with a reason) or unblock the author of an online contribution, in this consultation only. */
export function AuthorBlock({ item, fallback }: { item: { id: string; blocked: boolean }; fallback: BlockResult | undefined }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<BlockResult>();
  const result = fetcher.data ?? fallback;
  const error = result && !result.ok ? result.errors.blockReason : undefined;
  const reasonId = `block-reason-${item.id}`;
  const statusRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // The button pressed is replaced by its opposite: focus goes to the message that says what happened.
    if (fetcher.data?.ok) statusRef.current?.focus();
  }, [fetcher.data]);
  return (
    <fetcher.Form method="post" noValidate className="row" style={{ alignItems: "flex-end" }}>
      <input type="hidden" name="id" value={item.id} />
      {item.blocked ? (
        <>
          <input type="hidden" name="intent" value="unblock" />
          <p style={{ margin: "1rem 0" }}>
            <span className="badge badge-alert">{t("selection.block.blockedBadge")}</span>
          </p>
          <p style={{ margin: "1rem 0" }}>
            <button type="submit" className="button button-secondary">
              {t("selection.block.unblock")}
            </button>
          </p>
        </>
      ) : (
        <>
          <input type="hidden" name="intent" value="block" />
          <div className={error ? "field field-invalid" : "field"}>
            <label htmlFor={reasonId}>{t("selection.block.reason")}</label>
            <input
              id={reasonId}
              name="blockReason"
              maxLength={500}
              defaultValue={result && !result.ok ? (result.values.blockReason ?? "") : ""}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${reasonId}-error block-hint` : "block-hint"}
            />
            {error ? (
              <p id={`${reasonId}-error`} className="error" role="alert">
                {t(error)}
              </p>
            ) : null}
          </div>
          <p style={{ margin: "1rem 0" }}>
            <button type="submit" className="button button-danger">
              {t("selection.block.block")}
            </button>
          </p>
        </>
      )}
      <p ref={statusRef} tabIndex={-1} role="status" className={result?.ok ? "notice" : undefined} style={{ flexBasis: "100%" }}>
        {result?.ok && (result.action === "block" || result.action === "unblock") ? t(blockDoneKey(result.action)) : null}
      </p>
    </fetcher.Form>
  );
}

