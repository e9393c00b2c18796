/**
 * Scan responses on both databases: answers are validated as they are saved (a bad value never
 * reaches the table), answers saved at the same moment are all kept, finishing needs every
 * required visible answer and stores the scores of `score()`, an anonymous response can be
 * claimed by a person and their company, T0 → T1, the comparison group needs 10 similar
 * responses, another company cannot read a response, and the resume link with its one reminder.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { type DB, openDatabase } from "~/db/database.server";
import { generateAnswers, insertCompletedScan, seededRandom } from "~/db/demo-scans.server";
import { createCompany } from "~/db/factories.server";
import type { Role, ScanResponse } from "~/db/schema";
import { createLogger } from "~/logger.server";
import { JobWorker } from "~/modules/jobs/queue.server";
import type { MailSettings } from "~/modules/mail/mail.server";
import type { Actor } from "~/modules/policy/actor";
import { can } from "~/modules/policy/rules";
import { AnswerError, type AnswerProblem, type Answers } from "~/modules/scans/answers";
import { allQuestions, type Instrument, type Question } from "~/modules/scans/instrument";
import { latestInstrument } from "~/modules/scans/registry.server";
import {
  addOwner,
  claimResponse,
  comparisonGroup,
  completeResponse,
  findResponse,
  loadAnswers,
  ownsByToken,
  previousResponse,
  progressOf,
  saveAnswer,
  startResponse,
} from "~/modules/scans/responses.server";
import {
  REMINDER_AFTER_MS,
  type ResumeDeps,
  SCAN_REMINDER_JOB,
  scanReminderHandler,
  sendResumeLink,
} from "~/modules/scans/resume.server";
import { score } from "~/modules/scans/scoring";
import { addMembership, insertUser } from "~/modules/users/users.server";
import { describeEachDialect } from "../support/db";

const logger = createLogger("silent");
const DAY = 86_400_000;

function instrument(id: string): Instrument {
  const inst = latestInstrument(id);
  if (!inst) throw new Error(`instrument ${id} is missing`);
  return inst;
}

const quickscan = instrument("quickscan");
const cyber = instrument("cyber");
const dma = instrument("eu-dma");

/** A valid whole answer for any question (the first option, the middle of a scale, …). */
function validAnswer(q: Question): unknown {
  switch (q.type) {
    case "single":
      return q.options[0]!.id;
    case "multi":
      return [q.options.find((o) => !o.exclusive)!.id];
    case "graded-rows":
      return Object.fromEntries(q.rows.map((r, i) => [r.id, i % q.levels.length]));
    case "per-row":
      return q.multiple
        ? Object.fromEntries(q.rows.map((r) => [r.id, [q.columns[0]!.id]]))
        : Object.fromEntries(q.rows.map((r) => [r.id, q.columns[0]!.id]));
    case "scale":
      return Math.round((q.min + q.max) / 2);
    case "number":
      return q.min;
    case "text":
      return "Meer klanten online.";
  }
}

