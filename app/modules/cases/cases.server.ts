/**
 * Cases: one company's path through the journey (phases 0–5, closed, withdrawn), run by a
 * composed team. Every change is one transaction that also writes the timeline event, the
 * audit entry and the emails it causes, so nothing is half done.
 *
 * The case's own fields (title, question, problem, theme, phase) carry a version: a change
 * names the version it was made on, and a change made on an older version is refused with
 * the other person's change (no silent overwrite). Appends (activities, hours, tasks, notes,
 * messages, documents) never conflict.
 */
import { sql, type Transaction } from "kysely";
import type { DB } from "~/db/database.server";
import type { CaseRow, Database, Role } from "~/db/schema";
import { getT, type Lang } from "~/i18n/i18n";
import { newId, nowIso } from "~/lib/ids.server";
import type { Logger } from "~/logger.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { type MailSettings, queueMail } from "~/modules/mail/mail.server";
import { renderMail } from "~/modules/mail/templates.server";
import type { Actor } from "~/modules/policy/actor";
import type { CaseResource } from "~/modules/policy/rules";
import { addMembership, findUserByEmail, insertUser } from "~/modules/users/users.server";
import type { Runtime } from "~/runtime.server";
import { addWorkingDays, type Journey } from "./journey";
import {
  type ActivityType,
  CASE_ROLE_NEEDS,
  type CaseRole,
  isEndPhase,
  type Phase,
  type StudentLevel,
  WORK_PHASES,
} from "./model";

type Tx = Transaction<Database> | DB;
type UserActor = Extract<Actor, { kind: "user" }>;

export interface CaseContext {
  db: DB;
  actor: UserActor;
  ip: string;
  mail: MailSettings;
  publicUrl: string;
  siteName: string;
  journey: Journey;
  logger?: Logger;
  /** The moment of the change (tests fix it). */
  now?: Date;
}

export function caseContext(rt: Runtime, actor: UserActor, ip: string): CaseContext {
  return {
    db: rt.db,
    actor,
    ip,
    mail: rt.mail,
    publicUrl: rt.config.publicUrl,
    siteName: rt.config.region.branding.name,
    journey: rt.config.journey,
    logger: rt.logger,
  };
}

/** Why a change was refused (the route turns it into a clear message). */
export type CaseProblem =
  | "conflict"
  | "samePhase"
  | "reasonNeeded"
  | "notEligible"
  | "alreadyMember"
  | "noSuchUser"
  | "wrongRole"
  | "studentDetails"
  | "notOnTeam"
  | "notFound"
  | "intakeState";

export type CaseResult<T = unknown> =
  | ({ ok: true } & T)
  | { ok: false; problem: CaseProblem; current?: CaseRow; lastChange?: LastChange | null };

export interface LastChange {
  by: string | null;
  at: string;
  kind: string;
}

const isUuid = (v: unknown): v is string =>
  typeof v === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);

export { isUuid as isCaseId };

// ---------------------------------------------------------------------------------------------
// Reading

export async function findCase(db: DB, id: string): Promise<CaseRow | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom("cases").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The case as the policy sees it (company and team). */
export async function caseResource(db: DB, row: CaseRow): Promise<CaseResource> {
  const team = await db
    .selectFrom("case_members")
    .select(["user_id", "case_role"])
    .where("case_id", "=", row.id)
    .execute();
  return {
    companyId: row.company_id,
    team: team.map((m) => ({ userId: m.user_id, role: m.case_role as CaseRole })),
  };
}

/** Who last changed the case's own fields (for a conflict message). */
export async function lastChange(db: Tx, caseId: string): Promise<LastChange | null> {
  const e = await db
    .selectFrom("case_events")
    .leftJoin("users", "users.id", "case_events.actor_id")
    .select(["users.name as by", "case_events.at", "case_events.kind"])
    .where("case_events.case_id", "=", caseId)
    .where("case_events.kind", "in", ["details_changed", "phase_changed", "created"])
    .orderBy("case_events.at", "desc")
    .limit(1)
    .executeTakeFirst();
  return e ? { by: e.by ?? null, at: e.at, kind: e.kind } : null;
}

// ---------------------------------------------------------------------------------------------
// Writing helpers

