/**
 * A persistent job queue in the database: retries with exponential backoff, survives a
 * restart, and each job runs once even with several app instances on one PostgreSQL
 * (claiming is one conditional UPDATE; a second claimer re-checks the row and gets nothing).
 * A job whose worker died is taken over after its lease (`locked_until`) runs out.
 */
import { sql } from "kysely";
import type { DB } from "~/db/database.server";
import type { Job } from "~/db/schema";
import { newId, nowIso } from "~/lib/ids.server";
import type { Logger } from "~/logger.server";

export interface EnqueueOptions {
  kind: string;
  payload?: unknown;
  runAt?: Date;
  maxAttempts?: number;
  /** A job with the same key is created only once (e.g. "scan-reminder:<responseId>"). */
  uniqueKey?: string;
}

export type JobHandler = (payload: unknown, job: Job) => Promise<void>;

/** Add a job. Pass a transaction as `db` to enqueue atomically with the change that causes it. */
export async function enqueueJob(db: DB, options: EnqueueOptions): Promise<string | null> {
  const now = nowIso();
  const id = newId();
  const row = {
    id,
    kind: options.kind,
    payload: JSON.stringify(options.payload ?? null),
    status: "queued" as const,
    run_at: nowIso(options.runAt ?? new Date()),
    max_attempts: options.maxAttempts ?? 8,
    locked_by: null,
    locked_until: null,
    last_error: null,
    unique_key: options.uniqueKey ?? null,
    created_at: now,
    updated_at: now,
  };
  const result = await db
    .insertInto("jobs")
    .values(row)
    .onConflict((oc) => oc.column("unique_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? id : null;
}

/** Delay before attempt n+1: 2^n × base, capped at one hour. */
export function backoffMs(attempts: number, baseMs = 5000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export interface WorkerOptions {
  db: DB;
  handlers: Record<string, JobHandler>;
  logger: Logger;
  workerId: string;
  pollMs?: number;
  leaseMs?: number;
  backoffBaseMs?: number;
}

export class JobWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private stopping = false;

  constructor(private readonly options: WorkerOptions) {}

  /** Claim one due job, or nothing (only when no job is due). */
  async claim(now = new Date()): Promise<Job | undefined> {
    const { db, workerId, leaseMs = 5 * 60_000 } = this.options;
    const nowS = nowIso(now);
    const due = sql<boolean>`(status = 'queued' and run_at <= ${nowS}) or (status = 'running' and locked_until < ${nowS})`;
    // Losing a race (another worker claimed the same row first) is not "nothing due": try the
    // next due job. Every lost race means another worker made progress, so this ends.
    for (let tries = 0; tries < 50; tries++) {
      const job = await db
        .updateTable("jobs")
        .set({
          status: "running",
          locked_by: workerId,
          locked_until: nowIso(new Date(now.getTime() + leaseMs)),
          attempts: sql`attempts + 1`,
          updated_at: nowS,
        })
        .where("id", "=", (eb) =>
          eb.selectFrom("jobs").select("id").where(due).orderBy("run_at").limit(1),
        )
        .where(due)
        .returningAll()
        .executeTakeFirst();
      if (job) return job;
      const more = await db.selectFrom("jobs").select("id").where(due).limit(1).executeTakeFirst();
      if (!more) return undefined;
    }
    return undefined;
  }

  /** Run due jobs until none is left; returns how many ran. */
  async runDue(now?: () => Date): Promise<number> {
    let count = 0;
    for (;;) {
      const job = await this.claim(now?.());
      if (!job) return count;
      await this.execute(job);
      count++;
      if (this.stopping) return count;
    }
  }

  private async execute(job: Job): Promise<void> {
    const { db, handlers, logger, workerId, backoffBaseMs } = this.options;
    const handler = handlers[job.kind];
    const log = logger.child({ jobId: job.id, jobKind: job.kind, attempt: job.attempts });
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(JSON.parse(job.payload), job);
      await db
        .updateTable("jobs")
        .set({ status: "done", locked_by: null, locked_until: null, updated_at: nowIso() })
        .where("id", "=", job.id)
        .where("locked_by", "=", workerId)
        .execute();
      log.info("job done");
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const giveUp = job.attempts >= job.max_attempts;
      await db
        .updateTable("jobs")
        .set({
          status: giveUp ? "failed" : "queued",
          run_at: nowIso(new Date(Date.now() + backoffMs(job.attempts, backoffBaseMs))),
          locked_by: null,
          locked_until: null,
          last_error: message.slice(0, 2000),
          updated_at: nowIso(),
        })
        .where("id", "=", job.id)
        .where("locked_by", "=", workerId)
        .execute();
      log.warn({ err: message, giveUp }, giveUp ? "job failed for good" : "job failed, will retry");
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    const tick = () => {
      this.timer = undefined;
      this.running = this.runDue()
        .catch((e) => this.options.logger.error({ err: e }, "job worker error"))
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stop polling and wait for the job in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
