import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { ensureNamespaces } from "./i18n-namespaces.client";
import { I18nProvider } from "./i18n-react";

// Only the page's language is downloaded, and only the namespaces it declares (<html data-ns>:
// its routes' handle.i18n, plus "staff" for signed-in staff): each dictionary is its own chunk.
const load = (lng: string) => (lng === "en" ? import("./locales/en") : import("./locales/fr"));

async function hydrate() {
  const lng = document.documentElement.lang === "en" ? "en" : "fr";
  const namespaces = (document.documentElement.dataset.ns ?? "").split(" ").filter(Boolean);
  const [core] = await Promise.all([load(lng), ensureNamespaces(namespaces)]);
  const dictionary = core.default;
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
