/**
 * A start that cannot work stops at once with exit code 1 and ONE clear line that names the
 * problem, never a stack trace.
 */
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ExitResult, runServerToExit } from "../support/http";
import { startServer } from "../support/server";

let dir: string;
const dbUrl = () => `file:${path.join(dir, "spot.db")}`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "spot-startup-"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The one problem line: exit 1, quickly, one "cannot start" line, no stack trace. */
function expectOneClearLine(r: ExitResult, ...mustName: RegExp[]): string {
  const output = `${r.stdout}\n${r.stderr}`;
  expect(r.code, output).toBe(1);
  expect(r.ms, "exits quickly").toBeLessThan(10_000);
  expect(output).not.toContain("    at ");
  expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  const problemLines = r.stderr.split("\n").filter((l) => l.trim().length > 0);
  expect(problemLines, `stderr:\n${r.stderr}`).toHaveLength(1);
  const line = problemLines[0]!;
  expect(line).toMatch(/^SPOT 035 cannot start: /);
  for (const re of mustName) expect(line).toMatch(re);
  return line;
}

describe("start-up errors", () => {
  it("names DATABASE_URL when it is not SQLite or PostgreSQL", async () => {
    const r = await runServerToExit({ DATABASE_URL: "mysql://x" });
    expectOneClearLine(r, /DATABASE_URL/);
  });

  it("names PORT when it is not a number", async () => {
    const r = await runServerToExit({ DATABASE_URL: dbUrl(), PORT: "abc" });
    expectOneClearLine(r, /\bPORT\b/);
  });

  it("says the SQLite file is not writable", async () => {
    const r = await runServerToExit({ DATABASE_URL: "file:/etc/passwd/x.db" });
    expectOneClearLine(r, /not writable/, /DATABASE_URL/);
  });

  it("says PostgreSQL cannot be reached, without printing the password", async () => {
    const r = await runServerToExit({ DATABASE_URL: "postgres://spot:s3cret-pw@127.0.0.1:1/spot" });
    const line = expectOneClearLine(r, /Cannot reach the database/, /127\.0\.0\.1:1/);
    expect(`${r.stdout}${r.stderr}`).not.toContain("s3cret-pw");
    expect(line).toContain("ECONNREFUSED");
  });

  it("names REGION_CONFIG when the file does not exist", async () => {
    const r = await runServerToExit({
      DATABASE_URL: dbUrl(),
      REGION_CONFIG: "does-not-exist.json",
    });
    expectOneClearLine(r, /REGION_CONFIG/, /does-not-exist\.json/);
  });

  it("says so when the port is in use", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await runServerToExit({ DATABASE_URL: dbUrl(), PORT: String(port) });
      expectOneClearLine(r, new RegExp(`port ${port} is in use`), /PORT/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("refuses a database migrated by a version with a migration this one does not know", async () => {
    const file = path.join(dir, "newer.db");
    const first = await startServer({ DATABASE_URL: `file:${file}` });
    expect(await first.stop()).toBe(0);
    const native = new SQLite(file);
    try {
      native
        .prepare("insert into kysely_migration (name, timestamp) values (?, ?)")
        .run("20991231_0001_from_the_future", new Date().toISOString());
    } finally {
      native.close();
    }
    const r = await runServerToExit({ DATABASE_URL: `file:${file}` });
    expectOneClearLine(r, /20991231_0001_from_the_future/, /migrat/i, /(missing|unknown|newer)/i);
  });
});
