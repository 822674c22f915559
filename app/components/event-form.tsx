import { Form, useNavigation } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import { audiences } from "~/domain";
import { useTranslation } from "~/i18n-react";
import { Field } from "./field";

export type EventFormValues = Partial<Record<string, string>>;

const LocationPicker = lazy(() => import("./location-picker.client").then((m) => ({ default: m.LocationPicker })));

/** Shared by "schedule" and "edit": plain fields first (works without JavaScript), a map to place the pin with it. */
export function EventForm({
  values,
  errors,
  submitLabel,
  centre,
  requestKey,
}: {
  values: EventFormValues;
  errors: Record<string, string>;
  submitLabel: string;
  centre: { latitude: number; longitude: number };
  /** Only when creating: the idempotency key that makes a double submit harmless. */
  requestKey?: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [position, setPosition] = useState({
    latitude: values.latitude ?? String(centre.latitude),
    longitude: values.longitude ?? String(centre.longitude),
  });
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const area = (name: string, label: string, rows = 3) => (
    <Field name={name} label={label} error={errors[name]}>
      <textarea
        id={name}
        name={name}
        rows={rows}
        defaultValue={values[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
      />
    </Field>
  );
  return (
    <Form method="post" noValidate className="stack">
      <input type="hidden" name="intent" value="save" />
      {requestKey ? <input type="hidden" name="requestKey" value={values.requestKey ?? requestKey} /> : null}
      <Field name="title" label={t("eventForm.title")} required defaultValue={values.title} error={errors.title} />
      {area("description", t("eventForm.description"))}
      <div className="row">
        <Field name="date" type="date" label={t("eventForm.date")} required defaultValue={values.date} error={errors.date} />
        <Field name="startTime" type="time" label={t("eventForm.startTime")} required defaultValue={values.startTime} error={errors.startTime} />
        <Field name="endTime" type="time" label={t("eventForm.endTime")} required defaultValue={values.endTime} error={errors.endTime} />
      </div>
      <p className="hint">{t("eventForm.timeZone")}</p>
      <Field name="venueName" label={t("eventForm.venueName")} required defaultValue={values.venueName} error={errors.venueName} />
      <Field name="address" label={t("eventForm.address")} required defaultValue={values.address} error={errors.address} autoComplete="street-address" />
      <fieldset className="field">
        <legend>{t("eventForm.position")}</legend>
        <p className="hint" id="position-hint">
          {t("eventForm.positionHint")}
        </p>
        {hydrated ? (
          <Suspense fallback={<div className="map-placeholder" aria-hidden="true" />}>
            <LocationPicker
              label={t("eventForm.mapLabel")}
              latitude={Number(position.latitude) || centre.latitude}
              longitude={Number(position.longitude) || centre.longitude}
              onChange={(lat, lon) => setPosition({ latitude: lat.toFixed(5), longitude: lon.toFixed(5) })}
            />
          </Suspense>
        ) : null}
        <div className="row">
          <Field
            name="latitude"
            label={t("eventForm.latitude")}
            inputMode="decimal"
            value={position.latitude}
            onChange={(e) => setPosition((p) => ({ ...p, latitude: e.target.value }))}
            error={errors.latitude}
          />
          <Field
            name="longitude"
            label={t("eventForm.longitude")}
            inputMode="decimal"
            value={position.longitude}
            onChange={(e) => setPosition((p) => ({ ...p, longitude: e.target.value }))}
            error={errors.longitude}
          />
        </div>
      </fieldset>
      <Field name="audience" label={t("eventForm.audience")} error={errors.audience}>
        <select id="audience" name="audience" defaultValue={values.audience ?? "all"}>
          {audiences.map((a) => (
            <option key={a} value={a}>
              {t(`audience.${a}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field
        name="capacity"
        type="number"
        inputMode="numeric"
        min={1}
        max={5000}
        label={t("eventForm.capacity")}
        required
        defaultValue={values.capacity}
        error={errors.capacity}
      />
      <label className="choice">
        <input type="checkbox" name="accessible" defaultChecked={values.accessible === "on" || values.accessible === "true"} />{" "}
        {t("eventForm.accessible")}
      </label>
      {area("accessibilityNotes", t("eventForm.accessibilityNotes"), 2)}
      <Field name="onlineUrl" type="url" label={t("eventForm.onlineUrl")} defaultValue={values.onlineUrl} error={errors.onlineUrl} />
      <label className="choice">
        <input
          type="checkbox"
          name="registrationEnabled"
          defaultChecked={values.registrationEnabled === "on" || values.registrationEnabled === "true"}
        />{" "}
        {t("eventForm.registrationEnabled")}
      </label>
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
