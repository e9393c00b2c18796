/**
 * Intake requests ("hulpvraag"): an entrepreneur asks for help (phase 0–1 of the journey), we
 * check who the company is (the KvK register when it answers), whether SPOT 035 is for them
 * (eligibility.ts), store the request with its company and scan, and let coordinators accept,
 * answer or decide on it.
 *
 * Every request is stored, eligible or not, so coordinators see the whole inflow. Only an
 * eligible request gets the confirmation email; a request whose postcode spans two
 * municipalities waits for a coordinator's decision.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { DB } from "~/db/database.server";
import type { IntakeRequest, ScanResponse } from "~/db/schema";
import { getT, type Lang } from "~/i18n/i18n";
import { newId, nowIso } from "~/lib/ids.server";
import type { Logger } from "~/logger.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { enforceLimits } from "~/modules/auth/rate-limit.server";
import {
  type KvkAdapter,
  type KvkCompany,
  type KvkLookup,
  kvkAdapterFor,
} from "~/modules/kvk/kvk.server";
import { type MailSettings, queueMail } from "~/modules/mail/mail.server";
import { renderMail } from "~/modules/mail/templates.server";
import type { Actor } from "~/modules/policy/actor";
import type { ReferenceData } from "~/modules/reference/reference.server";
import { claimResponse } from "~/modules/scans/responses.server";
import type { Runtime } from "~/runtime.server";
import { assessEligibility, type Eligibility, type EligibilityReason } from "./eligibility";
import {
  ELIGIBILITIES,
  type HeardVia,
  INTAKE_STATUSES,
  type IntakeInput,
  normalisePostcode,
} from "./schema";

export type IntakeStatus = (typeof INTAKE_STATUSES)[number];
export type IntakeEligibility = (typeof ELIGIBILITIES)[number];

export interface IntakeDeps {
  db: DB;
  reference: Pick<ReferenceData, "lookupPostcode" | "municipality" | "sbiSections">;
  mail: MailSettings;
  /** null: no KvK lookup (no API key configured, not a demo). */
  kvk: KvkAdapter | null;
  companySize: { min: number; max: number };
  siteName: string;
  meetingPlace: { nl: string; en: string };
  rateLimitFactor?: number;
  logger?: Logger;
  /** The moment of the request (tests fix it: municipal borders depend on the date). */
  now?: Date;
}

export interface Requester {
  userId: string | null;
  /** Companies the signed-in requester is a member of. */
  companyIds: readonly string[];
  lang: Lang;
  ip: string;
}

/** What happened with the KvK number. */
export type KvkStatus = "checked" | "unavailable" | "skipped" | "none";

/** Stored (as JSON) in intake_requests.eligibility_reasons. */
export interface EligibilityRecord {
  reasons: EligibilityReason[];
  /** The municipalities a shared postcode spans (ambiguous ones). */
  cbsCodes?: string[];
  /** Where the facts came from: the KvK register, or the form. */
  checkedWith: "kvk" | "form";
  kvkStatus: KvkStatus;
  /** What the KvK register says (when it answered). */
  kvk?: {
    source: KvkAdapter["source"];
    name: string;
    legalForm: string | null;
    employees: number | null;
    postcode: string | null;
    sbiSection: string | null;
    sbi: { code: string; description: string; main: boolean }[];
  };
  /** A coordinator's decision on a shared postcode. */
  decided?: { by: string; at: string; decision: string };
}

export type SubmitResult =
  | {
      ok: true;
      id: string;
      eligibility: Eligibility;
      kvk: KvkStatus;
      mailed: boolean;
    }
  | { ok: false; fieldErrors: { kvkNumber: string[] } };

function where(lang: Lang, preference: string, meetingPlace: { nl: string; en: string }): string {
  const t = getT(lang);
  return preference === "media-park"
    ? t("intake.mailWhere.meetingPlace", { place: meetingPlace[lang] })
    : t("intake.mailWhere.online");
}

