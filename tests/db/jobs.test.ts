import { afterAll, beforeEach, expect, it } from "vitest";
import { type DB, openDatabase } from "~/db/database.server";
import type { Job } from "~/db/schema";
import { createLogger } from "~/logger.server";
import { backoffMs, enqueueJob, type JobHandler, JobWorker } from "~/modules/jobs/queue.server";
import { describeEachDialect } from "../support/db";

const logger = createLogger("silent");
const MINUTE = 60_000;

function worker(db: DB, handlers: Record<string, JobHandler>, workerId = "worker-a", extra = {}) {
  return new JobWorker({ db, handlers, logger, workerId, ...extra });
}

async function jobRow(db: DB, id: string): Promise<Job> {
  return db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);

describeEachDialect("job queue", (get, dialect) => {
  beforeEach(async () => {
    // Each test starts with an empty queue: a worker claims any due job, whatever its kind.
    await get().handle.db.deleteFrom("jobs").execute();
  });

  it("runs an enqueued job once, with its payload", async () => {
    const { db } = get().handle;
    const calls: unknown[] = [];
    const id = await enqueueJob(db, {
      kind: "test.hello",
      payload: { company: "Bakkerij", count: 3, note: "één" },
    });
    expect(id).toEqual(expect.any(String));
    const w = worker(db, { "test.hello": async (payload) => void calls.push(payload) });

    expect(await w.runDue()).toBe(1);
    expect(calls).toEqual([{ company: "Bakkerij", count: 3, note: "één" }]);
    const row = await jobRow(db, id!);
    expect(row.status).toBe("done");
    expect(row.attempts).toBe(1);
    expect(row.locked_by).toBeNull();

    expect(await w.runDue()).toBe(0);
    expect(calls).toHaveLength(1);
  });

  it("runs due jobs oldest first", async () => {
    const { db } = get().handle;
    const now = Date.now();
    const order: string[] = [];
    for (const [name, ago] of [
      ["middle", 2],
      ["newest", 1],
      ["oldest", 3],
    ] as const) {
      await enqueueJob(db, {
        kind: "test.order",
        payload: name,
        runAt: new Date(now - ago * MINUTE),
      });
    }
    await worker(db, { "test.order": async (p) => void order.push(p as string) }).runDue();
    expect(order).toEqual(["oldest", "middle", "newest"]);
  });

  it("retries a failing job with growing delays and gives up after max attempts", async () => {
    const { db } = get().handle;
    let calls = 0;
    const w = worker(
      db,
      {
        "test.flaky": async () => {
          calls++;
          throw new Error(`mail server down (call ${calls})`);
        },
      },
      "worker-a",
      { backoffBaseMs: MINUTE },
    );
    const id = (await enqueueJob(db, { kind: "test.flaky", maxAttempts: 3 }))!;

    const before1 = Date.now();
    expect(await w.runDue()).toBe(1);
    const first = await jobRow(db, id);
    expect(first.status).toBe("queued");
    expect(first.attempts).toBe(1);
    expect(first.last_error).toBe("mail server down (call 1)");
    expect(first.locked_by).toBeNull();
    const delay1 = Date.parse(first.run_at) - before1;
    expect(delay1).toBeGreaterThanOrEqual(backoffMs(1, MINUTE));
    expect(delay1).toBeLessThan(backoffMs(1, MINUTE) + 10_000);

    // Not due yet: nothing runs.
    expect(await w.runDue()).toBe(0);
    expect(await w.runDue(() => at(first.run_at, -1000))).toBe(0);
    expect(calls).toBe(1);

    const before2 = Date.now();
    expect(await w.runDue(() => at(first.run_at, 1))).toBe(1);
    const second = await jobRow(db, id);
    expect(second.status).toBe("queued");
    expect(second.attempts).toBe(2);
    expect(second.last_error).toBe("mail server down (call 2)");
    const delay2 = Date.parse(second.run_at) - before2;
    expect(delay2).toBeGreaterThan(delay1);
    expect(delay2).toBeGreaterThanOrEqual(backoffMs(2, MINUTE));

    expect(await w.runDue(() => at(second.run_at, 1))).toBe(1);
    const last = await jobRow(db, id);
    expect(last.status).toBe("failed");
    expect(last.attempts).toBe(3);
    expect(last.last_error).toBe("mail server down (call 3)");

    // A failed job is never picked up again.
    expect(await w.runDue(() => new Date(Date.now() + 365 * 24 * 60 * MINUTE))).toBe(0);
    expect(calls).toBe(3);
  });

  it("a job that fails once and then succeeds ends done", async () => {
    const { db } = get().handle;
    let calls = 0;
    const w = worker(db, {
      "test.once": async () => {
        calls++;
        if (calls === 1) throw new Error("temporary");
      },
    });
    const id = (await enqueueJob(db, { kind: "test.once" }))!;
    await w.runDue();
    const queued = await jobRow(db, id);
    expect(await w.runDue(() => at(queued.run_at, 1))).toBe(1);
    const row = await jobRow(db, id);
    expect(row.status).toBe("done");
    expect(row.attempts).toBe(2);
    expect(calls).toBe(2);
  });

  it("a job of a kind without a handler is retried and keeps the reason", async () => {
    const { db } = get().handle;
    const id = (await enqueueJob(db, { kind: "test.unknown", maxAttempts: 1 }))!;
    expect(await worker(db, {}).runDue()).toBe(1);
    const row = await jobRow(db, id);
    expect(row.status).toBe("failed");
    expect(row.last_error).toContain("test.unknown");
  });

  it("a unique key creates the job only once", async () => {
    const { db } = get().handle;
    const first = await enqueueJob(db, { kind: "test.unique", uniqueKey: "reminder:42" });
    const second = await enqueueJob(db, { kind: "test.unique", uniqueKey: "reminder:42" });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();

    let calls = 0;
    await worker(db, { "test.unique": async () => void calls++ }).runDue();
    // Still deduplicated after the first one ran.
    expect(await enqueueJob(db, { kind: "test.unique", uniqueKey: "reminder:42" })).toBeNull();
    expect(await enqueueJob(db, { kind: "test.unique", uniqueKey: "reminder:43" })).not.toBeNull();
    // Jobs without a key are never deduplicated.
    expect(await enqueueJob(db, { kind: "test.unique" })).not.toBeNull();
    expect(await enqueueJob(db, { kind: "test.unique" })).not.toBeNull();

    const rows = await db.selectFrom("jobs").select("unique_key").execute();
    expect(rows.filter((r) => r.unique_key === "reminder:42")).toHaveLength(1);
    expect(rows).toHaveLength(4);
    expect(calls).toBe(1);
  });

  it("a job scheduled in the future waits until it is due", async () => {
    const { db } = get().handle;
    const runAt = new Date(Date.now() + 60 * MINUTE);
    let calls = 0;
    const w = worker(db, { "test.later": async () => void calls++ });
    const id = (await enqueueJob(db, { kind: "test.later", runAt }))!;

    expect(await w.runDue()).toBe(0);
    expect(await w.runDue(() => new Date(runAt.getTime() - MINUTE))).toBe(0);
    expect(calls).toBe(0);
    expect((await jobRow(db, id)).status).toBe("queued");

    expect(await w.runDue(() => runAt)).toBe(1);
    expect(calls).toBe(1);
    expect((await jobRow(db, id)).status).toBe("done");
  });

  it("a job whose worker died is taken over after its lease runs out", async () => {
    const { db } = get().handle;
    const calls: string[] = [];
    const handler: JobHandler = async () => void calls.push("ran");
    const id = (await enqueueJob(db, { kind: "test.lease" }))!;
    const now = new Date();

    // Worker A claims the job and then "dies" without finishing it.
    const dead = worker(db, { "test.lease": handler }, "dead-worker", { leaseMs: 5 * MINUTE });
    const claimed = await dead.claim(now);
    expect(claimed?.id).toBe(id);
    expect((await jobRow(db, id)).status).toBe("running");

    const rescuer = worker(db, { "test.lease": handler }, "rescuer");
    // While the lease lasts, nobody else touches it.
    expect(await rescuer.runDue(() => new Date(now.getTime() + 4 * MINUTE))).toBe(0);
    expect(calls).toEqual([]);

    expect(await rescuer.runDue(() => new Date(now.getTime() + 5 * MINUTE + 1000))).toBe(1);
    expect(calls).toEqual(["ran"]);
    const row = await jobRow(db, id);
    expect(row.status).toBe("done");
    expect(row.attempts).toBe(2);
  });

  it("stop() waits for the job in hand, and the polling worker runs new jobs", async () => {
    const { db } = get().handle;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started = false;
    let finished = false;
    const w = worker(
      db,
      {
        "test.slow": async () => {
          started = true;
          await gate;
          finished = true;
        },
      },
      "poller",
      { pollMs: 10 },
    );
    w.start();
    await enqueueJob(db, { kind: "test.slow" });
    const deadline = Date.now() + 10_000;
    while (!started && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(started).toBe(true);

    let stopped = false;
    const stopping = w.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    const rows = await db.selectFrom("jobs").select("status").execute();
    expect(rows.map((r) => r.status)).toEqual(["done"]);

    // Stopped: a new job stays queued.
    await enqueueJob(db, { kind: "test.slow" });
    await new Promise((r) => setTimeout(r, 50));
    const statuses = await db.selectFrom("jobs").select("status").orderBy("created_at").execute();
    expect(statuses.map((r) => r.status).sort()).toEqual(["done", "queued"]);
  });

  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of closers) await c();
  });

  it("two workers on separate connections run each of 200 jobs exactly once", async () => {
    const { handle, url } = get();
    // A second, independent connection (pool) to the same database, as a second app instance.
    const other = openDatabase(url, { poolSize: 5 });
    closers.push(() => other.close());
    expect(other.dialect).toBe(dialect);

    const N = 200;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      ids.push((await enqueueJob(handle.db, { kind: "test.race", payload: { i } }))!);
    }
    const runs = new Map<string, number>();
    const byWorker = { a: 0, b: 0 };
    const handlerFor =
      (name: "a" | "b"): JobHandler =>
      async (_payload, job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
        byWorker[name]++;
        // Yield so the other worker gets to claim in between.
        await new Promise((r) => setImmediate(r));
      };
    const a = worker(handle.db, { "test.race": handlerFor("a") }, "worker-a");
    const b = worker(other.db, { "test.race": handlerFor("b") }, "worker-b");

    const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);

    const duplicates = [...runs].filter(([, n]) => n !== 1);
    expect(duplicates, "jobs that ran more than once").toEqual([]);
    expect(
      ids.filter((id) => !runs.has(id)),
      "jobs that never ran",
    ).toEqual([]);
    expect(runs.size).toBe(N);
    expect(ranA + ranB).toBe(N);
    expect(ranA).toBe(byWorker.a);
    expect(ranB).toBe(byWorker.b);
    // Both really took part.
    expect(byWorker.a).toBeGreaterThan(0);
    expect(byWorker.b).toBeGreaterThan(0);

    const rows = await handle.db.selectFrom("jobs").select(["status", "attempts"]).execute();
    expect(rows.filter((r) => r.status !== "done" || r.attempts !== 1)).toEqual([]);
  });
});
