/**
 * Reading cases: the coordinator's pipeline (filters, counts per phase, sorting), one case
 * with everything around it, a person's own cases and tasks, a company's cases.
 * Lists are filtered and sorted in SQL, so they stay quick with hundreds (or, nationally,
 * a hundred thousand) cases.
 */
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { DB } from "~/db/database.server";
import type { CaseRow, Database } from "~/db/schema";
import type { Journey } from "./journey";
import { type CaseRole, PHASES, type Phase, WORK_PHASES } from "./model";

export const PIPELINE_SORTS = [
  "updated",
  "-updated",
  "company",
  "-company",
  "activity",
  "-activity",
  "created",
  "-created",
  "phase",
  "-phase",
] as const;
export type PipelineSort = (typeof PIPELINE_SORTS)[number];

export interface PipelineFilter {
  phases?: Phase[];
  theme?: string;
  sector?: string;
  municipality?: string;
  /** Only cases with this person on the team ("my cases"). */
  memberId?: string;
  /**
   * Only cases with someone on the team whose name or e-mail address contains this text
   * (case-insensitive). Resolved to people first (`findCaseWorkers`), then to their cases.
   */
  member?: string;
  /** Only cases without an activity in the last N days (and open). */
  staleDays?: number;
  search?: string;
  sort?: PipelineSort;
  limit?: number;
  offset?: number;
  /** "Today" (tests fix it). */
  today?: string;
  /** Count per phase too (default; without, counts and total are 0). */
  withCounts?: boolean;
}

export interface PipelineRow {
  id: string;
  reference: string;
  companyName: string;
  phase: Phase;
  theme: string | null;
  lastActivityOn: string | null;
  createdAt: string;
  lead: string | null;
  openTasks: number;
  overdueTasks: number;
}

/** The journey's order of phases, as SQL (the list is our own constants, not input). */
const PHASE_ORDER = sql<number>`case cases.phase ${sql.raw(
  PHASES.map((p, i) => `when '${p}' then ${i}`).join(" "),
)} else 99 end`;

const isoDate = (d = new Date()) => d.toISOString().slice(0, 10);
export function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** At most this many people match a typed team member (a name fragment like "an" is broad). */
const MEMBER_MATCHES = 200;

/**
 * People on at least one case whose name or e-mail address contains `text` (case-insensitive),
 * for the pipeline's team-member filter. Reads only the people on cases (through the
 * case_members index), not every account.
 */
export async function findCaseWorkers(
  db: DB,
  text: string,
  limit = MEMBER_MATCHES,
): Promise<{ id: string; name: string }[]> {
  const term = `%${likeEscape(text.trim().toLowerCase())}%`;
  return db
    .selectFrom("users")
    .select(["users.id", "users.name"])
    .where("users.id", "in", (eb) => eb.selectFrom("case_members").select("case_members.user_id"))
    .where(
      sql<boolean>`(lower(users.name) like ${term} escape '\\' or lower(users.email) like ${term} escape '\\')`,
    )
    .orderBy("users.name")
    .limit(limit)
    .execute();
}

/** A LIKE pattern's own characters as plain text (with `escape '\\'`). */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

interface Resolved extends PipelineFilter {
  /** The typed member, resolved: cases with any of these people (empty: no case matches). */
  memberIds?: string[];
}

/** Resolves the typed team member once, so each of the board's queries can use the ids. */
async function resolve(db: DB, f: PipelineFilter): Promise<Resolved> {
  if (!f.member?.trim()) return f;
  const people = await findCaseWorkers(db, f.member);
  return { ...f, memberIds: people.map((p) => p.id) };
}

/** "The case's company matches": an indexed lookup per case instead of a join. */
function companyWhere(
  eb: ExpressionBuilder<Database, "cases">,
  match: (
    q: SelectQueryBuilder<Database, "companies", { id: string }>,
  ) => SelectQueryBuilder<Database, "companies", { id: string }>,
) {
  return eb.exists(
    match(
      eb
        .selectFrom("companies")
        .select("companies.id")
        .whereRef("companies.id", "=", "cases.company_id"),
    ),
  );
}

