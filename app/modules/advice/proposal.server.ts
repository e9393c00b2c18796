/**
 * The proposal's input from the database: the case's linked scans (case_scans → scan_responses →
 * scan_answers, scores JSON), the case's question and the company's sector and size.
 */
import type { DB } from "~/db/database.server";
import type { Lang, ProposalInput, Proposed } from "./catalogue";
import { activeCatalogue } from "./catalogue.server";
import { proposeActions } from "./proposal";

/**
 * Collect a case's data for proposeActions. Per instrument the latest completed linked scan
 * counts (scores from its stored `scores` JSON); when an instrument has no completed scan, the
 * latest one in progress gives its answers (no scores: an unfinished scan's scores are partial).
 * Returns undefined when the case does not exist.
 */
export async function buildProposalInput(
  db: DB,
  caseId: string,
): Promise<ProposalInput | undefined> {
  const c = await db
    .selectFrom("cases")
    .innerJoin("companies", "companies.id", "cases.company_id")
    .select(["cases.question", "cases.problem", "companies.sbi_section", "companies.employees"])
    .where("cases.id", "=", caseId)
    .executeTakeFirst();
  if (!c) return undefined;

  const scans = await db
    .selectFrom("case_scans")
    .innerJoin("scan_responses", "scan_responses.id", "case_scans.response_id")
    .select([
      "scan_responses.id",
      "scan_responses.instrument_id",
      "scan_responses.status",
      "scan_responses.scores",
      "scan_responses.sbi_section",
      "scan_responses.completed_at",
      "scan_responses.updated_at",
    ])
    .where("case_scans.case_id", "=", caseId)
    .execute();
  // Completed before in progress, newest first.
  scans.sort(
    (a, b) =>
      Number(b.status === "completed") - Number(a.status === "completed") ||
      (b.completed_at ?? b.updated_at).localeCompare(a.completed_at ?? a.updated_at),
  );
  const chosen = new Map<string, (typeof scans)[number]>();
  for (const s of scans) if (!chosen.has(s.instrument_id)) chosen.set(s.instrument_id, s);

  const answers: ProposalInput["answers"] = {};
  const dimensions: ProposalInput["dimensions"] = {};
  let scanSector: string | null = null;
  for (const [instrument, s] of chosen) {
    const rows = await db
      .selectFrom("scan_answers")
      .select(["question_id", "value"])
      .where("response_id", "=", s.id)
      .execute();
    const map: Record<string, unknown> = {};
    for (const r of rows) {
      try {
        map[r.question_id] = JSON.parse(r.value);
      } catch {
        // A stored value is always JSON; skip anything else rather than fail the proposal.
      }
    }
    answers[instrument] = map;
    if (s.status === "completed" && s.scores) {
      try {
        const parsed = JSON.parse(s.scores) as { dimensions?: Record<string, number> };
        if (parsed.dimensions) dimensions[instrument] = parsed.dimensions;
      } catch {
        // Scores can be recomputed; without them only answer-level rules apply.
      }
    }
    scanSector ??= s.sbi_section;
  }
  return {
    answers,
    dimensions,
    question: [c.question, c.problem].filter(Boolean).join("\n"),
    sector: c.sbi_section ?? scanSector,
    employees: c.employees,
  };
}

/** The ranked proposal for a case from the active catalogue, or undefined for an unknown case. */
export async function proposeForCase(
  db: DB,
  caseId: string,
  lang: Lang,
): Promise<Proposed[] | undefined> {
  const input = await buildProposalInput(db, caseId);
  if (!input) return undefined;
  return proposeActions(input, await activeCatalogue(db), lang);
}
