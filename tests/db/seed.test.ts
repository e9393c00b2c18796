import { expect, it } from "vitest";
import { loadRegion } from "~/config.server";
import type { DB } from "~/db/database.server";
import { createCompany, createStory } from "~/db/factories.server";
import { isEmpty, seedDemo } from "~/db/seed.server";
import { listPublishedStories } from "~/modules/content/stories.server";
import { loadReferenceData } from "~/modules/reference/reference.server";
import { isTheme } from "~/modules/reference/themes";
import { describeEachDialect } from "../support/db";

async function counts(db: DB) {
  const companies = await db
    .selectFrom("companies")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const stories = await db
    .selectFrom("stories")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { companies: Number(companies.n), stories: Number(stories.n) };
}

describeEachDialect("demo seed", (get) => {
  it("fills an empty database with companies and published stories", async () => {
    const { db } = get().handle;
    expect(await isEmpty(db)).toBe(true);
    expect(await seedDemo(db)).toBe(true);
    expect(await isEmpty(db)).toBe(false);

    const { companies, stories } = await counts(db);
    expect(companies).toBeGreaterThan(0);
    expect(stories).toBeGreaterThan(0);
    const rows = await db.selectFrom("stories").selectAll().execute();
    for (const s of rows) {
      expect(s.published_at, `story ${s.title_nl} is published`).not.toBeNull();
      expect(Date.parse(s.published_at!)).toBeLessThanOrEqual(Date.now());
      expect(isTheme(s.theme), `theme ${s.theme}`).toBe(true);
      expect(s.title_nl).not.toBe(s.title_en);
    }
    // The home page shows them.
    expect((await listPublishedStories(db, { lang: "nl", limit: 10 })).length).toBe(stories);
  });

  it("demo companies are real companies of the region: postcode, municipality and SBI section agree", async () => {
    const { db } = get().handle;
    const reference = loadReferenceData(loadRegion("config/region.gooi-en-vechtstreek.json"));
    const sections = new Set(reference.sbiSections.map((s) => s.code));
    const beforeMerger = new Date("2026-06-01T12:00:00Z");
    for (const c of await db.selectFrom("companies").selectAll().execute()) {
      expect(sections.has(c.sbi_section ?? ""), `${c.name} SBI ${c.sbi_section}`).toBe(true);
      expect(reference.lookupPostcode(c.postcode ?? "", beforeMerger), c.name).toEqual({
        kind: "inside",
        cbsCode: c.cbs_code,
      });
      expect(c.employees).toBeGreaterThanOrEqual(2);
      expect(c.employees).toBeLessThanOrEqual(250);
    }
  });

  it("demo cases run through the journey: one in analysis, one in realisation, with teams", async () => {
    const { db } = get().handle;
    const cases = await db
      .selectFrom("cases")
      .innerJoin("companies", "companies.id", "cases.company_id")
      .select(["cases.id", "cases.phase", "companies.name"])
      .orderBy("companies.name")
      .execute();
    expect(cases.map((c) => [c.name, c.phase])).toEqual([
      ["Installatiebedrijf Vecht & Zon", "analysis"],
      ["Zorgpraktijk Huizen", "realisation"],
    ]);
    const team = await db
      .selectFrom("case_members")
      .innerJoin("users", "users.id", "case_members.user_id")
      .select(["users.email", "case_members.case_role"])
      .where("case_members.case_id", "=", cases[0]!.id)
      .orderBy("users.email")
      .execute();
    expect(team.map((m) => [m.email, m.case_role])).toEqual([
      ["coordinator@demo.spot035.nl", "lead"],
      ["expert@demo.spot035.nl", "expert"],
      ["student@demo.spot035.nl", "student"],
    ]);
    // The bakery's help request still waits, so it can be accepted in the demo.
    const bakery = await db
      .selectFrom("intake_requests")
      .select("status")
      .where("company_name", "=", "Bakkerij De Gooische Korst")
      .executeTakeFirstOrThrow();
    expect(bakery.status).toBe("new");
  });

  it("a second start adds nothing", async () => {
    const { db } = get().handle;
    const before = await counts(db);
    expect(await seedDemo(db)).toBe(false);
    expect(await counts(db)).toEqual(before);
  });

  it("demo content that was removed is not brought back", async () => {
    const { db } = get().handle;
    await db.deleteFrom("stories").execute();
    // A company with cases cannot go while its cases exist (nothing recorded is lost).
    await db.deleteFrom("cases").execute();
    await db.deleteFrom("companies").execute();
    expect(await isEmpty(db)).toBe(true);
    expect(await seedDemo(db)).toBe(false);
    expect(await counts(db)).toEqual({ companies: 0, stories: 0 });
  });
});

describeEachDialect("demo seed on a database in use", (get) => {
  it("adds nothing to a database that already has companies", async () => {
    const { db } = get().handle;
    await createCompany(db, { name: "Echt Bedrijf BV" });
    expect(await seedDemo(db)).toBe(false);
    expect(await counts(db)).toEqual({ companies: 1, stories: 0 });
  });
});

describeEachDialect("published stories", (get) => {
  it("lists the newest published stories first, in the reader's language, without drafts", async () => {
    const { db } = get().handle;
    const day = 86_400_000;
    const ago = (n: number) => new Date(Date.now() - n * day).toISOString();
    const company = await createCompany(db, { name: "Vecht & Zon" });
    await createStory(db, {
      company_id: company.id,
      title_nl: "Oud verhaal",
      title_en: "Old story",
      published_at: ago(30),
    });
    await createStory(db, {
      company_id: null,
      title_nl: "Nieuwste verhaal",
      title_en: "Newest story",
      summary_nl: "Samenvatting",
      summary_en: "Summary",
      published_at: ago(1),
    });
    await createStory(db, { title_nl: "Middel", title_en: "Middle", published_at: ago(10) });
    await createStory(db, { title_nl: "Concept", title_en: "Draft", published_at: null });

    const nl = await listPublishedStories(db, { lang: "nl", limit: 10 });
    expect(nl.map((s) => s.title)).toEqual(["Nieuwste verhaal", "Middel", "Oud verhaal"]);
    expect(nl[0]!.summary).toBe("Samenvatting");
    expect(nl[0]!.companyName).toBeNull();
    expect(nl[2]!.companyName).toBe("Vecht & Zon");

    const en = await listPublishedStories(db, { lang: "en", limit: 10 });
    expect(en.map((s) => s.title)).toEqual(["Newest story", "Middle", "Old story"]);
    expect(en[0]!.summary).toBe("Summary");
    expect(en.map((s) => s.title)).not.toContain("Draft");

    // The home page asks for the three newest.
    const home = await listPublishedStories(db, { lang: "en" });
    expect(home.map((s) => s.title)).toEqual(["Newest story", "Middle", "Old story"]);
    const two = await listPublishedStories(db, { lang: "en", limit: 2 });
    expect(two.map((s) => s.title)).toEqual(["Newest story", "Middle"]);
  });
});
