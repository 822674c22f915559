import type { Tx } from "../db.server";

/** Whether the demonstration seed is loaded (every page then says so). */
export async function isDemoDeployment(tx: Tx): Promise<boolean> {
  const rows = await tx.query<{ demo_data: boolean }>("select demo_data from public.deployment where id");
  return rows[0]?.demo_data ?? false;
}