async function expectProblem(promise: Promise<unknown>, problem: AnswerProblem): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected AnswerError ${problem}`).toBeInstanceOf(AnswerError);
  expect((error as AnswerError).problem).toBe(problem);
}

/** Answer every visible question of a response in order (conditions re-checked as we go). */
async function answerAll(db: DB, response: ScanResponse, answers: Answers): Promise<void> {
  for (const [qid, value] of Object.entries(answers)) await saveAnswer(db, response, qid, value);
}

function userActor(id: string, companyIds: string[], roles: Role[] = ["entrepreneur"]): Actor {
  return {
    kind: "user",
    id,
    email: `${id}@example.org`,
    name: "Test",
    roles: new Set(roles),
    companyIds,
    isDemo: false,
  };
}

let emailSeq = 0;
async function createPerson(db: DB, companyId: string | null) {
  const user = await insertUser(db, {
    email: `scan-person-${++emailSeq}-${Date.now()}@example.org`,
    name: "Sam Scan",
    roles: ["entrepreneur"],
    emailVerified: true,
  });
  if (companyId) await addMembership(db, user.id, companyId, "owner");
  return user;
}

describeEachDialect("scan responses", (get) => {
  describe("saveAnswer validates every value before it is stored", () => {
    it("refuses an unknown question id", async () => {
      const { db } = get().handle;
      const { response } = await startResponse(db, quickscan, { lang: "nl" });
      await expectProblem(
        saveAnswer(db, response, "no-such-question", "customers"),
        "scan.error.unknownQuestion",
      );
      // A question of another instrument is just as unknown.
      await expectProblem(saveAnswer(db, response, "q1", {}), "scan.error.unknownQuestion");
      expect(await loadAnswers(db, response.id)).toEqual({});
    });

    it("refuses an unknown option and keeps the earlier answer", async () => {
      const { db } = get().handle;
      const { response } = await startResponse(db, quickscan, { lang: "nl" });
      await saveAnswer(db, response, "worry", "staff");
      await expectProblem(
        saveAnswer(db, response, "worry", "world-peace"),
        "scan.error.unknownOption",
      );
      await expectProblem(
        saveAnswer(db, response, "software", ["accounting", "spaceship"]),
        "scan.error.unknownOption",
      );
      await expectProblem(saveAnswer(db, response, "software", [1, 2]), "scan.error.wrongType");
      expect(await loadAnswers(db, response.id)).toEqual({ worry: "staff" });
    });

    it("refuses a scale value out of range or not a whole number", async () => {
      const { db } = get().handle;
      const { response } = await startResponse(db, quickscan, { lang: "nl" });
      await expectProblem(saveAnswer(db, response, "skills", 0), "scan.error.outOfRange");
      await expectProblem(saveAnswer(db, response, "skills", "6"), "scan.error.outOfRange");
      await expectProblem(saveAnswer(db, response, "skills", -1e9), "scan.error.outOfRange");
      await expectProblem(saveAnswer(db, response, "skills", 2.5), "scan.error.wrongType");
      await expectProblem(saveAnswer(db, response, "skills", "veel"), "scan.error.wrongType");
      await expectProblem(saveAnswer(db, response, "skills", ["3"]), "scan.error.wrongType");
      expect(await loadAnswers(db, response.id)).toEqual({});
      // The form sends strings: "4" is fine and stored as a number.
      expect(await saveAnswer(db, response, "skills", "4")).toBe(4);
      expect(await loadAnswers(db, response.id)).toEqual({ skills: 4 });
    });

    it("refuses a text that is too long", async () => {
      const { db } = get().handle;
      const { response } = await startResponse(db, quickscan, { lang: "nl" });
      await expectProblem(
        saveAnswer(db, response, "worry-text", "x".repeat(100_000)),
        "scan.error.tooLong",
      );
      await expectProblem(saveAnswer(db, response, "worry-text", ["a"]), "scan.error.wrongType");
      expect(await saveAnswer(db, response, "worry-text", "  Personeel vinden.  ")).toBe(
        "Personeel vinden.",
      );
    });

    it("refuses a tampered grid row, level or column", async () => {
      const { db } = get().handle;
      const { response } = await startResponse(db, dma, { lang: "nl" });
      const graded = Object.fromEntries(
        ["r1", "r2", "r3", "r4", "r5", "r6", "r7"].map((r) => [r, 2]),
      );
      // An extra row that the question does not have.
      await expectProblem(
        saveAnswer(db, response, "q4", { ...graded, r99: 3 }),
        "scan.error.unknownQuestion",
      );
      // A level above the highest.
      await expectProblem(
        saveAnswer(db, response, "q4", { ...graded, r1: 6 }),
        "scan.error.outOfRange",
      );
      // Not a grid at all.
      await expectProblem(saveAnswer(db, response, "q4", "5"), "scan.error.wrongType");
      await expectProblem(saveAnswer(db, response, "q4", [1, 2]), "scan.error.wrongType");
      // per-row: an extra row, an unknown column.
      await expectProblem(
        saveAnswer(db, response, "q11", {
          r1: "yes",
          r2: "no",
          r3: "no",
          r4: "no",
          r5: "no",
          r6: "no",
        }),
        "scan.error.unknownQuestion",
      );
      await expectProblem(
        saveAnswer(db, response, "q11", { r1: "always", r2: "no", r3: "no", r4: "no", r5: "no" }),
        "scan.error.unknownOption",
      );
      await expectProblem(
        saveAnswer(db, response, "q1", { r1: ["already", "never"] }),
        "scan.error.unknownOption",
      );
      // A whole grid needs every row; a half grid is kept only as a partial (autosave) answer.
      await expectProblem(saveAnswer(db, response, "q4", { r1: 2 }), "scan.error.incomplete");
      expect(await loadAnswers(db, response.id)).toEqual({});
      await saveAnswer(db, response, "q4", { r1: "2" }, { partial: true });
      expect(await loadAnswers(db, response.id)).toEqual({ q4: { r1: 2 } });
      await saveAnswer(db, response, "q4", graded);
      expect(await loadAnswers(db, response.id)).toEqual({ q4: graded });
    });

    it("refuses the exclusive option together with others", async () => {
      const { db } = get().handle;
      const { response } = await startResponse(db, dma, { lang: "nl" });
      await expectProblem(
        saveAnswer(db, response, "q7", ["o1", "not-digital"]),
        "scan.error.exclusive",
      );
      expect(await loadAnswers(db, response.id)).toEqual({});
      expect(await saveAnswer(db, response, "q7", ["not-digital"])).toEqual(["not-digital"]);
      // Duplicates are dropped and the instrument's order is kept.
      expect(await saveAnswer(db, response, "q7", ["o3", "o1", "o3"])).toEqual(["o1", "o3"]);

      const { response: quick } = await startResponse(db, quickscan, { lang: "nl" });
      await expectProblem(
        saveAnswer(db, quick, "software", ["accounting", "none"]),
        "scan.error.exclusive",
      );
      expect(await saveAnswer(db, quick, "software", "none")).toEqual(["none"]);
    });
  });

  it("keeps all of 20 answers saved at the same moment (no lost update)", async () => {
    const { db } = get().handle;
    const { response } = await startResponse(db, cyber, { lang: "nl" });
    const questions = allQuestions(cyber).slice(0, 20);
    expect(questions).toHaveLength(20);
    const saved = await Promise.all(
      questions.map((q) => saveAnswer(db, response, q.id, validAnswer(q))),
    );
    const answers = await loadAnswers(db, response.id);
    expect(Object.keys(answers).sort()).toEqual(questions.map((q) => q.id).sort());
    for (const [i, q] of questions.entries()) expect(answers[q.id]).toEqual(saved[i]);

    // The same again, now each overwriting its own earlier value: still 20, all new values.
    await Promise.all(
      questions.map((q) =>
        saveAnswer(db, response, q.id, q.type === "single" ? q.options[1]!.id : 1),
      ),
    );
    const after = await loadAnswers(db, response.id);
    expect(Object.keys(after)).toHaveLength(20);
    for (const q of questions)
      expect(after[q.id]).toEqual(q.type === "single" ? q.options[1]!.id : 1);
  });

  it("finishing names the missing questions, then stores the scores of score()", async () => {
    const { db } = get().handle;
    const { response } = await startResponse(db, quickscan, { lang: "nl" });
    const all = generateAnswers(quickscan, seededRandom(7), 0.6);
    const [firstId, ...restIds] = Object.keys(all);

    const none = await completeResponse(db, response);
    expect(none.ok).toBe(false);
    const required = progressOf(quickscan, {}).missing;
    expect(!none.ok && none.missing).toEqual(required);
    expect(required).toContain("worry");
    expect(required).not.toContain("worry-text"); // optional

    // All but the first answered: only that one is missing.
    await answerAll(db, response, Object.fromEntries(restIds.map((id) => [id, all[id]!])));
    const one = await completeResponse(db, response);
    expect(one).toEqual({ ok: false, missing: [firstId] });
    let row = (await findResponse(db, response.id))!;
    expect(row.status).toBe("in_progress");
    expect(row.scores).toBeNull();

    await saveAnswer(db, response, firstId!, all[firstId!]);
    const done = await completeResponse(db, response);
    const expected = score(quickscan, await loadAnswers(db, response.id));
    expect(done).toEqual({ ok: true, scores: expected });
    row = (await findResponse(db, response.id))!;
    expect(row.status).toBe("completed");
    expect(JSON.parse(row.scores!)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(row.overall).toBeCloseTo(expected.overall, 9);
    expect(row.level).toBe(expected.level);
    expect(row.completed_at).not.toBeNull();
  });

  it("a question hidden by an earlier answer is not required", async () => {
    const { db } = get().handle;
    const answers = generateAnswers(quickscan, seededRandom(11), 0.5);
    delete answers["online-share"];

    // "Do you sell online?" — no: the share of online sales is never asked.
    const { response: no } = await startResponse(db, quickscan, { lang: "nl" });
    await answerAll(db, no, { ...answers, "online-sales": "no" });
    expect(progressOf(quickscan, await loadAnswers(db, no.id)).steps).not.toContain("online-share");
    expect((await completeResponse(db, no)).ok).toBe(true);

    // Yes: now it is asked, and needed.
    const { response: yes } = await startResponse(db, quickscan, { lang: "nl" });
    await answerAll(db, yes, { ...answers, "online-sales": "yes" });
    expect(await completeResponse(db, yes)).toEqual({ ok: false, missing: ["online-share"] });
    await saveAnswer(db, yes, "online-share", "part");
    expect((await completeResponse(db, yes)).ok).toBe(true);
  });

  it("claiming attaches an anonymous response to a person and fills sector, size and area from the company", async () => {
    const { db } = get().handle;
    const company = await createCompany(db, {
      sbi_section: "J",
      employees: 60,
      cbs_code: "GM0406",
    });
    const person = await createPerson(db, company.id);
    const { response } = await startResponse(db, quickscan, { lang: "nl" });
    expect(response).toMatchObject({
      user_id: null,
      company_id: null,
      sbi_section: null,
      size_band: null,
      cbs_code: null,
    });
    await claimResponse(db, response.id, person.id, company.id);
    expect(await findResponse(db, response.id)).toMatchObject({
      user_id: person.id,
      company_id: company.id,
      sbi_section: "J",
      size_band: "50-249",
      cbs_code: "GM0406",
    });

    // A response that already belongs to someone is not taken over.
    const other = await createPerson(db, null);
    await claimResponse(db, response.id, other.id, null);
    expect((await findResponse(db, response.id))!.user_id).toBe(person.id);
  });

  it("previousResponse finds the T0 of a T1 (same instrument, same company)", async () => {
    const { db } = get().handle;
    const company = await createCompany(db);
    const person = await createPerson(db, company.id);
    const rnd = seededRandom(3);
    const base = { userId: person.id, companyId: company.id };
    const t0 = await insertCompletedScan(db, {
      inst: quickscan,
      answers: generateAnswers(quickscan, rnd, 0.3),
      completedAt: new Date(Date.now() - 60 * DAY),
      ...base,
    });
    // Another instrument in between does not count.
    await insertCompletedScan(db, {
      inst: cyber,
      answers: generateAnswers(cyber, rnd, 0.5),
      completedAt: new Date(Date.now() - 30 * DAY),
      ...base,
    });
    const t1 = await insertCompletedScan(db, {
      inst: quickscan,
      answers: generateAnswers(quickscan, rnd, 0.6),
      completedAt: new Date(Date.now() - 7 * DAY),
      ...base,
    });
    const r1 = (await findResponse(db, t1))!;
    const r0 = (await findResponse(db, t0))!;
    expect((await previousResponse(db, r1))?.id).toBe(t0);
    expect(await previousResponse(db, r0)).toBeUndefined();

    // A scan in progress of the same company looks back at the latest finished one.
    const { response: t2 } = await startResponse(db, quickscan, {
      lang: "nl",
      userId: person.id,
      companyId: company.id,
    });
    expect((await previousResponse(db, t2))?.id).toBe(t1);
    // An anonymous response has no history.
    const { response: anon } = await startResponse(db, quickscan, { lang: "nl" });
    expect(await previousResponse(db, anon)).toBeUndefined();
  });

  it("the comparison group needs 10 similar completed responses, then gives their averages", async () => {
    const { db } = get().handle;
    // A sector and size of their own, so other tests' responses do not join the group.
    const group = { sbiSection: "R", sizeBand: "50-249", cbsCode: "GM1942" };
    const company = await createCompany(db, {
      sbi_section: "R",
      employees: 80,
      cbs_code: "GM0402",
    });
    const person = await createPerson(db, company.id);
    const rnd = seededRandom(99);
    const ownId = await insertCompletedScan(db, {
      inst: quickscan,
      answers: generateAnswers(quickscan, rnd, 0.5),
      completedAt: new Date(),
      userId: person.id,
      companyId: company.id,
      ...group,
    });
    const own = (await findResponse(db, ownId))!;

    const others: Answers[] = [];
    const addOther = async (overrides: Partial<typeof group> = {}, inst = quickscan) => {
      const answers = generateAnswers(inst, rnd, 0.2 + 0.6 * rnd());
      await insertCompletedScan(db, {
        inst,
        answers,
        completedAt: new Date(Date.now() - DAY),
        ...group,
        ...overrides,
      });
      return answers;
    };
    for (let i = 0; i < 9; i++) others.push(await addOther());
    // Not similar: another sector, another size, another instrument, outside the region.
    await addOther({ sbiSection: "C" });
    await addOther({ sizeBand: "10-49" });
    await addOther({}, cyber);
    await addOther({ cbsCode: null as unknown as string });
    // Not finished: does not count either.
    const { response: open } = await startResponse(db, quickscan, {
      lang: "nl",
      companyId: (await createCompany(db, { sbi_section: "R", employees: 80 })).id,
    });
    expect(open.size_band).toBe("50-249");

    expect(await comparisonGroup(db, own)).toBeNull();

    others.push(await addOther());
    const result = await comparisonGroup(db, own);
    expect(result).not.toBeNull();
    expect(result!.size).toBe(10);
    const scores = others.map((a) => score(quickscan, a));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(result!.overall).toBeCloseTo(mean(scores.map((s) => s.overall)), 9);
    for (const d of quickscan.scoring.dimensions) {
      expect(result!.dimensions[d.id]).toBeCloseTo(mean(scores.map((s) => s.dimensions[d.id]!)), 9);
    }
  });

  it("earlier scans of the same company are not part of its comparison group", async () => {
    const { db } = get().handle;
    const group = { sbiSection: "S", sizeBand: "10-49", cbsCode: "GM0402" };
    const company = await createCompany(db, { sbi_section: "S", employees: 20 });
    const rnd = seededRandom(5);
    const mine = { companyId: company.id, ...group };
    // The company's T0 and T1, and ten other companies.
    await insertCompletedScan(db, {
      inst: quickscan,
      answers: generateAnswers(quickscan, rnd, 0.3),
      completedAt: new Date(Date.now() - 60 * DAY),
      ...mine,
    });
    const t1 = await insertCompletedScan(db, {
      inst: quickscan,
      answers: generateAnswers(quickscan, rnd, 0.5),
      completedAt: new Date(Date.now() - 7 * DAY),
      ...mine,
    });
    for (let i = 0; i < 10; i++) {
      const other = await createCompany(db, { sbi_section: "S", employees: 20 });
      await insertCompletedScan(db, {
        inst: quickscan,
        answers: generateAnswers(quickscan, rnd, 0.5),
        completedAt: new Date(Date.now() - (10 + i) * DAY),
        companyId: other.id,
        ...group,
      });
    }
    const result = await comparisonGroup(db, (await findResponse(db, t1))!);
    expect(result?.size).toBe(10);
  });

  it("a response of another company's person is not readable by the policy", async () => {
    const { db } = get().handle;
    const companyA = await createCompany(db, { name: "Bakkerij A" });
    const companyB = await createCompany(db, { name: "Garage B" });
    const alice = await createPerson(db, companyA.id);
    const colleague = await createPerson(db, companyA.id);
    const bob = await createPerson(db, companyB.id);
    const { response, ownerToken } = await startResponse(db, quickscan, {
      lang: "nl",
      userId: alice.id,
      companyId: companyA.id,
    });
    // Bob's own (anonymous) scan gives him a token of his own, not one for Alice's scan.
    const { ownerToken: bobsToken } = await startResponse(db, quickscan, { lang: "nl" });
    const resourceFor = async (token?: string) => ({
      userId: response.user_id,
      companyId: response.company_id,
      holdsOwnerToken: await ownsByToken(db, response, token),
    });
    const asBob = userActor(bob.id, [companyB.id]);
    expect(can(asBob, "scan.read", await resourceFor())).toBe(false);
    expect(can(asBob, "scan.read", await resourceFor(bobsToken))).toBe(false);
    expect(can(asBob, "scan.answer", await resourceFor(bobsToken))).toBe(false);
    expect(can({ kind: "anonymous" }, "scan.read", await resourceFor())).toBe(false);
    expect(can({ kind: "anonymous" }, "scan.read", await resourceFor("made-up"))).toBe(false);
    // Expert and student roles do not open it either (no case yet).
    expect(
      can(userActor(bob.id, [companyB.id], ["expert"]), "scan.read", await resourceFor()),
    ).toBe(false);
    // Alice, her colleague, the device that started it, and a coordinator may.
    expect(can(userActor(alice.id, [companyA.id]), "scan.read", await resourceFor())).toBe(true);
    expect(can(userActor(colleague.id, [companyA.id]), "scan.read", await resourceFor())).toBe(
      true,
    );
    expect(can({ kind: "anonymous" }, "scan.read", await resourceFor(ownerToken))).toBe(true);
    expect(can(userActor(bob.id, [], ["coordinator"]), "scan.read", await resourceFor())).toBe(
      true,
    );
    // A second device given access (a resume link) may too.
    await addOwner(db, response.id, "second-device-token");
    expect(
      can({ kind: "anonymous" }, "scan.answer", await resourceFor("second-device-token")),
    ).toBe(true);
  });

  describe("resume by email", () => {
    const mail: MailSettings = { from: "SPOT 035 <noreply@spot035.nl>" };
    const deps = (db: DB): ResumeDeps => ({
      db,
      mail,
      publicUrl: "https://spot.test",
      siteName: "SPOT 035",
      logger,
    });
    const future = () => new Date(Date.now() + REMINDER_AFTER_MS + DAY);
    const closers: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of closers) await c();
    });

    beforeEach(async () => {
      const { db } = get().handle;
      await db.deleteFrom("jobs").execute();
      await db.deleteFrom("mail_outbox").execute();
    });

    const outbox = (db: DB, template: string) =>
      db
        .selectFrom("mail_outbox")
        .selectAll()
        .where("template", "=", template)
        .orderBy("created_at")
        .execute();
    const reminderJobs = (db: DB) =>
      db.selectFrom("jobs").selectAll().where("kind", "=", SCAN_REMINDER_JOB).execute();

    it("mails a link for each request but plans exactly one reminder, 3 days later", async () => {
      const { db } = get().handle;
      const { response } = await startResponse(db, quickscan, { lang: "nl" });
      await sendResumeLink(deps(db), response, "Later@Example.org", "nl");

      const first = await outbox(db, "scanResume");
      expect(first).toHaveLength(1);
      expect(first[0]!.to_address).toBe("later@example.org");
      expect(first[0]!.text_body).toMatch(/https:\/\/spot\.test\/scan\/hervatten\?token=\S+/);
      let jobs = await reminderJobs(db);
      expect(jobs).toHaveLength(1);
      expect(jobs[0]!.unique_key).toBe(`scan-reminder:${response.id}`);
      const due = Date.parse(jobs[0]!.run_at) - Date.now();
      expect(due).toBeGreaterThan(REMINDER_AFTER_MS - 60_000);
      expect(due).toBeLessThanOrEqual(REMINDER_AFTER_MS);
      expect((await findResponse(db, response.id))!.email).toBe("later@example.org");

      // Asked for twice more: a mail each time (the person is waiting for it), still one reminder.
      await sendResumeLink(deps(db), response, "later@example.org", "nl");
      await sendResumeLink(deps(db), response, "later@example.org", "nl");
      expect(await outbox(db, "scanResume")).toHaveLength(3);
      jobs = await reminderJobs(db);
      expect(jobs).toHaveLength(1);
      expect(await outbox(db, "scanReminder")).toHaveLength(0);
    });

    it("the reminder mails once, and only when the scan is still unfinished", async () => {
      const { db } = get().handle;
      const open = (await startResponse(db, quickscan, { lang: "nl" })).response;
      const done = (await startResponse(db, quickscan, { lang: "en" })).response;
      await sendResumeLink(deps(db), open, "open@example.org", "nl");
      await sendResumeLink(deps(db), done, "done@example.org", "en");
      await answerAll(db, done, generateAnswers(quickscan, seededRandom(1), 0.5));
      expect((await completeResponse(db, done)).ok).toBe(true);

      const worker = new JobWorker({
        db,
        handlers: { [SCAN_REMINDER_JOB]: scanReminderHandler(deps(db)) },
        logger,
        workerId: "reminders",
      });
      // Not yet due today.
      expect(await worker.runDue()).toBe(0);
      expect(await worker.runDue(future)).toBe(2);
      expect(await worker.runDue(future)).toBe(0);

      const reminders = await outbox(db, "scanReminder");
      expect(reminders.map((m) => m.to_address)).toEqual(["open@example.org"]);
      expect(reminders[0]!.text_body).toContain("https://spot.test/scan/hervatten?token=");
      const jobs = await reminderJobs(db);
      expect(jobs.map((j) => j.status)).toEqual(["done", "done"]);
    });

    it("two workers (two app instances) send the reminder exactly once", async () => {
      const { handle, url } = get();
      const other = openDatabase(url, { poolSize: 5 });
      closers.push(() => other.close());
      const responses: ScanResponse[] = [];
      for (let i = 0; i < 5; i++) {
        const { response } = await startResponse(handle.db, cyber, { lang: "nl" });
        await sendResumeLink(deps(handle.db), response, `race-${i}@example.org`, "nl");
        responses.push(response);
      }
      const make = (db: DB, id: string) =>
        new JobWorker({
          db,
          handlers: { [SCAN_REMINDER_JOB]: scanReminderHandler(deps(db)) },
          logger,
          workerId: id,
        });
      const [a, b] = await Promise.all([
        make(handle.db, "instance-a").runDue(future),
        make(other.db, "instance-b").runDue(future),
      ]);
      expect(a + b).toBe(5);
      const reminders = await outbox(handle.db, "scanReminder");
      expect(reminders.map((m) => m.to_address).sort()).toEqual(
        responses.map((_, i) => `race-${i}@example.org`).sort(),
      );
    });
  });
});
