/**
 * Finding the company for a case a coordinator opens by hand (/casussen/nieuw): small and
 * medium-sized companies (kind "sme") by name or KvK number. Searched in SQL, a short list.
 */
import type { DB } from "~/db/database.server";
import { isCaseId } from "./cases.server";

export interface CompanyChoice {
  id: string;
  name: string;
  kvkNumber: string | null;
  municipality: string | null;
}

export const COMPANY_SEARCH_LIMIT = 20;

/** SME companies whose name contains `term`, or whose KvK number starts with its digits. */
export async function searchSmeCompanies(
  db: DB,
  term: string,
  limit = COMPANY_SEARCH_LIMIT,
): Promise<CompanyChoice[]> {
  const text = term.trim().toLowerCase();
  if (!text) return [];
  const digits = text.replace(/[\s.]/g, "");
  const rows = await db
    .selectFrom("companies")
    .select(["id", "name", "kvk_number", "cbs_code"])
    .where("kind", "=", "sme")
    .where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["name"]), "like", `%${text}%`),
        ...(/^\d{2,8}$/.test(digits) ? [eb("kvk_number", "like", `${digits}%`)] : []),
      ]),
    )
    .orderBy("name")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kvkNumber: r.kvk_number,
    municipality: r.cbs_code,
  }));
}

/** One SME company by id (undefined for anything else: another kind, a malformed id). */
export async function findSmeCompany(db: DB, id: string): Promise<CompanyChoice | undefined> {
  if (!isCaseId(id)) return undefined;
  const r = await db
    .selectFrom("companies")
    .select(["id", "name", "kvk_number", "cbs_code"])
    .where("id", "=", id)
    .where("kind", "=", "sme")
    .executeTakeFirst();
  return r
    ? { id: r.id, name: r.name, kvkNumber: r.kvk_number, municipality: r.cbs_code }
    : undefined;
}
