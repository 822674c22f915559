import { z } from "zod";
import type { Tx } from "../db.server";

import { territoryKinds } from "../domain";

export { territoryKinds };

const territoryRow = z.object({
  id: z.string(),
  slug: z.string(),
  kind: z.enum(territoryKinds),
  code: z.string(),
  name: z.string(),
  population: z.number().nullable(),
  departement_code: z.string().nullable(),
  region_code: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});

export type Territory = z.infer<typeof territoryRow>;

const COLUMNS = "id, slug, kind, code, name, population, departement_code, region_code, latitude, longitude";

export async function listTerritories(tx: Tx, { kinds }: { kinds?: readonly Territory["kind"][] } = {}) {
  const rows = await tx.query(
    `select ${COLUMNS} from public.territories
     where $1::text[] is null or kind = any($1::text[])
     order by name`,
    [kinds ? [...kinds] : null],
  );
  return rows.map((row) => territoryRow.parse(row));
}

export async function getTerritory(tx: Tx, { slug }: { slug: string }) {
  const rows = await tx.query(`select ${COLUMNS} from public.territories where slug = $1`, [slug]);
  return rows.length ? territoryRow.parse(rows[0]) : null;
}

/** The régions and départements with their centre, for the map's proportional circles (about 120 rows). */
export async function listAreaCentres(tx: Tx) {
  const rows = await tx.query(
    `select ${COLUMNS} from public.territories
     where kind in ('region', 'departement') and latitude is not null and longitude is not null
     order by kind, code`,
  );
  return rows.map((row) => territoryRow.parse(row));
}
