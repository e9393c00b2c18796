/**
 * Recovery codes for two-factor authentication: ten single-use codes, shown once, stored as
 * SHA-256 (they are long random strings, so a fast hash is enough).
 */
import { randomBytes } from "node:crypto";
import type { DB } from "~/db/database.server";
import { newId, nowIso } from "~/lib/ids.server";
import { sha256 } from "./crypto.server";

const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newCode(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
}

/** Replace a user's recovery codes with ten new ones; returns them (show once). */
export async function regenerateRecoveryCodes(db: DB, userId: string): Promise<string[]> {
  const codes = Array.from({ length: 10 }, newCode);
  await db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  const now = nowIso();
  await db
    .insertInto("recovery_codes")
    .values(
      codes.map((c) => ({
        id: newId(),
        user_id: userId,
        code_hash: sha256(c),
        used_at: null,
        created_at: now,
      })),
    )
    .execute();
  return codes;
}

export async function consumeRecoveryCode(db: DB, userId: string, code: string): Promise<boolean> {
  const r = await db
    .updateTable("recovery_codes")
    .set({ used_at: nowIso() })
    .where("user_id", "=", userId)
    .where("code_hash", "=", sha256(code.toLowerCase()))
    .where("used_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function remainingRecoveryCodes(db: DB, userId: string): Promise<number> {
  const row = await db
    .selectFrom("recovery_codes")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
