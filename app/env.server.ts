import { isIP } from "node:net";
import { z } from "zod";

/** A misconfiguration: start-up prints its message (one line, naming the variable) and stops. */
export class ConfigError extends Error {
  name = "ConfigError";
}

const flag = z
  .enum(["on", "off", "true", "false", "1", "0"])
  .transform((v) => v === "on" || v === "true" || v === "1");

const emailList = z
  .string()
  .transform((s) =>
    s
      .split(/[\s,;]+/)
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.email()));

/**
 * Which proxies Express may believe about the client (X-Forwarded-For/-Proto/-Host): a hop count or
 * the proxies' addresses (Express's names loopback, linklocal, uniquelocal, IPs, CIDR ranges). "true"
 * is refused: believing any X-Forwarded-For lets every client pick its own network, and so escape the
 * per-network rate limits.
 */
const trustProxy = z
  .string()
  .transform((v, ctx): false | number | string[] => {
    const value = v.trim().toLowerCase();
    if (["off", "false", "0"].includes(value)) return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(/[\s,]+/).filter(Boolean);
    const named = ["loopback", "linklocal", "uniquelocal"];
    const valid = (entry: string) => {
      if (named.includes(entry)) return true;
      const [address, prefix, ...rest] = entry.split("/");
      const version = isIP(address);
      if (!version || rest.length) return false;
      return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
    };
    if (entries.length && entries.every(valid)) return entries;
    ctx.addIssue({
      code: "custom",
      message: "must be a number of proxy hops (e.g. 1) or the proxies' addresses (loopback, 10.0.0.0/8, …); not true",
    });
    return z.NEVER;
  });

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, "must be a postgres:// or postgresql:// URL")
      .optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ADMIN_EMAILS: emailList.default([]),
    SUPABASE_URL: z.url().optional(),
    SUPABASE_ANON_KEY: z.string().min(20).optional(),
    PUBLIC_URL: z.url().optional(),
    DEMO_SEED: flag.optional(),
    AUTH_MAILBOX: flag.optional(),
    MAGIC_LINK_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    STAFF_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
    // Map tiles: an http(s) template with {z}, {x} and {y}, or "none" for markers on a plain background.
    MAP_TILE_URL: z
      .string()
      .refine((v) => v === "none" || (/^https?:\/\/\S+$/.test(v) && ["{z}", "{x}", "{y}"].every((p) => v.includes(p))), {
        message: 'must be an http(s) URL template with {z}, {x} and {y}, or "none"',
      })
      .optional(),
    MAP_TILE_ATTRIBUTION: z.string().max(500).optional(),
    TRUST_PROXY: trustProxy.default(false),
  })
  .superRefine((v, ctx) => {
    if (Boolean(v.SUPABASE_URL) !== Boolean(v.SUPABASE_ANON_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: [v.SUPABASE_URL ? "SUPABASE_ANON_KEY" : "SUPABASE_URL"],
        message: "SUPABASE_URL and SUPABASE_ANON_KEY must be set together",
      });
    }
    if (v.MAP_TILE_URL && v.MAP_TILE_URL !== "none" && !v.MAP_TILE_ATTRIBUTION) {
      ctx.addIssue({ code: "custom", path: ["MAP_TILE_ATTRIBUTION"], message: "is required with MAP_TILE_URL (tile providers require credit)" });
    }
    if (v.NODE_ENV === "production" && v.DATABASE_URL && !v.SESSION_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "is required in production with DATABASE_URL",
      });
    }
  });

export type Env = z.infer<typeof schema> & {
  embedded: boolean;
  authProvider: "embedded" | "supabase";
  demoSeed: boolean;
  mailbox: boolean;
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? "configuration");
    throw new ConfigError(`Configuration error: ${name} ${issue.message}`);
  }
  const v = result.data;
  const embedded = !v.DATABASE_URL;
  const authProvider = v.SUPABASE_URL ? "supabase" : "embedded";
  return {
    ...v,
    embedded,
    authProvider,
    demoSeed: v.DEMO_SEED ?? embedded,
    mailbox: authProvider === "embedded" && (v.AUTH_MAILBOX ?? embedded),
  };
}

let cached: Env | undefined;

/** The validated configuration; nothing else reads process.env. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
