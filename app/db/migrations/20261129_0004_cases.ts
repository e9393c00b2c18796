import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * Cases (casussen): one company's path through the journey, with its team, activities (the
 * source of every KPI), tasks, internal notes, messages with the entrepreneur, documents,
 * hours and a timeline of events.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable("cases")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id"))
    .addColumn("intake_request_id", "text", (c) =>
      c.unique().references("intake_requests.id").onDelete("set null"),
    )
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("problem", "text")
    .addColumn("problem_kind", "text")
    .addColumn("theme", "text")
    .addColumn("phase", "text", (c) => c.notNull())
    .addColumn("close_reason", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("phase_changed_at", "text", (c) => c.notNull())
    .addColumn("last_activity_at", "text")
    .execute();
  await db.schema
    .createIndex("cases_phase_idx")
    .on("cases")
    .columns(["phase", "updated_at"])
    .execute();
  await db.schema.createIndex("cases_company_idx").on("cases").column("company_id").execute();
  await db.schema
    .createIndex("cases_activity_idx")
    .on("cases")
    .columns(["last_activity_at"])
    .execute();

  await db.schema
    .createTable("case_phase_changes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("from_phase", "text")
    .addColumn("to_phase", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("changed_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("changed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("case_phase_changes_case_idx")
    .on("case_phase_changes")
    .columns(["case_id", "changed_at"])
    .execute();

  await db.schema
    .createTable("case_members")
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("case_role", "text", (c) => c.notNull())
    .addColumn("student_level", "text")
    .addColumn("student_institution", "text")
    .addColumn("added_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("added_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("case_members_pk", ["case_id", "user_id"])
    .execute();
  await db.schema
    .createIndex("case_members_user_idx")
    .on("case_members")
    .column("user_id")
    .execute();

  await db.schema
    .createTable("case_scans")
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("response_id", "text", (c) =>
      c.notNull().references("scan_responses.id").onDelete("cascade"),
    )
    .addColumn("linked_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("linked_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("case_scans_pk", ["case_id", "response_id"])
    .execute();

  await db.schema
    .createTable("case_activities")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("occurred_on", "text", (c) => c.notNull())
    .addColumn("duration_minutes", "integer", (c) => c.notNull())
    .addColumn("company_participants", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("logged_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("case_activities_case_idx")
    .on("case_activities")
    .columns(["case_id", "occurred_on"])
    .execute();
  await db.schema
    .createIndex("case_activities_type_idx")
    .on("case_activities")
    .columns(["type", "occurred_on"])
    .execute();

  await db.schema
    .createTable("case_activity_participants")
    .addColumn("activity_id", "text", (c) =>
      c.notNull().references("case_activities.id").onDelete("cascade"),
    )
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("case_activity_participants_pk", ["activity_id", "user_id"])
    .execute();

  await db.schema
    .createTable("case_time_entries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("worked_on", "text", (c) => c.notNull())
    .addColumn("minutes", "integer", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("case_time_entries_case_idx")
    .on("case_time_entries")
    .columns(["case_id", "user_id"])
    .execute();

  await db.schema
    .createTable("case_tasks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("due_on", "text")
    .addColumn("assignee_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("journey_key", "text")
    .addColumn("for_company", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("done_at", "text")
    .addColumn("done_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("case_tasks_journey_idx")
    .on("case_tasks")
    .columns(["case_id", "journey_key"])
    .unique()
    .execute();
  await db.schema
    .createIndex("case_tasks_assignee_idx")
    .on("case_tasks")
    .columns(["assignee_id", "status", "due_on"])
    .execute();

  await db.schema
    .createTable("case_notes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("case_notes_case_idx").on("case_notes").column("case_id").execute();

  await db.schema
    .createTable("case_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("author_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("from_company", "integer", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("case_messages_case_idx")
    .on("case_messages")
    .columns(["case_id", "created_at"])
    .execute();

  await db.schema
    .createTable("case_documents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("content", isPostgres ? sql`bytea` : sql`blob`, (c) => c.notNull())
    .addColumn("internal", "integer", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("case_documents_case_idx")
    .on("case_documents")
    .column("case_id")
    .execute();

  // The timeline: everything that happened to a case, in order. `internal` events are for staff.
  await db.schema
    .createTable("case_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("internal", "integer", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("case_events_case_idx")
    .on("case_events")
    .columns(["case_id", "at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "case_events",
    "case_documents",
    "case_messages",
    "case_notes",
    "case_tasks",
    "case_time_entries",
    "case_activity_participants",
    "case_activities",
    "case_scans",
    "case_members",
    "case_phase_changes",
    "cases",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
