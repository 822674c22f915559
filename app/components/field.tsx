import { useTranslation } from "~/i18n-react";

type Props = {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  children?: React.ReactNode;
} & React.InputHTMLAttributes<HTMLInputElement>;

/** A labelled input whose translated error sits next to it and is announced. */
export function Field({ name, label, error, hint, children, ...input }: Props) {
  const { t } = useTranslation();
  const hintId = hint ? `${name}-hint` : undefined;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {children ?? (
        <input
          id={name}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
          {...input}
        />
      )}
      {error ? (
        <p id={errorId} className="error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}
