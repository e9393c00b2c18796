/**
 * Scale data: fills a fresh database with realistic generated data, for the benchmark
 * (`npm run bench`) and for trying the platform at the size of one region or the whole country.
 *
 *   npm run seed:scale -- --size region|national|tiny [--database-url file:./data/scale.db]
 *                         [--replace] [--seed 35]
 *
 * Without --database-url: DATABASE_URL, else file:./data/scale-<size>.db. The database must be
 * fresh (no companies yet); --replace deletes an existing SQLite file first. It is migrated,
 * given the demo content and accounts (app/db/seed.server.ts, so the demo log-ins work), then
 * filled with generated companies, people (roles, memberships), scan responses with answers
 * and real scores (the instruments' own scoring), owner devices, intake requests and stories,
 * in batched multi-row inserts, one transaction per batch. Prints progress, the time taken and
 * the database size. Deterministic for a given --seed (ids and tokens are random).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import {
  type DatabaseHandle,
  type DB,
  migrateToLatest,
  openDatabase,
  sqliteFileFromUrl,
} from "../app/db/database.server";
import { generateAnswers, seededRandom } from "../app/db/demo-scans.server";
import type { Database, Role } from "../app/db/schema";
import { newId } from "../app/lib/ids.server";
import { hashPassword, sha256 } from "../app/modules/auth/crypto.server";
import { newTotpSecret } from "../app/modules/auth/totp.server";
import {
  ACTIVITY_TYPES,
  CASE_ROLE_NEEDS,
  type CaseRole,
  END_PHASES,
  WORK_PHASES,
} from "../app/modules/cases/model";
import { THEMES } from "../app/modules/reference/themes";
import type { Answers } from "../app/modules/scans/answers";
import type { Instrument } from "../app/modules/scans/instrument";
import { latestInstrument } from "../app/modules/scans/registry.server";
import { sizeBand } from "../app/modules/scans/responses.server";
import { score } from "../app/modules/scans/scoring";

export interface ScaleSize {
  companies: number;
  users: number;
  scans: number;
  intakes: number;
  cases: number;
  activities: number;
  stories: number;
  /** national: postcodes and municipalities from all over the country, not just the region. */
  national: boolean;
}

export const SIZES: Record<"tiny" | "region" | "national", ScaleSize> = {
  tiny: {
    companies: 60,
    users: 80,
    scans: 200,
    intakes: 20,
    cases: 15,
    activities: 60,
    stories: 4,
    national: false,
  },
  region: {
    companies: 6_500,
    users: 8_000,
    scans: 25_000,
    intakes: 1_800,
    cases: 1_500,
    activities: 40_000,
    stories: 30,
    national: false,
  },
  national: {
    companies: 300_000,
    users: 370_000,
    scans: 1_000_000,
    intakes: 120_000,
    cases: 100_000,
    activities: 2_000_000,
    stories: 400,
    national: true,
  },
};
export type SizeName = keyof typeof SIZES;

export interface SeedStats {
  size: SizeName;
  counts: Record<string, number>;
  seconds: number;
  bytes: number;
}

type Log = (line: string) => void;

// ---------------------------------------------------------------------------------------------
// Bulk inserts

/** Bound parameters per statement: SQLite allows 32,766, PostgreSQL 65,535. */
const MAX_PARAMS = 30_000;

type Table = keyof Database;

/** Multi-row inserts of at most MAX_PARAMS values each (run inside the caller's transaction). */
export async function insertMany<T extends Table>(
  db: DB,
  table: T,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!).length;
  const per = Math.max(1, Math.floor(MAX_PARAMS / cols));
  for (let i = 0; i < rows.length; i += per) {
    await db
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: rows are built to match the table
      .values(rows.slice(i, i + per) as any)
      .execute();
  }
}

// ---------------------------------------------------------------------------------------------
// Reference data for realistic values

