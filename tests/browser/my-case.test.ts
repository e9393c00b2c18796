/**
 * The entrepreneur's case in the browser: the demo entrepreneur (the bakery) has no case at
 * first and Mijn SPOT explains how to start; the demo coordinator accepts the bakery's help
 * request; then the entrepreneur finds "Je trajecten" on Mijn SPOT, opens the case, reads
 * where we are (phase 0 explained), what the team does next, and sends a message that the
 * coordinator gets by email. Also at 320 px wide, without JavaScript, and a 404 for a member
 * of another company. axe runs on every page.
 */
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { formatDate } from "~/i18n/format";
import { getT } from "~/i18n/i18n";
import { DEMO_PASSWORD, demoEmail, openServerDatabase } from "../support/accounts";
import {
  type BrowserFixture,
  checkPage,
  describeBrowser,
  forgiveStatusErrors,
  visit,
} from "../support/browser";

const t = getT("nl");
const BAKERY = "Bakkerij De Gooische Korst";

async function logIn(
  f: BrowserFixture,
  role: string,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Page> {
  const page = await f.newPage(options);
  await visit(page, f, "/inloggen");
  await page.getByLabel(t("login.email"), { exact: true }).fill(demoEmail(role));
  await page.getByLabel(t("login.password"), { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: t("login.submit"), exact: true }).click();
  await page.waitForURL((url) => url.pathname === "/mijn");
  await checkPage(page, f);
  return page;
}

async function expectHeading(page: Page, text: string): Promise<void> {
  const h1 = page.getByRole("heading", { level: 1 });
  await expect
    .poll(async () => ((await h1.textContent()) ?? "").trim(), { timeout: 10_000 })
    .toBe(text);
}

async function noOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow, "horizontal overflow at 320 px").toBeLessThanOrEqual(0);
}

/** The templates and first lines of the mails to someone, newest last. */
function mailsTo(f: BrowserFixture, email: string) {
  const db = openServerDatabase(f.server);
  try {
    return db
      .prepare(
        "select template, text_body from mail_outbox where to_address = ? order by created_at",
      )
      .all(email) as { template: string; text_body: string }[];
  } finally {
    db.close();
  }
}

let caseId = "";
let entrepreneur: Page;

