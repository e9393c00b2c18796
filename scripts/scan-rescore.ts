/**
 * Recompute the stored scores of every scored scan response (table scan_responses, on the
 * database of DATABASE_URL), after a change to the scoring engine or an instrument file:
 *
 *   npm run scan:rescore                 each response with its own stored instrument version
 *   npm run scan:rescore -- --to-latest  move each response onto the latest version of its
 *                                        instrument first (answers that no longer fit are
 *                                        dropped, see cleanAnswers), then score it
 *   options: --dry-run (count only, write nothing), --batch=<n> (default 500)
 *
 * Responses without scores yet (not finished) are left alone. Work goes in batches, each batch
 * in one transaction. Prints counts; exit 1 when the table is missing or a response failed.
 *
 * The answers are read from scan_responses.answers (JSON of Answers) or, when the table has no
 * such column, from scan_answers (response_id, question_id, value: JSON of one answer).
 */
import type { Kysely } from "kysely";
import { ConfigError, getConfig } from "../app/config.server";
import { type DatabaseHandle, openDatabase } from "../app/db/database.server";
import { type Answers, cleanAnswers } from "../app/modules/scans/answers";
import { getInstrument, latestInstrument } from "../app/modules/scans/registry.server";
import { score } from "../app/modules/scans/scoring";

const TABLE = "scan_responses";
const COLUMNS = ["id", "instrument_id", "instrument_version", "scores", "overall", "level"];
const ANSWERS_TABLE = "scan_answers";
const ANSWERS_COLUMNS = ["response_id", "question_id", "value"];

/** Only the columns this script needs (the full tables are in app/db/schema.ts). */
interface RescoreDatabase {
  scan_responses: {
    id: string;
    instrument_id: string;
    instrument_version: number;
    answers: string;
    scores: string | null;
    overall: number | null;
    level: string | null;
  };
  scan_answers: { response_id: string; question_id: string; value: string };
}
type ResponseUpdate = Partial<RescoreDatabase["scan_responses"]>;

/** Where the answers live: a JSON column on the response, or one row per answer. */
type Layout = "column" | "table";

class UsageError extends Error {}