function csvRows(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const cols = head!.split(",");
  return lines.map((line) => {
    // Only the leading simple columns are used; quoted fields later on the line do not matter.
    const cells = line.split(",");
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
}

const SBI_WEIGHTS: Record<string, number> = {
  G: 18,
  M: 16,
  F: 12,
  C: 8,
  I: 7,
  N: 7,
  J: 6,
  Q: 6,
  S: 5,
  H: 4,
  L: 3,
  R: 3,
  K: 2,
  P: 2,
  A: 1,
};

const PREFIXES = [
  "Bakkerij",
  "Installatiebedrijf",
  "Adviesbureau",
  "Schildersbedrijf",
  "Autobedrijf",
  "Drukkerij",
  "Fysiotherapie",
  "Hoveniersbedrijf",
  "Kapsalon",
  "Administratiekantoor",
  "Transportbedrijf",
  "Restaurant",
  "Timmerfabriek",
  "Webbureau",
  "Bouwbedrijf",
  "Tandartspraktijk",
  "Fietsenmaker",
  "Makelaardij",
  "Metaalbewerking",
  "Reclamebureau",
];
const FIRST = [
  "Anna",
  "Bram",
  "Chantal",
  "Daan",
  "Emma",
  "Fatima",
  "Gijs",
  "Hanna",
  "Ivo",
  "Jasmijn",
  "Kees",
  "Lotte",
  "Mohamed",
  "Noor",
  "Olaf",
  "Priya",
  "Quinten",
  "Roos",
  "Sven",
  "Tess",
  "Umar",
  "Vera",
  "Willem",
  "Yara",
  "Zeynep",
];
const LAST = [
  "de Vries",
  "Jansen",
  "van den Berg",
  "Bakker",
  "Visser",
  "Smit",
  "Meijer",
  "de Boer",
  "Mulder",
  "de Groot",
  "Bos",
  "Vos",
  "Peters",
  "Hendriks",
  "van Leeuwen",
  "Dekker",
  "Brouwer",
  "de Wit",
  "Dijkstra",
  "Yılmaz",
  "El Amrani",
  "Kaya",
  "Nguyen",
  "van Dijk",
];
const QUESTIONS = [
  "Hoe kunnen klanten online bij ons bestellen zonder dat het meer werk kost?",
  "We willen onze planning digitaliseren; waar beginnen we?",
  "Is onze klantadministratie veilig genoeg na de cybercheck?",
  "Welke software past bij een bedrijf van onze grootte?",
  "We krijgen weinig reacties via onze website. Wat kunnen we verbeteren?",
  "Hoe automatiseren we onze facturatie?",
  "Kunnen studenten ons helpen met een nieuwe webshop?",
];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function weighted(rnd: () => number, weights: Record<string, number>): string {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  let x = rnd() * total;
  for (const [k, w] of Object.entries(weights)) {
    x -= w;
    if (x < 0) return k;
  }
  return Object.keys(weights)[0]!;
}

/** Company sizes as in the Dutch SME population: most are small. */
function employeesFor(rnd: () => number): number {
  const x = rnd();
  if (x < 0.04) return 1;
  if (x < 0.62) return 2 + Math.floor(rnd() * 8);
  if (x < 0.92) return 10 + Math.floor(rnd() * 40);
  return 50 + Math.floor(rnd() * 200);
}

const LETTERS = "ABCEGHJKLMNPRSTVWXZ";

interface Place {
  pc4: string;
  cbs: string;
}

function placesFor(national: boolean, rnd: () => number): Place[] {
  if (!national) {
    return csvRows(path.resolve("reference/region-postcodes.csv"))
      .filter((r) => /^GM\d{4}$/.test(r.cbs_code ?? "") && /^\d{4}$/.test(r.pc4 ?? ""))
      .map((r) => ({ pc4: r.pc4!, cbs: r.cbs_code! }));
  }
  // The whole country: every PC4 area from 1000 to 9999, spread over 342 municipalities
  // (made-up codes in the GM format; the real list is not in reference/).
  const municipalities = Array.from(
    { length: 342 },
    (_, i) => `GM${String(3 + ((i * 53) % 1990)).padStart(4, "0")}`,
  );
  const out: Place[] = [];
  for (let pc = 1000; pc <= 9999; pc += 3) {
    out.push({ pc4: String(pc), cbs: municipalities[Math.floor((pc - 1000) / 27) % 342]! });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Answer sets: generated from the instruments and scored by the instruments' own scoring

interface AnswerSet {
  rows: [string, string][];
  scores: string;
  overall: number;
  level: string;
}

const POOL = 4_000;

function answerPool(inst: Instrument, rnd: () => number, n: number): AnswerSet[] {
  const out: AnswerSet[] = [];
  for (let i = 0; i < n; i++) {
    const answers: Answers = generateAnswers(inst, rnd, 0.1 + 0.8 * rnd());
    const s = score(inst, answers);
    out.push({
      rows: Object.entries(answers).map(([q, v]) => [q, JSON.stringify(v)]),
      scores: JSON.stringify(s),
      overall: s.overall,
      level: s.level,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The generator

const DAY = 86_400_000;

export interface SeedOptions {
  /**
   * Creates the demo content and accounts (app/db/seed.server.ts `seedDemo`). The command line
   * has the production build do it (the demo seed uses the i18n catalogs, which only load
   * through Vite); tests pass `seedDemo` itself. Without it, the demo must be there already.
   */
  seedDemo?: (db: DB) => Promise<unknown>;
  log?: Log;
  seed?: number;
  /** Responses per transaction (answers are ~20 rows each). */
  batch?: number;
}

export async function seedScale(
  handle: DatabaseHandle,
  sizeName: SizeName,
  options: SeedOptions = {},
): Promise<SeedStats> {
  const size = SIZES[sizeName];
  const log = options.log ?? (() => {});
  const rnd = seededRandom(options.seed ?? 35);
  const batch = options.batch ?? 2_000;
  const { db } = handle;
  const started = Date.now();
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const counts: Record<string, number> = {};
  const count = (k: string, n: number) => {
    counts[k] = (counts[k] ?? 0) + n;
  };

  await migrateToLatest(handle);
  if (!(await isFresh(db)))
    throw new Error(
      "The database is not fresh (it has data beyond the demo content): use an empty database (or --replace for a SQLite file).",
    );
  // The demo content and accounts first, so the demo log-ins (README) work on this database.
  if (options.seedDemo) {
    await options.seedDemo(db);
    log("demo content and accounts created");
  }

  const timed = async (
    label: string,
    total: number,
    fn: (tx: DB, from: number, to: number) => Promise<void>,
  ) => {
    const t0 = Date.now();
    let lastLog = 0;
    for (let from = 0; from < total; from += batch) {
      const to = Math.min(total, from + batch);
      await db.transaction().execute(async (tx) => {
        await fn(tx, from, to);
      });
      if (Date.now() - lastLog > 2_000 || to === total) {
        lastLog = Date.now();
        const s = (Date.now() - t0) / 1000;
        log(
          `${label}: ${to.toLocaleString("en")} / ${total.toLocaleString("en")} (${Math.round(to / Math.max(s, 0.001)).toLocaleString("en")}/s)`,
        );
      }
    }
  };

  // --- Companies ---------------------------------------------------------------------------
  const places = placesFor(size.national, rnd);
  const companyIds: string[] = new Array(size.companies);
  const companySbi: string[] = new Array(size.companies);
  const companyEmployees = new Uint16Array(size.companies);
  const companyCbs: string[] = new Array(size.companies);
  const companyPostcode: string[] = new Array(size.companies);
  const companyName: string[] = new Array(size.companies);
  const companyKind: string[] = new Array(size.companies);
  await timed("companies", size.companies, async (tx, from, to) => {
    const rows = [];
    for (let i = from; i < to; i++) {
      const place = pick(rnd, places);
      const x = rnd();
      const kind = x < 0.02 ? "provider" : x < 0.03 ? "partner" : x < 0.035 ? "institution" : "sme";
      const name = `${pick(rnd, PREFIXES)} ${pick(rnd, LAST)} ${i + 1}`;
      const created = now - Math.floor(rnd() * 730 * DAY);
      companyIds[i] = newId();
      companySbi[i] = weighted(rnd, SBI_WEIGHTS);
      companyEmployees[i] = employeesFor(rnd);
      companyCbs[i] = place.cbs;
      companyPostcode[i] =
        `${place.pc4}${LETTERS[Math.floor(rnd() * LETTERS.length)]}${LETTERS[Math.floor(rnd() * LETTERS.length)]}`;
      companyName[i] = name;
      companyKind[i] = kind;
      rows.push({
        id: companyIds[i],
        name,
        // 8 digits, unique, clear of the demo companies' 9000000x.
        kvk_number: String(10_000_000 + i),
        kind,
        sbi_section: companySbi[i],
        employees: companyEmployees[i],
        postcode: companyPostcode[i],
        cbs_code: companyCbs[i],
        created_at: iso(created),
        updated_at: iso(created + Math.floor(rnd() * 30 * DAY)),
      });
    }
    await insertMany(tx, "companies", rows);
    count("companies", rows.length);
  });

  // --- People, roles and memberships ----------------------------------------------------------
  // One password hash for all generated people (argon2id is slow on purpose): a random secret
  // nobody knows, so these accounts are real rows but cannot be logged in to.
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  const staffShare: [Role, number][] = [
    ["coordinator", 0.0025],
    ["expert", 0.01],
    ["admin", 0.0006],
    ["steering", 0.0012],
    ["student", 0.035],
    ["partner", 0.008],
    ["provider", 0.02],
  ];
  const userIds: string[] = new Array(size.users);
  /** The company of an entrepreneur (index into companyIds), or -1. */
  const userCompany = new Int32Array(size.users).fill(-1);
  const coordinators: string[] = [];
  const byRole = new Map<Role, string[]>();
  let companyCursor = 0;
  await timed("users", size.users, async (tx, from, to) => {
    const users = [];
    const roles = [];
    const memberships = [];
    for (let i = from; i < to; i++) {
      const id = newId();
      userIds[i] = id;
      const first = pick(rnd, FIRST);
      const last = pick(rnd, LAST);
      // Roles by position: a fixed share of each staff role, everyone else an entrepreneur.
      let role: Role = "entrepreneur";
      let acc = 0;
      const frac = i / size.users;
      for (const [r, share] of staffShare) {
        acc += share;
        if (frac < acc) {
          role = r;
          break;
        }
      }
      const created = now - Math.floor(rnd() * 700 * DAY);
      const staff = role === "coordinator" || role === "expert" || role === "admin";
      const disabled = !staff && rnd() < 0.01;
      users.push({
        id,
        email: `${first}.${last}.${i + 1}@example.nl`.toLowerCase().replace(/[^a-z0-9.@-]/g, ""),
        name: `${first} ${last}`,
        password_hash: passwordHash,
        email_verified_at: rnd() < 0.93 ? iso(created + 600_000) : null,
        disabled_at: disabled ? iso(created + 200 * DAY) : null,
        totp_secret: staff ? newTotpSecret() : null,
        totp_enabled_at: staff ? iso(created + 3_600_000) : null,
        totp_last_step: null,
        student_level: role === "student" ? pick(rnd, ["mbo", "hbo", "wo"] as const) : null,
        student_institution: role === "student" ? "Hogeschool (gegenereerd)" : null,
        is_demo: 0,
        last_login_at: rnd() < 0.7 ? iso(now - Math.floor(rnd() * 90 * DAY)) : null,
        created_at: iso(created),
        updated_at: iso(created),
      });
      roles.push({ user_id: id, role, granted_by: null, granted_at: iso(created) });
      if (role === "coordinator") coordinators.push(id);
      if (!disabled) {
        const list = byRole.get(role) ?? [];
        list.push(id);
        byRole.set(role, list);
      }
      if (role === "entrepreneur" || role === "provider" || role === "partner") {
        // Most companies get one owner; the rest of the people are colleagues somewhere.
        const owner = companyCursor < size.companies && rnd() < 0.9;
        const c = owner
          ? companyCursor++
          : Math.floor(rnd() * Math.max(1, Math.min(companyCursor, size.companies)));
        if (c < size.companies) {
          userCompany[i] = c;
          memberships.push({
            user_id: id,
            company_id: companyIds[c],
            role: owner ? "owner" : "colleague",
            created_at: iso(created),
          });
        }
      }
    }
    await insertMany(tx, "users", users);
    await insertMany(tx, "user_roles", roles);
    // A colleague may land twice on the same company: keep the first.
    const seen = new Set<string>();
    const unique = memberships.filter((m) => {
      const k = `${m.user_id}|${m.company_id}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    await insertMany(tx, "memberships", unique);
    count("users", users.length);
    count("user_roles", roles.length);
    count("memberships", unique.length);
  });
  if (coordinators.length === 0) {
    const demo = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "coordinator@demo.spot035.nl")
      .executeTakeFirst();
    if (demo) coordinators.push(demo.id);
  }

  // --- Scan responses, answers, owner devices -------------------------------------------------
  const instruments = (["quickscan", "cyber", "eu-dma"] as const)
    .map((id) => latestInstrument(id))
    .filter((i): i is Instrument => Boolean(i));
  const instWeights = [0.6, 0.25, 0.15];
  const pools = instruments.map((inst) => answerPool(inst, rnd, Math.min(POOL, size.scans)));
  // Entrepreneurs with a company take scans for it; the rest are anonymous visitors.
  const takers: number[] = [];
  for (let u = 0; u < size.users; u++) if (userCompany[u]! >= 0) takers.push(u);
  /** Completed responses per company (for intake requests): company index → response id. */
  const completedOf = new Map<number, string>();
  await timed("scan responses", size.scans, async (tx, from, to) => {
    const responses = [];
    const answers = [];
    const owners = [];
    for (let i = from; i < to; i++) {
      let x = rnd();
      let k = 0;
      while (k < instruments.length - 1 && x >= instWeights[k]!) {
        x -= instWeights[k]!;
        k++;
      }
      const inst = instruments[k]!;
      const set = pick(rnd, pools[k]!);
      const id = newId();
      const completed = rnd() < 0.8;
      const startedMs = now - Math.floor(rnd() * 720 * DAY) - 3_600_000;
      const doneMs = startedMs + (4 + Math.floor(rnd() * 25)) * 60_000;
      const linked = takers.length > 0 && rnd() < 0.55;
      const u = linked ? pick(rnd, takers) : -1;
      const c = u >= 0 ? userCompany[u]! : -1;
      // Anonymous visitors in the region often still give their sector and size in the scan.
      const anonymousProfile = c < 0 && rnd() < 0.4;
      const sbi = c >= 0 ? companySbi[c]! : anonymousProfile ? weighted(rnd, SBI_WEIGHTS) : null;
      const band =
        c >= 0
          ? sizeBand(companyEmployees[c]!)
          : anonymousProfile
            ? sizeBand(employeesFor(rnd))
            : null;
      const cbs = c >= 0 ? companyCbs[c]! : anonymousProfile ? pick(rnd, places).cbs : null;
      const rows = completed ? set.rows : set.rows.slice(0, Math.floor(rnd() * set.rows.length));
      const updatedMs = completed ? doneMs : startedMs + rows.length * 40_000;
      responses.push({
        id,
        instrument_id: inst.id,
        instrument_version: inst.version,
        status: completed ? "completed" : "in_progress",
        scores: completed ? set.scores : null,
        overall: completed ? set.overall : null,
        level: completed ? set.level : null,
        user_id: u >= 0 ? userIds[u] : null,
        company_id: c >= 0 ? companyIds[c] : null,
        lang: rnd() < 0.85 ? "nl" : "en",
        email: c < 0 && rnd() < 0.15 ? `bezoeker.${i + 1}@example.nl` : null,
        sbi_section: sbi,
        size_band: band,
        cbs_code: cbs,
        started_at: iso(startedMs),
        updated_at: iso(updatedMs),
        completed_at: completed ? iso(doneMs) : null,
      });
      if (completed && c >= 0) completedOf.set(c, id);
      for (let j = 0; j < rows.length; j++) {
        answers.push({
          response_id: id,
          question_id: rows[j]![0],
          value: rows[j]![1],
          answered_at: iso(startedMs + (j + 1) * 40_000),
        });
      }
      // The device that took it (the cookie's token is gone: only its hash is kept).
      if (c < 0 || rnd() < 0.5)
        owners.push({
          token_hash: sha256(randomBytes(16).toString("base64url")),
          response_id: id,
          created_at: iso(startedMs),
        });
    }
    await insertMany(tx, "scan_responses", responses);
    await insertMany(tx, "scan_answers", answers);
    await insertMany(tx, "scan_owners", owners);
    count("scan_responses", responses.length);
    count("scan_answers", answers.length);
    count("scan_owners", owners.length);
  });

  // --- Intake requests -------------------------------------------------------------------------
  const companiesWithScan = [...completedOf.keys()];
  /** Handled intake requests (accepted or answered), for cases: [intake id, company index]. */
  const handledIntakes: [string, number][] = [];
  await timed("intake requests", size.intakes, async (tx, from, to) => {
    const rows = [];
    for (let i = from; i < to; i++) {
      const c =
        companiesWithScan.length > 0 && rnd() < 0.7
          ? pick(rnd, companiesWithScan)
          : Math.floor(rnd() * size.companies);
      const createdMs = now - Math.floor(rnd() * 540 * DAY);
      const x = rnd();
      const status = x < 0.12 ? "new" : x < 0.4 ? "accepted" : "answered";
      const employees = companyEmployees[c]!;
      const eligibility = employees < 2 ? "ineligible" : rnd() < 0.05 ? "ambiguous" : "eligible";
      const handled = status !== "new" && coordinators.length > 0;
      const contact = `${pick(rnd, FIRST)} ${pick(rnd, LAST)}`;
      const intakeId = newId();
      if (status !== "new" && eligibility !== "ineligible") handledIntakes.push([intakeId, c]);
      rows.push({
        id: intakeId,
        response_id: completedOf.get(c) ?? null,
        company_id: companyIds[c],
        user_id: null,
        question: pick(rnd, QUESTIONS),
        contact_name: contact,
        contact_email: `contact.${i + 1}@example.nl`,
        contact_phone: rnd() < 0.6 ? `035 ${String(1_000_000 + i).slice(-7)}` : null,
        company_name: companyName[c],
        kvk_number: String(10_000_000 + c),
        kvk_checked: rnd() < 0.8 ? 1 : 0,
        sbi_section: companySbi[c],
        employees,
        legal_form:
          employees < 2
            ? "Eenmanszaak"
            : pick(rnd, ["Besloten Vennootschap", "Vennootschap onder firma"]),
        postcode: companyPostcode[c],
        cbs_code: companyCbs[c],
        eligibility,
        eligibility_reasons: JSON.stringify({
          reasons: employees < 2 ? ["sole-trader"] : [],
          checkedWith: "form",
          kvkStatus: "none",
        }),
        heard_via: pick(rnd, ["social-media", "regional-media", "business-association", "search"]),
        heard_via_detail: null,
        intake_preference: rnd() < 0.6 ? "media-park" : "online",
        lang: rnd() < 0.9 ? "nl" : "en",
        status,
        handled_by: handled ? pick(rnd, coordinators) : null,
        handled_at: handled ? iso(createdMs + Math.floor(rnd() * 5 * DAY)) : null,
        reply:
          status === "answered" ? "Dank voor je vraag; we nemen contact op voor een intake." : null,
        created_at: iso(createdMs),
      });
    }
    await insertMany(tx, "intake_requests", rows);
    count("intake_requests", rows.length);
  });

  // --- Cases: team, phase history, journey tasks, activities, timeline ----------------------
  const journey = JSON.parse(readFileSync(path.resolve("config/journey.json"), "utf8")) as {
    phases: Record<
      string,
      {
        tasks?: {
          key: string;
          title: { nl: string };
          dueInWorkingDays: number;
          assignTo: "lead" | "coordinator" | "company" | "nobody";
        }[];
      }
    >;
  };
  const holders = (role: CaseRole) =>
    CASE_ROLE_NEEDS[role].flatMap((r) => byRole.get(r) ?? []).filter(Boolean);
  const teamPools: Record<CaseRole, string[]> = {
    lead: holders("lead"),
    expert: holders("expert"),
    teacher: holders("teacher"),
    researcher: holders("researcher"),
    student: holders("student"),
    frontrunner: holders("frontrunner"),
  };
  if (teamPools.lead.length === 0) teamPools.lead = coordinators;
  // References go on from the demo's cases (C-<year>-<number>, as the app numbers them).
  const referenceSeq = new Map<number, number>();
  for (const r of await db.selectFrom("cases").select("reference").execute()) {
    const m = /^C-(\d{4})-(\d+)$/.exec(r.reference);
    if (m)
      referenceSeq.set(Number(m[1]), Math.max(referenceSeq.get(Number(m[1])) ?? 0, Number(m[2])));
  }
  const activitiesPerCase = size.cases > 0 ? size.activities / size.cases : 0;
  let activitiesLeft = size.activities;
  const day = (ms: number) => iso(ms).slice(0, 10);
  await timed("cases", size.cases, async (tx, from, to) => {
    const cases = [];
    const phaseChanges = [];
    const members = [];
    const scans = [];
    const activities = [];
    const participants = [];
    const tasks = [];
    const events = [];
    const notes = [];
    for (let i = from; i < to; i++) {
      const id = newId();
      const linked = i < handledIntakes.length ? handledIntakes[i]! : null;
      const c = linked ? linked[1] : Math.floor(rnd() * size.companies);
      const createdMs = now - Math.floor(rnd() * 600 * DAY) - DAY;
      const year = new Date(createdMs).getUTCFullYear();
      const seq = (referenceSeq.get(year) ?? 0) + 1;
      referenceSeq.set(year, seq);
      const coordinator = pick(rnd, coordinators);
      // How far the case got: older cases further along; some ended.
      const age = (now - createdMs) / (600 * DAY);
      const reached = Math.min(
        WORK_PHASES.length - 1,
        Math.floor(age * WORK_PHASES.length * (0.4 + rnd() * 0.8)),
      );
      const ended = rnd() < age * 0.35 ? pick(rnd, END_PHASES) : null;
      const path: string[] = [...WORK_PHASES.slice(0, reached + 1), ...(ended ? [ended] : [])];
      const span = now - createdMs;
      const stepMs = span / (path.length + 1);
      const at = (k: number) => createdMs + Math.floor(stepMs * k);
      // The team: a lead and up to three more, each holding a platform role the case role needs.
      const team: [string, CaseRole][] = [[pick(rnd, teamPools.lead), "lead"]];
      for (const role of ["expert", "student", "teacher", "frontrunner"] as const) {
        if (teamPools[role].length > 0 && rnd() < 0.45) {
          const u = pick(rnd, teamPools[role]);
          if (!team.some(([m]) => m === u)) team.push([u, role]);
        }
      }
      const lead = team[0]![0];
      for (const [u, role] of team) {
        members.push({
          case_id: id,
          user_id: u,
          case_role: role,
          student_level: role === "student" ? pick(rnd, ["mbo", "hbo", "wo"] as const) : null,
          student_institution: role === "student" ? "Hogeschool (gegenereerd)" : null,
          added_by: coordinator,
          added_at: iso(createdMs + 3_600_000),
        });
        events.push({
          id: newId(),
          case_id: id,
          at: iso(createdMs + 3_600_000),
          actor_id: coordinator,
          kind: "member_added",
          internal: 0,
          data: JSON.stringify({ userId: u, role }),
        });
      }
      events.push({
        id: newId(),
        case_id: id,
        at: iso(createdMs),
        actor_id: coordinator,
        kind: "created",
        internal: 0,
        data: JSON.stringify({ phase: "awareness" }),
      });
      for (let k = 0; k < path.length; k++) {
        const fromPhase = k === 0 ? null : path[k - 1]!;
        const toPhase = path[k]!;
        const changedAt = k === 0 ? createdMs : at(k);
        const reason = (END_PHASES as readonly string[]).includes(toPhase)
          ? "Traject afgerond met de ondernemer."
          : null;
        phaseChanges.push({
          id: newId(),
          case_id: id,
          from_phase: fromPhase,
          to_phase: toPhase,
          reason,
          changed_by: k === 0 ? coordinator : lead,
          changed_at: iso(changedAt),
        });
        if (k > 0)
          events.push({
            id: newId(),
            case_id: id,
            at: iso(changedAt),
            actor_id: lead,
            kind: "phase_changed",
            internal: 0,
            data: JSON.stringify({ from: fromPhase, to: toPhase, reason }),
          });
        // The journey's tasks for each phase entered: done for phases left, open for the current.
        const current = k === path.length - 1;
        for (const t of journey.phases[toPhase]?.tasks ?? []) {
          const done = !current || rnd() < 0.3;
          const assignee =
            t.assignTo === "lead" ? lead : t.assignTo === "coordinator" ? coordinator : null;
          tasks.push({
            id: newId(),
            case_id: id,
            title: t.title.nl,
            due_on: day(changedAt + t.dueInWorkingDays * 1.4 * DAY),
            assignee_id: assignee,
            status: done ? "done" : "open",
            journey_key: t.key,
            for_company: t.assignTo === "company" ? 1 : 0,
            created_by: k === 0 ? coordinator : lead,
            created_at: iso(changedAt),
            done_at: done ? iso(changedAt + Math.floor(rnd() * stepMs)) : null,
            done_by: done ? (assignee ?? lead) : null,
          });
        }
      }
      // Activities: spread over the case's life.
      const remainingCases = size.cases - i;
      const n =
        remainingCases === 1
          ? activitiesLeft
          : Math.max(
              0,
              Math.min(
                activitiesLeft,
                Math.round(activitiesPerCase * (0.3 + 1.4 * rnd()) * (path.length / 4)),
              ),
            );
      activitiesLeft -= n;
      let last: string | null = null;
      for (let a = 0; a < n; a++) {
        const occurredMs = createdMs + Math.floor(rnd() * span);
        const on = day(occurredMs);
        if (!last || on > last) last = on;
        const activityId = newId();
        const type = pick(rnd, ACTIVITY_TYPES);
        const minutes = 15 * (1 + Math.floor(rnd() * 12));
        const logger = pick(rnd, team)[0];
        activities.push({
          id: activityId,
          case_id: id,
          type,
          occurred_on: on,
          duration_minutes: minutes,
          company_participants: type === "training" ? 1 + Math.floor(rnd() * 8) : 1,
          outcome: "Besproken wat er nodig is; vervolgafspraak gemaakt.",
          logged_by: logger,
          created_at: iso(occurredMs + 3_600_000),
        });
        participants.push({ activity_id: activityId, user_id: logger });
        events.push({
          id: newId(),
          case_id: id,
          at: iso(occurredMs + 3_600_000),
          actor_id: logger,
          kind: "activity_logged",
          internal: 0,
          data: JSON.stringify({ activityId, type, on, minutes }),
        });
      }
      const response = completedOf.get(c);
      if (response)
        scans.push({
          case_id: id,
          response_id: response,
          linked_by: coordinator,
          linked_at: iso(createdMs + 7_200_000),
        });
      if (rnd() < 0.5)
        notes.push({
          id: newId(),
          case_id: id,
          author_id: lead,
          body: "Ondernemer is gemotiveerd; budget is beperkt.",
          created_at: iso(createdMs + DAY),
        });
      const endPhase = path[path.length - 1]!;
      const phaseChangedAt = path.length > 1 ? at(path.length - 1) : createdMs;
      cases.push({
        id,
        reference: `C-${year}-${String(seq).padStart(4, "0")}`,
        company_id: companyIds[c],
        intake_request_id: linked ? linked[0] : null,
        title: companyName[c],
        question: pick(rnd, QUESTIONS),
        problem: reached >= 1 ? "Veel handwerk in de administratie en planning." : null,
        problem_kind: reached >= 1 ? (rnd() < 0.7 ? "problem" : "opportunity") : null,
        theme: pick(rnd, THEMES),
        phase: endPhase,
        close_reason: ended ? "Traject afgerond met de ondernemer." : null,
        version: path.length,
        created_by: coordinator,
        updated_by: lead,
        created_at: iso(createdMs),
        updated_at: iso(Math.max(phaseChangedAt, createdMs)),
        phase_changed_at: iso(phaseChangedAt),
        last_activity_at: last,
      });
    }
    await insertMany(tx, "cases", cases);
    await insertMany(tx, "case_phase_changes", phaseChanges);
    await insertMany(tx, "case_members", members);
    await insertMany(tx, "case_scans", scans);
    await insertMany(tx, "case_activities", activities);
    await insertMany(tx, "case_activity_participants", participants);
    await insertMany(tx, "case_tasks", tasks);
    await insertMany(tx, "case_events", events);
    await insertMany(tx, "case_notes", notes);
    count("cases", cases.length);
    count("case_members", members.length);
    count("case_activities", activities.length);
    count("case_tasks", tasks.length);
    count("case_events", events.length);
  });

  // --- Success stories ---------------------------------------------------------------------
  await timed("stories", size.stories, async (tx, from, to) => {
    const rows = [];
    for (let i = from; i < to; i++) {
      const c = Math.floor(rnd() * size.companies);
      const published = now - Math.floor(rnd() * 700 * DAY) - DAY;
      rows.push({
        id: newId(),
        company_id: companyIds[c],
        theme: pick(rnd, ["ecommerce", "automation", "cybersecurity"]),
        title_nl: `Verhaal van ${companyName[c]}`,
        title_en: `The story of ${companyName[c]}`,
        summary_nl: "Met hulp uit de regio zette dit bedrijf een stap vooruit.",
        summary_en: "With help from the region this company took a step forward.",
        published_at: rnd() < 0.9 ? iso(published) : null,
        created_at: iso(published - 7 * DAY),
      });
    }
    await insertMany(tx, "stories", rows);
    count("stories", rows.length);
  });

  await db
    .insertInto("app_meta")
    .values({ key: SCALE_FLAG, value: `${sizeName} ${new Date().toISOString()}` })
    .execute();
  // Fresh statistics for the query planner.
  await sql`analyze`.execute(db);
  const bytes = await databaseBytes(handle);
  return { size: sizeName, counts, seconds: (Date.now() - started) / 1000, bytes };
}

const SCALE_FLAG = "scale_seeded";

/** Nothing in it but (at most) the demo content. */
export async function isFresh(db: DB): Promise<boolean> {
  const flag = await db
    .selectFrom("app_meta")
    .select("key")
    .where("key", "=", SCALE_FLAG)
    .executeTakeFirst();
  if (flag) return false;
  const row = await db
    .selectFrom("companies")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n) < 20;
}

/**
 * The demo content through the production build (built when stale): its runtime migrates
 * and, on an empty database, runs the demo seed, exactly as a first start does.
 */
async function seedDemoThroughBuild(url: string): Promise<void> {
  // @ts-expect-error: a plain ES module without types
  const { ensureBuild } = (await import("./ensure-build.mjs")) as {
    ensureBuild(o?: { quiet?: boolean }): boolean;
  };
  ensureBuild({ quiet: true });
  process.env.DATABASE_URL = url;
  process.env.DEMO = "1";
  process.env.LOG_LEVEL ??= "warn";
  const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as {
    entry: {
      module: {
        startRuntime(o: { worker: boolean }): Promise<unknown>;
        stopRuntime(): Promise<void>;
      };
    };
  };
  await build.entry.module.startRuntime({ worker: false });
  await build.entry.module.stopRuntime();
}

/** The database's size on disk (SQLite: the file after a WAL checkpoint). */
export async function databaseBytes(handle: DatabaseHandle): Promise<number> {
  if (handle.dialect === "postgres") {
    const r = await sql<{ n: number }>`select pg_database_size(current_database()) as n`.execute(
      handle.db,
    );
    return Number(r.rows[0]?.n ?? 0);
  }
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(handle.db);
  const r = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(handle.db);
  const file = r.rows[0]?.file;
  return file && existsSync(file) ? statSync(file).size : 0;
}

// ---------------------------------------------------------------------------------------------
// Command line

function arg(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : argv[i + 1];
}

export function formatBytes(n: number): string {
  if (n > 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n > 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  return `${(n / 1e3).toFixed(0)} kB`;
}

async function cli(argv: string[]): Promise<void> {
  const sizeName = (arg(argv, "size") ?? "region") as SizeName;
  if (!(sizeName in SIZES)) {
    console.error(`--size must be one of ${Object.keys(SIZES).join(", ")}`);
    process.exit(2);
  }
  const url =
    arg(argv, "database-url") ?? process.env.DATABASE_URL ?? `file:./data/scale-${sizeName}.db`;
  if (argv.includes("--replace") && url.startsWith("file:")) {
    const file = sqliteFileFromUrl(url);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
  const seed = Number(arg(argv, "seed") ?? 35);
  {
    const check = openDatabase(url);
    await migrateToLatest(check);
    const fresh = await isFresh(check.db);
    await check.close();
    if (!fresh)
      throw new Error(
        "The database is not fresh (it has data beyond the demo content): use an empty database (or --replace for a SQLite file).",
      );
  }
  await seedDemoThroughBuild(url);
  const handle = openDatabase(url);
  console.log(`seed:scale ${sizeName} → ${handle.description} (demo content and accounts created)`);
  try {
    const stats = await seedScale(handle, sizeName, {
      seed,
      log: (line) => console.log(`  ${line}`),
    });
    console.log(`done in ${stats.seconds.toFixed(1)} s; database size ${formatBytes(stats.bytes)}`);
    for (const [k, v] of Object.entries(stats.counts))
      console.log(`  ${k.padEnd(16)} ${v.toLocaleString("en").padStart(12)}`);
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