/** The confirmation email, for an eligible request (also after a coordinator's decision). */
async function queueConfirmation(
  db: DB,
  deps: Pick<IntakeDeps, "mail" | "siteName" | "meetingPlace" | "logger">,
  row: Pick<IntakeRequest, "contact_email" | "contact_name" | "lang" | "intake_preference">,
): Promise<void> {
  await queueMail(
    db,
    deps.mail,
    renderMail("intakeConfirmation", {
      to: row.contact_email,
      lang: row.lang,
      siteName: deps.siteName,
      values: {
        name: row.contact_name,
        where: where(row.lang, row.intake_preference, deps.meetingPlace),
      },
    }),
    deps.logger,
  );
}

/**
 * The company row of a request: an existing one with this KvK number, else the requester's
 * own company (its empty fields filled in), else a new one.
 */
async function companyFor(
  tx: DB,
  input: IntakeInput,
  facts: { sbiSection: string | null; cbsCode: string | null },
  requester: Requester,
): Promise<string> {
  const now = nowIso();
  const compactPostcode = input.postcode.replace(/\s+/g, "");
  if (input.kvkNumber) {
    const byKvk = await tx
      .selectFrom("companies")
      .select("id")
      .where("kvk_number", "=", input.kvkNumber)
      .executeTakeFirst();
    if (byKvk) return byKvk.id;
  }
  if (requester.userId && requester.companyIds.length > 0) {
    const own = await tx
      .selectFrom("companies")
      .selectAll()
      .where("id", "in", [...requester.companyIds])
      .orderBy("name")
      .execute();
    const sameName = own.find(
      (c) => c.name.trim().toLowerCase() === input.companyName.trim().toLowerCase(),
    );
    const mine = sameName ?? (own.length === 1 ? own[0] : undefined);
    if (mine && (!input.kvkNumber || !mine.kvk_number)) {
      await tx
        .updateTable("companies")
        .set({
          kvk_number: mine.kvk_number ?? input.kvkNumber ?? null,
          sbi_section: mine.sbi_section ?? facts.sbiSection,
          employees: mine.employees ?? input.employees,
          postcode: mine.postcode ?? compactPostcode,
          cbs_code: mine.cbs_code ?? facts.cbsCode,
          updated_at: now,
        })
        .where("id", "=", mine.id)
        .execute();
      return mine.id;
    }
  }
  const id = newId();
  const row = {
    id,
    name: input.companyName,
    kvk_number: input.kvkNumber ?? null,
    kind: "sme" as const,
    sbi_section: facts.sbiSection,
    employees: input.employees,
    postcode: compactPostcode,
    cbs_code: facts.cbsCode,
    created_at: now,
    updated_at: now,
  };
  if (!input.kvkNumber) {
    await tx.insertInto("companies").values(row).execute();
    return id;
  }
  // Two requests for the same new KvK number at once: the second uses the first's row.
  await tx
    .insertInto("companies")
    .values(row)
    .onConflict((oc) => oc.column("kvk_number").doNothing())
    .execute();
  const stored = await tx
    .selectFrom("companies")
    .select("id")
    .where("kvk_number", "=", input.kvkNumber)
    .executeTakeFirstOrThrow();
  return stored.id;
}

/**
 * Handle a submitted intake form: KvK check, eligibility, store (company, request, scan link,
 * confirmation email) in one transaction. A KvK number the register does not know is sent
 * back as a field error; a register that does not answer is no reason to refuse the request.
 * Throws RateLimitedError when one address or email asks too often.
 */
