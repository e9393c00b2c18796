/**
 * Crash safety. Many anonymous scan-takers (CLIENTS, 200 by default) start quickscans and
 * autosave answers while the server process is killed with SIGKILL and started again, twice,
 * on the same database, and killed once more at the end. Every answer whose save was
 * acknowledged (a 200 with saved:true, received in full) must be in scan_answers with the
 * value that was sent, every acknowledged scan start must exist, and on SQLite
 * `PRAGMA integrity_check` must say ok. Run on SQLite and on PostgreSQL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../support/db";
import { describePostgres } from "../support/postgres-admin";
import { startServer, type TestServer } from "../support/server";
import {
  CLIENTS,
  freePort,
  lostAnswers,
  queryRows,
  readAnswers,
  SCALE,
  startScanLoad,
} from "./support";

/** Acknowledged saves between two crashes. */
const PER_PHASE = 300 * SCALE;

interface CrashReport {
  acks: number;
  started: number;
  connectionErrors: number;
  serverErrors: number;
  crashes: number;
  timings: string[];
}

/**
 * Run the load against a server on `databaseUrl`; SIGKILL it after each phase, restarting it
 * (same port, same database) after the first two kills. Returns what the clients saw.
 */
async function crashRun(databaseUrl: string, check: () => Promise<void> = async () => {}) {
  const port = await freePort();
  const env = { DATABASE_URL: databaseUrl, PORT: String(port) };
  let t = Date.now();
  let server: TestServer | undefined = await startServer(env);
  const url = server.url;
  /** The servers' output, for the failure message. */
  const logs: string[][] = [server.logs];
  const load = startScanLoad(() => url, CLIENTS);
  let crashes = 0;
  const timings: string[] = [];
  const lap = (what: string) => {
    timings.push(`${what} ${Date.now() - t} ms`);
    t = Date.now();
  };
  lap("first start");
  try {
    for (let phase = 1; phase <= 3; phase++) {
      await load.waitForAcks(phase * PER_PHASE, 90_000);
      lap(`phase ${phase}`);
      await server?.stop("SIGKILL");
      crashes++;
      server = undefined;
      if (phase < 3) {
        server = await startServer(env);
        logs.push(server.logs);
        lap("restart");
      }
    }
  } finally {
    await load.stop();
    await server?.stop("SIGKILL");
  }
  await check();
  const { stats } = load;
  const errors = logs
    .flat()
    .filter((l) => !l.startsWith("{") || /"level":(50|60)/.test(l))
    .slice(0, 5);
  if (stats.serverErrors > 0) {
    console.warn(
      `${stats.serverErrors} saves answered 5xx (not acknowledged, retried): ${stats.serverErrorSample[0]}\n${errors.join("\n").slice(0, 1500)}`,
    );
  }
  expect(
    stats.unexpected.slice(0, 20),
    `${stats.unexpected.length} answers other than an acknowledgement or a broken connection; the servers said: ${errors.join("\n")}`,
  ).toEqual([]);
  const stored = await readAnswers(databaseUrl);
  const lost = lostAnswers(stats.acks, stored);
  expect(
    lost.slice(0, 20),
    `${lost.length} of ${stats.acks.length} acknowledged answers lost or changed`,
  ).toEqual([]);
  const responses = new Set(
    (await queryRows<{ id: string }>(databaseUrl, "select id from scan_responses")).map(
      (r) => r.id,
    ),
  );
  const missingScans = stats.started.filter((id) => !responses.has(id));
  expect(missingScans, "acknowledged scan starts that are gone").toEqual([]);
  // The crashes hit requests in flight (otherwise this proved little).
  expect(stats.connectionErrors, "requests cut off by the crashes").toBeGreaterThan(0);
  expect(stats.acks.length).toBeGreaterThanOrEqual(3 * PER_PHASE);
  const report: CrashReport = {
    acks: stats.acks.length,
    started: stats.started.length,
    connectionErrors: stats.connectionErrors,
    serverErrors: stats.serverErrors,
    crashes,
    timings,
  };
  console.info(`crash run (${databaseUrl.split(":")[0]}): ${JSON.stringify(report)}`);
  return report;
}

describe("SQLite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "spot-crash-"));
  const file = path.join(dir, "spot.db");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`keeps every acknowledged answer through SIGKILLs with ${CLIENTS} scan-takers; integrity ok`, async () => {
    await crashRun(`file:${file}`, async () => {
      // Opened read-write, as the next start would: the write-ahead log is recovered first.
      const db = new Database(file, { fileMustExist: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(db.pragma("foreign_key_check")).toEqual([]);
      } finally {
        db.close();
      }
    });
  }, 240_000);
});

describePostgres("PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  afterAll(async () => {
    await database?.drop();
  });

  it(`keeps every acknowledged answer through SIGKILLs with ${CLIENTS} scan-takers`, async () => {
    database = await createPostgresDatabase();
    await crashRun(database.url);
  }, 240_000);
});
