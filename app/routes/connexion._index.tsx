import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { safeRedirect, sendSignInLink } from "~/auth.server";
import { Field } from "~/components/field";
import { env } from "~/env.server";
import { parseForm } from "~/forms.server";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { networkHash } from "~/participant.server";
import { SIGN_IN_LIMIT, takeRate } from "~/rate-limit.server";
import { signInForm } from "~/validation.server";

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  return { title: t("signIn.title"), redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(signInForm, await request.formData());
  // Per network, whatever the address: the answer must not tell a known address from another.
  const network = networkHash(context.clientIp);
  if (network && !(await takeRate(`sign-in:${network}`, SIGN_IN_LIMIT))) {
    return data({ sent: false as const, errors: { form: "security.signInLimited" }, email: parsed.values.email ?? "" }, { status: 429 });
  }
  if (!parsed.ok) return data({ sent: false as const, errors: parsed.errors, email: parsed.values.email ?? "" }, { status: 400 });
  const t = await i18next.getFixedT(request);
  const minutes = env().MAGIC_LINK_TTL_MINUTES;
  const headers = await sendSignInLink(request, {
    email: parsed.data.email,
    redirectTo: safeRedirect(parsed.data.redirectTo),
    mail: (link) => ({ subject: t("signIn.mailSubject"), body: t("signIn.mailBody", { link, minutes }) }),
  });
  return data({ sent: true as const, minutes, mailbox: env().mailbox }, { headers });
}

export default function SignIn() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  if (result?.sent) {
    return (
      <div className="page narrow">
        <h1>{t("signIn.sentTitle")}</h1>
        <p role="status">{t("signIn.sent", { minutes: result.minutes })}</p>
        {result.mailbox ? (
          <p>
            {t("signIn.sentMailbox")} <Link to="/boite-mail">{t("signIn.openMailbox")}</Link>
          </p>
        ) : null}
      </div>
    );
  }
  const errors: Record<string, string> = result && !result.sent ? result.errors : {};
  return (
    <div className="page narrow">
      <h1>{t("signIn.title")}</h1>
      <p className="lead">{t("signIn.lead")}</p>
      {errors.form ? (
        <p role="alert" className="notice notice-error">
          {t(errors.form)}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          required
          label={t("signIn.email")}
          hint={t("signIn.emailHint")}
          defaultValue={result && !result.sent ? result.email : undefined}
          error={errors.email}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("signIn.submit")}
        </button>
      </Form>
    </div>
  );
}
