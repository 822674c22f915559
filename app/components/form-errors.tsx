import { useTranslation } from "~/i18n-react";

/** The announced summary above a form that came back with errors. */
export function FormErrors({ errors }: { errors: Record<string, string> }) {
  const { t } = useTranslation();
  if (Object.keys(errors).length === 0) return null;
  return (
    <p role="alert" className="notice notice-error">
      {t("validation.summary")}
    </p>
  );
}