/** Run in a transaction, or in the caller's when it already is one (the demo seed). */
export function inTx<T>(db: DB, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** A timeline event of the case, by the context's person at its moment (also used by advice). */
export async function addEvent(
  ctx: CaseContext,
  tx: Tx,
  caseId: string,
  kind: string,
  internal: boolean,
  data: Record<string, unknown>,
): Promise<void> {
  const at = nowIso(ctx.now);
  const actorId = ctx.actor.id;
  await tx
    .insertInto("case_events")
    .values({
      id: newId(),
      case_id: caseId,
      at,
      actor_id: actorId,
      kind,
      internal: internal ? 1 : 0,
      data: JSON.stringify(data),
    })
    .execute();
}

/** An audit entry about a case (also used by advice). */
export async function auditCase(
  ctx: CaseContext,
  tx: Tx,
  action: string,
  caseId: string,
  details = {},
) {
  await recordAudit(tx as DB, {
    actorId: ctx.actor.id,
    actorEmail: ctx.actor.email,
    action,
    targetType: "case",
    targetId: caseId,
    ip: ctx.ip,
    details,
  });
}

async function nextReference(tx: Tx, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const prefix = `C-${year}-`;
  // The highest number of the year: longer references first, so C-2026-10000 follows 9999.
  const row = await tx
    .selectFrom("cases")
    .select("reference")
    .where("reference", "like", `${prefix}%`)
    .orderBy(sql`length(reference)`, "desc")
    .orderBy("reference", "desc")
    .limit(1)
    .executeTakeFirst();
  const last = row ? Number(row.reference.slice(prefix.length)) : 0;
  return `${prefix}${String(last + 1).padStart(4, "0")}`;
}

/** Tasks the journey makes when a case enters `phase` (once per case and task key). */
async function createJourneyTasks(
  ctx: CaseContext,
  tx: Tx,
  caseId: string,
  phase: Phase,
  now: Date,
): Promise<void> {
  const tasks = ctx.journey.phases[phase]?.tasks ?? [];
  if (tasks.length === 0) return;
  const lead = await tx
    .selectFrom("case_members")
    .select("user_id")
    .where("case_id", "=", caseId)
    .where("case_role", "=", "lead")
    .executeTakeFirst();
  const creator = await tx
    .selectFrom("cases")
    .select("created_by")
    .where("id", "=", caseId)
    .executeTakeFirst();
  for (const t of tasks) {
    const assignee =
      t.assignTo === "lead"
        ? (lead?.user_id ?? creator?.created_by ?? null)
        : t.assignTo === "coordinator"
          ? (creator?.created_by ?? null)
          : null;
    const lang: Lang = "nl";
    await tx
      .insertInto("case_tasks")
      .values({
        id: newId(),
        case_id: caseId,
        title: t.title[lang],
        due_on: addWorkingDays(now, t.dueInWorkingDays),
        assignee_id: assignee,
        status: "open",
        journey_key: t.key,
        for_company: t.assignTo === "company" ? 1 : 0,
        created_by: null,
        created_at: nowIso(now),
        done_at: null,
        done_by: null,
      })
      .onConflict((oc) => oc.columns(["case_id", "journey_key"]).doNothing())
      .execute();
  }
}

/** Where people open a case: the staff page or the entrepreneur's page. */
export const caseUrl = (publicUrl: string, id: string, forCompany: boolean) =>
  `${publicUrl}${forCompany ? "/mijn/casus/" : "/casussen/"}${id}`;

interface Recipient {
  email: string;
  name: string;
}

async function companyRecipients(tx: Tx, companyId: string): Promise<Recipient[]> {
  return tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.email", "users.name"])
    .where("memberships.company_id", "=", companyId)
    .where("users.disabled_at", "is", null)
    .execute();
}

async function teamRecipients(tx: Tx, caseId: string, except?: string): Promise<Recipient[]> {
  let q = tx
    .selectFrom("case_members")
    .innerJoin("users", "users.id", "case_members.user_id")
    .select(["users.email", "users.name"])
    .where("case_members.case_id", "=", caseId)
    .where("users.disabled_at", "is", null);
  if (except) q = q.where("users.id", "!=", except);
  return q.execute();
}

/**
 * Who hears of a message to the team: the team; while a case has no team yet, the
 * coordinator who made it (so a message from the company never goes unread).
 */
async function messageRecipients(tx: Tx, caseId: string, except: string): Promise<Recipient[]> {
  const team = await teamRecipients(tx, caseId, except);
  if (team.length > 0) return team;
  return tx
    .selectFrom("cases")
    .innerJoin("users", "users.id", "cases.created_by")
    .select(["users.email", "users.name"])
    .where("cases.id", "=", caseId)
    .where("users.id", "!=", except)
    .where("users.disabled_at", "is", null)
    .execute();
}

async function mailTo(
  ctx: CaseContext,
  tx: Tx,
  people: Recipient[],
  template: string,
  values: Record<string, string>,
): Promise<void> {
  const seen = new Set<string>();
  for (const p of people) {
    if (seen.has(p.email)) continue;
    seen.add(p.email);
    await queueMail(
      tx as DB,
      ctx.mail,
      renderMail(template, {
        to: p.email,
        lang: "nl",
        siteName: ctx.siteName,
        values: { name: p.name, ...values },
      }),
      ctx.logger,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Creating a case

/**
 * Accept an intake request into a case: the request becomes "accepted", the case starts in
 * phase 0 with the request's question and scan, the person who asked gets (or keeps) an
 * account that is a member of the company, the journey's first tasks are made, and the
 * entrepreneur gets an email with the link to their case.
 */
export async function acceptIntakeIntoCase(
  ctx: CaseContext,
  intakeId: string,
): Promise<CaseResult<{ caseId: string }>> {
  const now = ctx.now ?? new Date();
  return retryOnReferenceClash(() =>
    inTx(ctx.db, async (tx) => {
      const r = await tx
        .selectFrom("intake_requests")
        .selectAll()
        .where("id", "=", intakeId)
        .executeTakeFirst();
      if (!r) return { ok: false, problem: "notFound" } as const;
      if (r.status !== "new" || r.eligibility === "ambiguous" || !r.company_id) {
        return { ok: false, problem: "intakeState" } as const;
      }
      const done = await tx
        .updateTable("intake_requests")
        .set({ status: "accepted", handled_by: ctx.actor.id, handled_at: nowIso(now) })
        .where("id", "=", intakeId)
        .where("status", "=", "new")
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) return { ok: false, problem: "intakeState" } as const;

      // The person who asked: their account (made now when they have none) joins the company
      // — but only a company nobody belongs to yet, or one they already belong to. Anyone
      // can type an existing company's KvK number; that must not make them its member.
      const members = await tx
        .selectFrom("memberships")
        .select("user_id")
        .where("company_id", "=", r.company_id)
        .execute();
      let userId = r.user_id;
      if (!userId && members.length === 0) {
        const existing = await findUserByEmail(tx as DB, r.contact_email);
        userId =
          existing?.id ??
          (
            await insertUser(tx as DB, {
              email: r.contact_email,
              name: r.contact_name,
              roles: ["entrepreneur"],
              grantedBy: ctx.actor.id,
            })
          ).id;
      }
      const linked =
        userId !== null && (members.length === 0 || members.some((m) => m.user_id === userId));
      if (linked && userId) await addMembership(tx as DB, userId, r.company_id, "owner");

      const caseId = await insertCase(ctx, tx, {
        companyId: r.company_id,
        title: r.company_name,
        question: r.question,
        intakeRequestId: r.id,
        now,
      });
      if (r.response_id) {
        await tx
          .insertInto("case_scans")
          .values({
            case_id: caseId,
            response_id: r.response_id,
            linked_by: ctx.actor.id,
            linked_at: nowIso(now),
          })
          .execute();
      }
      await auditCase(ctx, tx, "intake.accept", caseId, { intake: intakeId, linked });
      if (linked) {
        await mailTo(ctx, tx, [{ email: r.contact_email, name: r.contact_name }], "caseOpened", {
          link: caseUrl(ctx.publicUrl, caseId, true),
          company: r.company_name,
        });
      } else {
        // The company already has accounts and the asker is not one of them: the team checks
        // who they are before they see the case, and contact them at the request's address.
        await addEvent(ctx, tx, caseId, "asker_not_linked", true, { email: r.contact_email });
      }
      return { ok: true, caseId } as const;
    }),
  );
}

/** Two cases made in the same instant can pick the same reference: try again. */
async function retryOnReferenceClash<T>(make: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await make();
    } catch (e) {
      if (attempt < 3 && /unique|duplicate/i.test(String(e)) && /reference/i.test(String(e)))
        continue;
      throw e;
    }
  }
}

interface NewCaseInput {
  companyId: string;
  title: string;
  question: string;
  theme?: string | null;
  intakeRequestId?: string | null;
  now: Date;
}

async function insertCase(ctx: CaseContext, tx: Tx, input: NewCaseInput): Promise<string> {
  const id = newId();
  const at = nowIso(input.now);
  await tx
    .insertInto("cases")
    .values({
      id,
      reference: await nextReference(tx, input.now),
      company_id: input.companyId,
      intake_request_id: input.intakeRequestId ?? null,
      title: input.title,
      question: input.question,
      problem: null,
      problem_kind: null,
      theme: input.theme ?? null,
      phase: "awareness",
      close_reason: null,
      version: 1,
      created_by: ctx.actor.id,
      updated_by: ctx.actor.id,
      created_at: at,
      updated_at: at,
      phase_changed_at: at,
      last_activity_at: null,
    })
    .execute();
  await tx
    .insertInto("case_phase_changes")
    .values({
      id: newId(),
      case_id: id,
      from_phase: null,
      to_phase: "awareness",
      reason: null,
      changed_by: ctx.actor.id,
      changed_at: at,
    })
    .execute();
  await addEvent(ctx, tx, id, "created", false, { phase: "awareness" });
  await createJourneyTasks(ctx, tx, id, "awareness", input.now);
  return id;
}

/** A case without an intake request (met at an event, referred by a partner). */
export async function createCase(
  ctx: CaseContext,
  input: { companyId: string; title: string; question: string; theme: string | null },
): Promise<CaseResult<{ caseId: string }>> {
  const now = ctx.now ?? new Date();
  return retryOnReferenceClash(() =>
    inTx(ctx.db, async (tx) => {
      const company = await tx
        .selectFrom("companies")
        .select("id")
        .where("id", "=", input.companyId)
        .executeTakeFirst();
      if (!company) return { ok: false, problem: "notFound" } as const;
      const caseId = await insertCase(ctx, tx, { ...input, now });
      await auditCase(ctx, tx, "case.create", caseId);
      return { ok: true, caseId } as const;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// The case's own fields (versioned)

async function conflict(tx: Tx, caseId: string): Promise<CaseResult<never>> {
  const current = await tx
    .selectFrom("cases")
    .selectAll()
    .where("id", "=", caseId)
    .executeTakeFirst();
  if (!current) return { ok: false, problem: "notFound" };
  return { ok: false, problem: "conflict", current, lastChange: await lastChange(tx, caseId) };
}

export interface DetailsInput {
  version: number;
  title: string;
  question: string;
  problem: string | null;
  problemKind: "problem" | "opportunity" | null;
  theme: string | null;
}

export async function updateDetails(
  ctx: CaseContext,
  caseId: string,
  input: DetailsInput,
): Promise<CaseResult> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    const before = await tx
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", caseId)
      .executeTakeFirst();
    if (!before) return { ok: false, problem: "notFound" } as const;
    const r = await tx
      .updateTable("cases")
      .set({
        title: input.title,
        question: input.question,
        problem: input.problem,
        problem_kind: input.problemKind,
        theme: input.theme,
        version: sql`version + 1`,
        updated_by: ctx.actor.id,
        updated_at: at,
      })
      .where("id", "=", caseId)
      .where("version", "=", input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return conflict(tx, caseId);
    const changed = (["title", "question", "problem", "problem_kind", "theme"] as const).filter(
      (k) =>
        (before[k] ?? null) !==
        ({
          title: input.title,
          question: input.question,
          problem: input.problem,
          problem_kind: input.problemKind,
          theme: input.theme,
        }[k] ?? null),
    );
    await addEvent(ctx, tx, caseId, "details_changed", true, { fields: changed });
    return { ok: true } as const;
  });
}

export interface PhaseInput {
  version: number;
  to: Phase;
  reason: string | null;
}

/**
 * Move a case to another phase (forward, back, or to closed/withdrawn with a reason). Makes
 * the journey's tasks for the new phase and tells the company and the team.
 */
export async function changePhase(
  ctx: CaseContext,
  caseId: string,
  input: PhaseInput,
): Promise<CaseResult> {
  const now = ctx.now ?? new Date();
  const at = nowIso(now);
  return inTx(ctx.db, async (tx) => {
    const before = await tx
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", caseId)
      .executeTakeFirst();
    if (!before) return { ok: false, problem: "notFound" } as const;
    if (before.version !== input.version) return conflict(tx, caseId);
    if (before.phase === input.to) return { ok: false, problem: "samePhase" } as const;
    const backwards =
      !isEndPhase(input.to) &&
      !isEndPhase(before.phase) &&
      WORK_PHASES.indexOf(input.to as (typeof WORK_PHASES)[number]) <
        WORK_PHASES.indexOf(before.phase as (typeof WORK_PHASES)[number]);
    if ((isEndPhase(input.to) || backwards || isEndPhase(before.phase)) && !input.reason) {
      return { ok: false, problem: "reasonNeeded" } as const;
    }
    const r = await tx
      .updateTable("cases")
      .set({
        phase: input.to,
        close_reason: isEndPhase(input.to) ? input.reason : null,
        version: sql`version + 1`,
        updated_by: ctx.actor.id,
        updated_at: at,
        phase_changed_at: at,
      })
      .where("id", "=", caseId)
      .where("version", "=", input.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return conflict(tx, caseId);
    await tx
      .insertInto("case_phase_changes")
      .values({
        id: newId(),
        case_id: caseId,
        from_phase: before.phase,
        to_phase: input.to,
        reason: input.reason,
        changed_by: ctx.actor.id,
        changed_at: at,
      })
      .execute();
    await addEvent(ctx, tx, caseId, "phase_changed", false, {
      from: before.phase,
      to: input.to,
      reason: input.reason,
    });
    await createJourneyTasks(ctx, tx, caseId, input.to, now);
    await auditCase(ctx, tx, "case.phase", caseId, { from: before.phase, to: input.to });
    const t = getT("nl");
    const values = { company: before.title, phase: t(`cases.phase.${input.to}`) };
    await mailTo(ctx, tx, await companyRecipients(tx, before.company_id), "casePhase", {
      ...values,
      link: caseUrl(ctx.publicUrl, caseId, true),
    });
    await mailTo(ctx, tx, await teamRecipients(tx, caseId, ctx.actor.id), "casePhaseTeam", {
      ...values,
      link: caseUrl(ctx.publicUrl, caseId, false),
    });
    return { ok: true } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// The team

export interface MemberInput {
  userId: string;
  caseRole: CaseRole;
  studentLevel: StudentLevel | null;
  studentInstitution: string | null;
}

export async function addMember(
  ctx: CaseContext,
  caseId: string,
  input: MemberInput,
): Promise<CaseResult> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    const c = await tx
      .selectFrom("cases")
      .select(["id", "title"])
      .where("id", "=", caseId)
      .executeTakeFirst();
    if (!c) return { ok: false, problem: "notFound" } as const;
    const user = isUuid(input.userId)
      ? await tx
          .selectFrom("users")
          .select(["id", "name", "email", "disabled_at", "student_level", "student_institution"])
          .where("id", "=", input.userId)
          .executeTakeFirst()
      : undefined;
    if (!user || user.disabled_at) return { ok: false, problem: "noSuchUser" } as const;
    const roles = (
      await tx.selectFrom("user_roles").select("role").where("user_id", "=", user.id).execute()
    ).map((r) => r.role);
    if (!CASE_ROLE_NEEDS[input.caseRole].some((r) => roles.includes(r))) {
      return { ok: false, problem: "wrongRole" } as const;
    }
    const level = input.caseRole === "student" ? (input.studentLevel ?? user.student_level) : null;
    const institution =
      input.caseRole === "student" ? (input.studentInstitution ?? user.student_institution) : null;
    if (input.caseRole === "student" && (!level || !institution)) {
      return { ok: false, problem: "studentDetails" } as const;
    }
    const inserted = await tx
      .insertInto("case_members")
      .values({
        case_id: caseId,
        user_id: user.id,
        case_role: input.caseRole,
        student_level: level,
        student_institution: institution,
        added_by: ctx.actor.id,
        added_at: at,
      })
      .onConflict((oc) => oc.columns(["case_id", "user_id"]).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
      return { ok: false, problem: "alreadyMember" } as const;
    }
    if (input.caseRole === "lead") {
      // Open journey tasks for "the lead" that still sit with the coordinator move to the lead.
      await tx
        .updateTable("case_tasks")
        .set({ assignee_id: user.id })
        .where("case_id", "=", caseId)
        .where("status", "=", "open")
        .where("journey_key", "in", leadTaskKeys(ctx.journey))
        .execute();
    }
    await addEvent(ctx, tx, caseId, "member_added", false, {
      userId: user.id,
      name: user.name,
      role: input.caseRole,
      level,
      institution,
    });
    await auditCase(ctx, tx, "case.member.add", caseId, { userId: user.id, role: input.caseRole });
    const t = getT("nl");
    await mailTo(ctx, tx, [user], "caseTeamAdded", {
      company: c.title,
      role: t(`cases.role.${input.caseRole}`),
      link: caseUrl(ctx.publicUrl, caseId, false),
    });
    return { ok: true } as const;
  });
}

function leadTaskKeys(journey: Journey): string[] {
  const keys = Object.values(journey.phases).flatMap((p) =>
    p.tasks.filter((t) => t.assignTo === "lead").map((t) => t.key),
  );
  return keys.length ? keys : ["-"];
}

export async function removeMember(
  ctx: CaseContext,
  caseId: string,
  userId: string,
): Promise<CaseResult> {
  if (!isUuid(userId)) return { ok: false, problem: "notOnTeam" };
  return inTx(ctx.db, async (tx) => {
    const m = await tx
      .selectFrom("case_members")
      .innerJoin("users", "users.id", "case_members.user_id")
      .select(["users.name", "case_members.case_role"])
      .where("case_members.case_id", "=", caseId)
      .where("case_members.user_id", "=", userId)
      .executeTakeFirst();
    if (!m) return { ok: false, problem: "notOnTeam" } as const;
    await tx
      .deleteFrom("case_members")
      .where("case_id", "=", caseId)
      .where("user_id", "=", userId)
      .execute();
    // Their open tasks on this case wait for someone else (the case page shows them unassigned).
    await tx
      .updateTable("case_tasks")
      .set({ assignee_id: null })
      .where("case_id", "=", caseId)
      .where("assignee_id", "=", userId)
      .where("status", "=", "open")
      .execute();
    await addEvent(ctx, tx, caseId, "member_removed", false, {
      userId,
      name: m.name,
      role: m.case_role,
    });
    await auditCase(ctx, tx, "case.member.remove", caseId, { userId, role: m.case_role });
    return { ok: true } as const;
  });
}

export interface MemberSuggestion {
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  studentLevel: string | null;
  studentInstitution: string | null;
  /** Open cases (phases 0–5) this person is on now. */
  caseload: number;
  /** Cases on this theme this person has been on. */
  themeCases: number;
}

/**
 * People who could join a case in `caseRole`: the platform roles that fit, not disabled, not
 * on the team yet; those with experience on the theme first, then the least busy.
 * One query: the counts come from the candidates' own memberships (case_members by user, then
 * each case by its key), so the work grows with the people who fit, never with all cases; the
 * database sorts and returns only the first `limit`.
 */
export async function suggestMembers(
  db: DB,
  caseId: string,
  caseRole: CaseRole,
  theme: string | null,
  limit = 8,
): Promise<MemberSuggestion[]> {
  const needs = [...CASE_ROLE_NEEDS[caseRole]];
  const open = sql.join([...WORK_PHASES].map((p) => sql.lit(p)));
  const fits = db.selectFrom("user_roles").select("user_roles.user_id").where("role", "in", needs);
  const load = db
    .selectFrom("case_members as cm")
    .innerJoin("cases as c", "c.id", "cm.case_id")
    .select("cm.user_id")
    .select([
      sql<number>`sum(case when c.phase in (${open}) then 1 else 0 end)`.as("caseload"),
      sql<number>`sum(case when c.theme = ${theme ?? "-"} then 1 else 0 end)`.as("theme_cases"),
    ])
    .where("cm.user_id", "in", fits)
    .groupBy("cm.user_id")
    .as("load");
  const rows = await db
    .selectFrom("users")
    .leftJoin(load, "load.user_id", "users.id")
    .select([
      "users.id",
      "users.name",
      "users.email",
      "users.student_level",
      "users.student_institution",
    ])
    .select([
      sql<number>`coalesce(load.caseload, 0)`.as("caseload"),
      sql<number>`coalesce(load.theme_cases, 0)`.as("theme_cases"),
    ])
    .where("users.id", "in", fits)
    .where("users.disabled_at", "is", null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("case_members as t")
            .select("t.user_id")
            .whereRef("t.user_id", "=", "users.id")
            .where("t.case_id", "=", caseId),
        ),
      ),
    )
    .orderBy("theme_cases", "desc")
    .orderBy("caseload", "asc")
    .orderBy("users.name")
    .orderBy("users.id")
    .limit(limit)
    .execute();
  const roles = rows.length
    ? await db
        .selectFrom("user_roles")
        .select(["user_id", "role"])
        .where(
          "user_id",
          "in",
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return rows.map((r) => ({
    userId: r.id,
    name: r.name,
    email: r.email,
    roles: roles.filter((x) => x.user_id === r.id).map((x) => x.role),
    studentLevel: r.student_level,
    studentInstitution: r.student_institution,
    caseload: Number(r.caseload ?? 0),
    themeCases: Number(r.theme_cases ?? 0),
  }));
}

// ---------------------------------------------------------------------------------------------
// Activities, hours, tasks, notes, messages, documents (appends)

export interface ActivityInput {
  type: ActivityType;
  occurredOn: string;
  durationMinutes: number;
  companyParticipants: number;
  participantIds: string[];
  outcome: string;
}

/** Log an activity: the only source of the programme's figures (kpi.server.ts). */
export async function logActivity(
  ctx: CaseContext,
  caseId: string,
  input: ActivityInput,
): Promise<CaseResult<{ activityId: string }>> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    const c = await tx.selectFrom("cases").select("id").where("id", "=", caseId).executeTakeFirst();
    if (!c) return { ok: false, problem: "notFound" } as const;
    // The people ticked; when none are, the person logging it (the case page's short form).
    const ids = [...new Set(input.participantIds.length ? input.participantIds : [ctx.actor.id])];
    // Participants are the team (and coordinators, who may join any conversation).
    const allowed = await tx
      .selectFrom("users")
      .select("users.id")
      .where("users.id", "in", ids.filter(isUuid).length ? ids.filter(isUuid) : ["-"])
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom("case_members")
              .select("user_id")
              .whereRef("case_members.user_id", "=", "users.id")
              .where("case_members.case_id", "=", caseId),
          ),
          eb.exists(
            eb
              .selectFrom("user_roles")
              .select("user_id")
              .whereRef("user_roles.user_id", "=", "users.id")
              .where("user_roles.role", "in", ["coordinator", "admin"]),
          ),
        ]),
      )
      .execute();
    if (allowed.length !== ids.length) return { ok: false, problem: "notOnTeam" } as const;
    const id = newId();
    await tx
      .insertInto("case_activities")
      .values({
        id,
        case_id: caseId,
        type: input.type,
        occurred_on: input.occurredOn,
        duration_minutes: input.durationMinutes,
        company_participants: input.companyParticipants,
        outcome: input.outcome,
        logged_by: ctx.actor.id,
        created_at: at,
      })
      .execute();
    for (const userId of ids) {
      await tx
        .insertInto("case_activity_participants")
        .values({ activity_id: id, user_id: userId })
        .execute();
    }
    await tx
      .updateTable("cases")
      .set({ last_activity_at: input.occurredOn })
      .where("id", "=", caseId)
      .where((eb) =>
        eb.or([eb("last_activity_at", "is", null), eb("last_activity_at", "<", input.occurredOn)]),
      )
      .execute();
    await addEvent(ctx, tx, caseId, "activity_logged", false, {
      activityId: id,
      type: input.type,
      on: input.occurredOn,
      minutes: input.durationMinutes,
    });
    return { ok: true, activityId: id } as const;
  });
}

