import { audiences, consultationStatuses } from "~/domain";
import { useTranslation } from "~/i18n-react";
import { Field } from "./field";

export function ConsultationFields({ values, errors }: { values: Record<string, string>; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const publics = (values.publics ?? "").split(",");
  return (
    <>
      <Field name="title" label={t("consultation.title")} required maxLength={200} defaultValue={values.title} error={errors.title} />
      <Field name="description" label={t("consultation.description")} error={errors.description}>
        <textarea id="description" name="description" rows={4} defaultValue={values.description} />
      </Field>
      <div className="row">
        <Field name="startsOn" type="date" label={t("consultation.startsOn")} required defaultValue={values.startsOn} error={errors.startsOn} />
        <Field name="endsOn" type="date" label={t("consultation.endsOn")} required defaultValue={values.endsOn} error={errors.endsOn} />
      </div>
      <fieldset className={errors.publics ? "field field-invalid" : "field"} aria-describedby={errors.publics ? "publics-error" : undefined}>
        <legend>{t("consultation.publics")}</legend>
        {audiences.map((a) => (
          <label key={a} className="choice">
            <input type="checkbox" name="publics[]" value={a} defaultChecked={publics.includes(a)} /> {t(`audience.${a}`)}
          </label>
        ))}
        {errors.publics ? (
          <p id="publics-error" className="error" role="alert">
            {t(errors.publics)}
          </p>
        ) : null}
      </fieldset>
      <Field name="status" label={t("consultation.statusLabel")} error={errors.status}>
        <select id="status" name="status" defaultValue={values.status ?? "draft"}>
          {consultationStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`consultation.status.${s}`)}
            </option>
          ))}
        </select>
      </Field>
    </>
  );
}
