/**
 * Single-use tokens sent by email (log-in link, email verification, password reset,
 * invitation, email change). Stored as SHA-256; consumed atomically, so a link works once.
 */
import type { DB } from "~/db/database.server";
import type { TokenKind } from "~/db/schema";
import { newId, nowIso, randomToken } from "~/lib/ids.server";
import { sha256 } from "./crypto.server";

export const TOKEN_TTL_MS: Record<TokenKind, number> = {
  login_link: 10 * 60_000,
  verify_email: 48 * 3_600_000,
  reset_password: 60 * 60_000,
  invite: 7 * 24 * 3_600_000,
  email_change: 24 * 3_600_000,
  scan_resume: 30 * 24 * 3_600_000,
};

export async function issueToken(
  db: DB,
  kind: TokenKind,
  {
    userId,
    email,
    payload,
    now = new Date(),
  }: { userId?: string | null; email: string; payload?: unknown; now?: Date },
): Promise<string> {
  const token = randomToken(32);
  await db
    .insertInto("auth_tokens")
    .values({
      id: newId(),
      token_hash: sha256(token),
      kind,
      user_id: userId ?? null,
      email: email.toLowerCase(),
      payload: payload === undefined ? null : JSON.stringify(payload),
      expires_at: new Date(now.getTime() + TOKEN_TTL_MS[kind]).toISOString(),
      used_at: null,
      created_at: nowIso(now),
    })
    .execute();
  return token;
}

export type TokenProblem = "invalid" | "expired" | "used";

export interface TokenRecord {
  id: string;
  userId: string | null;
  email: string;
  payload: unknown;
}

/** Look at a token without using it (to show the right page). */
export async function peekToken(
  db: DB,
  kind: TokenKind,
  token: string,
  now = new Date(),
): Promise<
  { ok: true; record: TokenRecord } | { ok: false; problem: TokenProblem; email?: string }
> {
  if (typeof token !== "string" || token.length < 20 || token.length > 100)
    return { ok: false, problem: "invalid" };
  const row = await db
    .selectFrom("auth_tokens")
    .selectAll()
    .where("token_hash", "=", sha256(token))
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (!row) return { ok: false, problem: "invalid" };
  if (row.used_at) return { ok: false, problem: "used", email: row.email };
  if (row.expires_at <= now.toISOString())
    return { ok: false, problem: "expired", email: row.email };
  return {
    ok: true,
    record: {
      id: row.id,
      userId: row.user_id,
      email: row.email,
      payload: row.payload ? JSON.parse(row.payload) : null,
    },
  };
}

/** Use a token: succeeds once, and only before it expires. */
export async function consumeToken(
  db: DB,
  kind: TokenKind,
  token: string,
  now = new Date(),
): Promise<
  { ok: true; record: TokenRecord } | { ok: false; problem: TokenProblem; email?: string }
> {
  const peek = await peekToken(db, kind, token, now);
  if (!peek.ok) return peek;
  const updated = await db
    .updateTable("auth_tokens")
    .set({ used_at: nowIso(now) })
    .where("id", "=", peek.record.id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1)
    return { ok: false, problem: "used", email: peek.record.email };
  return peek;
}

/** Invalidate a user's open tokens of a kind (e.g. older reset links after a reset). */
export async function revokeTokens(db: DB, kind: TokenKind, userId: string): Promise<void> {
  await db
    .updateTable("auth_tokens")
    .set({ used_at: nowIso() })
    .where("kind", "=", kind)
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .execute();
}
