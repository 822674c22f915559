// Production server: opens and migrates the database before it listens, then serves the Remix build.
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";

const root = path.dirname(fileURLToPath(import.meta.url));
const build = await import("./build/index.js").catch(() => {
  console.error("No server build found in build/: run `npm run build` first (npm start does it).");
  process.exit(1);
});
const { prepareServer, stopServer, isStartupError, securityHeaders, originCheck, joinLimit } = build.entry.module;

let info;
try {
  info = await prepareServer();
} catch (error) {
  if (isStartupError(error)) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const app = express();
app.disable("x-powered-by");
// Which proxies may tell the client's address and scheme (TRUST_PROXY, docs/security.md).
app.set("trust proxy", info.trustProxy);
// Before anything that answers: every response gets the security headers, and every request from
// another site that would change something is refused before it reaches a route.
app.use(securityHeaders());
app.use(originCheck());
// threshold 0: small responses (route chunks under 1 KB) are compressed too; the phone pages sit near the 100 KB budget.
app.use(compression({ threshold: 0 }));
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.use(joinLimit());
// The client address only feeds a salted hash for per-network rate limits (never stored raw).
app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req, res) => ({ clientIp: req.ip ?? "", cspNonce: res.locals.cspNonce, joinRefused: res.locals.joinRefused === true }),
  }),
);

const server = app.listen(info.port, info.host, () => {
  console.log(
    `Café IA ready on http://localhost:${info.port} (database: ${info.database}; staff sign-in: ${info.auth})`,
  );
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: closing`);
  server.close();
  server.closeAllConnections?.();
  try {
    await stopServer();
  } finally {
    process.exit(0);
  }
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
