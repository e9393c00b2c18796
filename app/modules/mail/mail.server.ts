/**
 * Email. Every message is first written to the `mail_outbox` table (so nothing is lost), in the
 * same transaction as the change that causes it. With SMTP configured (SMTP_URL) a job sends
 * it through nodemailer, with retries; without SMTP the message stays in the outbox with
 * status "kept", readable by administrators in the platform.
 */
import nodemailer, { type Transporter } from "nodemailer";
import type { DB } from "~/db/database.server";
import { newId, nowIso } from "~/lib/ids.server";
import type { Logger } from "~/logger.server";
import { enqueueJob, type JobHandler } from "~/modules/jobs/queue.server";

export const MAIL_JOB = "mail.send";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Which template produced it (for the outbox overview and tests). */
  template: string;
}

export interface MailSettings {
  smtpUrl?: string;
  from: string;
}

/** Queue a message. Pass a transaction as `db` to make it part of a larger write. */
export async function queueMail(
  db: DB,
  settings: MailSettings,
  mail: OutgoingMail,
  logger?: Logger,
): Promise<string> {
  const id = newId();
  await db
    .insertInto("mail_outbox")
    .values({
      id,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html ?? null,
      template: mail.template,
      status: settings.smtpUrl ? "queued" : "kept",
      message_id: null,
      error: null,
      created_at: nowIso(),
      sent_at: null,
    })
    .execute();
  if (settings.smtpUrl) {
    await enqueueJob(db, { kind: MAIL_JOB, payload: { mailId: id }, uniqueKey: `mail:${id}` });
  } else {
    // No body in the log: it may hold a personal link.
    logger?.info(
      { mailId: id, template: mail.template },
      "no SMTP configured: mail kept in outbox",
    );
  }
  return id;
}

export function createTransport(smtpUrl: string): Transporter {
  const u = new URL(smtpUrl);
  return nodemailer.createTransport({
    host: u.hostname,
    port: u.port ? Number(u.port) : u.protocol === "smtps:" ? 465 : 587,
    secure: u.protocol === "smtps:",
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    // Local test sinks and internal relays may not offer TLS; STARTTLS is used when offered.
    tls: { rejectUnauthorized: u.searchParams.get("tlsRejectUnauthorized") !== "false" },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}

/** The job handler that sends one queued message. */
export function mailJobHandler(db: DB, settings: MailSettings, transport: Transporter): JobHandler {
  return async (payload, job) => {
    const { mailId } = payload as { mailId: string };
    const mail = await db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("id", "=", mailId)
      .executeTakeFirst();
    if (!mail || mail.status === "sent") return;
    try {
      const info = await transport.sendMail({
        from: settings.from,
        to: mail.to_address,
        subject: mail.subject,
        text: mail.text_body,
        html: mail.html_body ?? undefined,
      });
      await db
        .updateTable("mail_outbox")
        .set({ status: "sent", message_id: info.messageId ?? null, sent_at: nowIso(), error: null })
        .where("id", "=", mailId)
        .execute();
    } catch (e) {
      await db
        .updateTable("mail_outbox")
        .set({
          error: (e instanceof Error ? e.message : String(e)).slice(0, 1000),
          status: job.attempts >= job.max_attempts ? "failed" : "queued",
        })
        .where("id", "=", mailId)
        .execute();
      throw e;
    }
  };
}