export async function logHours(
  ctx: CaseContext,
  caseId: string,
  input: { workedOn: string; minutes: number; description: string },
): Promise<CaseResult> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    await tx
      .insertInto("case_time_entries")
      .values({
        id: newId(),
        case_id: caseId,
        user_id: ctx.actor.id,
        worked_on: input.workedOn,
        minutes: input.minutes,
        description: input.description,
        created_at: at,
      })
      .execute();
    await addEvent(ctx, tx, caseId, "hours_logged", true, {
      on: input.workedOn,
      minutes: input.minutes,
    });
    return { ok: true } as const;
  });
}

export async function addTask(
  ctx: CaseContext,
  caseId: string,
  input: { title: string; dueOn: string | null; assigneeId: string | null; forCompany: boolean },
): Promise<CaseResult> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    if (input.assigneeId) {
      const onTeam = await tx
        .selectFrom("case_members")
        .select("user_id")
        .where("case_id", "=", caseId)
        .where("user_id", "=", input.assigneeId)
        .executeTakeFirst();
      if (!onTeam && input.assigneeId !== ctx.actor.id) {
        return { ok: false, problem: "notOnTeam" } as const;
      }
    }
    await tx
      .insertInto("case_tasks")
      .values({
        id: newId(),
        case_id: caseId,
        title: input.title,
        due_on: input.dueOn,
        assignee_id: input.forCompany ? null : input.assigneeId,
        status: "open",
        journey_key: null,
        for_company: input.forCompany ? 1 : 0,
        created_by: ctx.actor.id,
        created_at: at,
        done_at: null,
        done_by: null,
      })
      .execute();
    await addEvent(ctx, tx, caseId, "task_added", !input.forCompany, {
      title: input.title,
      due: input.dueOn,
    });
    return { ok: true } as const;
  });
}

