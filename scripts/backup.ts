/**
 * Back up the platform's database while it runs:
 *
 *   npm run backup                      → ./backups/spot-<UTC timestamp>.db (or .dump)
 *   npm run backup -- --out <file>      → that file
 *   npm run backup -- --database-url <url>   (default: DATABASE_URL, else file:./data/spot.db)
 *
 * SQLite: SQLite's online backup (better-sqlite3 `db.backup()`), a consistent snapshot taken
 * without stopping the server; the copy is a single self-contained file (rollback journal, no
 * -wal file) that passes `PRAGMA integrity_check`. PostgreSQL: `pg_dump --format=custom`
 * (restore with pg_restore; pg_dump must be of the server's major version or newer).
 * The backup is written under a temporary name and renamed when complete, so a file with the
 * final name is always whole. Prints the path and size. Restoring: see README ("Backup and
 * restore").
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import SQLite from "better-sqlite3";
import { redactUrl, sqliteFileFromUrl } from "../app/db/database.server";

export class BackupError extends Error {}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) {
    const v = argv[i + 1];
    if (!v || v.startsWith("--")) throw new BackupError(`--${name} needs a value`);
    return v;
  }
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

/** 2026-03-01T09-30-00Z: sortable, and valid in a file name everywhere. */
function timestamp(d = new Date()): string {
  return d
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

function prepareOut(out: string): string {
  if (existsSync(out)) throw new BackupError(`${out} exists already: not overwriting it`);
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  return partial;
}

async function backupSqlite(url: string, out: string): Promise<void> {
  const file = sqliteFileFromUrl(url);
  if (file === ":memory:" || !existsSync(file)) {
    throw new BackupError(`no SQLite database at ${file} (DATABASE_URL)`);
  }
  const partial = prepareOut(out);
  const source = new SQLite(file, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    // All pages in one step: a step that sees a write by the server starts the copy again, so
    // small steps under a steady load of writes might never finish.
    await source.backup(partial, { progress: () => 0x7fffffff });
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    source.close();
  }
  const copy = new SQLite(partial, { fileMustExist: true });
  try {
    // One file to keep or copy back (the server switches to WAL again when it opens it).
    copy.pragma("journal_mode = DELETE");
    const check = copy.pragma("integrity_check", { simple: true });
    if (check !== "ok") throw new BackupError(`the copy fails integrity_check: ${String(check)}`);
  } finally {
    copy.close();
  }
  renameSync(partial, out);
}

async function backupPostgres(url: string, out: string): Promise<void> {
  const version = spawnSync("pg_dump", ["--version"], { encoding: "utf8" });
  if (version.error || version.status !== 0) {
    throw new BackupError(
      "pg_dump was not found: install the PostgreSQL client tools (Debian: apt-get install postgresql-client) of the server's major version or newer.",
    );
  }
  const partial = prepareOut(out);
  // The password goes in the environment, not on the command line (where `ps` shows it).
  const u = new URL(url);
  const env = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = "";
  }
  const run = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(
      "pg_dump",
      ["--format=custom", "--no-owner", "--no-privileges", "--file", partial, u.toString()],
      { env, stdio: ["ignore", "inherit", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
  if (run.status !== 0) {
    rmSync(partial, { force: true });
    throw new BackupError(
      `pg_dump failed (${version.stdout.trim()}): ${run.stderr.trim() || `exit ${run.status}`}`,
    );
  }
  renameSync(partial, out);
}

/**
 * Back up the database at `databaseUrl` to `out` (default ./backups/spot-<timestamp>.db or
 * .dump). The copy holds everything committed before the call.
 */
export async function backup(
  databaseUrl: string,
  out?: string,
): Promise<{ out: string; bytes: number; ms: number }> {
  const sqlite = databaseUrl.startsWith("file:");
  if (!sqlite && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new BackupError(
      "DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL).",
    );
  }
  const target = out ?? path.join("backups", `spot-${timestamp()}.${sqlite ? "db" : "dump"}`);
  const started = Date.now();
  if (sqlite) await backupSqlite(databaseUrl, target);
  else await backupPostgres(databaseUrl, target);
  return { out: target, bytes: statSync(target).size, ms: Date.now() - started };
}

async function main(argv: string[]): Promise<void> {
  const url = arg(argv, "database-url") ?? process.env.DATABASE_URL ?? "file:./data/spot.db";
  const { out, bytes, ms } = await backup(url, arg(argv, "out"));
  console.log(
    `Backup of ${redactUrl(url)} written to ${out} (${humanSize(bytes)}, ${bytes} bytes) in ${ms} ms`,
  );
}

// Run as a command (npm run backup), not when imported (tests).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`Backup failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
