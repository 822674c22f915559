import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server";
import { collectMyData } from "~/models/my-data.server";
import { participantIdentity, readParticipantId } from "~/participant.server";

/**
 * The participant's data as a JSON file (right of access, in a portable format): everything
 * /mes-donnees lists, in full. Read as the participant, so RLS bounds it to their own rows.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const participantId = await readParticipantId(request);
  const mine = participantId ? await db().asCaller(participantIdentity(participantId), (tx) => collectMyData(tx, participantId)) : null;
  const headers = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" };
  if (!mine) return new Response(JSON.stringify({ error: "no participation recorded on this device" }), { status: 404, headers });
  const body = { generated_at: new Date().toISOString(), service: "Café IA", ...mine };
  return new Response(JSON.stringify(body, null, 2), {
    headers: { ...headers, "Content-Disposition": `attachment; filename="cafe-ia-mes-donnees-${body.generated_at.slice(0, 10)}.json"` },
  });
}
