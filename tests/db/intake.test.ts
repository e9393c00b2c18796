/**
 * Intake requests on both databases: submitting stores the request with its company (and
 * scan), eligible requests get exactly one confirmation email and others none, a shared
 * postcode waits for a coordinator, and coordinators accept (into a case), answer and decide
 * (audited).
 * The KvK lookups go over HTTP to the local KvK double.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadRegion } from "~/config.server";
import type { DB } from "~/db/database.server";
import { createCompany } from "~/db/factories.server";
import type { User } from "~/db/schema";
import { newId, nowIso } from "~/lib/ids.server";
import { listAudit } from "~/modules/audit/audit.server";
import { RateLimitedError } from "~/modules/auth/rate-limit.server";
import { acceptIntakeIntoCase, type CaseContext } from "~/modules/cases/cases.server";
import { loadJourney } from "~/modules/cases/journey";
import { getCaseView } from "~/modules/cases/queries.server";
import {
  answerIntake,
  countIntakeRequests,
  decideIntake,
  findIntakeRequest,
  getIntakeDetail,
  type HandleContext,
  type IntakeDeps,
  listIntakeRequests,
  parseEligibilityRecord,
  type Requester,
  submitIntake,
} from "~/modules/intake/intake.server";
import { type IntakeInput, intakeSchema } from "~/modules/intake/schema";
import { createKvkClient } from "~/modules/kvk/kvk.server";
import { type RunningDouble, startKvkDouble } from "~/modules/kvk/kvk-double.server";
import { loadReferenceData } from "~/modules/reference/reference.server";
import { addMembership, insertUser } from "~/modules/users/users.server";
import { describeEachDialect } from "../support/db";

const region = loadRegion("config/region.gooi-en-vechtstreek.json");
const reference = loadReferenceData(region);
/** Before Wijdemeren merges into Hilversum (2027): 1216 still spans two municipalities. */
const DAY = new Date("2026-06-01T09:00:00Z");
const KEY = "db-test-key";

let double: RunningDouble;
beforeAll(async () => {
  double = await startKvkDouble({ apiKey: KEY });
});
afterAll(async () => {
  await double?.close();
});

let n = 0;
/**
 * A valid form, as the schema gives it to the server (postcodes normalised). Numbers come as
 * text, as from a form (Conform turns them into numbers before the schema).
 */
function form(overrides: Record<string, string> = {}): IntakeInput {
  n++;
  const raw = {
    question: "We krijgen te weinig klanten via de website. Waar begin ik?",
    contactName: `Aanvrager ${n}`,
    email: `aanvrager-${n}-${Math.random().toString(36).slice(2, 7)}@example.org`,
    companyName: `Bedrijf ${n}`,
    employees: 12,
    postcode: "1211ab",
    preference: "online",
    heardVia: "business-association",
    ...overrides,
  };
  if (overrides.employees) raw.employees = Number(overrides.employees);
  const parsed = intakeSchema.safeParse(raw);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return parsed.data;
}

function depsFor(db: DB, over: Partial<IntakeDeps> = {}): IntakeDeps {
  return {
    db,
    reference,
    mail: { from: "SPOT 035 <noreply@spot035.nl>" },
    kvk: createKvkClient({ baseUrl: double.baseUrl, apiKey: KEY }),
    companySize: region.companySize,
    siteName: "SPOT 035",
    meetingPlace: region.meetingPlace,
    now: DAY,
    ...over,
  };
}

let ip = 0;
const anonymous = (lang: "nl" | "en" = "nl"): Requester => ({
  userId: null,
  companyIds: [],
  lang,
  ip: `10.0.0.${++ip}`,
});

async function mailsTo(db: DB, to: string) {
  return db.selectFrom("mail_outbox").selectAll().where("to_address", "=", to).execute();
}

async function coordinator(db: DB): Promise<{ user: User; ctx: HandleContext }> {
  const user = await insertUser(db, {
    email: `coord-${newId()}@example.org`,
    name: "Carla Coördinator",
    roles: ["coordinator"],
    emailVerified: true,
  });
  return {
    user,
    ctx: {
      db,
      actor: {
        kind: "user",
        id: user.id,
        email: user.email,
        name: user.name,
        roles: new Set(["coordinator"]),
        companyIds: [],
        isDemo: false,
      },
      ip: "10.9.9.9",
      mail: { from: "SPOT 035 <noreply@spot035.nl>" },
      siteName: "SPOT 035",
      meetingPlace: region.meetingPlace,
      reference,
    },
  };
}