/** Key order does not matter when comparing stored and recomputed scores. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(canonical(JSON.parse(a))) === JSON.stringify(canonical(JSON.parse(b)));
  } catch {
    return false;
  }
}

interface Options {
  toLatest: boolean;
  dryRun: boolean;
  batch: number;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { toLatest: false, dryRun: false, batch: 500 };
  for (const arg of argv) {
    if (arg === "--to-latest") options.toLatest = true;
    else if (arg === "--dry-run") options.dryRun = true;
    else if (/^--batch=\d+$/.test(arg) && Number(arg.slice(8)) > 0)
      options.batch = Number(arg.slice(8));
    else
      throw new UsageError(
        `unknown option ${arg}\nusage: npm run scan:rescore -- [--to-latest] [--dry-run] [--batch=<n>]`,
      );
  }
  return options;
}

async function detectLayout(handle: DatabaseHandle): Promise<Layout | string> {
  const tables = await handle.db.introspection.getTables();
  const table = tables.find((t) => t.name === TABLE);
  if (!table) {
    return `The table ${TABLE} does not exist yet in ${handle.description}. Start the platform once with this version (npm start) so the database is brought up to date, then run this again.`;
  }
  const has = (t: { columns: { name: string }[] }, c: string) =>
    t.columns.some((col) => col.name === c);
  const missing = COLUMNS.filter((c) => !has(table, c));
  if (missing.length > 0)
    return `The table ${TABLE} in ${handle.description} lacks the column(s) ${missing.join(", ")}.`;
  if (has(table, "answers")) return "column";
  const answers = tables.find((t) => t.name === ANSWERS_TABLE);
  if (answers && ANSWERS_COLUMNS.every((c) => has(answers, c))) return "table";
  return `Found no stored answers in ${handle.description}: neither ${TABLE}.answers nor a table ${ANSWERS_TABLE} (${ANSWERS_COLUMNS.join(", ")}).`;
}

/** One stored answer value: JSON, or (if it does not parse) the text itself. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function rescore(handle: DatabaseHandle, layout: Layout, options: Options): Promise<number> {
  const db = handle.db as unknown as Kysely<RescoreDatabase>;
  const counts = { seen: 0, changed: 0, unchanged: 0, moved: 0, unscored: 0, failed: 0 };
  let after = "";
  for (;;) {
    const rows = await db
      .selectFrom("scan_responses")
      .select(["id", "instrument_id", "instrument_version", "scores", "overall", "level"])
      .$if(layout === "column", (q) => q.select("answers"))
      .where("id", ">", after)
      .orderBy("id")
      .limit(options.batch)
      .execute();
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;

    // The answers of this batch's scored responses, as stored (text per question, or one JSON).
    const storedRows = new Map<string, Map<string, string>>();
    if (layout === "table") {
      const ids = rows.filter((r) => r.scores !== null).map((r) => r.id);
      const answerRows =
        ids.length === 0
          ? []
          : await db
              .selectFrom("scan_answers")
              .select(["response_id", "question_id", "value"])
              .where("response_id", "in", ids)
              .execute();
      for (const a of answerRows) {
        if (!storedRows.has(a.response_id)) storedRows.set(a.response_id, new Map());
        storedRows.get(a.response_id)!.set(a.question_id, a.value);
      }
    }

    const updates: {
      id: string;
      set: ResponseUpdate;
      answers?: { stored: Map<string, string>; next: Answers };
    }[] = [];
    for (const row of rows) {
      counts.seen++;
      if (row.scores === null) {
        counts.unscored++;
        continue;
      }
      const stored = getInstrument(row.instrument_id, row.instrument_version);
      const target = options.toLatest ? latestInstrument(row.instrument_id) : stored;
      if (!stored || !target) {
        counts.failed++;
        process.stderr.write(
          `response ${row.id}: no instrument ${row.instrument_id} v${row.instrument_version} in instruments/\n`,
        );
        continue;
      }
      let answers: Answers;
      const perQuestion = storedRows.get(row.id) ?? new Map<string, string>();
      if (layout === "table") {
        answers = Object.fromEntries(
          [...perQuestion].map(([q, v]) => [q, parseValue(v)]),
        ) as Answers;
      } else {
        try {
          const parsed: unknown = JSON.parse((row as { answers: string }).answers);
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
            throw new Error("not an object");
          answers = parsed as Answers;
        } catch (e) {
          counts.failed++;
          process.stderr.write(
            `response ${row.id}: stored answers are not a JSON object (${e instanceof Error ? e.message : String(e)})\n`,
          );
          continue;
        }
      }
      const moving = target.version !== row.instrument_version;
      if (moving) answers = cleanAnswers(target, answers);
      const scores = score(target, answers);
      const set: ResponseUpdate = {
        scores: JSON.stringify(scores),
        overall: scores.overall,
        level: scores.level,
      };
      if (moving) {
        set.instrument_version = target.version;
        if (layout === "column") set.answers = JSON.stringify(answers);
        counts.moved++;
      }
      if (
        !moving &&
        sameJson(set.scores!, row.scores) &&
        set.overall === row.overall &&
        set.level === row.level
      ) {
        counts.unchanged++;
        continue;
      }
      counts.changed++;
      updates.push({
        id: row.id,
        set,
        ...(moving && layout === "table"
          ? { answers: { stored: perQuestion, next: answers } }
          : {}),
      });
    }
    if (!options.dryRun && updates.length > 0) {
      await db.transaction().execute(async (trx) => {
        for (const u of updates) {
          await trx.updateTable("scan_responses").set(u.set).where("id", "=", u.id).execute();
          if (!u.answers) continue;
          // Re-mapped answers: drop the ones that no longer fit, rewrite the ones cleaned up.
          for (const [questionId, text] of u.answers.stored) {
            const next = u.answers.next[questionId];
            const where = trx
              .updateTable("scan_answers")
              .where("response_id", "=", u.id)
              .where("question_id", "=", questionId);
            if (next === undefined) {
              await trx
                .deleteFrom("scan_answers")
                .where("response_id", "=", u.id)
                .where("question_id", "=", questionId)
                .execute();
            } else if (!sameJson(JSON.stringify(next), JSON.stringify(parseValue(text)))) {
              await where.set({ value: JSON.stringify(next) }).execute();
            }
          }
        }
      });
    }
  }
  const verb = options.dryRun ? "would change" : "changed";
  console.log(
    `${counts.seen} responses: ${counts.changed} ${verb}, ${counts.unchanged} unchanged, ${counts.unscored} not scored yet (left alone), ${counts.failed} failed` +
      (options.toLatest
        ? `; ${counts.moved} ${options.dryRun ? "would move" : "moved"} to the latest instrument version`
        : ""),
  );
  return counts.failed > 0 ? 1 : 0;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const config = getConfig();
  const handle = openDatabase(config.databaseUrl, { poolSize: 2 });
  try {
    const layout = await detectLayout(handle);
    if (layout !== "column" && layout !== "table") {
      process.stderr.write(`scan:rescore: ${layout}\n`);
      return 1;
    }
    return await rescore(handle, layout, options);
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const known =
      e instanceof UsageError ||
      e instanceof ConfigError ||
      (e instanceof Error && e.name === "StartupError");
    process.stderr.write(
      `scan:rescore: ${known ? "" : "unexpected error: "}${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exitCode = e instanceof UsageError ? 2 : 1;
  },
);