export async function submitIntake(
  deps: IntakeDeps,
  input: IntakeInput,
  requester: Requester,
  scan: Pick<ScanResponse, "id" | "user_id"> | null,
): Promise<SubmitResult> {
  await enforceLimits(
    deps.db,
    [
      ["intakePerAddress", requester.ip],
      ["intakePerEmail", input.email.toLowerCase()],
    ],
    { factor: deps.rateLimitFactor, now: deps.now },
  );

  let lookup: KvkLookup | null = null;
  if (input.kvkNumber && deps.kvk) lookup = await deps.kvk.lookupKvk(input.kvkNumber);
  if (lookup?.kind === "not-found") {
    return { ok: false, fieldErrors: { kvkNumber: ["intake.error.kvkNotFound"] } };
  }
  const kvk: KvkCompany | null = lookup?.kind === "found" ? lookup.company : null;
  const kvkStatus: KvkStatus = !input.kvkNumber
    ? "none"
    : !deps.kvk
      ? "skipped"
      : kvk
        ? "checked"
        : "unavailable";

  const on = deps.now ?? new Date();
  const eligibility = assessEligibility(
    {
      postcode: kvk?.postcode ?? input.postcode,
      employees: kvk?.employees ?? input.employees,
      legalForm: kvk?.legalForm ?? null,
    },
    { lookupPostcode: deps.reference.lookupPostcode, companySize: deps.companySize, on },
  );
  const sbiSection =
    input.sector && deps.reference.sbiSections.some((s) => s.code === input.sector)
      ? input.sector
      : (kvk?.sbiSection ?? null);
  const cbsCode = eligibility.kind === "ambiguous" ? null : eligibility.cbsCode;
  const record: EligibilityRecord = {
    reasons: eligibility.kind === "ineligible" ? eligibility.reasons : [],
    ...(eligibility.kind === "ambiguous" ? { cbsCodes: eligibility.cbsCodes } : {}),
    checkedWith: kvk ? "kvk" : "form",
    kvkStatus,
    ...(kvk && deps.kvk
      ? {
          kvk: {
            source: deps.kvk.source,
            name: kvk.name,
            legalForm: kvk.legalFormText ?? kvk.legalForm,
            employees: kvk.employees,
            postcode: kvk.postcode,
            sbiSection: kvk.sbiSection,
            sbi: kvk.sbiActivities,
          },
        }
      : {}),
  };

  const id = newId();
  const createdAt = nowIso(on);
  const mailed = eligibility.kind === "eligible";
  await deps.db.transaction().execute(async (tx) => {
    const companyId = await companyFor(tx, input, { sbiSection, cbsCode }, requester);
    const row: IntakeRequest = {
      id,
      response_id: scan?.id ?? null,
      company_id: companyId,
      user_id: requester.userId,
      question: input.question,
      contact_name: input.contactName,
      contact_email: input.email.toLowerCase(),
      contact_phone: input.phone ?? null,
      company_name: input.companyName,
      kvk_number: input.kvkNumber ?? null,
      kvk_checked: kvk ? 1 : 0,
      sbi_section: sbiSection,
      employees: input.employees,
      legal_form: kvk ? (kvk.legalFormText ?? kvk.legalForm) : null,
      postcode: normalisePostcode(input.postcode),
      cbs_code: cbsCode,
      eligibility: eligibility.kind,
      eligibility_reasons: JSON.stringify(record),
      heard_via: input.heardVia ?? null,
      heard_via_detail: input.heardViaDetail ?? null,
      intake_preference: input.preference,
      lang: requester.lang,
      status: "new",
      handled_by: null,
      handled_at: null,
      reply: null,
      created_at: createdAt,
    };
    await tx.insertInto("intake_requests").values(row).execute();
    // A signed-in requester's anonymous scan becomes theirs (and their own company's).
    if (scan && requester.userId && scan.user_id === null) {
      const ownCompany = requester.companyIds.includes(companyId)
        ? companyId
        : (requester.companyIds[0] ?? null);
      await claimResponse(tx, scan.id, requester.userId, ownCompany);
    }
    if (mailed) await queueConfirmation(tx, deps, row);
  });
  deps.logger?.info(
    { intakeId: id, eligibility: eligibility.kind, kvk: kvkStatus },
    "intake request stored",
  );
  return { ok: true, id, eligibility, kvk: kvkStatus, mailed };
}

// ---------------------------------------------------------------------------------------
// Reading

