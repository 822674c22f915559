import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nProvider } from "./i18n-react";

// Only the page's language is downloaded: each dictionary is its own chunk.
const load = (lng: string) => (lng === "en" ? import("./locales/en") : import("./locales/fr"));

async function hydrate() {
  const lng = document.documentElement.lang === "en" ? "en" : "fr";
  const dictionary = (await load(lng)).default;
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
