import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { requireStaff } from "~/caller.server";
import { Field } from "~/components/field";
import { TableScroll } from "~/components/table-scroll";
import { db } from "~/db.server";
import { parseForm } from "~/forms.server";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { roles } from "~/domain";
import { grantRole, listMemberships, listNationalAdmins, revokeRole } from "~/models/membership.server";
import { grantRoleForm, revokeRoleForm } from "~/validation.server";
import { listTerritories } from "~/models/territory.server";

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { identity, headers } = await requireStaff(request, { admin: true });
  const t = await i18next.getFixedT(request);
  const { memberships, territories, admins } = await db().asCaller(identity, async (tx) => ({
    memberships: await listMemberships(tx),
    territories: await listTerritories(tx, { kinds: ["commune", "epci", "departement", "region"] }),
    admins: await listNationalAdmins(tx),
  }));
  return data(
    {
      title: t("admin.title"),
      memberships: memberships.map((m) => ({ ...m, created_at: m.created_at.toISOString() })),
      territories: territories.map(({ id, name, kind, code }) => ({ id, name, kind, code })),
      admins,
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { staff, identity } = await requireStaff(request, { admin: true });
  const form = await request.formData();
  if (form.get("intent") === "revoke") {
    const parsed = parseForm(revokeRoleForm, form);
    if (!parsed.ok) return data({ ok: false as const, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const email = await db().asCaller(identity, (tx) => revokeRole(tx, { id: parsed.data.id }));
    return { ok: true as const, message: "admin.revoked", email: email ?? "" };
  }
  const parsed = parseForm(grantRoleForm, form);
  if (!parsed.ok) return data({ ok: false as const, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { email, territoryId, role } = parsed.data;
  const outcome = await db().asCaller(identity, async (tx) => {
    const exists = await tx.query("select 1 from public.territories where id = $1", [territoryId]);
    if (exists.length === 0) return "unknown-territory" as const;
    return grantRole(tx, { email, territoryId, role, grantedBy: staff.email });
  });
  if (outcome === "unknown-territory") {
    return data({ ok: false as const, errors: { territoryId: "validation.territory" }, values: parsed.data }, { status: 400 });
  }
  return { ok: true as const, message: outcome === "granted" ? "admin.granted" : "admin.already", email };
}

export default function Admin() {
  const { memberships, territories, admins } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const errors: Record<string, string> = result && !result.ok ? result.errors : {};
  const values: Record<string, string> = result && !result.ok ? result.values : {};
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "Europe/Paris" });
  return (
    <div className="page">
      <h1>{t("admin.title")}</h1>
      <p className="lead">{t("admin.lead")}</p>
      <p>
        <Link to="/admin/usages">{t("catalogue.adminLink")}</Link>
      </p>
      <p>
        <Link to="/admin/charte">{t("charterTemplate.adminLink")}</Link>
      </p>
      {result?.ok ? (
        <p role="status" className="notice">
          {t(result.message, { email: result.email })}
        </p>
      ) : null}
      {Object.keys(errors).length > 0 ? (
        <p role="alert" className="notice notice-error">
          {t("validation.summary")}
        </p>
      ) : null}
      <section aria-labelledby="grant-title" className="card">
        <h2 id="grant-title">{t("admin.grantTitle")}</h2>
        <Form method="post" noValidate key={result?.ok ? navigation.state : "form"}>
          <input type="hidden" name="intent" value="grant" />
          <Field
            name="email"
            type="email"
            autoComplete="off"
            required
            label={t("admin.email")}
            defaultValue={values.email}
            error={errors.email}
          />
          <Field name="territoryId" label={t("admin.territory")} error={errors.territoryId}>
            <select
              id="territoryId"
              name="territoryId"
              required
              defaultValue={values.territoryId ?? ""}
              aria-invalid={errors.territoryId ? true : undefined}
              aria-describedby={errors.territoryId ? "territoryId-error" : undefined}
            >
              <option value="">{t("admin.territoryPlaceholder")}</option>
              {territories.map((territory) => (
                <option key={territory.id} value={territory.id}>
                  {territory.name} ({t(`territories.kind.${territory.kind}`)}, {territory.code})
                </option>
              ))}
            </select>
          </Field>
          <fieldset className={errors.role ? "field field-invalid" : "field"} aria-describedby={errors.role ? "role-error" : undefined}>
            <legend>{t("admin.role")}</legend>
            {roles.map((role) => (
              <label key={role} className="choice">
                <input type="radio" name="role" value={role} defaultChecked={values.role === role} /> {t(`roles.${role}`)}
              </label>
            ))}
            {errors.role ? (
              <p id="role-error" className="error" role="alert">
                {t(errors.role)}
              </p>
            ) : null}
          </fieldset>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("admin.grant")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="list-title">
        <h2 id="list-title">{t("admin.listTitle")}</h2>
        {memberships.length === 0 ? (
          <p>{t("admin.empty")}</p>
        ) : (
          <TableScroll label={t("admin.listTitle")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("admin.colEmail")}</th>
                  <th scope="col">{t("admin.colTerritory")}</th>
                  <th scope="col">{t("admin.colRole")}</th>
                  <th scope="col">{t("admin.colSince")}</th>
                  <th scope="col">{t("admin.colAction")}</th>
                </tr>
              </thead>
              <tbody>
                {memberships.map((m) => (
                  <tr key={m.id}>
                    <td>{m.email}</td>
                    <td>{m.territory_name}</td>
                    <td>{t(`roles.${m.role}`)}</td>
                    <td>{date.format(new Date(m.created_at))}</td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="id" value={m.id} />
                        <button
                          type="submit"
                          className="link-button"
                          aria-label={t("admin.revokeLabel", { role: t(`roles.${m.role}`), email: m.email, territory: m.territory_name })}
                        >
                          {t("admin.revoke")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section aria-labelledby="admins-title">
        <h2 id="admins-title">{t("admin.adminsTitle")}</h2>
        <p>{t("admin.adminsLead")}</p>
        <ul className="plain-list">
          {admins.map((a) => (
            <li key={a.email}>{a.email}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
