/**
 * Configuration: the one place that reads `process.env`.
 *
 * Parsed once at start-up with Zod. A bad value stops the start with a message that names
 * the variable, never a stack trace (see `ConfigError`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type Journey, loadJourney } from "~/modules/cases/journey";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A number from the environment; "abc" says "must be a number", not "received NaN". */
const num = () =>
  z.coerce.number({
    error: (issue) => (issue.code === "invalid_type" ? "must be a number" : undefined),
  });

const bool = z
  .enum(["0", "1", "true", "false", "yes", "no", ""])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const databaseUrl = z
  .string()
  .min(1)
  .refine(
    (v) => v.startsWith("file:") || v.startsWith("postgres://") || v.startsWith("postgresql://"),
    "must start with file: (SQLite) or postgres:// (PostgreSQL)",
  )
  .refine((v) => {
    if (v.startsWith("file:")) return v.slice("file:".length).length > 0;
    try {
      const u = new URL(v);
      return u.hostname.length > 0 || u.searchParams.has("host");
    } catch {
      return false;
    }
  }, "is not a valid URL (expected file:./data/spot.db or postgres://user:pass@host:5432/db)");

const smtpUrl = z.string().refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === "smtp:" || u.protocol === "smtps:") && u.hostname.length > 0;
  } catch {
    return false;
  }
}, "must look like smtp://user:pass@host:587 or smtps://user:pass@host:465");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: num()
    .int("must be a whole number")
    .min(0, "must be 0 to 65535")
    .max(65535, "must be 0 to 65535")
    .default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: databaseUrl.default("file:./data/spot.db"),
  SMTP_URL: z.union([z.literal(""), smtpUrl]).optional(),
  MAIL_FROM: z.string().default("SPOT 035 <noreply@spot035.nl>"),
  REGION_CONFIG: z.string().default("config/region.gooi-en-vechtstreek.json"),
  DEMO: bool.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  BODY_LIMIT_BYTES: num().int("must be a whole number").min(1024).default(1_048_576),
  TRUST_PROXY: bool.default(false),
  SECURITY_CONTACT: z.string().default("mailto:security@spot035.nl"),
  JOB_POLL_MS: num().int("must be a whole number").min(10).default(1000),
  SESSION_IDLE_MINUTES: num().int("must be a whole number").min(1).default(480),
  SESSION_ABSOLUTE_HOURS: num().int("must be a whole number").min(1).default(168),
  /** Multiplies every rate-limit window (tests use a small factor to see recovery). */
  RATE_LIMIT_WINDOW_FACTOR: num().positive("must be above 0").max(100).default(1),
  /** KvK Basisprofiel API: base address (the API adds /v1/basisprofielen/{kvkNummer}). */
  KVK_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.kvk.nl/api"),
  /** KvK API key; without it KvK numbers are only checked for their form (demo: a local double). */
  KVK_API_KEY: z.string().optional(),
});

const brandingSchema = z.object({
  name: z.string(),
  tagline: z.object({ nl: z.string(), en: z.string() }),
  contactEmail: z.email(),
  contactPhone: z.string().optional(),
  address: z.string(),
});

const municipalitySchema = z.object({
  cbsCode: z.string().regex(/^GM\d{4}$/),
  name: z.string(),
  validFrom: z.iso.date().optional(),
  validUntil: z.iso.date().optional(),
  mergedInto: z
    .string()
    .regex(/^GM\d{4}$/)
    .optional(),
  partner: z.boolean().default(false),
});

const regionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  branding: brandingSchema,
  municipalities: z.array(municipalitySchema).min(1),
  postcodesFile: z.string(),
  meetingPlace: z.object({ nl: z.string(), en: z.string() }),
  companySize: z.object({ min: z.number().int().min(1), max: z.number().int() }),
  /** The customer journey (phases, expected activities, automatic tasks): config/journey.json. */
  journeyFile: z.string().default("config/journey.json"),
  kpiTargets: z.record(
    z.string().regex(/^\d{4}$/),
    z.object({
      webinars: z.number().int().min(0),
      targetGroupMeetings: z.number().int().min(0),
      intakes: z.number().int().min(0),
      advices: z.number().int().min(0),
      guidanceTrajectories: z.number().int().min(0),
      trainings: z.number().int().min(0),
    }),
  ),
});

export type RegionConfig = z.infer<typeof regionSchema>;
export type Config = ReturnType<typeof buildConfig>;

function formatIssues(error: z.ZodError, prefix = ""): string {
  return error.issues
    .map((i) => `${prefix}${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

export function loadRegion(file: string, root = process.cwd()): RegionConfig {
  const full = path.resolve(root, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(full, "utf8"));
  } catch (e) {
    throw new ConfigError(
      `REGION_CONFIG: cannot read ${file} (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const parsed = regionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`REGION_CONFIG ${file} is invalid: ${formatIssues(parsed.error)}`);
  }
  return parsed.data;
}

function buildConfig(env: Record<string, string | undefined>) {
  // Treat empty strings as "not set", as shells and .env files produce them.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ""),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid configuration: ${parsed.error.issues
        .map((i) => `${String(i.path[0])} ${i.message}`)
        .join("; ")}`,
    );
  }
  const e = parsed.data;
  const region = loadRegion(e.REGION_CONFIG);
  let journey: Journey;
  try {
    journey = loadJourney(region.journeyFile);
  } catch (err) {
    throw new ConfigError(`REGION_CONFIG journeyFile: ${err instanceof Error ? err.message : err}`);
  }
  const publicUrl = e.PUBLIC_URL ? new URL(e.PUBLIC_URL) : undefined;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: publicUrl?.origin ?? `http://localhost:${e.PORT}`,
    https: publicUrl?.protocol === "https:",
    databaseUrl: e.DATABASE_URL,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    // Demo content: on unless DEMO=0 (the demo seed only ever runs on an empty database).
    demo: e.DEMO ?? true,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    securityContact: e.SECURITY_CONTACT,
    jobPollMs: e.JOB_POLL_MS,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    rateLimitWindowFactor: e.RATE_LIMIT_WINDOW_FACTOR,
    kvk: { apiUrl: e.KVK_API_URL.replace(/\/+$/, ""), apiKey: e.KVK_API_KEY || undefined },
    region,
    journey,
  };
}

let current: Config | undefined;

/** Parse the environment (once) and return the configuration. */
export function getConfig(env: Record<string, string | undefined> = process.env): Config {
  current ??= buildConfig(env);
  return current;
}

/** For tests: build a configuration from an explicit environment without caching it. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  return buildConfig(env);
}
