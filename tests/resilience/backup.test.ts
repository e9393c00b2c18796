/**
 * Backup and restore, under load. Scan-takers autosave answers while the backup of
 * `npm run backup` (scripts/backup.ts) copies the database (the command itself is run too, for
 * its output); the copy is restored the way the README says
 * (SQLite: copy the file into place; PostgreSQL: pg_restore into a fresh database) and a new
 * server started on it: it starts without migrating or seeding (the data is there), every answer
 * acknowledged before the backup began is in it, a scan started before the backup can be
 * continued with its owner cookie, and a demo user logs in and sees their scan result.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup } from "../../scripts/backup";
import { DEMO_PASSWORD, demoEmail, getPage, logIn, pageText } from "../support/accounts";
import { createPostgresDatabase } from "../support/db";
import { rawRequest } from "../support/http";
import { describePostgres, postgresProblem } from "../support/postgres-admin";
import { startServer, type TestServer } from "../support/server";
import { type Ack, lostAnswers, queryRows, readAnswers, SCALE, startScanLoad } from "./support";

/** Answers acknowledged before the backup starts; the load goes on during the backup. */
const BEFORE_BACKUP = 200 * SCALE;
const CLIENTS = 40;

const dir = mkdtempSync(path.join(tmpdir(), "spot-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm run backup -- --out <out>` (the command) on the database of `databaseUrl`. */
function runBackup(databaseUrl: string, out: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/backup.ts", "--out", out],
      {
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Start a server on `databaseUrl`, put load on it, back it up mid-load with `out` as target.
 * Returns what was acknowledged before the backup began and a scan started before it.
 */
async function backUpUnderLoad(databaseUrl: string, out: string) {
  const server = await startServer({ DATABASE_URL: databaseUrl });
  const load = startScanLoad(() => server.url, CLIENTS);
  let before: Ack[];
  let taken: Awaited<ReturnType<typeof backup>>;
  try {
    await load.waitForAcks(BEFORE_BACKUP);
    // The backup's own function (what `npm run backup` runs), called in this process so that
    // "before" is exact: every answer acknowledged now was committed before the copy began.
    // The scan-takers go on saving while it runs.
    before = [...load.stats.acks];
    expect(load.stats.inFlight, "saves on their way as the backup starts").toBeGreaterThan(0);
    taken = await backup(databaseUrl, out);
    expect(taken.out).toBe(out);
  } finally {
    await load.stop();
    expect(await server.stop()).toBe(0);
  }
  expect(load.stats.unexpected).toEqual([]);
  console.info(
    `backup under load: ${taken.bytes} bytes in ${taken.ms} ms (${before.length} answers before it, ${load.stats.acks.length - before.length} after)`,
  );

  // The command itself: prints the path and the size.
  const again = `${out}.again`;
  const command = await runBackup(databaseUrl, again);
  expect(command.stderr).toBe("");
  expect(command.code).toBe(0);
  expect(command.stdout).toContain(again);
  expect(command.stdout).toContain(`${statSync(again).size} bytes`);
  // A scan whose first answers were all acknowledged before the backup: it must continue.
  const scanId = before[0]!.responseId;
  return { before, scanId, cookieOf: load.cookieOf };
}

/** The checks on a server started on a restored copy. */
async function expectRestoredPlatform(
  restored: TestServer,
  before: Ack[],
  scan: { id: string; cookie: string },
) {
  expect((await rawRequest(`${restored.url}/healthz`)).status).toBe(200);
  const logs = restored.logs.join("\n");
  expect(logs, "a restored database needs no migration").not.toContain("database migrated");
  expect(logs, "a restored database is not seeded again").not.toContain("demo content created");

  const lost = lostAnswers(before, await readAnswers(restored.databaseUrl));
  expect(lost.slice(0, 20), `${lost.length} of ${before.length} answers not in the backup`).toEqual(
    [],
  );

  // The scan-taker continues where they were, on the restored platform.
  const step = await getPage(restored, `/scan/${scan.id}/vraag/1`, { cookie: scan.cookie });
  expect(step.status).toBe(200);

  // A demo entrepreneur logs in and opens their completed scan's result.
  const cookie = await logIn(restored, demoEmail("entrepreneur"), DEMO_PASSWORD);
  const [row] = await queryRows<{ id: string }>(
    restored.databaseUrl,
    `select r.id from scan_responses r join users u on u.id = r.user_id
      where u.email = '${demoEmail("entrepreneur")}' and r.status = 'completed'
      order by r.completed_at desc limit 1`,
  );
  expect(row, "the demo scan").toBeDefined();
  const result = await getPage(restored, `/scan/${row!.id}/resultaat`, { cookie });
  expect(result.status).toBe(200);
  expect(pageText(result.text)).toMatch(/\d/);
}

describe("SQLite", () => {
  let restored: TestServer | undefined;
  afterAll(async () => {
    await restored?.stop();
  });

  it("an online backup taken under load restores to a platform that serves the data", async () => {
    const live = path.join(dir, "live.db");
    const out = path.join(dir, "backups", "spot-under-load.db");
    const { before, scanId, cookieOf } = await backUpUnderLoad(`file:${live}`, out);

    // The backup is one whole file (no -wal beside it) that passes integrity_check.
    expect(existsSync(`${out}-wal`)).toBe(false);
    const copy = new Database(out, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      copy.close();
    }

    // Restore as the README says: the file into place (no stale -wal/-shm beside it).
    const restoredFile = path.join(dir, "restored", "spot.db");
    mkdirSync(path.dirname(restoredFile), { recursive: true });
    copyFileSync(out, restoredFile);
    restored = await startServer({ DATABASE_URL: `file:${restoredFile}` });
    await expectRestoredPlatform(restored, before, { id: scanId, cookie: cookieOf(scanId)! });
    expect(await restored.stop()).toBe(0);
    restored = undefined;
  });
});

/** pg_dump and pg_restore on this machine, or why not. */
function pgToolsProblem(): string | undefined {
  for (const tool of ["pg_dump", "pg_restore"]) {
    const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
    if (r.error || r.status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}
const toolsProblem = postgresProblem ? undefined : pgToolsProblem();
if (toolsProblem) {
  const msg = `\n!!! ${toolsProblem} (Debian: postgresql-client).\n!!! The PostgreSQL backup test is SKIPPED. Set REQUIRE_POSTGRES=1 to make this a failure.\n`;
  if (process.env.REQUIRE_POSTGRES === "1") throw new Error(msg);
  console.warn(msg);
}

(toolsProblem ? describe.skip : describePostgres)("PostgreSQL", () => {
  const databases: Awaited<ReturnType<typeof createPostgresDatabase>>[] = [];
  let restored: TestServer | undefined;
  beforeAll(async () => {
    databases.push(await createPostgresDatabase(), await createPostgresDatabase());
  });
  afterAll(async () => {
    await restored?.stop();
    for (const d of databases) await d.drop();
  });

  it("pg_dump taken under load restores with pg_restore to a platform that serves the data", async () => {
    const [live, fresh] = databases as [
      Awaited<ReturnType<typeof createPostgresDatabase>>,
      Awaited<ReturnType<typeof createPostgresDatabase>>,
    ];
    const out = path.join(dir, "backups", "spot-under-load.dump");
    const { before, scanId, cookieOf } = await backUpUnderLoad(live.url, out);

    // Restore as the README says, into a fresh, empty database.
    const restore = spawnSync("pg_restore", ["--no-owner", "--dbname", fresh.url, out], {
      encoding: "utf8",
    });
    expect(restore.stderr).toBe("");
    expect(restore.status).toBe(0);
    restored = await startServer({ DATABASE_URL: fresh.url });
    await expectRestoredPlatform(restored, before, { id: scanId, cookie: cookieOf(scanId)! });
    expect(await restored.stop()).toBe(0);
    restored = undefined;
  });
});
