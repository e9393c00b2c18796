/**
 * The running platform: configuration, logger, database, reference data, mail and the job
 * worker, created once per process. The HTTP server (server/main.ts) calls `startRuntime()`
 * before it listens and `stopRuntime()` when it drains; loaders and actions use `runtime()`.
 */
import { hostname } from "node:os";
import type { Transporter } from "nodemailer";
import { type Config, getConfig } from "~/config.server";
import {
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
  pingDatabase,
} from "~/db/database.server";
import { seedDemo } from "~/db/seed.server";
import { randomToken } from "~/lib/ids.server";
import { createLogger, type Logger } from "~/logger.server";
import { importCatalogueIfEmpty } from "~/modules/advice/catalogue.server";
import { type JobHandler, JobWorker } from "~/modules/jobs/queue.server";
import {
  createTransport,
  MAIL_JOB,
  type MailSettings,
  mailJobHandler,
} from "~/modules/mail/mail.server";
import { loadReferenceData, type ReferenceData } from "~/modules/reference/reference.server";
import { SCAN_REMINDER_JOB, scanReminderHandler } from "~/modules/scans/resume.server";

export interface Runtime {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  db: DatabaseHandle["db"];
  reference: ReferenceData;
  mail: MailSettings;
  worker: JobWorker;
}

let starting: Promise<Runtime> | undefined;
let current: Runtime | undefined;

async function start(options: { worker?: boolean } = {}): Promise<Runtime> {
  const config = getConfig();
  const logger = createLogger(config.logLevel);
  const reference = loadReferenceData(config.region);
  const database = openDatabase(config.databaseUrl);
  try {
    const applied = await migrateToLatest(database);
    if (applied.length) logger.info({ migrations: applied }, "database migrated");
    // The action catalogue (reference/actions.json): validated at every start, loaded when empty.
    const actions = await importCatalogueIfEmpty(database.db);
    if (actions) logger.info({ actions }, "action catalogue loaded");
    if (config.demo && (await seedDemo(database.db, logger))) {
      logger.info("demo mode: demo content and accounts are in the README");
    }
  } catch (e) {
    await database.close().catch(() => {});
    throw e;
  }
  const mail: MailSettings = { smtpUrl: config.smtpUrl, from: config.mailFrom };
  let transport: Transporter | undefined;
  const rt = { config, logger, database, db: database.db, reference, mail } as Runtime;
  const handlers: Record<string, JobHandler> = {};
  if (config.smtpUrl) {
    transport = createTransport(config.smtpUrl);
    handlers[MAIL_JOB] = mailJobHandler(database.db, mail, transport);
  }
  handlers[SCAN_REMINDER_JOB] = scanReminderHandler({
    db: database.db,
    mail,
    publicUrl: config.publicUrl,
    siteName: config.region.branding.name,
    logger,
  });
  rt.worker = new JobWorker({
    db: database.db,
    handlers,
    logger,
    workerId: `${hostname()}:${process.pid}:${randomToken(4)}`,
    pollMs: config.jobPollMs,
  });
  if (options.worker !== false) rt.worker.start();
  logger.info(
    { database: database.description, demo: config.demo, smtp: Boolean(config.smtpUrl) },
    "runtime started",
  );
  current = rt;
  return rt;
}

/** Start once; later calls return the same runtime. */
export function startRuntime(options: { worker?: boolean } = {}): Promise<Runtime> {
  starting ??= start(options).catch((e) => {
    starting = undefined;
    throw e;
  });
  return starting;
}

/** The runtime, starting it on first use (the dev server has no explicit start). */
export function runtime(): Promise<Runtime> {
  return current ? Promise.resolve(current) : startRuntime();
}

export async function stopRuntime(): Promise<void> {
  const rt = current;
  current = undefined;
  starting = undefined;
  if (!rt) return;
  await rt.worker.stop();
  await rt.database.close();
  rt.logger.info("runtime stopped");
}

export async function health(): Promise<{
  ok: boolean;
  database: "ok" | "unreachable";
  dialect?: string;
}> {
  const rt = current;
  if (!rt) return { ok: false, database: "unreachable" };
  try {
    await pingDatabase(rt.db);
    return { ok: true, database: "ok", dialect: rt.database.dialect };
  } catch {
    return { ok: false, database: "unreachable", dialect: rt.database.dialect };
  }
}
