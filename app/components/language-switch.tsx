import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";

/** A plain form, so switching language works without JavaScript too. */
export function LanguageSwitch({ locale, redirectTo }: { locale: string; redirectTo: string }) {
  const { t } = useTranslation();
  const other = locale === "en" ? "fr" : "en";
  return (
    <Form method="post" action="/langue" className="language-switch" reloadDocument>
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <button type="submit" name="lng" value={other} lang={other}>
        {t(`shell.switchTo.${other}`)}
      </button>
    </Form>
  );
}
