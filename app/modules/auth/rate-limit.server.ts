/**
 * Abuse limits, counted in the database so they hold across app instances. A fixed window
 * per key: `limit` hits per `windowSeconds`; past that, `retryAfterSeconds` says when to
 * come back (sent as Retry-After with a 429).
 */
import { sql } from "kysely";
import type { DB } from "~/db/database.server";

export interface Limit {
  limit: number;
  windowSeconds: number;
}

export const LIMITS = {
  loginPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  loginPerAddress: { limit: 50, windowSeconds: 15 * 60 },
  emailLinkPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  emailLinkPerAddress: { limit: 30, windowSeconds: 60 * 60 },
  signupPerAddress: { limit: 10, windowSeconds: 60 * 60 },
  resetPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  resetPerAddress: { limit: 30, windowSeconds: 60 * 60 },
  twoFactorPerAccount: { limit: 10, windowSeconds: 15 * 60 },
  // Help questions (/hulpvraag): a public form that sends email.
  intakePerAddress: { limit: 20, windowSeconds: 60 * 60 },
  intakePerEmail: { limit: 5, windowSeconds: 60 * 60 },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

export interface LimitResult {
  ok: boolean;
  retryAfterSeconds: number;
}

export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("rate limited");
  }
}

/** Count one hit on `key`; says whether it is within the limit. */
export async function hitLimit(
  db: DB,
  name: LimitName,
  subject: string,
  { factor = 1, now = new Date() }: { factor?: number; now?: Date } = {},
): Promise<LimitResult> {
  const { limit, windowSeconds } = LIMITS[name];
  const windowMs = Math.max(1000, windowSeconds * 1000 * factor);
  const key = `${name}:${subject.toLowerCase()}`;
  const nowIso = now.toISOString();
  const staleBefore = new Date(now.getTime() - windowMs).toISOString();
  const row = await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("rate_limits")
      .values({ key, window_start: nowIso, count: 1 })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          count: sql`case when rate_limits.window_start < ${staleBefore} then 1 else rate_limits.count + 1 end`,
          window_start: sql`case when rate_limits.window_start < ${staleBefore} then ${nowIso} else rate_limits.window_start end`,
        }),
      )
      .execute();
    return tx
      .selectFrom("rate_limits")
      .selectAll()
      .where("key", "=", key)
      .executeTakeFirstOrThrow();
  });
  if (row.count <= limit) return { ok: true, retryAfterSeconds: 0 };
  const resetAt = new Date(row.window_start).getTime() + windowMs;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now.getTime()) / 1000)) };
}

/** Hit several limits; throws RateLimitedError with the longest wait if any is exceeded. */
export async function enforceLimits(
  db: DB,
  hits: [LimitName, string][],
  options: { factor?: number; now?: Date } = {},
): Promise<void> {
  let wait = 0;
  for (const [name, subject] of hits) {
    if (!subject) continue;
    const r = await hitLimit(db, name, subject, options);
    if (!r.ok) wait = Math.max(wait, r.retryAfterSeconds);
  }
  if (wait > 0) throw new RateLimitedError(wait);
}
