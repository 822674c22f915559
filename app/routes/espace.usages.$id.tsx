import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { loadUseEditor, useEditorAction } from "~/ai-use-page.server";
import { AiUseEditor } from "~/components/ai-use-editor";
import { titleMeta } from "~/meta";

/** A territory's own use: its staff reword it (a new version) or archive it. National uses are kept at /admin/usages. */
export const meta = titleMeta;

export const loader = ({ request, params }: LoaderFunctionArgs) => loadUseEditor(request, params.id, "territory");

export const action = ({ request, params }: ActionFunctionArgs) => useEditorAction(request, params.id, "territory");

export default AiUseEditor;
