import { randomUUID } from "node:crypto";
import type { Database, Identity } from "~/db.server";

/** Two territories, their staff, a national admin and two participants, created on the service path. */
export async function seedPeople(database: Database) {
  const suffix = randomUUID().slice(0, 8);
  const [a, b] = await database.asService(async (tx) => {
    const rows = await tx.query<{ id: string }>(
      `insert into public.territories (slug, kind, code, name, population, region_code, latitude, longitude)
       values ($1, 'commune', '44109', 'Territoire A', 300000, '52', 47.2, -1.55),
              ($2, 'commune', '31555', 'Territoire B', 500000, '76', 43.6, 1.44)
       returning id`,
      [`territoire-a-${suffix}`, `territoire-b-${suffix}`],
    );
    return rows.map((r) => r.id);
  });
  const staff = (email: string): Identity & { kind: "staff" } => ({ kind: "staff", userId: randomUUID(), email });
  const people = {
    facilitatorA: staff(`animation-a-${suffix}@exemple.fr`),
    officialA: staff(`elu-a-${suffix}@exemple.fr`),
    facilitatorB: staff(`animation-b-${suffix}@exemple.fr`),
    admin: staff(`admin-${suffix}@exemple.fr`),
    stranger: staff(`personne-${suffix}@exemple.fr`),
  };
  const participant1: Identity = { kind: "participant", participantId: randomUUID() };
  const participant2: Identity = { kind: "participant", participantId: randomUUID() };
  await database.asService(async (tx) => {
    await tx.query(
      `insert into public.memberships (email, territory_id, role) values
       ($1, $4, 'facilitator'), ($2, $4, 'official'), ($3, $5, 'facilitator')`,
      [people.facilitatorA.email, people.officialA.email, people.facilitatorB.email, a, b],
    );
    await tx.query("insert into public.national_admins (email) values ($1)", [people.admin.email]);
    await tx.query("insert into public.participants (id) values ($1), ($2)", [
      participant1.kind === "participant" ? participant1.participantId : null,
      participant2.kind === "participant" ? participant2.participantId : null,
    ]);
  });
  return { territoryA: a, territoryB: b, ...people, participant1, participant2, suffix };
}

/** Runs a statement as `identity`; returns the rows, or the Postgres error's code and message. */
export async function attempt(database: Database, identity: Identity, text: string, params: unknown[] = []) {
  try {
    const rows = await database.asCaller(identity, (tx) => tx.query(text, params));
    return { ok: true as const, rows };
  } catch (error) {
    const e = error as { code?: string; message: string };
    return { ok: false as const, code: e.code, message: e.message };
  }
}

/** Awaits work expected to fail; returns "succeeded" or the Postgres error's code, hint and message. */
export async function refusal(work: Promise<unknown>) {
  try {
    await work;
    return "succeeded" as const;
  } catch (error) {
    const e = error as { code?: string; hint?: string; message: string };
    return { code: e.code, hint: e.hint, message: e.message };
  }
}
