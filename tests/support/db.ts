/**
 * Data-layer tests run on both databases. SQLite: a fresh file per test file (never shared
 * between workers). PostgreSQL: a fresh database per test file on the server at
 * TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test), dropped afterwards.
 * No PostgreSQL server: the suite is skipped loudly, or fails when REQUIRE_POSTGRES=1.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "~/db/database.server";

export const ADMIN_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REQUIRE_POSTGRES = process.env.REQUIRE_POSTGRES === "1";

async function postgresAvailable(): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: ADMIN_POSTGRES_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => {});
  }
}

const pgProblem = await postgresAvailable();
if (pgProblem) {
  const msg = `\n!!! PostgreSQL is not reachable at ${ADMIN_POSTGRES_URL} (${pgProblem}).\n!!! PostgreSQL data tests are SKIPPED. Set REQUIRE_POSTGRES=1 to make this a failure.\n`;
  if (REQUIRE_POSTGRES) throw new Error(msg);
  console.warn(msg);
}

/** Create an empty PostgreSQL database and return its URL and a dropper. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `spot_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: ADMIN_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(ADMIN_POSTGRES_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: ADMIN_POSTGRES_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface TestDatabase {
  handle: DatabaseHandle;
  url: string;
}

/** Open a fresh, migrated database of the given dialect. */
export async function openTestDatabase(
  dialect: "sqlite" | "postgres",
): Promise<TestDatabase & { dispose(): Promise<void> }> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "spot-test-"));
    const url = `file:${path.join(dir, "test.db")}`;
    const handle = openDatabase(url);
    await migrateToLatest(handle);
    return {
      handle,
      url,
      async dispose() {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const pgdb = await createPostgresDatabase();
  const handle = openDatabase(pgdb.url, { poolSize: 5 });
  await migrateToLatest(handle);
  return {
    handle,
    url: pgdb.url,
    async dispose() {
      await handle.close();
      await pgdb.drop();
    },
  };
}

/**
 * `describe` the same tests on SQLite and on PostgreSQL. The callback gets a getter for the
 * migrated test database of that dialect (fresh per file and dialect).
 */
export function describeEachDialect(
  name: string,
  fn: (get: () => TestDatabase, dialect: "sqlite" | "postgres") => void,
) {
  for (const dialect of ["sqlite", "postgres"] as const) {
    const skip = dialect === "postgres" && pgProblem !== undefined;
    (skip ? describe.skip : describe)(`${name} [${dialect}]`, () => {
      let current: (TestDatabase & { dispose(): Promise<void> }) | undefined;
      beforeAll(async () => {
        current = await openTestDatabase(dialect);
      });
      afterAll(async () => {
        await current?.dispose();
      });
      fn(() => {
        if (!current) throw new Error("test database not ready");
        return current;
      }, dialect);
    });
  }
}
