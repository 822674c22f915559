import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { ContributePage } from "~/components/contribute-page";
import { contributeAction, loadContributePage } from "~/contribute.server";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

export const loader = ({ request, params }: LoaderFunctionArgs) => loadContributePage(request, { code: params.code });
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  contributeAction(request, { code: params.code }, context as { clientIp?: string });

/** Reacting or reporting with JavaScript updates one item in place: the list must not reshuffle. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  const intent = formData?.get("intent");
  return intent === "react" || intent === "report" ? false : defaultShouldRevalidate;
};

export default ContributePage;
