import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import i18n, { resources } from "./i18n";

// HttpOnly: the page reads its language from <html lang>, never from the cookie. Secure is set per
// response (routes/langue.tsx), when the request came over HTTPS.
export const lngCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 365 * 24 * 3600,
});

const i18next = new RemixI18Next({
  detection: {
    supportedLanguages: i18n.supportedLngs,
    fallbackLanguage: i18n.fallbackLng,
    cookie: lngCookie,
    order: ["searchParams", "cookie", "header"],
  },
  i18next: { ...i18n, resources },
});

export default i18next;