/** Mark a task done (or open again). Idempotent: doing a done task again changes nothing. */
export async function setTaskDone(
  ctx: CaseContext,
  caseId: string,
  taskId: string,
  done: boolean,
): Promise<CaseResult> {
  if (!isUuid(taskId)) return { ok: false, problem: "notFound" };
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    const task = await tx
      .selectFrom("case_tasks")
      .select(["title", "status", "for_company"])
      .where("id", "=", taskId)
      .where("case_id", "=", caseId)
      .executeTakeFirst();
    if (!task) return { ok: false, problem: "notFound" } as const;
    if ((task.status === "done") === done) return { ok: true } as const;
    await tx
      .updateTable("case_tasks")
      .set(
        done
          ? { status: "done", done_at: at, done_by: ctx.actor.id }
          : { status: "open", done_at: null, done_by: null },
      )
      .where("id", "=", taskId)
      .execute();
    await addEvent(ctx, tx, caseId, done ? "task_done" : "task_reopened", task.for_company !== 1, {
      title: task.title,
    });
    return { ok: true } as const;
  });
}

export async function addNote(ctx: CaseContext, caseId: string, body: string): Promise<CaseResult> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    const id = newId();
    await tx
      .insertInto("case_notes")
      .values({ id, case_id: caseId, author_id: ctx.actor.id, body, created_at: at })
      .execute();
    await addEvent(ctx, tx, caseId, "note_added", true, { noteId: id });
    return { ok: true } as const;
  });
}

