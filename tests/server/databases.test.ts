/**
 * The real server on both databases: the first start migrates and creates the demo content,
 * a second start on the same database keeps it without adding it again. On PostgreSQL,
 * /healthz follows the database going away and coming back while the server keeps running.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../support/db";
import { jsonLogs, rawRequest } from "../support/http";
import { adminQuery, describePostgres } from "../support/postgres-admin";
import { startServer, type TestServer } from "../support/server";

const DEMO_TITLES = [
  "Van telefoonbestelling naar webwinkel",
  "Planning zonder whiteboard",
  "Veilig werken met patiëntgegevens",
];

function storyIds(html: string): string[] {
  return [...html.matchAll(/id="story-([^"]+)"/g)].map((m) => m[1]!).sort();
}

/** Start, check the demo home page, stop; returns the story ids shown and the logs. */
async function startAndReadHome(
  databaseUrl: string,
  during?: (server: TestServer) => Promise<void>,
): Promise<{ ids: string[]; logs: string }> {
  const server = await startServer({ DATABASE_URL: databaseUrl });
  try {
    const home = await rawRequest(`${server.url}/`);
    expect(home.status).toBe(200);
    for (const title of DEMO_TITLES) expect(home.text).toContain(title);
    const ids = storyIds(home.text);
    expect(ids).toHaveLength(3);
    await during?.(server);
    return { ids, logs: server.logs.join("\n") };
  } finally {
    const code = await server.stop();
    expect(code, `exit code; the server's output:\n${server.logs.join("\n")}`).toBe(0);
  }
}

function expectFirstAndSecondStart(
  first: { ids: string[]; logs: string },
  second: { ids: string[]; logs: string },
) {
  expect(first.logs).toContain("database migrated");
  expect(first.logs).toContain("demo content created");
  expect(second.logs).not.toContain("database migrated");
  expect(second.logs).not.toContain("demo content created");
  expect(second.ids).toEqual(first.ids);
}

describe("SQLite", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "spot-sqlite-"));
  const file = path.join(dir, "spot.db");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("migrates and fills a new file once; a second start keeps the data without duplicates", async () => {
    const first = await startAndReadHome(`file:${file}`);
    const second = await startAndReadHome(`file:${file}`);
    expectFirstAndSecondStart(first, second);
    const native = new SQLite(file, { readonly: true });
    try {
      const count = (t: string) =>
        (native.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
      expect(count("stories")).toBe(3);
      expect(count("companies")).toBe(4);
    } finally {
      native.close();
    }
  });
});

describePostgres("PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  let name = "";

  afterAll(async () => {
    if (name) await adminQuery(`alter database ${name} allow_connections true`).catch(() => {});
    await database?.drop();
  });

  async function health(server: TestServer) {
    const res = await rawRequest(`${server.url}/healthz`);
    return { status: res.status, body: JSON.parse(res.text) as Record<string, unknown> };
  }

  it("migrates and fills a new database once, and /healthz follows an outage", async () => {
    database = await createPostgresDatabase();
    name = new URL(database.url).pathname.slice(1);
    expect(name).toMatch(/^spot_test_\w+$/);

    const first = await startAndReadHome(database.url, async (server) => {
      expect(await health(server)).toEqual({
        status: 200,
        body: { status: "ok", database: "ok", dialect: "postgres" },
      });

      // The database goes away: no new connections, existing ones cut, also while requests
      // are using them (a connection cut between two queries once crashed the process).
      const load = Array.from({ length: 40 }, () =>
        rawRequest(`${server.url}/`).then((r) => r.status),
      );
      await adminQuery(`alter database ${name} allow_connections false`);
      await adminQuery(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`,
      );
      for (const status of await Promise.all(load)) expect([200, 500]).toContain(status);
      expect(server.process.exitCode).toBeNull();
      const down = await health(server);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: "unavailable", database: "unreachable" });
      // A page rendered now needs the database and fails (a query string passes by the few
      // seconds' cache of anonymous pages, which may still serve the home page: decision 010).
      const page = await rawRequest(`${server.url}/?tijdens-storing`);
      expect(page.status).toBeGreaterThanOrEqual(500);
      expect(server.process.exitCode).toBeNull();

      // It comes back: healthy again without a restart.
      await adminQuery(`alter database ${name} allow_connections true`);
      let up = await health(server);
      for (let i = 0; i < 50 && up.status !== 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        up = await health(server);
      }
      expect(up).toEqual({
        status: 200,
        body: { status: "ok", database: "ok", dialect: "postgres" },
      });
      const again = await rawRequest(`${server.url}/`);
      expect(again.status).toBe(200);
      expect(again.text).toContain(DEMO_TITLES[0]);
      expect(server.process.exitCode).toBeNull();
      // No crash, no unhandled error in the logs.
      expect(jsonLogs(server.logs).filter((l) => l.level === "fatal")).toEqual([]);
    });
    expect(first.logs).toContain(`"database":"postgres `);

    const second = await startAndReadHome(database.url);
    expectFirstAndSecondStart(first, second);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const count = async (t: string) =>
        Number((await client.query(`select count(*) as n from ${t}`)).rows[0].n);
      expect(await count("stories")).toBe(3);
      expect(await count("companies")).toBe(4);
    } finally {
      await client.end();
    }
  });
});