/**
 * The filters as a query on cases. Companies are not joined: a company filter (sector,
 * municipality, search on its name) is an indexed lookup per case, so counting every case
 * without a company filter reads only the cases index.
 */
function filtered(db: DB, f: Resolved, withPhase: boolean) {
  let q = db.selectFrom("cases");
  if (withPhase && f.phases?.length) q = q.where("cases.phase", "in", f.phases);
  if (f.theme) q = q.where("cases.theme", "=", f.theme);
  if (f.sector) {
    const sector = f.sector;
    q = q.where((eb) => companyWhere(eb, (c) => c.where("companies.sbi_section", "=", sector)));
  }
  if (f.municipality) {
    const code = f.municipality;
    q = q.where((eb) => companyWhere(eb, (c) => c.where("companies.cbs_code", "=", code)));
  }
  if (f.memberId) {
    const memberId = f.memberId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("case_members")
          .select("case_members.user_id")
          .whereRef("case_members.case_id", "=", "cases.id")
          .where("case_members.user_id", "=", memberId),
      ),
    );
  }
  if (f.memberIds) {
    const ids = f.memberIds;
    q = ids.length
      ? q.where("cases.id", "in", (eb) =>
          eb
            .selectFrom("case_members")
            .select("case_members.case_id")
            .where("case_members.user_id", "in", ids),
        )
      : q.where(sql<boolean>`1 = 0`);
  }
  if (f.staleDays !== undefined) {
    const since = daysBefore(f.today ?? isoDate(), f.staleDays);
    q = q
      .where("cases.phase", "in", [...WORK_PHASES])
      .where((eb) =>
        eb.or([
          eb("cases.last_activity_at", "<", since),
          eb.and([eb("cases.last_activity_at", "is", null), eb("cases.created_at", "<", since)]),
        ]),
      );
  }
  if (f.search?.trim()) {
    const term = `%${likeEscape(f.search.trim().toLowerCase())}%`;
    const like = sql`like ${term} escape '\\'`;
    q = q.where((eb) =>
      eb.or([
        companyWhere(eb, (c) => c.where(sql<boolean>`lower(companies.name) ${like}`)),
        sql<boolean>`lower(cases.reference) ${like}`,
        sql<boolean>`lower(cases.title) ${like}`,
      ]),
    );
  }
  return q;
}

function noCounts(): Record<Phase, number> {
  return Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
}

/** Cases per phase under the filters (every phase, whatever the phase filter): one query. */
async function countPhases(db: DB, f: Resolved): Promise<Record<Phase, number>> {
  const rows = await filtered(db, f, false)
    .select(["cases.phase"])
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .groupBy("cases.phase")
    .execute();
  const counts = noCounts();
  for (const r of rows) counts[r.phase as Phase] = Number(r.n);
  return counts;
}

/** One page of cases, with what a card or a list row shows. */
async function pipelineRows(db: DB, f: Resolved): Promise<PipelineRow[]> {
  const limit = Math.min(f.limit ?? 100, 500);
  if (limit <= 0) return [];
  const today = f.today ?? isoDate();
  const sort = f.sort ?? "-updated";
  const dir = sort.startsWith("-") ? "desc" : "asc";
  const key = sort.replace(/^-/, "");
  let q = filtered(db, f, true)
    .select([
      "cases.id",
      "cases.reference",
      "cases.phase",
      "cases.theme",
      "cases.last_activity_at",
      "cases.created_at",
    ])
    .select((eb) => [
      eb
        .selectFrom("companies")
        .select("companies.name")
        .whereRef("companies.id", "=", "cases.company_id")
        .as("company_name"),
      eb
        .selectFrom("case_members")
        .innerJoin("users", "users.id", "case_members.user_id")
        .select("users.name")
        .whereRef("case_members.case_id", "=", "cases.id")
        .where("case_members.case_role", "=", "lead")
        .limit(1)
        .as("lead"),
      eb
        .selectFrom("case_tasks")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("case_tasks.case_id", "=", "cases.id")
        .where("case_tasks.status", "=", "open")
        .as("open_tasks"),
      eb
        .selectFrom("case_tasks")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("case_tasks.case_id", "=", "cases.id")
        .where("case_tasks.status", "=", "open")
        .where("case_tasks.due_on", "<", today)
        .as("overdue_tasks"),
    ]);
  // The last tie-breaker goes the same way as the sort, so an index on (key, id) serves both
  // directions (cases_pipeline_*_idx).
  if (key === "company") q = q.orderBy("company_name", dir);
  else if (key === "activity")
    // No activity yet counts as the quietest: first going up, last going down — the same on
    // SQLite and PostgreSQL (their default places for NULL differ).
    q = q.orderBy("cases.last_activity_at", (ob) =>
      dir === "asc" ? ob.asc().nullsFirst() : ob.desc().nullsLast(),
    );
  else if (key === "created") q = q.orderBy("cases.created_at", dir);
  else if (key === "phase") q = q.orderBy(PHASE_ORDER, dir).orderBy("cases.updated_at", "desc");
  else q = q.orderBy("cases.updated_at", dir);
  q = q.orderBy("cases.id", key === "phase" ? "desc" : dir);
  const rows = await q
    .limit(limit)
    .offset(f.offset ?? 0)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    companyName: r.company_name ?? "",
    phase: r.phase as Phase,
    theme: r.theme,
    lastActivityOn: r.last_activity_at,
    createdAt: r.created_at,
    lead: r.lead ?? null,
    openTasks: Number(r.open_tasks ?? 0),
    overdueTasks: Number(r.overdue_tasks ?? 0),
  }));
}

