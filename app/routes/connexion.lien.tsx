import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { completeSignIn, type LinkFailure } from "~/auth.server";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

/**
 * Opening the link shows a confirm button; only the POST uses the link. Mail scanners that
 * prefetch links would otherwise burn single-use links before their owner clicks.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  return { title: t("signIn.confirmTitle") };
}

export async function action({ request }: ActionFunctionArgs) {
  const result = await completeSignIn(request);
  if (result.ok) return redirect(result.redirectTo, { headers: result.headers });
  return data({ reason: result.reason as LinkFailure }, { status: 400 });
}

export default function ConfirmLink() {
  useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  if (failure) {
    return (
      <div className="page narrow">
        <h1>{t("signIn.failed.title")}</h1>
        <p role="alert">{t(`signIn.failed.${failure.reason}`)}</p>
        <p>
          <Link to="/connexion">{t("signIn.failed.again")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <h1>{t("signIn.confirmTitle")}</h1>
      <p>{t("signIn.confirmBody")}</p>
      {/* A full page load after signing in, so the browser picks up the staff dictionary. */}
      <Form method="post" reloadDocument>
        <button type="submit" className="button">
          {t("signIn.confirm")}
        </button>
      </Form>
    </div>
  );
}