export function parseEligibilityRecord(value: string | null): EligibilityRecord {
  try {
    const v = JSON.parse(value ?? "") as EligibilityRecord;
    if (v && Array.isArray(v.reasons)) return v;
  } catch {
    // fall through
  }
  return { reasons: [], checkedWith: "form", kvkStatus: "none" };
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A well-formed request id (anything else is a 404 without asking the database). */
export function isIntakeId(value: unknown): value is string {
  return typeof value === "string" && ID.test(value);
}

export async function findIntakeRequest(db: DB, id: string): Promise<IntakeRequest | undefined> {
  if (!isIntakeId(id)) return undefined;
  return db.selectFrom("intake_requests").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface IntakeListItem {
  id: string;
  createdAt: string;
  companyName: string;
  contactName: string;
  question: string;
  employees: number;
  postcode: string;
  status: IntakeStatus;
  eligibility: IntakeEligibility;
  preference: string;
  kvkChecked: boolean;
}

export interface IntakeCounts {
  all: number;
  status: Record<IntakeStatus, number>;
  eligibility: Record<IntakeEligibility, number>;
}

export async function countIntakeRequests(db: DB): Promise<IntakeCounts> {
  const [byStatus, byEligibility] = await Promise.all([
    db
      .selectFrom("intake_requests")
      .select(["status", (eb) => eb.fn.countAll<string | number>().as("n")])
      .groupBy("status")
      .execute(),
    db
      .selectFrom("intake_requests")
      .select(["eligibility", (eb) => eb.fn.countAll<string | number>().as("n")])
      .groupBy("eligibility")
      .execute(),
  ]);
  const status = Object.fromEntries(INTAKE_STATUSES.map((s) => [s, 0])) as Record<
    IntakeStatus,
    number
  >;
  const eligibility = Object.fromEntries(ELIGIBILITIES.map((s) => [s, 0])) as Record<
    IntakeEligibility,
    number
  >;
  for (const r of byStatus) if (r.status in status) status[r.status] = Number(r.n);
  for (const r of byEligibility) {
    if (r.eligibility in eligibility) eligibility[r.eligibility] = Number(r.n);
  }
  const all = Object.values(status).reduce((a, b) => a + b, 0);
  return { all, status, eligibility };
}

/** Newest first, optionally one status and/or eligibility. */
export async function listIntakeRequests(
  db: DB,
  q: { status?: IntakeStatus; eligibility?: IntakeEligibility; offset?: number; limit?: number },
): Promise<{ items: IntakeListItem[]; total: number }> {
  let base = db.selectFrom("intake_requests");
  if (q.status) base = base.where("status", "=", q.status);
  if (q.eligibility) base = base.where("eligibility", "=", q.eligibility);
  const [rows, total] = await Promise.all([
    base
      .select([
        "id",
        "created_at",
        "company_name",
        "contact_name",
        "question",
        "employees",
        "postcode",
        "status",
        "eligibility",
        "intake_preference",
        "kvk_checked",
      ])
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .offset(q.offset ?? 0)
      .limit(Math.min(q.limit ?? 25, 100))
      .execute(),
    base.select((eb) => eb.fn.countAll<string | number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      companyName: r.company_name,
      contactName: r.contact_name,
      question: r.question.length > 140 ? `${r.question.slice(0, 139)}…` : r.question,
      employees: r.employees,
      postcode: r.postcode,
      status: r.status,
      eligibility: r.eligibility,
      preference: r.intake_preference,
      kvkChecked: r.kvk_checked === 1,
    })),
  };
}

const titles = new Map<string, { nl: string; en: string } | null>();

/** An instrument's title from its data file (instruments/<id>/v<version>.json), if readable. */
export function instrumentTitle(id: string, version: number, lang: Lang): string {
  const key = `${id}@${version}`;
  if (!titles.has(key)) {
    let title: { nl: string; en: string } | null = null;
    if (/^[a-z0-9-]+$/.test(id) && Number.isInteger(version)) {
      try {
        const file = path.resolve(process.cwd(), "instruments", id, `v${version}.json`);
        const data = JSON.parse(readFileSync(file, "utf8")) as {
          title?: { nl: string; en: string };
        };
        title = data.title ?? null;
      } catch {
        title = null;
      }
    }
    titles.set(key, title);
  }
  return titles.get(key)?.[lang] ?? id;
}

export interface IntakeDetail {
  request: IntakeRequest;
  record: EligibilityRecord;
  scan: {
    id: string;
    title: string;
    status: ScanResponse["status"];
    level: string | null;
    overall: number | null;
    completedAt: string | null;
  } | null;
  handledBy: string | null;
  /** Region municipalities a coordinator can choose for a shared postcode. */
  decideOptions: { cbsCode: string; name: string }[];
}

export async function getIntakeDetail(
  db: DB,
  reference: Pick<ReferenceData, "municipality">,
  id: string,
  lang: Lang,
): Promise<IntakeDetail | undefined> {
  const request = await findIntakeRequest(db, id);
  if (!request) return undefined;
  const [scan, handler] = await Promise.all([
    request.response_id
      ? db
          .selectFrom("scan_responses")
          .select([
            "id",
            "instrument_id",
            "instrument_version",
            "status",
            "level",
            "overall",
            "completed_at",
          ])
          .where("id", "=", request.response_id)
          .executeTakeFirst()
      : undefined,
    request.handled_by
      ? db
          .selectFrom("users")
          .select("name")
          .where("id", "=", request.handled_by)
          .executeTakeFirst()
      : undefined,
  ]);
  const record = parseEligibilityRecord(request.eligibility_reasons);
  return {
    request,
    record,
    scan: scan
      ? {
          id: scan.id,
          title: instrumentTitle(scan.instrument_id, scan.instrument_version, lang),
          status: scan.status,
          level: scan.level,
          overall: scan.overall === null ? null : Number(scan.overall),
          completedAt: scan.completed_at,
        }
      : null,
    handledBy: handler?.name ?? null,
    decideOptions:
      request.eligibility === "ambiguous"
        ? (record.cbsCodes ?? []).flatMap((code) => {
            const m = reference.municipality(code);
            return m ? [{ cbsCode: code, name: m.name }] : [];
          })
        : [],
  };
}

// ---------------------------------------------------------------------------------------
// Coordinators' actions

export interface HandleContext {
  db: DB;
  actor: Extract<Actor, { kind: "user" }>;
  ip: string;
  mail: MailSettings;
  siteName: string;
  meetingPlace: { nl: string; en: string };
  reference: Pick<ReferenceData, "municipality">;
  logger?: Logger;
}

export type HandleResult = { changed: true } | { changed: false; why: "state" };

const audit = (ctx: HandleContext, db: DB, action: string, id: string, details: object) =>
  recordAudit(db, {
    actorId: ctx.actor.id,
    actorEmail: ctx.actor.email,
    action,
    targetType: "intake_request",
    targetId: id,
    ip: ctx.ip,
    details: { ...details },
  });

/** Answer a request by email (also the kind way to close one that is not for us). */
export async function answerIntake(
  ctx: HandleContext,
  id: string,
  reply: string,
): Promise<HandleResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("intake_requests")
      .select(["contact_email", "contact_name", "lang", "status"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row || row.status === "answered") return { changed: false, why: "state" } as const;
    const r = await tx
      .updateTable("intake_requests")
      .set({ status: "answered", reply, handled_by: ctx.actor.id, handled_at: nowIso() })
      .where("id", "=", id)
      .where("status", "!=", "answered")
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { changed: false, why: "state" } as const;
    await queueMail(
      tx,
      ctx.mail,
      renderMail("intakeReply", {
        to: row.contact_email,
        lang: row.lang,
        siteName: ctx.siteName,
        values: { name: row.contact_name, reply, coordinator: ctx.actor.name },
      }),
      ctx.logger,
    );
    await audit(ctx, tx, "intake.answer", id, { length: reply.length });
    return { changed: true } as const;
  });
}

