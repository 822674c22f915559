import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable, redirect } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { resources } from "./i18n";
import { I18nProvider } from "./i18n-react";
import i18next from "./i18next.server";
import { NonceProvider } from "./nonce";

export { prepareServer, stopServer, isStartupError } from "./startup.server";
export { securityHeaders, originCheck, joinLimit } from "./security.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const lng = (await i18next.getLocale(request)) === "en" ? "en" : "fr";

  const callback = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nProvider lng={lng} dictionary={resources[lng].common}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nProvider>
      </NonceProvider>,
      {
        nonce,
        [callback]: () => {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * A navigation of the running app from a network over the join limit (security.server's joinLimit):
 * reload the page, so the browser gets the translated 429 page instead of the data.
 */
export const handleDataRequest: HandleDataRequestFunction = (response, { request, context }) => {
  if (!context.joinRefused) return response;
  const url = new URL(request.url);
  const path = url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
  url.searchParams.delete("_routes");
  url.searchParams.delete("_data");
  const search = url.searchParams.toString();
  return redirect(search ? `${path}?${search}` : path, { headers: { "X-Remix-Reload-Document": "true" } });
};