/**
 * A message between the company and the team. From the company it goes to the team; from the
 * team it goes to the company's members and the rest of the team.
 */
export async function postMessage(
  ctx: CaseContext,
  caseId: string,
  body: string,
): Promise<CaseResult> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    const c = await tx
      .selectFrom("cases")
      .select(["id", "company_id", "title"])
      .where("id", "=", caseId)
      .executeTakeFirst();
    if (!c) return { ok: false, problem: "notFound" } as const;
    const onTeam = await tx
      .selectFrom("case_members")
      .select("user_id")
      .where("case_id", "=", caseId)
      .where("user_id", "=", ctx.actor.id)
      .executeTakeFirst();
    const fromCompany =
      !onTeam &&
      !ctx.actor.roles.has("coordinator") &&
      !ctx.actor.roles.has("admin") &&
      ctx.actor.companyIds.includes(c.company_id);
    await tx
      .insertInto("case_messages")
      .values({
        id: newId(),
        case_id: caseId,
        author_id: ctx.actor.id,
        from_company: fromCompany ? 1 : 0,
        body,
        created_at: at,
      })
      .execute();
    await addEvent(ctx, tx, caseId, "message_posted", false, { fromCompany });
    const excerpt = body.length > 400 ? `${body.slice(0, 400)}…` : body;
    const values = { company: c.title, author: ctx.actor.name, message: excerpt };
    await mailTo(ctx, tx, await messageRecipients(tx, caseId, ctx.actor.id), "caseMessageTeam", {
      ...values,
      link: caseUrl(ctx.publicUrl, caseId, false),
    });
    if (!fromCompany) {
      const company = (await companyRecipients(tx, c.company_id)).filter(
        (p) => p.email !== ctx.actor.email,
      );
      await mailTo(ctx, tx, company, "caseMessageCompany", {
        ...values,
        link: caseUrl(ctx.publicUrl, caseId, true),
      });
    }
    return { ok: true } as const;
  });
}