/**
 * Decide on a request whose postcode spans two municipalities: in the region (in one of the
 * region's municipalities it spans; the confirmation email goes out) or not in the region.
 */
export async function decideIntake(
  ctx: HandleContext,
  id: string,
  decision: string,
): Promise<HandleResult> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("intake_requests")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    if (row?.eligibility !== "ambiguous") return { changed: false, why: "state" } as const;
    const record = parseEligibilityRecord(row.eligibility_reasons);
    const cbsCode = decision.startsWith("in:") ? decision.slice(3) : null;
    if (cbsCode) {
      const m = ctx.reference.municipality(cbsCode);
      if (!m || !(record.cbsCodes ?? []).includes(cbsCode)) {
        return { changed: false, why: "state" } as const;
      }
    }
    const inRegion = cbsCode !== null;
    const next: EligibilityRecord = {
      ...record,
      reasons: inRegion ? [] : ["outside-region"],
      decided: { by: ctx.actor.id, at: nowIso(), decision },
    };
    const r = await tx
      .updateTable("intake_requests")
      .set({
        eligibility: inRegion ? "eligible" : "ineligible",
        cbs_code: cbsCode,
        eligibility_reasons: JSON.stringify(next),
      })
      .where("id", "=", id)
      .where("eligibility", "=", "ambiguous")
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return { changed: false, why: "state" } as const;
    if (row.company_id && cbsCode) {
      await tx
        .updateTable("companies")
        .set({ cbs_code: cbsCode, updated_at: nowIso() })
        .where("id", "=", row.company_id)
        .where("cbs_code", "is", null)
        .execute();
    }
    if (inRegion) await queueConfirmation(tx, ctx, row);
    await audit(ctx, tx, "intake.decide", id, { decision });
    return { changed: true } as const;
  });
}

