import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { ClientLoaderFunctionArgs, ShouldRevalidateFunction } from "@remix-run/react";
import { ContributePage, resendContribution } from "~/components/contribute-page";
import { contributeAction, loadContributePage } from "~/contribute.server";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

export const handle = { i18n: ["contribute"] };

/** Arriving from another page, the strings of this one load with its data. */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["contribute"])]);
  return data;
}

export const loader = ({ request, params }: LoaderFunctionArgs) => loadContributePage(request, { consultationId: params.id });
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  contributeAction(request, { consultationId: params.id }, context as { clientIp?: string });

/** With JavaScript, what the network lost is sent again with the same idempotency key (app/resend.ts). */
export const clientAction = resendContribution;

/**
 * Reacting or reporting with JavaScript updates one item in place: the list must not reshuffle. A
 * submission the network lost for good (503 from resend) leaves the page as it is: reloading would fail too.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, actionStatus, defaultShouldRevalidate }) => {
  const intent = formData?.get("intent");
  return intent === "react" || intent === "report" || actionStatus === 503 ? false : defaultShouldRevalidate;
};

export default ContributePage;
