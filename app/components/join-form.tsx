import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";

/** Type the code shown in the room: one GET, straight to the event, with or without JavaScript. */
export function JoinForm() {
  const { t } = useTranslation();
  return (
    <Form method="get" action="/rejoindre" className="join-form">
      <label htmlFor="join-code">{t("join.label")}</label>
      <p className="hint" id="join-code-hint">
        {t("join.hint")}
      </p>
      <div className="join-row">
        <input
          id="join-code"
          name="code"
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={12}
          aria-describedby="join-code-hint"
          className="code-input"
        />
        <button type="submit" className="button">
          {t("join.submit")}
        </button>
      </div>
    </Form>
  );
}