const journey = loadJourney("config/journey.json");
/** Accepting makes a case: the case module's context for the same coordinator. */
const caseCtx = (ctx: HandleContext): CaseContext => ({
  db: ctx.db,
  actor: ctx.actor,
  ip: ctx.ip,
  mail: ctx.mail,
  publicUrl: "https://spot035.example",
  siteName: "SPOT 035",
  journey,
  now: DAY,
});

describeEachDialect("intake requests", (get) => {
  it("stores an eligible request with a new company and sends exactly one confirmation", async () => {
    const db = get().handle.db;
    const input = form({ phone: "035 123 45 67", heardViaDetail: "Via de GBF" });
    const r = await submitIntake(depsFor(db), input, anonymous(), null);
    expect(r.ok && r.eligibility).toEqual({ kind: "eligible", cbsCode: "GM0402" });
    if (!r.ok) return;
    expect(r.mailed).toBe(true);
    expect(r.kvk).toBe("none");

    const row = await findIntakeRequest(db, r.id);
    expect(row).toMatchObject({
      question: input.question,
      contact_name: input.contactName,
      contact_email: input.email,
      contact_phone: "035 123 45 67",
      company_name: input.companyName,
      kvk_number: null,
      kvk_checked: 0,
      employees: 12,
      postcode: "1211 AB",
      cbs_code: "GM0402",
      eligibility: "eligible",
      heard_via: "business-association",
      heard_via_detail: "Via de GBF",
      intake_preference: "online",
      lang: "nl",
      status: "new",
      user_id: null,
      response_id: null,
    });
    const company = await db
      .selectFrom("companies")
      .selectAll()
      .where("id", "=", row!.company_id!)
      .executeTakeFirstOrThrow();
    expect(company).toMatchObject({
      name: input.companyName,
      kind: "sme",
      employees: 12,
      postcode: "1211AB",
      cbs_code: "GM0402",
    });

    const mails = await mailsTo(db, input.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      template: "intakeConfirmation",
      subject: "We hebben je vraag ontvangen",
      status: "kept",
    });
    expect(mails[0]!.text_body).toContain("Binnen 5 werkdagen");
    expect(mails[0]!.text_body).toContain("online");
    // The question itself is not repeated in the mail (the form is public: no spam relay).
    expect(mails[0]!.text_body).not.toContain(input.question);
  });

  it("checks a KvK number with the register: its data decide, and the company row is reused", async () => {
    const db = get().handle.db;
    // The form says 3 people in 9999; the register says 60 in Hilversum (1217 WE).
    const first = await submitIntake(
      depsFor(db),
      form({ kvkNumber: "9000 0004", employees: "3", postcode: "9999 ZZ" }),
      anonymous(),
      null,
    );
    expect(first.ok && first.eligibility).toEqual({ kind: "eligible", cbsCode: "GM0402" });
    if (!first.ok) return;
    expect(first.kvk).toBe("checked");
    const row = await findIntakeRequest(db, first.id);
    expect(row).toMatchObject({
      kvk_number: "90000004",
      kvk_checked: 1,
      legal_form: "Besloten Vennootschap",
      sbi_section: "K",
      employees: 3,
    });
    const record = parseEligibilityRecord(row!.eligibility_reasons);
    expect(record).toMatchObject({
      checkedWith: "kvk",
      kvkStatus: "checked",
      kvk: { name: "Media Park Digital Works B.V.", employees: 60, postcode: "1217 WE" },
    });

    const second = await submitIntake(
      depsFor(db),
      form({ kvkNumber: "90000004", companyName: "MPDW" }),
      anonymous(),
      null,
    );
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    const again = await findIntakeRequest(db, second.id);
    expect(again!.company_id).toBe(row!.company_id);
    const companies = await db
      .selectFrom("companies")
      .select("id")
      .where("kvk_number", "=", "90000004")
      .execute();
    expect(companies).toHaveLength(1);
  });

  it("stores an ineligible request (sole trader by KvK) and sends no mail", async () => {
    const db = get().handle.db;
    const input = form({ kvkNumber: "90000005", employees: "4", postcode: "1251 KW" });
    const r = await submitIntake(depsFor(db), input, anonymous(), null);
    expect(r.ok && r.eligibility).toEqual({
      kind: "ineligible",
      reasons: ["sole-trader"],
      cbsCode: "GM0417",
    });
    if (!r.ok) return;
    expect(r.mailed).toBe(false);
    const row = await findIntakeRequest(db, r.id);
    expect(row).toMatchObject({ eligibility: "ineligible", legal_form: "Eenmanszaak" });
    expect(parseEligibilityRecord(row!.eligibility_reasons).reasons).toEqual(["sole-trader"]);
    expect(await mailsTo(db, input.email)).toHaveLength(0);
  });

  it("stores ineligible requests by the form too (too large, outside the region): no mail", async () => {
    const db = get().handle.db;
    const large = form({ employees: "400" });
    const outside = form({ postcode: "3821 AB" });
    const a = await submitIntake(depsFor(db, { kvk: null }), large, anonymous(), null);
    const b = await submitIntake(depsFor(db, { kvk: null }), outside, anonymous(), null);
    expect(a.ok && a.eligibility.kind === "ineligible" && a.eligibility.reasons).toEqual([
      "too-large",
    ]);
    expect(b.ok && b.eligibility.kind === "ineligible" && b.eligibility.reasons).toEqual([
      "outside-region",
    ]);
    expect(await mailsTo(db, large.email)).toHaveLength(0);
    expect(await mailsTo(db, outside.email)).toHaveLength(0);
  });

  it("sends a KvK number the register does not know back as a field error, storing nothing", async () => {
    const db = get().handle.db;
    const input = form({ kvkNumber: "90000099" });
    const r = await submitIntake(depsFor(db), input, anonymous(), null);
    expect(r).toEqual({ ok: false, fieldErrors: { kvkNumber: ["intake.error.kvkNotFound"] } });
    const rows = await db
      .selectFrom("intake_requests")
      .select("id")
      .where("contact_email", "=", input.email)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("goes on without the register when it does not answer (wrong key), or when none is set up", async () => {
    const db = get().handle.db;
    const broken = createKvkClient({ baseUrl: double.baseUrl, apiKey: "wrong" });
    const a = await submitIntake(
      depsFor(db, { kvk: broken }),
      form({ kvkNumber: "90000006" }),
      anonymous(),
      null,
    );
    // The register would say 400 people; unchecked, the form's 12 count.
    expect(a.ok && a.kvk).toBe("unavailable");
    expect(a.ok && a.eligibility.kind).toBe("eligible");
    const row = await findIntakeRequest(db, a.ok ? a.id : "");
    expect(row).toMatchObject({ kvk_number: "90000006", kvk_checked: 0, legal_form: null });
    expect(parseEligibilityRecord(row!.eligibility_reasons).kvkStatus).toBe("unavailable");

    const b = await submitIntake(
      depsFor(db, { kvk: null }),
      form({ kvkNumber: "12345678" }),
      anonymous(),
      null,
    );
    expect(b.ok && b.kvk).toBe("skipped");
  });

  it("keeps a shared postcode (1216) as ambiguous without mail; a coordinator decides", async () => {
    const db = get().handle.db;
    const input = form({ postcode: "1216 AA", employees: "9" });
    const r = await submitIntake(depsFor(db), input, anonymous(), null);
    expect(r.ok && r.eligibility.kind).toBe("ambiguous");
    if (!r.ok) return;
    expect(r.mailed).toBe(false);
    let row = await findIntakeRequest(db, r.id);
    expect(row).toMatchObject({ eligibility: "ambiguous", cbs_code: null });
    expect(await mailsTo(db, input.email)).toHaveLength(0);

    const { ctx } = await coordinator(db);
    // Accepting waits for the decision.
    expect(await acceptIntakeIntoCase(caseCtx(ctx), r.id)).toEqual({
      ok: false,
      problem: "intakeState",
    });
    const detail = await getIntakeDetail(db, reference, r.id, "nl");
    expect(detail!.decideOptions.map((o) => o.name).sort()).toEqual(["Hilversum", "Wijdemeren"]);
    // A municipality the postcode is not in is refused.
    expect((await decideIntake(ctx, r.id, "in:GM0406")).changed).toBe(false);

    expect(await decideIntake(ctx, r.id, "in:GM1696")).toEqual({ changed: true });
    row = await findIntakeRequest(db, r.id);
    expect(row).toMatchObject({ eligibility: "eligible", cbs_code: "GM1696" });
    const mails = await mailsTo(db, input.email);
    expect(mails.map((m) => m.template)).toEqual(["intakeConfirmation"]);
    expect((await decideIntake(ctx, r.id, "out")).changed).toBe(false);
    const audit = await listAudit(db, { action: "intake.decide", targetId: r.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: ctx.actor.id, result: "ok" });
    expect(JSON.parse(audit[0]!.details!)).toEqual({ decision: "in:GM1696" });

    // "Not in the region": ineligible, no mail.
    const other = form({ postcode: "1216 BB", employees: "9" });
    const o = await submitIntake(depsFor(db), other, anonymous(), null);
    expect(await decideIntake(ctx, o.ok ? o.id : "", "out")).toEqual({ changed: true });
    const decided = await findIntakeRequest(db, o.ok ? o.id : "");
    expect(decided!.eligibility).toBe("ineligible");
    expect(parseEligibilityRecord(decided!.eligibility_reasons).reasons).toEqual([
      "outside-region",
    ]);
    expect(await mailsTo(db, other.email)).toHaveLength(0);
  });

  it("links a signed-in requester's anonymous scan, claims it, and uses their own company", async () => {
    const db = get().handle.db;
    const company = await createCompany(db, { name: "Eigen Bedrijf BV", kvk_number: null });
    const user = await insertUser(db, {
      email: `owner-${newId()}@example.org`,
      name: "Olga Ondernemer",
      roles: ["entrepreneur"],
      emailVerified: true,
    });
    await addMembership(db, user.id, company.id, "owner");
    const scanId = newId();
    const now = nowIso();
    await db
      .insertInto("scan_responses")
      .values({
        id: scanId,
        instrument_id: "quickscan",
        instrument_version: 1,
        status: "completed",
        scores: "{}",
        overall: 2.5,
        level: "basis",
        user_id: null,
        company_id: null,
        lang: "nl",
        email: null,
        sbi_section: null,
        size_band: null,
        cbs_code: null,
        started_at: now,
        updated_at: now,
        completed_at: now,
      })
      .execute();
    const r = await submitIntake(
      depsFor(db),
      form({ companyName: "Eigen Bedrijf BV", kvkNumber: "90000009", postcode: "1404 AM" }),
      { userId: user.id, companyIds: [company.id], lang: "nl", ip: "10.1.1.1" },
      { id: scanId, user_id: null },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const row = await findIntakeRequest(db, r.id);
    expect(row).toMatchObject({ user_id: user.id, response_id: scanId, company_id: company.id });
    const scan = await db
      .selectFrom("scan_responses")
      .select(["user_id", "company_id"])
      .where("id", "=", scanId)
      .executeTakeFirstOrThrow();
    expect(scan).toEqual({ user_id: user.id, company_id: company.id });
    // The company's empty KvK number is filled in from the request.
    const after = await db
      .selectFrom("companies")
      .select("kvk_number")
      .where("id", "=", company.id)
      .executeTakeFirstOrThrow();
    expect(after.kvk_number).toBe("90000009");
    const detail = await getIntakeDetail(db, reference, r.id, "nl");
    expect(detail!.scan).toMatchObject({ id: scanId, level: "basis", overall: 2.5 });
  });

  it("accept: the request becomes a case once, by whom, audited; the asker gets the link", async () => {
    const db = get().handle.db;
    const input = form();
    const r = await submitIntake(depsFor(db), input, anonymous(), null);
    const id = r.ok ? r.id : "";
    const { ctx, user } = await coordinator(db);
    const accepted = await acceptIntakeIntoCase(caseCtx(ctx), id);
    expect(accepted.ok).toBe(true);
    const caseId = accepted.ok ? accepted.caseId : "";
    const row = await findIntakeRequest(db, id);
    expect(row).toMatchObject({ status: "accepted", handled_by: user.id });
    expect(row!.handled_at).not.toBeNull();

    // The case: phase 0, the request's question and company, the journey's first tasks.
    const view = await getCaseView(db, caseId, { internal: true });
    expect(view!.case).toMatchObject({
      phase: "awareness",
      question: input.question,
      company_id: row!.company_id,
      intake_request_id: id,
    });
    expect(view!.tasks.map((t) => t.journeyKey).sort()).toEqual(["compose-team", "plan-intake"]);
    // The person who asked is a member of the company now, and got the link to their case.
    const member = await db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select("users.email")
      .where("memberships.company_id", "=", row!.company_id!)
      .execute();
    expect(member.map((m) => m.email)).toContain(input.email);
    const mails = await mailsTo(db, input.email);
    expect(mails.map((m) => m.template).sort()).toEqual(["caseOpened", "intakeConfirmation"]);
    const opened = mails.find((m) => m.template === "caseOpened")!;
    expect(opened.text_body).toContain(`https://spot035.example/mijn/casus/${caseId}`);

    // Only once.
    expect(await acceptIntakeIntoCase(caseCtx(ctx), id)).toEqual({
      ok: false,
      problem: "intakeState",
    });
    const cases = await db
      .selectFrom("cases")
      .select("id")
      .where("intake_request_id", "=", id)
      .execute();
    expect(cases).toHaveLength(1);
    expect(await listAudit(db, { action: "intake.accept", targetId: caseId })).toHaveLength(1);
  });

  it("answer: the reply is stored and emailed once, in the requester's language", async () => {
    const db = get().handle.db;
    const input = form({ employees: "400" });
    const r = await submitIntake(depsFor(db), input, anonymous("en"), null);
    const id = r.ok ? r.id : "";
    const { ctx } = await coordinator(db);
    const reply = "Thank you. The national desks below can help a company of your size.";
    expect(await answerIntake(ctx, id, reply)).toEqual({ changed: true });
    expect(await answerIntake(ctx, id, "second answer")).toEqual({
      changed: false,
      why: "state",
    });
    const row = await findIntakeRequest(db, id);
    expect(row).toMatchObject({ status: "answered", reply, handled_by: ctx.actor.id });
    const mails = await mailsTo(db, input.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      template: "intakeReply",
      subject: "Answer to your question to SPOT 035",
    });
    expect(mails[0]!.text_body).toContain(reply);
    expect(mails[0]!.text_body).toContain("Carla Coördinator");
    const audit = await listAudit(db, { action: "intake.answer", targetId: id });
    expect(audit).toHaveLength(1);
    // The reply text is not copied into the audit log.
    expect(audit[0]!.details).not.toContain(reply);
  });

  it("lists newest first, filters by status and eligibility, and counts", async () => {
    const db = get().handle.db;
    const before = await countIntakeRequests(db);
    const ids: string[] = [];
    const overrides: Record<string, string>[] = [{}, { employees: "500" }, {}];
    for (const [i, over] of overrides.entries()) {
      const r = await submitIntake(
        depsFor(db, { now: new Date(Date.UTC(2026, 6, 1, 10, i)) }),
        form(over),
        anonymous(),
        null,
      );
      if (r.ok) ids.push(r.id);
    }
    const after = await countIntakeRequests(db);
    expect(after.all).toBe(before.all + 3);
    expect(after.status.new).toBe(before.status.new + 3);
    expect(after.eligibility.ineligible).toBe(before.eligibility.ineligible + 1);

    const all = await listIntakeRequests(db, { limit: 3 });
    expect(all.items.map((i) => i.id)).toEqual([...ids].reverse());
    const ineligible = await listIntakeRequests(db, { eligibility: "ineligible", limit: 100 });
    expect(ineligible.items.every((i) => i.eligibility === "ineligible")).toBe(true);
    expect(ineligible.items.map((i) => i.id)).toContain(ids[1]);
    expect(ineligible.total).toBe(after.eligibility.ineligible);
    const accepted = await listIntakeRequests(db, { status: "accepted" });
    expect(accepted.items.every((i) => i.status === "accepted")).toBe(true);
  });

  it("limits one email address to 5 requests an hour", async () => {
    const db = get().handle.db;
    const email = `limit-${newId()}@example.org`;
    for (let i = 0; i < 5; i++) {
      const r = await submitIntake(depsFor(db), form({ email }), anonymous(), null);
      expect(r.ok).toBe(true);
    }
    await expect(submitIntake(depsFor(db), form({ email }), anonymous(), null)).rejects.toThrow(
      RateLimitedError,
    );
  });
});
