/**
 * Factories shared by the tests and the demo seed. Each creates what it needs and takes
 * overrides for anything a test cares about.
 */
import { newId, nowIso } from "~/lib/ids.server";
import type { DB } from "./database.server";
import type { Company, NewCompany, Story, StoryTable } from "./schema";

let counter = 0;
const seq = () => ++counter;

export async function createCompany(db: DB, overrides: Partial<NewCompany> = {}): Promise<Company> {
  const n = seq();
  const now = nowIso();
  const row = {
    id: newId(),
    name: `Testbedrijf ${n}`,
    kvk_number: null,
    kind: "sme" as const,
    sbi_section: "G",
    employees: 12,
    postcode: "1211AB",
    cbs_code: "GM0402",
    created_at: now,
    updated_at: now,
    ...overrides,
  };
  await db.insertInto("companies").values(row).execute();
  return row as Company;
}

export async function createStory(
  db: DB,
  overrides: Partial<StoryTable> & { company_id?: string | null } = {},
): Promise<Story> {
  const n = seq();
  const row: Story = {
    id: newId(),
    company_id: null,
    theme: "ecommerce",
    title_nl: `Verhaal ${n}`,
    title_en: `Story ${n}`,
    summary_nl: "Een korte samenvatting.",
    summary_en: "A short summary.",
    published_at: nowIso(),
    created_at: nowIso(),
    ...overrides,
  };
  if (overrides.company_id === undefined) {
    row.company_id = (await createCompany(db)).id;
  }
  await db.insertInto("stories").values(row).execute();
  return row;
}
