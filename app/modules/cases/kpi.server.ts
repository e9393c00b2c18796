/**
 * The programme's figures, each defined once, from the logged activities (docs/KPIS.md says
 * the same in words; tests/db/kpi.test.ts pins each definition).
 *
 * A period is [from, to): dates as YYYY-MM-DD, `to` excluded (a quarter: 2026-01-01 to
 * 2026-04-01). An activity counts in the period of its date (`occurred_on`), not of when it
 * was typed in. Closed and withdrawn cases still count: what happened, happened.
 *
 * - intakes: cases whose FIRST intake conversation falls in the period. A second intake
 *   conversation with the same company in the same case is not a second intake.
 * - advices: cases whose FIRST "advice delivered" falls in the period (a substantive advice
 *   is delivered once per case; a revised advice is not a new one).
 * - guidanceTrajectories: cases whose FIRST guidance session falls in the period (a
 *   trajectory starts once; its later sessions are part of it).
 * - trainings: people from companies who followed a training: the sum of
 *   `company_participants` over training activities in the period (a training with three
 *   employees counts three). A training logged with 0 company participants counts 0.
 *
 * Webinars and target-group meetings are events, not case activities; they are counted from
 * the events module once it exists (`null` here means "not recorded by the platform yet").
 */
import type { DB } from "~/db/database.server";
import type { ActivityType } from "./model";

export interface Period {
  from: string;
  to: string;
}

export interface KpiCounts {
  intakes: number;
  advices: number;
  guidanceTrajectories: number;
  trainings: number;
  webinars: number | null;
  targetGroupMeetings: number | null;
}

/** Cases whose first activity of `type` lies in the period. */
async function firstOfTypeInPeriod(db: DB, type: ActivityType, p: Period): Promise<number> {
  const row = await db
    .selectFrom(
      db
        .selectFrom("case_activities")
        .select((eb) => ["case_id", eb.fn.min("occurred_on").as("first_on")])
        .where("type", "=", type)
        .groupBy("case_id")
        .as("firsts"),
    )
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("firsts.first_on", ">=", p.from)
    .where("firsts.first_on", "<", p.to)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function countIntakes(db: DB, p: Period): Promise<number> {
  return firstOfTypeInPeriod(db, "intake_conversation", p);
}

export function countAdvices(db: DB, p: Period): Promise<number> {
  return firstOfTypeInPeriod(db, "advice_delivered", p);
}

export function countGuidanceTrajectories(db: DB, p: Period): Promise<number> {
  return firstOfTypeInPeriod(db, "guidance_session", p);
}

export async function countTrainings(db: DB, p: Period): Promise<number> {
  const row = await db
    .selectFrom("case_activities")
    .select((eb) => eb.fn.sum<number>("company_participants").as("n"))
    .where("type", "=", "training")
    .where("occurred_on", ">=", p.from)
    .where("occurred_on", "<", p.to)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function kpiCounts(db: DB, p: Period): Promise<KpiCounts> {
  const [intakes, advices, guidanceTrajectories, trainings] = await Promise.all([
    countIntakes(db, p),
    countAdvices(db, p),
    countGuidanceTrajectories(db, p),
    countTrainings(db, p),
  ]);
  return {
    intakes,
    advices,
    guidanceTrajectories,
    trainings,
    webinars: null,
    targetGroupMeetings: null,
  };
}

/** The quarter a date is in, as a period. */
export function quarterOf(date: string): Period & { label: string } {
  const y = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3);
  const m = (n: number) => String(n).padStart(2, "0");
  const from = `${y}-${m(q * 3 + 1)}-01`;
  const to = q === 3 ? `${y + 1}-01-01` : `${y}-${m(q * 3 + 4)}-01`;
  return { from, to, label: `${y} Q${q + 1}` };
}

export function yearOf(date: string): Period & { label: string } {
  const y = Number(date.slice(0, 4));
  return { from: `${y}-01-01`, to: `${y + 1}-01-01`, label: String(y) };
}