describeBrowser("the entrepreneur's case (/mijn/casus/:id)", (get) => {
  it("has no case at first: Mijn SPOT explains how to start", async () => {
    const f = get();
    entrepreneur = await logIn(f, "entrepreneur");
    const section = entrepreneur.getByRole("region", { name: t("myCase.portal.title") });
    await section.getByText(t("myCase.portal.none")).waitFor();
    expect(
      await section.getByRole("link", { name: t("myCase.portal.startScan") }).getAttribute("href"),
    ).toBe("/scan");
    expect(
      await section.getByRole("link", { name: t("myCase.portal.startAsk") }).getAttribute("href"),
    ).toBe("/hulpvraag");
  });

  it("the coordinator accepts the bakery's help request into a case", async () => {
    const f = get();
    const page = await logIn(f, "coordinator");
    await visit(page, f, "/beheer/aanvragen");
    await page.getByRole("link", { name: BAKERY, exact: true }).first().click();
    await expectHeading(page, t("intake.detail.title", { company: BAKERY }));
    await checkPage(page, f);
    await page.getByRole("button", { name: t("intake.detail.acceptSubmit") }).click();
    await page.waitForURL((url) => /^\/casussen\/[0-9a-f-]{36}$/.test(url.pathname));
    caseId = new URL(page.url()).pathname.split("/")[2]!;
    await checkPage(page, f);
  });

  it("the entrepreneur finds the case on Mijn SPOT and reads it in plain words", async () => {
    const f = get();
    expect(caseId).not.toBe("");
    const page = entrepreneur;
    await visit(page, f, "/mijn");
    const section = page.getByRole("region", { name: t("myCase.portal.title") });
    await section
      .getByText(t("myCase.portal.phase", { phase: t("cases.phaseNumbered.awareness") }))
      .waitFor();
    await section.getByRole("link", { name: BAKERY }).click();
    await page.waitForURL(`**/mijn/casus/${caseId}`);
    await expectHeading(page, t("myCase.title", { title: BAKERY }));
    await checkPage(page, f);

    // Where we are: step 0 is the current one (and says so in words), nothing is done yet.
    const steps = page.getByRole("list", { name: t("myCase.where.steps") }).getByRole("listitem");
    expect(await steps.count()).toBe(6);
    expect(await steps.nth(0).getAttribute("aria-current")).toBe("step");
    expect(await steps.nth(0).textContent()).toContain(t("myCase.where.state.current"));
    expect(await steps.nth(1).getAttribute("aria-current")).toBeNull();
    expect(await page.getByText(t("myCase.where.state.done"), { exact: true }).count()).toBe(0);
    await page.getByText(t("cases.phaseForCompany.awareness")).waitFor();

    // What happens next: the coordinator's tasks, in the company's words, with their dates.
    const db = openServerDatabase(f.server);
    const due = db
      .prepare("select journey_key, due_on from case_tasks where case_id = ?")
      .all(caseId) as { journey_key: string; due_on: string }[];
    db.close();
    const next = page.getByRole("region", { name: t("myCase.next.title") });
    for (const task of due) {
      await next
        .getByText(
          `${t(`myCase.journeyTask.${task.journey_key}`)} — ${t("myCase.next.due", {
            date: formatDate(task.due_on, "nl"),
          })}`,
        )
        .waitFor();
    }
    expect(due.map((x) => x.journey_key).sort()).toEqual(["compose-team", "plan-intake"]);
    await page
      .getByRole("region", { name: t("myCase.yours.title") })
      .getByText(t("myCase.yours.none"))
      .waitFor();
    await page.getByText(t("myCase.team.none")).waitFor();
    // The scan the request came with, and what happened so far.
    const scanLink = page.getByRole("link", { name: /Resultaat van de/ });
    expect(await scanLink.getAttribute("href")).toMatch(/^\/scan\/[0-9a-f-]{36}\/resultaat$/);
    await page.getByText(t("myCase.event.created")).waitFor();
  });

  it("sends a message to the team; the coordinator gets an email", async () => {
    const f = get();
    const page = entrepreneur;
    const send = page.getByRole("button", { name: t("myCase.messages.send") });
    // Empty: a message at the field, nothing sent.
    await send.click();
    await page.getByText(t("myCase.error.bodyRequired")).first().waitFor();
    expect(await page.getByText(t("myCase.notice.message")).count()).toBe(0);
    await checkPage(page, f);

    const body =
      "Goedemorgen! Dinsdag of woensdag na 14.00 uur komt ons goed uit voor het gesprek.";
    await page.getByLabel(t("myCase.messages.body")).fill(body);
    await send.click();
    await page.getByText(t("myCase.notice.message")).waitFor();
    await page.locator(".spot-message__body", { hasText: body }).waitFor();
    expect(await page.getByLabel(t("myCase.messages.body")).inputValue()).toBe("");
    await checkPage(page, f);

    const mails = mailsTo(f, demoEmail("coordinator")).filter(
      (m) => m.template === "caseMessageTeam",
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain(body);
    expect(mails[0]!.text_body).toContain(`/casussen/${caseId}`);
  });

  it("works at 320 px wide", async () => {
    const f = get();
    const page = await logIn(f, "entrepreneur", { viewport: { width: 320, height: 640 } });
    await noOverflow(page);
    await visit(page, f, `/mijn/casus/${caseId}`);
    await noOverflow(page);
    await page.getByText(t("cases.phaseForCompany.awareness")).waitFor();
    await page.getByLabel(t("myCase.messages.body")).fill("Vanaf een telefoon: tot dinsdag!");
    await page.getByRole("button", { name: t("myCase.messages.send") }).click();
    await page.getByText(t("myCase.notice.message")).waitFor();
    await noOverflow(page);
    await checkPage(page, f);
  });

  it("does not exist for a member of another company", async () => {
    const f = get();
    const page = await logIn(f, "provider");
    await visit(page, f, `/mijn/casus/${caseId}`, 404);
    expect(await page.getByText(BAKERY).count()).toBe(0);
  });

  it("sends a message without JavaScript (with the field message first)", async () => {
    const f = get();
    const page = await logIn(f, "entrepreneur", { javaScriptEnabled: false });
    await visit(page, f, `/mijn/casus/${caseId}`);
    await page.getByRole("button", { name: t("myCase.messages.send") }).click();
    await page.getByRole("alert").getByText(t("myCase.error.bodyRequired")).first().waitFor();
    forgiveStatusErrors(f, 400);
    const body = "Zonder JavaScript: we zijn er donderdag ook.";
    await page.getByLabel(t("myCase.messages.body")).fill(body);
    await page.getByRole("button", { name: t("myCase.messages.send") }).click();
    await page.getByText(t("myCase.notice.message")).waitFor();
    await page.locator(".spot-message__body", { hasText: body }).waitFor();
    await checkPage(page, f);
    const mails = mailsTo(f, demoEmail("coordinator")).filter(
      (m) => m.template === "caseMessageTeam",
    );
    expect(mails.some((m) => m.text_body.includes(body))).toBe(true);
  });
});