/** The pipeline as a list: one page, the counts per phase (one query) and the total. */
export async function listPipeline(
  db: DB,
  filter: PipelineFilter,
): Promise<{ rows: PipelineRow[]; total: number; counts: Record<Phase, number> }> {
  const f = await resolve(db, filter);
  const [rows, counts] = await Promise.all([
    pipelineRows(db, f),
    f.withCounts === false ? noCounts() : countPhases(db, f),
  ]);
  const total = f.phases?.length
    ? f.phases.reduce((s, p) => s + counts[p], 0)
    : Object.values(counts).reduce((a, b) => a + b, 0);
  return { total, counts, rows };
}

/**
 * The pipeline as a board: the counts per phase (one query) and the first `size` cases of
 * each column, the typed team member resolved once for all of them.
 */
export async function pipelineBoard(
  db: DB,
  filter: Omit<PipelineFilter, "phases" | "limit" | "offset" | "withCounts">,
  columns: readonly Phase[],
  size: number,
): Promise<{ counts: Record<Phase, number>; columns: { phase: Phase; rows: PipelineRow[] }[] }> {
  const f = await resolve(db, filter);
  const [counts, ...cols] = await Promise.all([
    countPhases(db, f),
    ...columns.map((phase) => pipelineRows(db, { ...f, phases: [phase], limit: size })),
  ]);
  return { counts, columns: columns.map((phase, i) => ({ phase, rows: cols[i]! })) };
}

// ---------------------------------------------------------------------------------------------
// One case

export interface CaseView {
  case: CaseRow;
  company: {
    id: string;
    name: string;
    kvkNumber: string | null;
    sector: string | null;
    employees: number | null;
    postcode: string | null;
    municipality: string | null;
  };
  team: {
    userId: string;
    name: string;
    email: string;
    role: CaseRole;
    studentLevel: string | null;
    studentInstitution: string | null;
    addedAt: string;
  }[];
  contacts: { userId: string; name: string; email: string }[];
  scans: {
    id: string;
    instrumentId: string;
    status: string;
    overall: number | null;
    level: string | null;
    completedAt: string | null;
  }[];
  companyScans: { id: string; instrumentId: string; completedAt: string | null }[];
  /** The latest activities (all of them up to `activityLimit`); `activityCount` is all. */
  activities: {
    id: string;
    type: string;
    occurredOn: string;
    durationMinutes: number;
    companyParticipants: number;
    outcome: string;
    loggedBy: string | null;
    participants: string[];
  }[];
  tasks: {
    id: string;
    title: string;
    dueOn: string | null;
    assigneeId: string | null;
    assignee: string | null;
    status: "open" | "done";
    forCompany: boolean;
    fromJourney: boolean;
    /** The journey's task key (config/journey.json), so the company's view can word it. */
    journeyKey: string | null;
    doneAt: string | null;
  }[];
  notes: { id: string; author: string | null; body: string; createdAt: string }[];
  messages: {
    id: string;
    author: string | null;
    fromCompany: boolean;
    body: string;
    createdAt: string;
  }[];
  documents: {
    id: string;
    name: string;
    mediaType: string;
    size: number;
    internal: boolean;
    uploadedBy: string | null;
    uploadedAt: string;
  }[];
  activityCount: number;
  /** The kinds of activity logged since the case entered its phase (for `expectedActivities`). */
  activityTypesThisPhase: string[];
  hours: { userId: string; name: string; minutes: number }[];
  phaseHistory: {
    from: string | null;
    to: string;
    reason: string | null;
    by: string | null;
    at: string;
  }[];
  /** The latest events (up to `eventLimit`); `timelineCount` is all the viewer may see. */
  timeline: {
    id: string;
    at: string;
    actor: string | null;
    kind: string;
    internal: boolean;
    data: Record<string, unknown>;
  }[];
  timelineCount: number;
}

