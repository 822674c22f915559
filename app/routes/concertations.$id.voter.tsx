import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { VotePage } from "~/components/vote-page";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { titleMeta } from "~/meta";
import { loadVotePage, voteAction } from "~/vote-page.server";

export const meta = titleMeta;

export const handle = { i18n: ["vote"] };

/** Arriving from another page, the strings of this one load with its data. */
export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["vote"])]);
  return data;
}

export const loader = ({ request, params }: LoaderFunctionArgs) => loadVotePage(request, { consultationId: params.id });
export const action = ({ request, params, context }: ActionFunctionArgs) =>
  voteAction(request, { consultationId: params.id }, context as { clientIp?: string });

export default VotePage;
