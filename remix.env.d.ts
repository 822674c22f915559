/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

declare module "@remix-run/server-runtime" {
  // Filled by server.js (getLoadContext) from its middleware.
  interface AppLoadContext {
    clientIp?: string;
    cspNonce?: string;
    joinRefused?: boolean;
  }
}
