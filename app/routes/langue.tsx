import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirect } from "~/auth.server";
import { isLng } from "~/i18n";
import { lngCookie } from "~/i18next.server";
import { isHttps } from "~/secrets.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = form.get("lng");
  const to = safeRedirect(form.get("redirectTo"), "/");
  if (!isLng(lng)) return redirect(to);
  // A ?lng= left in the address would win over the cookie: drop it.
  const url = new URL(to, "http://local");
  url.searchParams.delete("lng");
  const cookie = await lngCookie.serialize(lng, { secure: isHttps(request) });
  return redirect(url.pathname + url.search, { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}
