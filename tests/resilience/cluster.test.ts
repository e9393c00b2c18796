/**
 * Several server processes on one SQLite file (WEB_CONCURRENCY=2, node:cluster): requests are
 * spread over the processes, which share sessions and the database. Many scan-takers autosave
 * at once (writes from both processes contend for SQLite's one writer): every acknowledged
 * answer is kept, no request fails, the file stays intact. A session made in one process works
 * in the other. A process that dies is replaced while the other keeps serving, and SIGTERM
 * stops them all cleanly.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoEmail, getPage, logIn } from "../support/accounts";
import { jsonLogs } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { CLIENTS, lostAnswers, readAnswers, SCALE, sleep, startScanLoad } from "./support";

const ACKS = 400 * SCALE;

/** The pids of the processes that answered requests to `pathPrefix` (from the request log). */
function servingPids(server: TestServer, pathPrefix: string): Set<number> {
  return new Set(
    jsonLogs(server.logs)
      .filter((l) => l.msg === "request" && String(l.path).startsWith(pathPrefix))
      .map((l) => Number(l.pid)),
  );
}

function workerPids(server: TestServer): number[] {
  return jsonLogs(server.logs)
    .filter((l) => l.msg === "server process listening")
    .map((l) => Number(l.pid));
}

describe("two server processes on one SQLite file (WEB_CONCURRENCY=2)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "spot-cluster-"));
  const file = path.join(dir, "spot.db");
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ DATABASE_URL: `file:${file}`, WEB_CONCURRENCY: "2" });
  });

  afterAll(async () => {
    const code = await server?.stop();
    try {
      expect(code, "SIGTERM stops the primary and its processes cleanly").toBe(0);
      const db = new Database(file, { fileMustExist: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("starts two processes after preparing the database once", () => {
    expect(workerPids(server)).toHaveLength(2);
    const logs = jsonLogs(server.logs);
    expect(logs.filter((l) => l.msg === "database migrated")).toHaveLength(1);
    expect(logs.find((l) => l.msg === "SPOT 035 is listening")).toMatchObject({ processes: 2 });
  });

  it(`keeps every acknowledged answer of ${CLIENTS} scan-takers, with both processes writing`, async () => {
    const load = startScanLoad(() => server.url, CLIENTS);
    try {
      await load.waitForAcks(ACKS, 120_000);
    } finally {
      await load.stop();
    }
    const { stats } = load;
    expect(stats.serverErrors, stats.serverErrorSample.join("\n")).toBe(0);
    expect(stats.connectionErrors).toBe(0);
    expect(stats.unexpected.slice(0, 10)).toEqual([]);
    const lost = lostAnswers(stats.acks, await readAnswers(`file:${file}`));
    expect(lost.slice(0, 20), `${lost.length} of ${stats.acks.length} answers lost`).toEqual([]);
    expect([...servingPids(server, "/scan/")].sort()).toEqual(workerPids(server).sort());
  }, 180_000);

  it("a session made in one process works in the other", async () => {
    const cookie = await logIn(server, demoEmail("entrepreneur"), DEMO_PASSWORD);
    // Each request on a new connection; the kernel picks the process, so ask until both did.
    for (let i = 0; i < 60 && servingPids(server, "/account").size < 2; i++) {
      expect((await getPage(server, "/account", { cookie })).status).toBe(200);
    }
    expect(servingPids(server, "/account").size).toBe(2);
  });

  it("a process that dies is replaced; the other serves meanwhile", async () => {
    const [victim] = workerPids(server);
    process.kill(victim!, "SIGKILL");
    // At once: the remaining process answers every request.
    for (let i = 0; i < 5; i++) expect((await getPage(server, "/")).status).toBe(200);
    const deadline = Date.now() + 30_000;
    while (workerPids(server).length < 3) {
      if (Date.now() > deadline) throw new Error("no replacement process started");
      await sleep(100);
    }
    const replacement = workerPids(server)[2]!;
    expect(replacement).not.toBe(victim);
    expect(
      jsonLogs(server.logs).some(
        (l) => l.msg === "server process died: starting another" && l.process === victim,
      ),
    ).toBe(true);
    const cookie = await logIn(server, demoEmail("entrepreneur"), DEMO_PASSWORD);
    for (let i = 0; i < 60 && !servingPids(server, "/account").has(replacement); i++) {
      expect((await getPage(server, "/account", { cookie })).status).toBe(200);
    }
    expect(servingPids(server, "/account").has(replacement)).toBe(true);
  }, 60_000);
});
