/**
 * The audit log: who did what to which record, when, from where, with what result. Written for
 * every security event (log-in, failures, 2FA, password and email changes, sessions ended)
 * and every change of roles, invitations and disabling.
 */
import type { DB } from "~/db/database.server";
import type { AuditEntry } from "~/db/schema";
import { newId, nowIso } from "~/lib/ids.server";

export interface AuditEvent {
  actorId?: string | null;
  actorEmail?: string | null;
  action: string;
  targetType?: string;
  targetId?: string | null;
  ip?: string | null;
  result?: "ok" | "denied" | "failed";
  /** Never a secret: no passwords, tokens or codes. */
  details?: Record<string, unknown>;
}

export async function recordAudit(db: DB, e: AuditEvent): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      id: newId(),
      at: nowIso(),
      actor_id: e.actorId ?? null,
      actor_email: e.actorEmail ?? null,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      ip: e.ip ?? null,
      result: e.result ?? "ok",
      details: e.details ? JSON.stringify(e.details) : null,
    })
    .execute();
}

export interface AuditQuery {
  action?: string;
  actorId?: string;
  /** Exact (lower-cased) address, also for failed log-ins that have no actor id. */
  actorEmail?: string;
  targetId?: string;
  result?: "ok" | "denied" | "failed";
  before?: string;
  /** With `before`: the `id` of the last row seen, so rows with the same time are not skipped. */
  beforeId?: string;
  limit?: number;
}

/** Newest first; page with `before` (the `at` of the last row seen). */
export async function listAudit(db: DB, q: AuditQuery = {}): Promise<AuditEntry[]> {
  let query = db.selectFrom("audit_log").selectAll().orderBy("at", "desc").orderBy("id", "desc");
  if (q.action) query = query.where("action", "like", `${q.action}%`);
  if (q.actorId) query = query.where("actor_id", "=", q.actorId);
  if (q.targetId) query = query.where("target_id", "=", q.targetId);
  if (q.result) query = query.where("result", "=", q.result);
  if (q.actorEmail) query = query.where("actor_email", "=", q.actorEmail.trim().toLowerCase());
  if (q.before && q.beforeId) {
    const { before, beforeId } = q;
    query = query.where((eb) =>
      eb.or([eb("at", "<", before), eb.and([eb("at", "=", before), eb("id", "<", beforeId)])]),
    );
  } else if (q.before) query = query.where("at", "<", q.before);
  return query.limit(Math.min(q.limit ?? 50, 200)).execute();
}
