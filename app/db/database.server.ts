/**
 * The one database factory. `DATABASE_URL` picks the dialect:
 *   file:./data/spot.db   → SQLite (better-sqlite3), the default
 *   postgres://…          → PostgreSQL (pg)
 * Everything else in the app talks to the returned Kysely instance and stays dialect-neutral;
 * the few dialect differences live in small helpers below (see docs/decisions/002).
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
} from "kysely";
import pg from "pg";
import { migrations } from "./migrations/index";
import type { Database } from "./schema";

export type Dialect = "sqlite" | "postgres";
export type DB = Kysely<Database>;

export class StartupError extends Error {
  override name = "StartupError";
}

export interface DatabaseHandle {
  db: DB;
  dialect: Dialect;
  /** A human-readable description without credentials, for logs. */
  description: string;
  close(): Promise<void>;
}

// PostgreSQL returns int8 (count(*)) and numeric as strings; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export function sqliteFileFromUrl(url: string): string {
  const rest = url.slice("file:".length);
  // file:///abs/path and file:./rel/path both work; ":memory:" is allowed for tests.
  if (rest.startsWith("//")) return new URL(url).pathname;
  return rest;
}

/** A URL with its password replaced, safe to log. */
export function redactUrl(url: string): string {
  if (url.startsWith("file:")) return url;
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

/**
 * Transactions take SQLite's write lock when they begin (`BEGIN IMMEDIATE`). Within one process
 * Kysely already runs one transaction at a time; with several server processes on one file
 * (`WEB_CONCURRENCY`), a deferred transaction that reads and then writes could fail with
 * SQLITE_BUSY when another process wrote in between, which the busy timeout cannot wait out. An
 * immediate one waits (busy_timeout) for the other process's commit instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Prepared statements kept per connection (most recently used first out of the way last). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The SQLite connection as Kysely sees it, with its prepared statements kept: Kysely prepares
 * every query it runs, and preparing costs about as much as running a small query. A statement
 * still busy (an unfinished `iterate`) is not shared; SQLite re-prepares a kept statement itself
 * when the schema changes.
 */
export function withStatementCache(native: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => native.close(),
    prepare(sqlText: string) {
      const kept = cache.get(sqlText);
      if (kept && !kept.busy) {
        cache.delete(sqlText);
        cache.set(sqlText, kept);
        return kept;
      }
      const statement = native.prepare(sqlText);
      if (!kept) {
        cache.set(sqlText, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}

function openSqlite(url: string): DatabaseHandle {
  const file = sqliteFileFromUrl(url);
  if (file !== ":memory:") {
    const dir = path.dirname(path.resolve(file));
    try {
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
      // A file where the folder should be is not writable either, even for root.
      if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
      accessSync(dir, constants.W_OK);
      if (existsSync(file)) accessSync(file, constants.R_OK | constants.W_OK);
    } catch {
      throw new StartupError(
        `The database file ${file} (DATABASE_URL) is not writable: check the folder's permissions.`,
      );
    }
  }
  let native: SQLite.Database;
  try {
    native = new SQLite(file);
    native.pragma("journal_mode = WAL");
    native.pragma("synchronous = NORMAL");
    native.pragma("foreign_keys = ON");
    native.pragma("busy_timeout = 5000");
  } catch (e) {
    throw new StartupError(
      `Cannot open the SQLite database ${file} (DATABASE_URL): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const db = new Kysely<Database>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(native) }),
  });
  return {
    db,
    dialect: "sqlite",
    description: `sqlite ${file}`,
    close: async () => {
      await db.destroy();
    },
  };
}

function openPostgres(url: string, poolSize: number): DatabaseHandle {
  // Waiting for a free pooled connection: a burst of requests on a busy machine queues for a
  // while rather than failing (the resilience test saw 5 s run out at load 30 on 2 cores).
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 20_000,
  });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", () => {});
  // Nor may a checked-out one that loses it between two queries (the database restarts, or an
  // administrator ends the connection): its next query fails, and the pool drops it on release.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: "postgres",
    description: `postgres ${redactUrl(url)}`,
    close: async () => {
      await db.destroy();
    },
  };
}

export function openDatabase(url: string, options: { poolSize?: number } = {}): DatabaseHandle {
  if (url.startsWith("file:")) return openSqlite(url);
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    return openPostgres(url, options.poolSize ?? 10);
  }
  throw new StartupError(
    "DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL).",
  );
}

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Bring the schema up to date. Throws StartupError with a clear message on any problem. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: new StaticProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const msg = error instanceof Error ? error.message : String(error);
    const failed = results?.find((r) => r.status === "Error");
    if (/previously executed migration .* is missing/i.test(msg)) {
      throw new StartupError(
        `The database was migrated by a newer or different version of SPOT 035: ${msg}. Use the matching version or restore a backup.`,
      );
    }
    if (/ECONNREFUSED|ENOTFOUND|password authentication|does not exist|timeout/i.test(msg)) {
      throw new StartupError(`Cannot reach the database (${handle.description}): ${msg}`);
    }
    throw new StartupError(
      `Migration ${failed?.migrationName ?? "(unknown)"} failed on ${handle.description}: ${msg}`,
    );
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Cheap liveness check for /healthz. */
export async function pingDatabase(db: DB): Promise<void> {
  await sql`select 1`.execute(db);
}