/** The most a page shows of a case's activities or timeline, even when asked for all. */
export const CASE_LIST_MAX = 500;

/**
 * Everything about one case. `internal: false` (the company's view) leaves out internal notes,
 * hours, internal documents, internal events and activity outcomes. Long lists come in pages:
 * the latest `activityLimit` activities and `eventLimit` timeline events (default and most:
 * CASE_LIST_MAX), with their totals. `row`: the case row when the caller has it already.
 * One round of parallel queries, each on an index by case.
 */
export async function getCaseView(
  db: DB,
  caseId: string,
  opts: { internal: boolean; activityLimit?: number; eventLimit?: number; row?: CaseRow },
): Promise<CaseView | null> {
  const c =
    opts.row && opts.row.id === caseId
      ? opts.row
      : await db.selectFrom("cases").selectAll().where("id", "=", caseId).executeTakeFirst();
  if (!c) return null;
  const internal = opts.internal;
  const activityLimit = Math.max(0, Math.min(opts.activityLimit ?? CASE_LIST_MAX, CASE_LIST_MAX));
  const eventLimit = Math.max(0, Math.min(opts.eventLimit ?? CASE_LIST_MAX, CASE_LIST_MAX));
  const latestActivities = db
    .selectFrom("case_activities")
    .where("case_activities.case_id", "=", caseId)
    .orderBy("case_activities.occurred_on", "desc")
    .orderBy("case_activities.created_at", "desc")
    .orderBy("case_activities.id", "desc")
    .limit(activityLimit);
  const visibleEvents = () => {
    let q = db.selectFrom("case_events").where("case_events.case_id", "=", caseId);
    if (!internal) q = q.where("case_events.internal", "=", 0);
    return q;
  };
  const [
    company,
    team,
    contacts,
    scans,
    companyScans,
    activities,
    participants,
    tasks,
    notes,
    messages,
    documents,
    hours,
    phases,
    events,
    activityCount,
    activityTypes,
    eventCount,
  ] = await Promise.all([
    db.selectFrom("companies").selectAll().where("id", "=", c.company_id).executeTakeFirstOrThrow(),
    db
      .selectFrom("case_members")
      .innerJoin("users", "users.id", "case_members.user_id")
      .select([
        "users.id",
        "users.name",
        "users.email",
        "case_members.case_role",
        "case_members.student_level",
        "case_members.student_institution",
        "case_members.added_at",
      ])
      .where("case_members.case_id", "=", caseId)
      .orderBy("case_members.added_at")
      .execute(),
    db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["users.id", "users.name", "users.email"])
      .where("memberships.company_id", "=", c.company_id)
      .orderBy("users.name")
      .execute(),
    db
      .selectFrom("case_scans")
      .innerJoin("scan_responses", "scan_responses.id", "case_scans.response_id")
      .select([
        "scan_responses.id",
        "scan_responses.instrument_id",
        "scan_responses.status",
        "scan_responses.overall",
        "scan_responses.level",
        "scan_responses.completed_at",
      ])
      .where("case_scans.case_id", "=", caseId)
      .orderBy("scan_responses.completed_at", "desc")
      .execute(),
    internal
      ? db
          .selectFrom("scan_responses")
          .select(["id", "instrument_id", "completed_at"])
          .where("company_id", "=", c.company_id)
          .where("status", "=", "completed")
          .orderBy("completed_at", "desc")
          .limit(50)
          .execute()
      : Promise.resolve([]),
    latestActivities
      .leftJoin("users", "users.id", "case_activities.logged_by")
      .select([
        "case_activities.id",
        "case_activities.type",
        "case_activities.occurred_on",
        "case_activities.duration_minutes",
        "case_activities.company_participants",
        "case_activities.outcome",
        "users.name as logged_by",
      ])
      .execute(),
    // The participants of the shown activities only.
    db
      .selectFrom("case_activity_participants")
      .innerJoin("users", "users.id", "case_activity_participants.user_id")
      .select(["case_activity_participants.activity_id", "users.name"])
      .where("case_activity_participants.activity_id", "in", latestActivities.select("id"))
      .execute(),
    db
      .selectFrom("case_tasks")
      .leftJoin("users", "users.id", "case_tasks.assignee_id")
      .select([
        "case_tasks.id",
        "case_tasks.title",
        "case_tasks.due_on",
        "case_tasks.assignee_id",
        "users.name as assignee",
        "case_tasks.status",
        "case_tasks.for_company",
        "case_tasks.journey_key",
        "case_tasks.done_at",
      ])
      .where("case_tasks.case_id", "=", caseId)
      .orderBy("case_tasks.status", "desc")
      .orderBy("case_tasks.due_on")
      .execute(),
    internal
      ? db
          .selectFrom("case_notes")
          .leftJoin("users", "users.id", "case_notes.author_id")
          .select([
            "case_notes.id",
            "users.name as author",
            "case_notes.body",
            "case_notes.created_at",
          ])
          .where("case_notes.case_id", "=", caseId)
          .orderBy("case_notes.created_at", "desc")
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom("case_messages")
      .leftJoin("users", "users.id", "case_messages.author_id")
      .select([
        "case_messages.id",
        "users.name as author",
        "case_messages.from_company",
        "case_messages.body",
        "case_messages.created_at",
      ])
      .where("case_messages.case_id", "=", caseId)
      .orderBy("case_messages.created_at")
      .execute(),
    (() => {
      let q = db
        .selectFrom("case_documents")
        .leftJoin("users", "users.id", "case_documents.uploaded_by")
        .select([
          "case_documents.id",
          "case_documents.name",
          "case_documents.media_type",
          "case_documents.size",
          "case_documents.internal",
          "users.name as uploaded_by",
          "case_documents.uploaded_at",
        ])
        .where("case_documents.case_id", "=", caseId);
      if (!internal) q = q.where("case_documents.internal", "=", 0);
      return q.orderBy("case_documents.uploaded_at", "desc").execute();
    })(),
    internal
      ? db
          .selectFrom("case_time_entries")
          .innerJoin("users", "users.id", "case_time_entries.user_id")
          .select(["users.id", "users.name"])
          .select((eb) => eb.fn.sum<number>("case_time_entries.minutes").as("minutes"))
          .where("case_time_entries.case_id", "=", caseId)
          .groupBy(["users.id", "users.name"])
          .execute()
      : Promise.resolve([]),
    db
      .selectFrom("case_phase_changes")
      .leftJoin("users", "users.id", "case_phase_changes.changed_by")
      .select([
        "case_phase_changes.from_phase",
        "case_phase_changes.to_phase",
        "case_phase_changes.reason",
        "users.name as by",
        "case_phase_changes.changed_at",
      ])
      .where("case_phase_changes.case_id", "=", caseId)
      .orderBy("case_phase_changes.changed_at")
      .execute(),
    visibleEvents()
      .leftJoin("users", "users.id", "case_events.actor_id")
      .select([
        "case_events.id",
        "case_events.at",
        "users.name as actor",
        "case_events.kind",
        "case_events.internal",
        "case_events.data",
      ])
      .orderBy("case_events.at", "desc")
      .orderBy("case_events.id", "desc")
      .limit(eventLimit)
      .execute(),
    db
      .selectFrom("case_activities")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("case_id", "=", caseId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("case_activities")
      .select("type")
      .distinct()
      .where("case_id", "=", caseId)
      .where("occurred_on", ">=", c.phase_changed_at.slice(0, 10))
      .execute(),
    visibleEvents()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);

  const byActivity = new Map<string, string[]>();
  for (const p of participants) {
    byActivity.set(p.activity_id, [...(byActivity.get(p.activity_id) ?? []), p.name]);
  }
  return {
    case: c,
    company: {
      id: company.id,
      name: company.name,
      kvkNumber: company.kvk_number,
      sector: company.sbi_section,
      employees: company.employees,
      postcode: company.postcode,
      municipality: company.cbs_code,
    },
    team: team.map((m) => ({
      userId: m.id,
      name: m.name,
      email: m.email,
      role: m.case_role as CaseRole,
      studentLevel: m.student_level,
      studentInstitution: m.student_institution,
      addedAt: m.added_at,
    })),
    contacts: contacts.map((u) => ({ userId: u.id, name: u.name, email: u.email })),
    scans: scans.map((s) => ({
      id: s.id,
      instrumentId: s.instrument_id,
      status: s.status,
      overall: s.overall,
      level: s.level,
      completedAt: s.completed_at,
    })),
    companyScans: companyScans.map((s) => ({
      id: s.id,
      instrumentId: s.instrument_id,
      completedAt: s.completed_at,
    })),
    activities: activities.map((a) => ({
      id: a.id,
      type: a.type,
      occurredOn: a.occurred_on,
      durationMinutes: a.duration_minutes,
      companyParticipants: Number(a.company_participants),
      outcome: internal ? a.outcome : "",
      loggedBy: a.logged_by ?? null,
      participants: byActivity.get(a.id) ?? [],
    })),
    activityCount: Number(activityCount.n),
    activityTypesThisPhase: activityTypes.map((r) => r.type),
    tasks: tasks
      // The company sees what is asked of them and the journey's steps (worded for them), not
      // the team's own to-dos.
      .filter(
        (t) => internal || t.for_company === 1 || (t.status === "open" && t.journey_key !== null),
      )
      .map((t) => ({
        id: t.id,
        title: t.title,
        dueOn: t.due_on,
        assigneeId: t.assignee_id,
        assignee: t.assignee ?? null,
        status: t.status,
        forCompany: t.for_company === 1,
        fromJourney: t.journey_key !== null,
        journeyKey: t.journey_key,
        doneAt: t.done_at,
      })),
    notes: notes.map((n) => ({
      id: n.id,
      author: n.author ?? null,
      body: n.body,
      createdAt: n.created_at,
    })),
    messages: messages.map((m) => ({
      id: m.id,
      author: m.author ?? null,
      fromCompany: m.from_company === 1,
      body: m.body,
      createdAt: m.created_at,
    })),
    documents: documents.map((d) => ({
      id: d.id,
      name: d.name,
      mediaType: d.media_type,
      size: d.size,
      internal: d.internal === 1,
      uploadedBy: d.uploaded_by ?? null,
      uploadedAt: d.uploaded_at,
    })),
    hours: hours.map((h) => ({ userId: h.id, name: h.name, minutes: Number(h.minutes ?? 0) })),
    phaseHistory: phases.map((p) => ({
      from: p.from_phase,
      to: p.to_phase,
      reason: p.reason,
      by: p.by ?? null,
      at: p.changed_at,
    })),
    timeline: events.map((e) => ({
      id: e.id,
      at: e.at,
      actor: e.actor ?? null,
      kind: e.kind,
      internal: e.internal === 1,
      data: JSON.parse(e.data) as Record<string, unknown>,
    })),
    timelineCount: Number(eventCount.n),
  };
}

/** The activities the journey expects in the case's phase, and whether each was logged. */
export function expectedActivities(
  journey: Journey,
  view: Pick<CaseView, "case" | "activityTypesThisPhase">,
): { type: string; done: boolean }[] {
  const phase = view.case.phase as Phase;
  const done = new Set(view.activityTypesThisPhase);
  return (journey.phases[phase]?.expectedActivities ?? []).map((type) => ({
    type,
    done: done.has(type),
  }));
}

export async function getDocument(db: DB, caseId: string, documentId: string) {
  return db
    .selectFrom("case_documents")
    .selectAll()
    .where("case_id", "=", caseId)
    .where("id", "=", documentId)
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// A person's own work, a company's cases

export interface MyCase {
  id: string;
  reference: string;
  title: string;
  companyName: string;
  phase: Phase;
  role: CaseRole;
  lastActivityOn: string | null;
  openTasks: number;
}

export async function listMyCases(db: DB, userId: string, includeEnded = false): Promise<MyCase[]> {
  let q = db
    .selectFrom("case_members")
    .innerJoin("cases", "cases.id", "case_members.case_id")
    .innerJoin("companies", "companies.id", "cases.company_id")
    .select([
      "cases.id",
      "cases.reference",
      "cases.title",
      "companies.name as company_name",
      "cases.phase",
      "case_members.case_role",
      "cases.last_activity_at",
    ])
    .select((eb) =>
      eb
        .selectFrom("case_tasks")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("case_tasks.case_id", "=", "cases.id")
        .where("case_tasks.status", "=", "open")
        .where("case_tasks.assignee_id", "=", userId)
        .as("open_tasks"),
    )
    .where("case_members.user_id", "=", userId);
  if (!includeEnded) q = q.where("cases.phase", "in", [...WORK_PHASES]);
  const rows = await q.orderBy("cases.updated_at", "desc").limit(1000).execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    title: r.title,
    companyName: r.company_name,
    phase: r.phase as Phase,
    role: r.case_role as CaseRole,
    lastActivityOn: r.last_activity_at,
    openTasks: Number(r.open_tasks ?? 0),
  }));
}