export const DOCUMENT_TYPES: Record<string, string> = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "text/plain": "txt",
  "text/csv": "csv",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
};

export async function addDocument(
  ctx: CaseContext,
  caseId: string,
  input: { name: string; mediaType: string; content: Uint8Array; internal: boolean },
): Promise<CaseResult<{ documentId: string }>> {
  const at = nowIso(ctx.now);
  return inTx(ctx.db, async (tx) => {
    const id = newId();
    await tx
      .insertInto("case_documents")
      .values({
        id,
        case_id: caseId,
        name: input.name,
        media_type: input.mediaType,
        size: input.content.byteLength,
        content: input.content,
        internal: input.internal ? 1 : 0,
        uploaded_by: ctx.actor.id,
        uploaded_at: at,
      })
      .execute();
    await addEvent(ctx, tx, caseId, "document_added", input.internal, {
      documentId: id,
      name: input.name,
    });
    return { ok: true, documentId: id } as const;
  });
}

/** Link one of the company's scans to the case. */
export async function linkScan(
  ctx: CaseContext,
  caseId: string,
  responseId: string,
): Promise<CaseResult> {
  if (!isUuid(responseId)) return { ok: false, problem: "notFound" };
  return inTx(ctx.db, async (tx) => {
    const c = await tx
      .selectFrom("cases")
      .select("company_id")
      .where("id", "=", caseId)
      .executeTakeFirst();
    const scan = await tx
      .selectFrom("scan_responses")
      .select(["id", "instrument_id"])
      .where("id", "=", responseId)
      .where("company_id", "=", c?.company_id ?? "-")
      .executeTakeFirst();
    if (!c || !scan) return { ok: false, problem: "notFound" } as const;
    await tx
      .insertInto("case_scans")
      .values({
        case_id: caseId,
        response_id: responseId,
        linked_by: ctx.actor.id,
        linked_at: nowIso(ctx.now),
      })
      .onConflict((oc) => oc.columns(["case_id", "response_id"]).doNothing())
      .execute();
    await addEvent(ctx, tx, caseId, "scan_linked", false, {
      responseId,
      instrument: scan.instrument_id,
    });
    return { ok: true } as const;
  });
}
