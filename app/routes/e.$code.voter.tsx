import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { VotePage, resendBallot } from "~/components/vote-page";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { titleMeta } from "~/meta";
import { loadVotePage, voteAction } from "~/vote-page.server";

export const meta = titleMeta;

export const handle = { i18n: ["ballot"] };

/** Arriving from another page, the strings of this one load with its data. */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["ballot"])]);
  return data;
}

export const loader = ({ request, params }: LoaderFunctionArgs) => loadVotePage(request, { code: params.code });
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  voteAction(request, { code: params.code }, context as { clientIp?: string });

/** With JavaScript, a ballot the network lost is sent again with the same idempotency key (app/resend.ts). */
export const clientAction = resendBallot;

export default VotePage;
