import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/caller.server";
import { actsFor } from "~/models/access.server";
import { EventForm } from "~/components/event-form";
import { FormErrors } from "~/components/form-errors";
import { db } from "~/db.server";
import { parseForm } from "~/forms.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { getConsultation } from "~/models/consultation.server";
import { scheduleEvent } from "~/models/event.server";
import { eventForm } from "~/validation.server";
import { UUID_PATTERN } from "~/domain";

export const meta = titleMeta;

async function load(request: Request, id: string) {
  const context = await requireStaff(request);
  const found = UUID_PATTERN.test(id)
    ? await db().asCaller(context.identity, async (tx) => {
        const consultation = await getConsultation(tx, { id });
        if (!consultation) return null;
        const rows = await tx.query<{ latitude: number | null; longitude: number | null }>(
          "select latitude, longitude from public.territories where id = $1",
          [consultation.territory_id],
        );
        return { consultation, centre: { latitude: rows[0]?.latitude ?? 46.6, longitude: rows[0]?.longitude ?? 2.4 } };
      })
    : null;
  if (!found || !actsFor(context.access, found.consultation.territory_id)) {
    throw new Response("Not found", { status: 404 });
  }
  return { ...context, ...found };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { consultation, centre, headers } = await load(request, params.id!);
  const t = await i18next.getFixedT(request);
  return data(
    { title: t("staffEvent.newTitle"), consultation: { id: consultation.id, title: consultation.title }, centre, requestKey: randomUUID() },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity, consultation, staff } = await load(request, params.id!);
  const parsed = parseForm(eventForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  if (parsed.data.startsAt.getTime() < Date.now()) {
    return data({ errors: { date: "validation.pastDate" }, values: parsed.values }, { status: 400 });
  }
  const created = await db().asCaller(identity, (tx) =>
    scheduleEvent(tx, { ...parsed.data, consultationId: consultation.id, createdBy: staff.email }),
  );
  if (!created) throw new Response("Not found", { status: 404 });
  return redirect(`/espace/evenements/${created.id}?nouveau=1`);
}

export default function NewEvent() {
  const { consultation, centre, requestKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <p>
        <Link to={`/espace/concertations/${consultation.id}`}>{consultation.title}</Link>
      </p>
      <h1>{t("staffEvent.newTitle")}</h1>
      <FormErrors errors={result?.errors ?? {}} />
      <EventForm
        values={result?.values ?? { capacity: "30", registrationEnabled: "on", audience: "all" }}
        errors={result?.errors ?? {}}
        submitLabel={t("staffEvent.create")}
        centre={centre}
        requestKey={requestKey}
      />
    </div>
  );
}
