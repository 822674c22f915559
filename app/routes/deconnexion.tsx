import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/auth.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { headers: await signOut(request) });
}

export function loader() {
  return redirect("/");
}
