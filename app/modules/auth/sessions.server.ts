/**
 * Server-side sessions. The cookie holds a 128-bit random token; the database holds its
 * SHA-256 with the user, times and device. A new session (new id) is made at every log-in,
 * so an id planted before log-in is worthless (no session fixation). Sessions end after an
 * idle time and at an absolute time; disabling a user or changing a password ends them all.
 */
import type { DB } from "~/db/database.server";
import type { SessionRow } from "~/db/schema";
import { readCookie } from "~/lib/cookies";
import { nowIso, randomToken } from "~/lib/ids.server";
import { sha256 } from "./crypto.server";

export interface SessionSettings {
  https: boolean;
  idleMs: number;
  absoluteMs: number;
}

export function sessionCookieName(https: boolean): string {
  // The __Host- prefix pins the cookie to this host and path, but needs Secure.
  return https ? "__Host-spot_session" : "spot_session";
}

export function sessionCookie(token: string, s: SessionSettings): string {
  return `${sessionCookieName(s.https)}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(s.absoluteMs / 1000)}${s.https ? "; Secure" : ""}`;
}

export function clearSessionCookie(s: SessionSettings): string {
  return `${sessionCookieName(s.https)}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${s.https ? "; Secure" : ""}`;
}

export async function createSession(
  db: DB,
  userId: string,
  s: SessionSettings,
  {
    ip,
    userAgent,
    mfaPending = false,
    now = new Date(),
  }: { ip?: string; userAgent?: string | null; mfaPending?: boolean; now?: Date },
): Promise<{ token: string; id: string }> {
  const token = randomToken(16);
  const id = sha256(token);
  await db
    .insertInto("sessions")
    .values({
      id,
      user_id: userId,
      mfa_pending: mfaPending ? 1 : 0,
      created_at: nowIso(now),
      last_seen_at: nowIso(now),
      expires_at: new Date(now.getTime() + s.absoluteMs).toISOString(),
      ip: ip ?? null,
      user_agent: userAgent ? userAgent.slice(0, 300) : null,
    })
    .execute();
  return { token, id };
}

/** The valid session for this request, or undefined. Expired sessions are deleted. */
export async function findSession(
  db: DB,
  request: Request,
  s: SessionSettings,
  now = new Date(),
): Promise<SessionRow | undefined> {
  const token = readCookie(request, sessionCookieName(s.https));
  if (!token || token.length < 16 || token.length > 64) return undefined;
  const id = sha256(token);
  const row = await db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const nowMs = now.getTime();
  const idleExpired = new Date(row.last_seen_at).getTime() + s.idleMs <= nowMs;
  const absoluteExpired = new Date(row.expires_at).getTime() <= nowMs;
  if (idleExpired || absoluteExpired) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return undefined;
  }
  // Touch at most once a minute: enough for the idle time-out, cheap for the database.
  if (nowMs - new Date(row.last_seen_at).getTime() > 60_000) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: nowIso(now) })
      .where("id", "=", id)
      .execute();
  }
  return row;
}

export async function endSession(db: DB, id: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", id).execute();
}

/** End every session of a user, except one (the current, after a password change). */
export async function endAllSessions(db: DB, userId: string, exceptId?: string): Promise<number> {
  let q = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptId) q = q.where("id", "!=", exceptId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function listSessions(db: DB, userId: string): Promise<SessionRow[]> {
  return db
    .selectFrom("sessions")
    .selectAll()
    .where("user_id", "=", userId)
    .where("mfa_pending", "=", 0)
    .orderBy("last_seen_at", "desc")
    .execute();
}
