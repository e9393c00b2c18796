/**
 * The KvK adapter: looks up a company in the Dutch business register (KvK Handelsregister,
 * "API Basisprofiel": GET {KVK_API_URL}/v1/basisprofielen/{kvkNummer} with the header
 * `apikey`). It answers found (name, legal form, SBI codes and section, staff, postcode),
 * not-found, or unavailable — a time-out (3 s), a wrong key, a server error or an answer we do
 * not understand is "unavailable", never an exception: the form it serves must keep working.
 *
 * Which adapter runs (`kvkAdapterFor`): with KVK_API_KEY the real API; without a key none (a
 * KvK number is then only checked for its form) — except in demo mode, where the local test
 * double (kvk-double.server.ts) answers in-process with fictitious companies.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Config } from "~/config.server";
import type { Logger } from "~/logger.server";
import { parseCsv } from "~/modules/reference/csv";
import { DOUBLE_API_KEY, handleKvkDoubleRequest } from "./kvk-double.server";

/** A KvK number: exactly 8 digits. */
export const KVK_NUMBER = /^\d{8}$/;

export const KVK_TIMEOUT_MS = 3000;

export interface KvkSbiActivity {
  code: string;
  description: string;
  main: boolean;
}

export interface KvkCompany {
  kvkNumber: string;
  name: string;
  /** `_embedded.eigenaar.rechtsvorm` ("Eenmanszaak", "BeslotenVennootschap", …). */
  legalForm: string | null;
  /** `uitgebreideRechtsvorm`, the readable one ("Besloten Vennootschap"), when given. */
  legalFormText: string | null;
  sbiActivities: KvkSbiActivity[];
  /** SBI 2025 section (A–V) of the main activity, when its division is known. */
  sbiSection: string | null;
  /** `totaalWerkzamePersonen`: everyone who works there, owners included. */
  employees: number | null;
  /** Postcode of the main establishment's visiting address, as "1234 AB". */
  postcode: string | null;
}

export type KvkLookup =
  | { kind: "found"; company: KvkCompany }
  | { kind: "not-found" }
  | { kind: "unavailable"; reason: "timeout" | "unauthorized" | "error" | "bad-answer" };

export interface KvkAdapter {
  /** "test-double" or "kvk", for logs and the coordinator's view. */
  readonly source: "kvk" | "test-double";
  lookupKvk(kvkNumber: string): Promise<KvkLookup>;
}

// ---------------------------------------------------------------------------------------
// The answer, as KvK's OpenAPI description names its fields. Lenient: fields we do not use
// may be missing or change without breaking the lookup.

const address = z.looseObject({
  type: z.string().optional(),
  postcode: z.string().optional().nullable(),
});

const basisprofiel = z.looseObject({
  kvkNummer: z.string(),
  naam: z.string().optional().nullable(),
  statutaireNaam: z.string().optional().nullable(),
  totaalWerkzamePersonen: z.number().int().min(0).optional().nullable(),
  sbiActiviteiten: z
    .array(
      z.looseObject({
        sbiCode: z.string(),
        sbiOmschrijving: z.string().optional().nullable(),
        indHoofdactiviteit: z.string().optional().nullable(),
      }),
    )
    .optional()
    .nullable(),
  _embedded: z
    .looseObject({
      hoofdvestiging: z
        .looseObject({ adressen: z.array(address).optional().nullable() })
        .optional()
        .nullable(),
      eigenaar: z
        .looseObject({
          rechtsvorm: z.string().optional().nullable(),
          uitgebreideRechtsvorm: z.string().optional().nullable(),
          adressen: z.array(address).optional().nullable(),
        })
        .optional()
        .nullable(),
    })
    .optional()
    .nullable(),
});

/** "1211AB" / "1211 ab" → "1211 AB"; anything else as given (trimmed), or null. */
export function formatPostcode(value: string | null | undefined): string | null {
  const v = (value ?? "").replace(/\s+/g, "").toUpperCase();
  if (!v) return null;
  const m = /^([1-9]\d{3})([A-Z]{2})$/.exec(v);
  return m ? `${m[1]} ${m[2]}` : v;
}

let divisions: { from: number; to: number; section: string }[] | undefined;

/** Division ranges of the SBI 2025 sections, from reference/sbi-2025-sections.csv. */
function sectionDivisions(root = process.cwd()) {
  divisions ??= parseCsv(
    readFileSync(path.resolve(root, "reference/sbi-2025-sections.csv"), "utf8"),
  ).flatMap((r) => {
    const m = /^(\d{2})(?:-(\d{2}))?$/.exec(r.divisions ?? "");
    return m && r.section
      ? [{ from: Number(m[1]), to: Number(m[2] ?? m[1]), section: r.section }]
      : [];
  });
  return divisions;
}

/**
 * The SBI 2025 section of an SBI code ("6201" → "K"). KvK codes may still be SBI 2008: their
 * divisions mostly fall in the same 2025 ranges; division 45 (motor vehicles), gone in 2025,
 * goes to trade (G) or, for repair (452), to other services (T).
 */
