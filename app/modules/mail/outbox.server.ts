/**
 * Reading the mail outbox (administration). Without SMTP this is where the platform shows the
 * emails it would have sent; with SMTP it shows what was sent and what failed.
 */
import type { DB } from "~/db/database.server";
import type { MailRecord } from "~/db/schema";

export type OutboxItem = Pick<
  MailRecord,
  "id" | "to_address" | "subject" | "template" | "status" | "created_at" | "sent_at"
>;

export interface OutboxQuery {
  status?: MailRecord["status"];
  /** Newest first; page with the `created_at` and `id` of the last row seen. */
  before?: { at: string; id: string };
  limit?: number;
}

export async function listOutbox(db: DB, q: OutboxQuery = {}): Promise<OutboxItem[]> {
  let query = db
    .selectFrom("mail_outbox")
    .select(["id", "to_address", "subject", "template", "status", "created_at", "sent_at"])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc");
  if (q.status) query = query.where("status", "=", q.status);
  if (q.before) {
    const { at, id } = q.before;
    query = query.where((eb) =>
      eb.or([eb("created_at", "<", at), eb.and([eb("created_at", "=", at), eb("id", "<", id)])]),
    );
  }
  return query.limit(Math.min(q.limit ?? 50, 200)).execute();
}

export async function findOutboxMail(db: DB, id: string): Promise<MailRecord | undefined> {
  return db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirst();
}
