import type { Kysely } from "kysely";

/**
 * Indexes for the pipeline and the case page at national size (issue 7; 100,000 cases,
 * 2,000,000 activities). Each list is read in index order and stops at its page:
 *
 * - the board's columns (`phase = ?` newest first) and the list's sorts end on `id` in the sort's
 *   direction, so (key, id) serves both directions without sorting all cases;
 * - a card's open and overdue tasks are counted from the index alone;
 * - team suggestions count a person's cases from (user_id, case_id) without reading the members
 *   table.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("cases_phase_idx").execute();
  await db.schema.dropIndex("cases_activity_idx").execute();
  await db.schema
    .createIndex("cases_phase_updated_idx")
    .on("cases")
    .columns(["phase", "updated_at", "id"])
    .execute();
  await db.schema
    .createIndex("cases_updated_idx")
    .on("cases")
    .columns(["updated_at", "id"])
    .execute();
  await db.schema
    .createIndex("cases_created_idx")
    .on("cases")
    .columns(["created_at", "id"])
    .execute();
  await db.schema
    .createIndex("cases_activity_idx")
    .on("cases")
    .columns(["last_activity_at", "id"])
    .execute();
  await db.schema
    .createIndex("case_tasks_case_status_idx")
    .on("case_tasks")
    .columns(["case_id", "status", "due_on"])
    .execute();
  await db.schema.dropIndex("case_members_user_idx").execute();
  await db.schema
    .createIndex("case_members_user_idx")
    .on("case_members")
    .columns(["user_id", "case_id"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    "cases_phase_updated_idx",
    "cases_updated_idx",
    "cases_created_idx",
    "cases_activity_idx",
    "case_tasks_case_status_idx",
    "case_members_user_idx",
  ]) {
    await db.schema.dropIndex(name).execute();
  }
  await db.schema
    .createIndex("cases_phase_idx")
    .on("cases")
    .columns(["phase", "updated_at"])
    .execute();
  await db.schema
    .createIndex("cases_activity_idx")
    .on("cases")
    .column("last_activity_at")
    .execute();
  await db.schema
    .createIndex("case_members_user_idx")
    .on("case_members")
    .column("user_id")
    .execute();
}
