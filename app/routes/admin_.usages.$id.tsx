import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { loadUseEditor, useEditorAction } from "~/ai-use-page.server";
import { AiUseEditor } from "~/components/ai-use-editor";
import { titleMeta } from "~/meta";

/** A use of the national catalogue: national admins reword it (a new version) or archive it. */
export const meta = titleMeta;

export const loader = ({ request, params }: LoaderFunctionArgs) => loadUseEditor(request, params.id, "national");

export const action = ({ request, params }: ActionFunctionArgs) => useEditorAction(request, params.id, "national");

export default AiUseEditor;