export function sbiSectionOf(code: string): string | null {
  const digits = code.replace(/\D/g, "");
  if (digits.length < 2) return null;
  const division = Number(digits.slice(0, 2));
  if (division === 45) return digits.startsWith("452") ? "T" : "G";
  return sectionDivisions().find((d) => division >= d.from && division <= d.to)?.section ?? null;
}

/** Map a Basisprofiel answer to what we use; null when it is not one. */
export function parseBasisprofiel(json: unknown): KvkCompany | null {
  const parsed = basisprofiel.safeParse(json);
  if (!parsed.success) return null;
  const p = parsed.data;
  const activities: KvkSbiActivity[] = (p.sbiActiviteiten ?? []).map((a) => ({
    code: a.sbiCode,
    description: a.sbiOmschrijving ?? "",
    main: (a.indHoofdactiviteit ?? "").toLowerCase() === "ja",
  }));
  const main = activities.find((a) => a.main) ?? activities[0];
  const owner = p._embedded?.eigenaar;
  // The main establishment's visiting address; without establishments KvK puts the
  // addresses in the owner block.
  const addresses = [...(p._embedded?.hoofdvestiging?.adressen ?? []), ...(owner?.adressen ?? [])];
  const visiting =
    addresses.find((a) => a.type === "bezoekadres" && a.postcode) ??
    addresses.find((a) => a.postcode);
  return {
    kvkNumber: p.kvkNummer,
    name: p.naam ?? p.statutaireNaam ?? "",
    legalForm: owner?.rechtsvorm ?? null,
    legalFormText: owner?.uitgebreideRechtsvorm ?? null,
    sbiActivities: activities,
    sbiSection: main ? sbiSectionOf(main.code) : null,
    employees: p.totaalWerkzamePersonen ?? null,
    postcode: formatPostcode(visiting?.postcode),
  };
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface KvkClientOptions {
  /** e.g. https://api.kvk.nl/api (no trailing slash needed). */
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
  /** Replaces the network (the in-process demo double). */
  fetch?: FetchLike;
  logger?: Logger;
  source?: KvkAdapter["source"];
}

/** An adapter speaking the Basisprofiel protocol to `baseUrl`. */
export function createKvkClient(options: KvkClientOptions): KvkAdapter {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? KVK_TIMEOUT_MS;
  const source = options.source ?? "kvk";
  const warn = (reason: string, extra: Record<string, unknown> = {}) =>
    options.logger?.warn({ kvk: source, reason, ...extra }, "KvK lookup unavailable");

  return {
    source,
    async lookupKvk(kvkNumber) {
      const number = kvkNumber.replace(/\s+/g, "");
      // Not a KvK number: no such company, and no need to ask.
      if (!KVK_NUMBER.test(number)) return { kind: "not-found" };
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const res = await doFetch(`${base}/v1/basisprofielen/${number}`, {
          headers: { apikey: options.apiKey, accept: "application/json" },
          signal,
        });
        if (res.status === 404) {
          await res.body?.cancel().catch(() => {});
          return { kind: "not-found" };
        }
        if (res.status === 401 || res.status === 403) {
          await res.body?.cancel().catch(() => {});
          warn("unauthorized", { status: res.status });
          return { kind: "unavailable", reason: "unauthorized" };
        }
        if (!res.ok) {
          await res.body?.cancel().catch(() => {});
          warn("error", { status: res.status });
          return { kind: "unavailable", reason: "error" };
        }
        // Reading the body is covered by the same time-out.
        const company = parseBasisprofiel(await res.json());
        if (!company) {
          warn("bad-answer");
          return { kind: "unavailable", reason: "bad-answer" };
        }
        return { kind: "found", company };
      } catch (e) {
        const timedOut = signal.aborted;
        warn(timedOut ? "timeout" : "error", {
          error: e instanceof Error ? e.message : String(e),
        });
        return { kind: "unavailable", reason: timedOut ? "timeout" : "error" };
      }
    },
  };
}

let cached: { key: string; adapter: KvkAdapter | null } | undefined;

/**
 * The adapter for this configuration: the real KvK API when a key is set; the in-process test
 * double in demo mode; otherwise none (the lookup is skipped).
 */
export function kvkAdapterFor(
  config: Pick<Config, "kvk" | "demo" | "publicUrl">,
  logger?: Logger,
): KvkAdapter | null {
  const key = `${config.kvk.apiUrl}|${config.kvk.apiKey ?? ""}|${config.demo}|${config.publicUrl}`;
  if (cached?.key === key) return cached.adapter;
  let adapter: KvkAdapter | null = null;
  if (config.kvk.apiKey) {
    adapter = createKvkClient({ baseUrl: config.kvk.apiUrl, apiKey: config.kvk.apiKey, logger });
  } else if (config.demo) {
    // The same protocol as the double mounted at /__kvk, answered without a network hop.
    adapter = createKvkClient({
      baseUrl: `${config.publicUrl}/__kvk`,
      apiKey: DOUBLE_API_KEY,
      fetch: (input, init) => handleKvkDoubleRequest(new Request(input, init)),
      logger,
      source: "test-double",
    });
  }
  cached = { key, adapter };
  return adapter;
}
