import { type Kysely, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("scan_responses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("instrument_id", "text", (c) => c.notNull())
    .addColumn("instrument_version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("scores", "text")
    .addColumn("overall", sql`double precision`)
    .addColumn("level", "text")
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("company_id", "text", (c) => c.references("companies.id").onDelete("set null"))
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("sbi_section", "text")
    .addColumn("size_band", "text")
    .addColumn("cbs_code", "text")
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("completed_at", "text")
    .execute();
  await db.schema
    .createIndex("scan_responses_company_idx")
    .on("scan_responses")
    .columns(["company_id", "instrument_id", "completed_at"])
    .execute();
  await db.schema
    .createIndex("scan_responses_user_idx")
    .on("scan_responses")
    .columns(["user_id", "instrument_id"])
    .execute();
  await db.schema
    .createIndex("scan_responses_group_idx")
    .on("scan_responses")
    .columns(["instrument_id", "status", "sbi_section", "size_band", "cbs_code"])
    .execute();

  // Devices that may answer an anonymous response: the cookie holds the token, we keep its hash.
  // A resume link sent by email adds a device.
  await db.schema
    .createTable("scan_owners")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("response_id", "text", (c) =>
      c.notNull().references("scan_responses.id").onDelete("cascade"),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("scan_owners_response_idx")
    .on("scan_owners")
    .column("response_id")
    .execute();

  // One row per answered question: autosaves of different questions never overwrite each other.
  await db.schema
    .createTable("scan_answers")
    .addColumn("response_id", "text", (c) =>
      c.notNull().references("scan_responses.id").onDelete("cascade"),
    )
    .addColumn("question_id", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("answered_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("scan_answers_pk", ["response_id", "question_id"])
    .execute();

  await db.schema
    .createTable("intake_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("response_id", "text", (c) => c.references("scan_responses.id").onDelete("set null"))
    .addColumn("company_id", "text", (c) => c.references("companies.id").onDelete("set null"))
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("contact_name", "text", (c) => c.notNull())
    .addColumn("contact_email", "text", (c) => c.notNull())
    .addColumn("contact_phone", "text")
    .addColumn("company_name", "text", (c) => c.notNull())
    .addColumn("kvk_number", "text")
    .addColumn("kvk_checked", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("sbi_section", "text")
    .addColumn("employees", "integer", (c) => c.notNull())
    .addColumn("legal_form", "text")
    .addColumn("postcode", "text", (c) => c.notNull())
    .addColumn("cbs_code", "text")
    .addColumn("eligibility", "text", (c) => c.notNull())
    .addColumn("eligibility_reasons", "text")
    .addColumn("heard_via", "text")
    .addColumn("heard_via_detail", "text")
    .addColumn("intake_preference", "text", (c) => c.notNull())
    .addColumn("lang", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("handled_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("handled_at", "text")
    .addColumn("reply", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("intake_requests_status_idx")
    .on("intake_requests")
    .columns(["status", "created_at"])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("intake_requests").execute();
  await db.schema.dropTable("scan_answers").execute();
  await db.schema.dropTable("scan_owners").execute();
  await db.schema.dropTable("scan_responses").execute();
}
