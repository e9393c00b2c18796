/**
 * Benchmark fixtures on a seeded database (run by bench/run.mjs before the server starts):
 * sessions for generated entrepreneurs and the demo coordinator, and owner-device tokens for
 * generated scan responses — the same rows a log-in or a started scan would write, so the
 * load generator can send the cookies a browser would send. Prints JSON on stdout.
 *
 *   tsx bench/prepare.ts --database-url file:… [--people 200] [--scans 400]
 */
import { sql } from "kysely";
import { openDatabase } from "../app/db/database.server";
import { nowIso, randomToken } from "../app/lib/ids.server";
import { sha256 } from "../app/modules/auth/crypto.server";
import { allQuestions } from "../app/modules/scans/instrument";
import { latestInstrument } from "../app/modules/scans/registry.server";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const url = arg("database-url", process.env.DATABASE_URL ?? "");
const people = Number(arg("people", "200"));
const scans = Number(arg("scans", "400"));
const handle = openDatabase(url);
const { db } = handle;

async function session(userId: string): Promise<string> {
  const token = randomToken(16);
  const now = new Date();
  await db
    .insertInto("sessions")
    .values({
      id: sha256(token),
      user_id: userId,
      mfa_pending: 0,
      created_at: nowIso(now),
      last_seen_at: nowIso(now),
      expires_at: new Date(now.getTime() + 6 * 86_400_000).toISOString(),
      ip: "127.0.0.1",
      user_agent: "bench",
    })
    .execute();
  return token;
}

async function owner(responseId: string): Promise<string> {
  const token = randomToken(16);
  await db
    .insertInto("scan_owners")
    .values({ token_hash: sha256(token), response_id: responseId, created_at: nowIso() })
    .execute();
  return `spot_scans=${encodeURIComponent(`${responseId}:${token}`)}`;
}

const quick = latestInstrument("quickscan");
if (!quick) throw new Error("instruments/quickscan is missing");
const first = allQuestions(quick)[0]!;
if (first.type !== "single") throw new Error("the quickscan's first question is not single");

const out = await (async () => {
  // Entrepreneurs who own a company that took scans: the logged-in users of the mixed load.
  const entrepreneurs = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .select(["users.id"])
    .where("user_roles.role", "=", "entrepreneur")
    .where("users.is_demo", "=", 0)
    .where("users.disabled_at", "is", null)
    .orderBy("users.id")
    .limit(people)
    .execute();
  const userCookies: string[] = [];
  for (const u of entrepreneurs) userCookies.push(`spot_session=${await session(u.id)}`);
  const coordinator = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "coordinator@demo.spot035.nl")
    .executeTakeFirstOrThrow();
  const coordinatorCookie = `spot_session=${await session(coordinator.id)}`;

  // Anonymous scans on their device: in progress (question page, autosave) and completed with a
  // company (result page with comparison group and previous scan).
  const open = await db
    .selectFrom("scan_responses")
    .select("id")
    .where("instrument_id", "=", quick.id)
    .where("instrument_version", "=", quick.version)
    .where("status", "=", "in_progress")
    .orderBy("id")
    .limit(scans)
    .execute();
  const done = await db
    .selectFrom("scan_responses")
    .select("id")
    .where("instrument_id", "=", quick.id)
    .where("status", "=", "completed")
    .where("company_id", "is not", null)
    .orderBy("id")
    .limit(scans)
    .execute();
  const inProgress = [];
  for (const r of open) inProgress.push({ id: r.id, cookie: await owner(r.id) });
  const completed = [];
  for (const r of done) completed.push({ id: r.id, cookie: await owner(r.id) });

  // Cases, when the case tables exist.
  let cases: string[] = [];
  try {
    const rows = await sql<{
      id: string;
    }>`select id from cases order by updated_at desc limit 200`.execute(db);
    cases = rows.rows.map((r) => r.id);
  } catch {
    cases = [];
  }
  return {
    userCookies,
    coordinatorCookie,
    inProgress,
    completed,
    cases,
    autosave: {
      question: first.id,
      field: first.id,
      values: first.options.filter((o) => !o.exclusive).map((o) => o.id),
    },
  };
})();

await handle.close();
process.stdout.write(JSON.stringify(out));
