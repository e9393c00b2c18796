import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import {
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
  StartupError,
} from "~/db/database.server";
import { migrations } from "~/db/migrations/index";
import { createPostgresDatabase, describeEachDialect } from "../support/db";

const MIGRATIONS_DIR = "app/db/migrations";
const FOUNDATION_TABLES = ["app_meta", "companies", "jobs", "mail_outbox", "stories"];

const migrationFiles = readdirSync(MIGRATIONS_DIR)
  .filter((f) => /\.tsx?$/.test(f) && f !== "index.ts")
  .map((f) => f.replace(/\.tsx?$/, ""))
  .sort();

describe("migration files", () => {
  it("every migration file is listed in migrations/index.ts, and nothing else is", () => {
    expect(migrationFiles.length).toBeGreaterThan(0);
    expect(Object.keys(migrations).sort()).toEqual(migrationFiles);
  });

  it("names start with a real YYYYMMDD_NNNN timestamp, so they run in order", () => {
    for (const name of migrationFiles) {
      const m = /^(\d{4})(\d{2})(\d{2})_\d{4}_[a-z0-9_]+$/.exec(name);
      expect(m, `${name} does not start with YYYYMMDD_NNNN_`).not.toBeNull();
      const [, y, mo, d] = m!;
      const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
      expect(date.toISOString().slice(0, 10), `${name} has an impossible date`).toBe(
        `${y}-${mo}-${d}`,
      );
    }
    expect(new Set(migrationFiles.map((n) => n.slice(0, 13))).size).toBe(migrationFiles.length);
  });

  it("every migration has an up function", () => {
    for (const [name, migration] of Object.entries(migrations)) {
      expect(typeof migration.up, name).toBe("function");
    }
  });
});

/** An empty, unmigrated database of the dialect. */
async function freshDatabase(
  dialect: "sqlite" | "postgres",
): Promise<{ handle: DatabaseHandle; dispose(): Promise<void> }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "spot-migrate-"));
    const handle = openDatabase(`file:${path.join(dir, "fresh.db")}`);
    return {
      handle,
      async dispose() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const pgdb = await createPostgresDatabase();
  const handle = openDatabase(pgdb.url, { poolSize: 2 });
  return {
    handle,
    async dispose() {
      await handle.close();
      await pgdb.drop();
    },
  };
}

async function tableNames(handle: DatabaseHandle): Promise<string[]> {
  const tables = await handle.db.introspection.getTables();
  return tables.map((t) => t.name);
}

describeEachDialect("migrations", (get, dialect) => {
  const disposers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of disposers) await d();
  });
  const fresh = async () => {
    const f = await freshDatabase(dialect);
    disposers.push(f.dispose);
    return f.handle;
  };

  it("an empty database is brought up to date: every migration runs once, in name order", async () => {
    const handle = await fresh();
    expect(await tableNames(handle)).not.toContain("companies");
    const applied = await migrateToLatest(handle);
    expect(applied).toEqual(Object.keys(migrations).sort());
    const tables = await tableNames(handle);
    for (const t of FOUNDATION_TABLES) expect(tables, `table ${t}`).toContain(t);
  });

  it("a second run applies nothing and keeps the data", async () => {
    const { handle } = get();
    await handle.db
      .insertInto("app_meta")
      .values({ key: "migration-test", value: "kept" })
      .execute();
    expect(await migrateToLatest(handle)).toEqual([]);
    expect(await migrateToLatest(handle)).toEqual([]);
    const row = await handle.db
      .selectFrom("app_meta")
      .select("value")
      .where("key", "=", "migration-test")
      .executeTakeFirst();
    expect(row?.value).toBe("kept");
  });

  it("the schema works: unique KvK numbers and foreign keys are enforced", async () => {
    const { handle } = get();
    const now = new Date().toISOString();
    const company = {
      name: "Dubbel BV",
      kvk_number: "12345678",
      kind: "sme" as const,
      sbi_section: null,
      employees: null,
      postcode: null,
      cbs_code: null,
      created_at: now,
      updated_at: now,
    };
    await handle.db
      .insertInto("companies")
      .values({ id: "c-1", ...company })
      .execute();
    await expect(
      handle.db
        .insertInto("companies")
        .values({ id: "c-2", ...company })
        .execute(),
    ).rejects.toThrow();
    await expect(
      handle.db
        .insertInto("stories")
        .values({
          id: "s-1",
          company_id: "no-such-company",
          theme: "green",
          title_nl: "x",
          title_en: "x",
          summary_nl: "x",
          summary_en: "x",
          published_at: null,
          created_at: now,
        })
        .execute(),
    ).rejects.toThrow();
  });

  it("a database migrated by a newer version (an unknown migration) refuses to start", async () => {
    const handle = await fresh();
    await migrateToLatest(handle);
    await sql`insert into kysely_migration (name, timestamp) values (${"29991231_0001_from_the_future"}, ${new Date().toISOString()})`.execute(
      handle.db,
    );
    const error = await migrateToLatest(handle).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toContain("29991231_0001_from_the_future");
    expect((error as Error).message).toMatch(/newer or different version/);
  });
});

describe("opening a database", () => {
  it("a SQLite path in a folder that cannot be written says so", () => {
    // /etc/passwd is a file, so nothing can be created "inside" it, not even by root.
    const attempt = () => openDatabase("file:/etc/passwd/x.db");
    expect(attempt).toThrow(StartupError);
    expect(attempt).toThrow(/not writable/);
  });

  it("an unsupported URL is refused with a StartupError naming DATABASE_URL", () => {
    expect(() => openDatabase("mysql://x")).toThrow(StartupError);
    expect(() => openDatabase("mysql://x")).toThrow(/DATABASE_URL/);
  });

  it("creates the folder of a new SQLite file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "spot-open-"));
    try {
      const handle = openDatabase(`file:${path.join(dir, "nested", "deeper", "spot.db")}`);
      await migrateToLatest(handle);
      expect(await tableNames(handle)).toContain("companies");
      await handle.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an unreachable PostgreSQL server is a clear StartupError without the password", async () => {
    const handle = openDatabase("postgres://spot:supersecret@127.0.0.1:1/spot", { poolSize: 1 });
    try {
      const error = await migrateToLatest(handle).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toMatch(/Cannot reach the database/);
      expect((error as Error).message).not.toContain("supersecret");
      expect(handle.description).not.toContain("supersecret");
    } finally {
      await handle.close();
    }
  });
});
