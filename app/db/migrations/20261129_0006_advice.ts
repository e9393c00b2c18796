import type { Kysely } from "kysely";

/**
 * Advice and roadmap (issue 6): the catalogue of actions, one advice per case (a draft the team
 * edits with per-item optimistic versions), shared snapshots the entrepreneur sees, their
 * decisions per action, and the realisation plan made of the accepted actions.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
export async function up(db: Kysely<any>): Promise<void> {
  // The catalogue: one row per action; `data` is the JSON of the CatalogueAction without id/theme.
  await db.schema
    .createTable("advice_actions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("theme", "text", (c) => c.notNull())
    .addColumn("data", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("advice_actions_theme_idx")
    .on("advice_actions")
    .columns(["theme", "active"])
    .execute();

  await db.schema
    .createTable("advices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) =>
      c.notNull().unique().references("cases.id").onDelete("cascade"),
    )
    .addColumn("situation", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("problem", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("next_steps", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    // Set once, when the entrepreneur first decided on every action: guards the single
    // "advice delivered" activity of the case.
    .addColumn("delivered_at", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("advice_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("advice_id", "text", (c) => c.notNull().references("advices.id").onDelete("cascade"))
    // No FK to the catalogue: a retired catalogue action must not break an advice that used it.
    .addColumn("action_id", "text")
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("cost_once_min", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cost_once_max", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cost_monthly_min", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("cost_monthly_max", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("start_on", "text", (c) => c.notNull())
    .addColumn("end_on", "text", (c) => c.notNull())
    .addColumn("depends_on", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("effect", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("indicator", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("owner", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reason", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("advice_items_advice_idx")
    .on("advice_items")
    .columns(["advice_id", "position"])
    .execute();

  await db.schema
    .createTable("advice_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("advice_id", "text", (c) => c.notNull().references("advices.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("shared_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("shared_at", "text", (c) => c.notNull())
    .addUniqueConstraint("advice_versions_number_uq", ["advice_id", "number"])
    .execute();

  // item_id refers to the item inside the version's snapshot (the draft item may be gone since).
  await db.schema
    .createTable("advice_decisions")
    .addColumn("version_id", "text", (c) =>
      c.notNull().references("advice_versions.id").onDelete("cascade"),
    )
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("decided_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("decided_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("advice_decisions_pk", ["version_id", "item_id"])
    .execute();

  await db.schema
    .createTable("realisation_items")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("case_id", "text", (c) => c.notNull().references("cases.id").onDelete("cascade"))
    .addColumn("version_id", "text", (c) => c.references("advice_versions.id").onDelete("set null"))
    .addColumn("item_id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("planned"))
    .addColumn("progress", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("note", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("start_on", "text")
    .addColumn("end_on", "text")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_by", "text", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("realisation_items_case_idx")
    .on("realisation_items")
    .columns(["case_id", "start_on"])
    .execute();
  await db.schema
    .createIndex("realisation_items_item_uq")
    .on("realisation_items")
    .columns(["case_id", "item_id"])
    .unique()
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "realisation_items",
    "advice_decisions",
    "advice_versions",
    "advice_items",
    "advices",
    "advice_actions",
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
