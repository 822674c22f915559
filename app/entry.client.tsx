import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nProvider } from "./i18n-react";

// Only the page's language is downloaded, and staff strings only for signed-in staff
// (<html data-staff>; signing in and out reload the document): each dictionary is its own chunk.
const load = (lng: string) => (lng === "en" ? import("./locales/en") : import("./locales/fr"));
const loadStaff = (lng: string) => (lng === "en" ? import("./locales/en-staff") : import("./locales/fr-staff"));

async function hydrate() {
  const lng = document.documentElement.lang === "en" ? "en" : "fr";
  const staff = document.documentElement.hasAttribute("data-staff");
  const [citizen, extra] = await Promise.all([load(lng), staff ? loadStaff(lng) : null]);
  const dictionary = extra ? { ...citizen.default, ...extra.default } : citizen.default;
  startTransition(() => {
    hydrateRoot(
      document,
      <I18nProvider lng={lng} dictionary={dictionary}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </I18nProvider>,
    );
  });
}

hydrate();