export interface MyTask {
  id: string;
  caseId: string;
  caseReference: string;
  companyName: string;
  title: string;
  dueOn: string | null;
  overdue: boolean;
}

/** Open tasks assigned to a person, the most urgent first. */
export async function listMyTasks(
  db: DB,
  userId: string,
  opts: { today?: string; overdueOnly?: boolean } = {},
): Promise<MyTask[]> {
  const today = opts.today ?? isoDate();
  let q = db
    .selectFrom("case_tasks")
    .innerJoin("cases", "cases.id", "case_tasks.case_id")
    .innerJoin("companies", "companies.id", "cases.company_id")
    .select([
      "case_tasks.id",
      "cases.id as case_id",
      "cases.reference",
      "companies.name as company_name",
      "case_tasks.title",
      "case_tasks.due_on",
    ])
    .where("case_tasks.assignee_id", "=", userId)
    .where("case_tasks.status", "=", "open")
    // Someone taken off a team no longer sees that case's tasks (coordinators keep theirs).
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("case_members")
            .select("case_members.user_id")
            .whereRef("case_members.case_id", "=", "cases.id")
            .where("case_members.user_id", "=", userId),
        ),
        eb("cases.created_by", "=", userId),
      ]),
    );
  if (opts.overdueOnly) q = q.where("case_tasks.due_on", "<", today);
  const rows = await q.orderBy("case_tasks.due_on").limit(1000).execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseReference: r.reference,
    companyName: r.company_name,
    title: r.title,
    dueOn: r.due_on,
    overdue: r.due_on !== null && r.due_on < today,
  }));
}

/** The cases of the companies a person belongs to (the entrepreneur's "Mijn SPOT"). */
export async function listCompanyCases(db: DB, companyIds: readonly string[]) {
  if (companyIds.length === 0) return [];
  return db
    .selectFrom("cases")
    .innerJoin("companies", "companies.id", "cases.company_id")
    .select([
      "cases.id",
      "cases.reference",
      "cases.title",
      "companies.name as company_name",
      "cases.phase",
      "cases.updated_at",
    ])
    .where("cases.company_id", "in", [...companyIds])
    .orderBy("cases.updated_at", "desc")
    .execute();
}

/** The case an intake request became, if it did (the request's page links to it). */
export async function caseIdForIntake(db: DB, intakeId: string): Promise<string | null> {
  const row = await db
    .selectFrom("cases")
    .select("id")
    .where("intake_request_id", "=", intakeId)
    .orderBy("created_at")
    .executeTakeFirst();
  return row?.id ?? null;
}
