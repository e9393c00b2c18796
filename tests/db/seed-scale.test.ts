/**
 * The scale data generator (scripts/seed-scale.ts) at its tiny size: the counts it promises,
 * the demo accounts still there, every foreign key pointing at a row, and stored scores equal
 * to what the instrument's scoring makes of the stored answers.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { seedDemo } from "~/db/seed.server";
import { instrumentFor, loadAnswers } from "~/modules/scans/responses.server";
import { score } from "~/modules/scans/scoring";
import { SIZES, seedScale } from "../../scripts/seed-scale";
import { describeEachDialect } from "../support/db";

describeEachDialect("scale data generator", (get, dialect) => {
  it("fills a fresh database with the tiny size, consistently", async () => {
    const { handle } = get();
    const { db } = handle;
    const stats = await seedScale(handle, "tiny", { batch: 50, seedDemo });
    const size = SIZES.tiny;
    expect(stats.counts.companies).toBe(size.companies);
    expect(stats.counts.users).toBe(size.users);
    expect(stats.counts.scan_responses).toBe(size.scans);
    expect(stats.counts.intake_requests).toBe(size.intakes);
    expect(stats.counts.scan_answers).toBeGreaterThan(size.scans * 5);
    expect(stats.bytes).toBeGreaterThan(0);

    // The demo log-ins still work on a generated database.
    const demo = await db
      .selectFrom("users")
      .select("email")
      .where("email", "=", "coordinator@demo.spot035.nl")
      .executeTakeFirst();
    expect(demo).toBeDefined();

    // Completed responses carry the scores their answers give.
    const completed = await db
      .selectFrom("scan_responses")
      .selectAll()
      .where("status", "=", "completed")
      .limit(25)
      .execute();
    expect(completed.length).toBeGreaterThan(0);
    for (const r of completed) {
      const s = score(instrumentFor(r), await loadAnswers(db, r.id));
      expect(r.overall).toBe(s.overall);
      expect(JSON.parse(r.scores!)).toEqual(JSON.parse(JSON.stringify(s)));
    }

    // Every foreign key holds (PostgreSQL enforces them on insert).
    if (dialect === "sqlite") {
      const broken = await sql`pragma foreign_key_check`.execute(db);
      expect(broken.rows).toEqual([]);
    }

    // Not a second time: the database must be fresh.
    await expect(seedScale(handle, "tiny")).rejects.toThrow(/not fresh/);
  });
});
