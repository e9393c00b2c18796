/**
 * Demo content, created on first start of an empty database in demo mode (DEMO is on unless
 * DEMO=0). Built from the same factories the tests use.
 */

import type { Insertable } from "kysely";
import { newId } from "~/lib/ids.server";
import type { Logger } from "~/logger.server";
import { importCatalogueIfEmpty } from "~/modules/advice/catalogue.server";
import { hashPassword } from "~/modules/auth/crypto.server";
import { latestInstrument } from "~/modules/scans/registry.server";
import { addMembership, insertUser } from "~/modules/users/users.server";
import type { DB } from "./database.server";
import { seedDemoCases } from "./demo-cases.server";
import { generateAnswers, insertCompletedScan, seededRandom } from "./demo-scans.server";
import { createCompany, createStory } from "./factories.server";
import { type IntakeRequestTable, ROLES, type Role, type User } from "./schema";

const DEMO_FLAG = "demo_seeded_at";

/** Demo log-ins (README): <role>@demo.spot035.nl with this password; 2FA is waived for them. */
export const DEMO_PASSWORD = "spot035-demo";
export const demoEmail = (role: string) => `${role}@demo.spot035.nl`;

const DEMO_NAMES: Record<(typeof ROLES)[number], string> = {
  entrepreneur: "Eva de Bakker",
  coordinator: "Coen Visser",
  expert: "Esra Yılmaz",
  student: "Sam Jansen",
  provider: "Pieter Media",
  partner: "Petra van Dijk",
  steering: "Stijn Hoekstra",
  admin: "Anna Beheer",
};

type DemoIntake = Partial<Insertable<IntakeRequestTable>> &
  Pick<
    Insertable<IntakeRequestTable>,
    | "question"
    | "contact_name"
    | "contact_email"
    | "company_name"
    | "employees"
    | "postcode"
    | "eligibility"
    | "created_at"
  >;

async function insertDemoIntake(db: DB, r: DemoIntake): Promise<void> {
  await db
    .insertInto("intake_requests")
    .values({
      id: newId(),
      response_id: null,
      company_id: null,
      user_id: null,
      contact_phone: null,
      kvk_number: null,
      sbi_section: null,
      legal_form: null,
      cbs_code: null,
      eligibility_reasons: null,
      heard_via: null,
      heard_via_detail: null,
      intake_preference: "media-park",
      lang: "nl",
      status: "new",
      handled_by: null,
      handled_at: null,
      reply: null,
      ...r,
    })
    .execute();
}