// ---------------------------------------------------------------------------------------
// Prefill

export type IntakeFormValues = Partial<Record<keyof IntakeInput, string>>;

/** What we already know: the signed-in person, their company, and the scan they came from. */
export async function prefillIntake(
  db: DB,
  actor: Actor,
  scan: Pick<ScanResponse, "id" | "email" | "sbi_section"> | null,
  heardVia: HeardVia | null,
): Promise<IntakeFormValues> {
  const values: IntakeFormValues = {};
  if (actor.kind === "user") {
    values.contactName = actor.name;
    values.email = actor.email;
    if (actor.companyIds.length > 0) {
      const company = await db
        .selectFrom("companies")
        .selectAll()
        .where("id", "in", [...actor.companyIds])
        .orderBy("name")
        .executeTakeFirst();
      if (company) {
        values.companyName = company.name;
        if (company.kvk_number) values.kvkNumber = company.kvk_number;
        if (company.sbi_section) values.sector = company.sbi_section;
        if (company.employees) values.employees = String(company.employees);
        if (company.postcode && /^[1-9]\d{3} ?[A-Za-z]{2}$/.test(company.postcode)) {
          values.postcode = normalisePostcode(company.postcode);
        }
      }
    }
  }
  if (scan) {
    values.scan = scan.id;
    if (!values.email && scan.email) values.email = scan.email;
    if (!values.sector && scan.sbi_section) values.sector = scan.sbi_section;
  }
  if (heardVia) values.heardVia = heardVia;
  return values;
}

/** What an intake needs from the running platform. */
export function intakeDeps(rt: Runtime): IntakeDeps {
  return {
    db: rt.db,
    reference: rt.reference,
    mail: rt.mail,
    kvk: kvkAdapterFor(rt.config, rt.logger),
    companySize: rt.config.region.companySize,
    siteName: rt.config.region.branding.name,
    meetingPlace: rt.config.region.meetingPlace,
    rateLimitFactor: rt.config.rateLimitWindowFactor,
    logger: rt.logger,
  };
}

export function handleContext(
  rt: Runtime,
  actor: Extract<Actor, { kind: "user" }>,
  ip: string,
): HandleContext {
  return {
    db: rt.db,
    actor,
    ip,
    mail: rt.mail,
    siteName: rt.config.region.branding.name,
    meetingPlace: rt.config.region.meetingPlace,
    reference: rt.reference,
    logger: rt.logger,
  };
}
