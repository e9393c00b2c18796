/**
 * The advice journey in the browser, on the demo installer's case: the demo expert makes a
 * proposal from the case's scan (each action shows why), changes an action's cost, removes
 * actions down to three and shares the advice; the entrepreneur (made a member of the
 * installer company here) opens it, downloads the PDF (a real PDF naming the company and the
 * actions), forgets the reason for a decline (told so, choices kept), then accepts two and
 * declines one with a reason: the case moves to realisation with one "advice delivered"
 * activity and the plan shows the accepted actions; the expert records progress. Saving the
 * advice text works without JavaScript. A provider (not on the team) gets 404 everywhere.
 * axe runs on every page.
 */
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { openDatabase } from "~/db/database.server";
import { generateAnswers, insertCompletedScan, seededRandom } from "~/db/demo-scans.server";
import { getT } from "~/i18n/i18n";
import { getInstrument } from "~/modules/scans/registry.server";
import { addMembership } from "~/modules/users/users.server";
import { DEMO_PASSWORD, demoEmail, openServerDatabase } from "../support/accounts";
import {
  type BrowserFixture,
  checkPage,
  describeBrowser,
  forgiveStatusErrors,
  visit,
} from "../support/browser";
import { pdfText } from "../support/pdf-text";

const t = getT("nl");
const COMPANY = "Installatiebedrijf Vecht & Zon";

async function pageAs(
  f: BrowserFixture,
  role: string,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await f.newPage(options);
  await visit(page, f, "/inloggen");
  await page.getByLabel(t("login.email"), { exact: true }).fill(demoEmail(role));
  await page.getByLabel(t("login.password"), { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: t("login.submit"), exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/inloggen");
  return page;
}

function read<T>(f: BrowserFixture, query: string, ...args: unknown[]): T {
  const db = openServerDatabase(f.server);
  try {
    return db.prepare(query).all(...args) as T;
  } finally {
    db.close();
  }
}

/** Click a submit button and wait for the form's POST; returns its status. */
async function submit(page: Page, button: ReturnType<Page["getByRole"]>): Promise<number> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    button.click(),
  ]);
  if (res.status() >= 400 && res.status() !== 400) console.warn(await res.text());
  return res.status();
}

async function notice(page: Page, key: string): Promise<void> {
  await page.getByRole("status").getByText(t(key)).waitFor();
}

let caseId = "";