export async function isEmpty(db: DB): Promise<boolean> {
  const row = await db
    .selectFrom("companies")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export async function seedDemo(db: DB, logger?: Logger): Promise<boolean> {
  const done = await db
    .selectFrom("app_meta")
    .select("value")
    .where("key", "=", DEMO_FLAG)
    .executeTakeFirst();
  if (done || !(await isEmpty(db))) return false;
  // The action catalogue first: demo advice is proposed from it (no-op when already loaded).
  await importCatalogueIfEmpty(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (tx) => {
    const bakkerij = await createCompany(tx, {
      name: "Bakkerij De Gooische Korst",
      kvk_number: "90000001",
      sbi_section: "C",
      employees: 14,
      postcode: "1221AA",
      cbs_code: "GM0402",
    });
    const installateur = await createCompany(tx, {
      name: "Installatiebedrijf Vecht & Zon",
      kvk_number: "90000002",
      sbi_section: "F",
      employees: 38,
      postcode: "1231BC",
      cbs_code: "GM1696",
    });
    const zorg = await createCompany(tx, {
      name: "Zorgpraktijk Huizen",
      kvk_number: "90000003",
      sbi_section: "R",
      employees: 22,
      postcode: "1271KL",
      cbs_code: "GM0406",
    });
    const mediaPark = await createCompany(tx, {
      name: "Media Park Digital Works",
      kind: "provider",
      kvk_number: "90000004",
      sbi_section: "K",
      employees: 60,
      postcode: "1217WE",
      cbs_code: "GM0402",
    });
    const day = 86_400_000;
    await createStory(tx, {
      company_id: bakkerij.id,
      theme: "ecommerce",
      title_nl: "Van telefoonbestelling naar webwinkel",
      title_en: "From phone orders to an online shop",
      summary_nl:
        "De bakkerij nam elke ochtend tientallen bestellingen per telefoon aan. Met studenten van het mbo bouwde ze een eenvoudige bestelsite. Nu komt de helft van de bestellingen online binnen.",
      summary_en:
        "The bakery took dozens of phone orders every morning. With vocational students it built a simple ordering site. Half of the orders now come in online.",
      published_at: new Date(Date.now() - 20 * day).toISOString(),
    });
    await createStory(tx, {
      company_id: installateur.id,
      theme: "automation",
      title_nl: "Planning zonder whiteboard",
      title_en: "Scheduling without a whiteboard",
      summary_nl:
        "Monteurs kregen hun klussen op een whiteboard. Een adviseur hielp kiezen voor planningssoftware in de cloud. Er gaan nu minder uren verloren aan heen en weer rijden.",
      summary_en:
        "Technicians got their jobs from a whiteboard. An adviser helped choose cloud scheduling software. Fewer hours are now lost driving back and forth.",
      published_at: new Date(Date.now() - 9 * day).toISOString(),
    });
    await createStory(tx, {
      company_id: zorg.id,
      theme: "cybersecurity",
      title_nl: "Veilig werken met patiëntgegevens",
      title_en: "Working safely with patient data",
      summary_nl:
        "Na de cybercheck zette de praktijk tweestapsverificatie aan en maakt ze elke nacht een back-up buiten de deur. Het team volgde samen een training over phishing.",
      summary_en:
        "After the cyber check the practice turned on two-step verification and now backs up off-site every night. The team took a phishing training together.",
      published_at: new Date(Date.now() - 3 * day).toISOString(),
    });
    // Twelve other manufacturers of 10–49 staff in the region took the quickscan: enough for a
    // comparison group on the bakery's result page.
    const quickscan = latestInstrument("quickscan");
    if (quickscan) {
      const rnd = seededRandom(1035);
      for (let i = 0; i < 12; i++) {
        await insertCompletedScan(tx, {
          inst: quickscan,
          answers: generateAnswers(quickscan, rnd, 0.25 + 0.5 * rnd()),
          completedAt: new Date(Date.now() - (10 + i * 9) * day),
          sbiSection: "C",
          sizeBand: "10-49",
          cbsCode: ["GM0402", "GM1942", "GM0406", "GM0376"][i % 4]!,
        });
      }
    }
    // Two more requests from companies without an account: one whose postcode spans two
    // municipalities (a coordinator decides), and one sole trader (kindly referred elsewhere).
    await insertDemoIntake(tx, {
      question: "Onze website is verouderd en we weten niet waar we moeten beginnen.",
      contact_name: "Mila Verhoef",
      contact_email: "mila@voorbeeld-kapsalon.nl",
      company_name: "Kapsalon Mila (demo)",
      sbi_section: "T",
      employees: 6,
      postcode: "1216AB",
      cbs_code: null,
      eligibility: "ambiguous",
      eligibility_reasons: JSON.stringify({
        reasons: [],
        cbsCodes: ["GM0402", "GM1696"],
        checkedWith: "form",
        kvkStatus: "none",
      }),
      heard_via: "social-media",
      created_at: new Date(Date.now() - 2 * day).toISOString(),
    });
    await insertDemoIntake(tx, {
      question: "Ik wil als zzp'er beter gevonden worden online.",
      contact_name: "Tom de Wit",
      contact_email: "tom@voorbeeld-zzp.nl",
      company_name: "Tom de Wit Fotografie (demo)",
      sbi_section: "N",
      employees: 1,
      postcode: "1211AA",
      cbs_code: "GM0402",
      legal_form: "Eenmanszaak",
      eligibility: "ineligible",
      eligibility_reasons: JSON.stringify({
        reasons: ["sole-trader"],
        checkedWith: "form",
        kvkStatus: "none",
      }),
      heard_via: "regional-media",
      created_at: new Date(Date.now() - 1 * day).toISOString(),
    });
    const users: Partial<Record<Role, User>> = {};
    for (const role of ROLES) {
      const user = await insertUser(tx, {
        email: demoEmail(role),
        name: DEMO_NAMES[role],
        passwordHash,
        roles: [role],
        emailVerified: true,
        isDemo: true,
        studentLevel: role === "student" ? "hbo" : null,
        studentInstitution: role === "student" ? "Hogeschool Gooi en Vecht (demo)" : null,
      });
      if (role === "entrepreneur") {
        await addMembership(tx, user.id, bakkerij.id, "owner");
        // The bakery took the quickscan twice: a T0 two months ago and a T1 last week.
        const quick = latestInstrument("quickscan");
        if (quick) {
          const rnd = seededRandom(35);
          const company = {
            userId: user.id,
            companyId: bakkerij.id,
            sbiSection: "C",
            sizeBand: "10-49",
            cbsCode: "GM0402",
          };
          await insertCompletedScan(tx, {
            inst: quick,
            answers: generateAnswers(quick, rnd, 0.3),
            completedAt: new Date(Date.now() - 60 * day),
            ...company,
          });
          const latest = await insertCompletedScan(tx, {
            inst: quick,
            answers: generateAnswers(quick, rnd, 0.55),
            completedAt: new Date(Date.now() - 7 * day),
            ...company,
          });
          // …and asked for help with it: a request waiting for a coordinator.
          await insertDemoIntake(tx, {
            response_id: latest,
            company_id: bakkerij.id,
            user_id: user.id,
            question:
              "We krijgen elke ochtend veel bestellingen per telefoon. Hoe kunnen klanten online bestellen zonder dat het ons meer werk kost?",
            contact_name: user.name,
            contact_email: user.email,
            company_name: bakkerij.name,
            kvk_number: bakkerij.kvk_number,
            sbi_section: "C",
            employees: 14,
            postcode: "1221AA",
            cbs_code: "GM0402",
            eligibility: "eligible",
            eligibility_reasons: JSON.stringify({
              reasons: [],
              checkedWith: "form",
              kvkStatus: "none",
            }),
            heard_via: "business-association",
            created_at: new Date(Date.now() - 6 * day).toISOString(),
          });
        }
      }
      if (role === "provider") await addMembership(tx, user.id, mediaPark.id, "owner");
      users[role] = user;
    }
    await seedDemoCases(tx, users, { installer: installateur.id, care: zorg.id });
    await tx
      .insertInto("app_meta")
      .values({ key: DEMO_FLAG, value: new Date().toISOString() })
      .execute();
  });
  logger?.info("demo content created");
  return true;
}