describeBrowser("advice and roadmap", (get) => {
  it("prepares the demo: a scan without backups linked to the installer's case, the entrepreneur a member", async () => {
    const f = get();
    const [row] = read<{ id: string; company_id: string }[]>(
      f,
      "select cases.id, cases.company_id from cases join companies on companies.id = cases.company_id where companies.name = ?",
      COMPANY,
    );
    expect(row, "the demo installer's case").toBeDefined();
    caseId = row!.id;
    const [entrepreneur] = read<{ id: string }[]>(
      f,
      "select id from users where email = ?",
      demoEmail("entrepreneur"),
    );
    const handle = openDatabase(f.server.databaseUrl);
    try {
      const inst = getInstrument("quickscan", 1)!;
      const scanId = await insertCompletedScan(handle.db, {
        inst,
        answers: { ...generateAnswers(inst, seededRandom(11), 0.4), backup: "no" },
        completedAt: new Date(),
        companyId: row!.company_id,
      });
      await handle.db
        .insertInto("case_scans")
        .values({
          case_id: caseId,
          response_id: scanId,
          linked_by: null,
          linked_at: new Date().toISOString(),
        })
        .execute();
      await addMembership(handle.db, entrepreneur!.id, row!.company_id, "colleague");
    } finally {
      await handle.close();
    }
  });

  it("the expert makes a proposal from the scan, changes a cost, keeps three actions and shares", async () => {
    const f = get();
    const page = await pageAs(f, "expert");
    await visit(page, f, `/casussen/${caseId}/advies`);
    await page.getByRole("heading", { level: 1, name: t("advice.page.title") }).waitFor();
    await page.getByRole("button", { name: t("advice.proposal.make") }).click();
    await notice(page, "advice.notice.proposed");
    await checkPage(page, f);
    // The backup action is proposed, with why.
    // Each proposed action says why it was proposed.
    const items = page.locator(".spot-advice__item");
    const reasons = page.locator(".spot-advice__reason");
    expect(await reasons.count()).toBe(await items.count());

    // Change the first action's one-off maximum.
    const first = page.locator(".spot-advice__item").first();
    const title = ((await first.getByRole("heading", { level: 3 }).textContent()) ?? "")
      .replace(/^\d+\.\s*/, "")
      .trim();
    await first.locator("summary").click();
    const max = first.getByLabel(t("advice.item.costOnceMax"), { exact: true });
    await max.fill("4321");
    // A negative cost is refused with a clear message first.
    await first.getByLabel(t("advice.item.costOnceMin"), { exact: true }).fill("-5");
    // (checked in the browser before sending; the server says the same: advice-http.test.ts)
    await first.getByRole("button", { name: t("advice.item.save") }).click();
    await first.getByText(t("advice.error.euroNegative")).first().waitFor();
    await first.getByLabel(t("advice.item.costOnceMin"), { exact: true }).fill("100");
    const saved = await submit(page, first.getByRole("button", { name: t("advice.item.save") }));
    if (saved >= 400) console.warn(await page.locator("main").textContent());
    expect(saved).toBeLessThan(400);
    await notice(page, "advice.notice.saved");
    await checkPage(page, f);
    await page.locator(".spot-advice__item").first().getByText("4.321").first().waitFor();

    // Keep three actions: remove the rest from the end.
    for (;;) {
      const items = page.locator(".spot-advice__item");
      const count = await items.count();
      if (count <= 3) break;
      const status = await submit(
        page,
        items.nth(count - 1).getByRole("button", { name: t("advice.items.removeShort") }),
      );
      if (status >= 400) console.warn(await page.locator("main").textContent());
      expect(status).toBeLessThan(400);
      await notice(page, "advice.notice.removed");
      await expect.poll(() => items.count()).toBe(count - 1);
    }
    await checkPage(page, f);
    expect(await page.locator(".spot-advice__item").count()).toBe(3);
    await page.getByRole("img", { name: t("advice.roadmap.svgTitle") }).waitFor();

    await page.getByRole("button", { name: t("advice.share.button") }).click();
    await notice(page, "advice.notice.shared");
    await page.getByRole("link", { name: t("advice.versions.download", { number: 1 }) }).waitFor();
    await checkPage(page, f);
    const [mail] = read<{ n: number }[]>(
      f,
      "select count(*) as n from mail_outbox where template = 'adviceShared' and to_address = ?",
      demoEmail("entrepreneur"),
    );
    expect(mail!.n).toBe(1);
    expect(title.length).toBeGreaterThan(0);
  }, 180_000);

  it("saves the advice text without JavaScript", async () => {
    const f = get();
    const page = await pageAs(f, "expert", { javaScriptEnabled: false });
    await visit(page, f, `/casussen/${caseId}/advies`);
    const situation = page.locator('textarea[name="situation"]');
    await situation.fill("Twaalf monteurs plannen met een whiteboard.");
    await page.getByRole("button", { name: t("advice.text.save") }).click();
    await notice(page, "advice.notice.text");
    expect(await situation.inputValue()).toBe("Twaalf monteurs plannen met een whiteboard.");
  });

  it("the entrepreneur reads the shared advice, downloads the PDF and decides per action", async () => {
    const f = get();
    const page = await pageAs(f, "entrepreneur");
    await visit(page, f, `/mijn/casus/${caseId}/advies`);
    await page.getByRole("heading", { level: 1, name: t("advice.mine.title") }).waitFor();
    const titles = (
      await page.locator(".spot-advice__item .utrecht-heading-3").allTextContents()
    ).map((s) => s.replace(/^\d+\.\s*/, "").trim());
    expect(titles.length).toBe(3);

    const link = page.getByRole("link", { name: t("advice.mine.download", { number: 1 }) });
    const res = await page.request.get((await link.getAttribute("href"))!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    const pdf = Buffer.from(await res.body());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const text = pdfText(pdf).replace(/\s+/g, " ");
    expect(text).toContain(COMPANY);
    for (const title of titles) expect(text).toContain(title.slice(0, 30));

    // Decline without a reason: told what to fix, the choices stay.
    const choose = async (n: number, key: "accepted" | "declined" | "later") =>
      page
        .locator(".spot-advice__item")
        .nth(n)
        .getByLabel(t(`advice.decision.${key}`), { exact: true })
        .check();
    await choose(0, "accepted");
    await choose(1, "accepted");
    await choose(2, "declined");
    await page.getByRole("button", { name: t("advice.mine.submit") }).click();
    await page.getByRole("alert").getByText(t("advice.error.reasonRequired")).first().waitFor();
    forgiveStatusErrors(f, 400);
    await checkPage(page, f);
    expect(
      await page
        .locator(".spot-advice__item")
        .nth(0)
        .getByLabel(t("advice.decision.accepted"), { exact: true })
        .isChecked(),
    ).toBe(true);
    await page
      .getByLabel(t("advice.mine.reason", { title: titles[2] }), { exact: true })
      .fill("Dit doen we volgend jaar zelf.");
    await page.getByRole("button", { name: t("advice.mine.submit") }).click();
    await notice(page, "advice.mine.notice.decided");
    await checkPage(page, f);
    await page.getByRole("heading", { name: t("advice.realisation.mineTitle") }).waitFor();
    const plan = page.locator("#realisation-caption").locator("xpath=..");
    for (const title of titles.slice(0, 2)) await plan.getByText(title).waitFor();

    const [c] = read<{ phase: string }[]>(f, "select phase from cases where id = ?", caseId);
    expect(c!.phase).toBe("realisation");
    const [delivered] = read<{ n: number }[]>(
      f,
      "select count(*) as n from case_activities where case_id = ? and type = 'advice_delivered'",
      caseId,
    );
    expect(delivered!.n).toBe(1);
  });

  it("the expert records progress on the realisation plan, also at 320 px", async () => {
    const f = get();
    const page = await pageAs(f, "expert", { viewport: { width: 320, height: 800 } });
    await visit(page, f, `/casussen/${caseId}/realisatie`);
    const form = page.locator(".spot-advice__item").first();
    const title = ((await form.getByRole("heading", { level: 3 }).textContent()) ?? "").trim();
    await form
      .getByLabel(t("advice.realisation.statusOf", { title }), { exact: true })
      .selectOption("in_progress");
    await form
      .getByLabel(t("advice.realisation.progressOf", { title }), { exact: true })
      .fill("40");
    await form.getByRole("button", { name: t("advice.realisation.save") }).click();
    await notice(page, "advice.notice.progress");
    await checkPage(page, f);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // The entrepreneur sees it.
    const ent = await pageAs(f, "entrepreneur");
    await visit(ent, f, `/mijn/casus/${caseId}/advies`);
    await ent.getByText("40%").first().waitFor();
    // The case's history tells it in words, for the entrepreneur and for the team.
    await visit(ent, f, `/mijn/casus/${caseId}`);
    await ent
      .getByText(t("myCase.event.adviceShared", { number: "1" }))
      .first()
      .waitFor();
    await ent.getByText(t("myCase.event.adviceDecided")).first().waitFor();
    await ent
      .getByText(t("myCase.event.realisationProgress", { title, progress: "40" }))
      .first()
      .waitFor();
    await checkPage(ent, f);
    await visit(page, f, `/casussen/${caseId}`);
    const timeline = (await page.locator("#tijdlijn").textContent()) ?? "";
    expect(timeline).toContain(t("casePage.event.realisationProgress", { title, progress: 40 }));
    expect(timeline).not.toContain(t("casePage.event.other", { kind: "advice_shared" }));
  });

  it("someone not on the team and not in the company gets 404 on every advice page", async () => {
    const f = get();
    const page = await pageAs(f, "provider");
    for (const path of [
      `/casussen/${caseId}/advies`,
      `/casussen/${caseId}/realisatie`,
      `/mijn/casus/${caseId}/advies`,
    ]) {
      await visit(page, f, path, 404);
    }
    const res = await page.request.get(`/casussen/${caseId}/advies/1.pdf`);
    expect(res.status()).toBe(404);
    forgiveStatusErrors(f, 404);
  });
});
