/**
 * The scans in the browser, by keyboard only: Tab and Shift+Tab to move, arrow keys in radio
 * groups (each grid row is one), Space to tick, Enter on a button — no mouse, no filling in
 * of the scan form by script. Every instrument is completed this way (the quickscan in Dutch,
 * the cyber check in English after the language switch, the EU DMA in Dutch), with a reload
 * half-way (answers and progress still there), a step back with "Previous question" (the
 * earlier answer kept), and the result page (level, radar chart, scores table) checked
 * against `score()` of the answers given. The quickscan again without JavaScript (form posts
 * only, an empty required answer shows its message and loses nothing). The demo
 * entrepreneur's latest quickscan shows progress since the earlier one and the comparison
 * group. Resume by email: the link opens the scan on another device at the next open question.
 * axe runs on every page; any console error fails.
 */
import type { Page } from "playwright-core";
import { afterAll, expect, it } from "vitest";
import { formatNumber } from "~/i18n/format";
import { getT, type Lang } from "~/i18n/i18n";
import { type Answers, type AnswerValue, visibleQuestions } from "~/modules/scans/answers";
import { allQuestions, type Instrument, type Question } from "~/modules/scans/instrument";
import { latestInstrument } from "~/modules/scans/registry.server";
import { score } from "~/modules/scans/scoring";
import { DEMO_PASSWORD, demoEmail } from "../support/accounts";
import {
  type BrowserFixture,
  checkPage,
  describeBrowser,
  forgiveStatusErrors,
  visit,
} from "../support/browser";
import { chooseRadio, focused, pressButton, setCheckbox, tabTo } from "../support/keyboard";
import { linkIn, startSmtpSink } from "../support/smtp-sink";

const sink = await startSmtpSink();
afterAll(() => sink.close());

const JOURNEY_MS = 240_000;

function instrument(id: string): Instrument {
  const inst = latestInstrument(id);
  if (!inst) throw new Error(`instrument ${id} is missing`);
  return inst;
}

const TEXT: Record<Lang, string> = {
  nl: "Goede mensen vinden en houden.",
  en: "Finding and keeping good people.",
};

/**
 * The answers a journey gives: a plain rule per question type, varied by position, few arrow
 * presses per group. `overrides` fixes some (null: leave it unanswered).
 */
function plannedAnswers(
  inst: Instrument,
  lang: Lang,
  overrides: Record<string, AnswerValue | null> = {},
): Answers {
  const out: Answers = {};
  for (const [i, q] of allQuestions(inst).entries()) {
    if (!visibleQuestions(inst, out).some((v) => v.id === q.id)) continue;
    const override = overrides[q.id];
    if (override === null) continue;
    if (override !== undefined) {
      out[q.id] = override;
      continue;
    }
    const v = defaultAnswer(q, i, lang);
    if (v !== undefined) out[q.id] = v;
  }
  return out;
}

function defaultAnswer(q: Question, i: number, lang: Lang): AnswerValue | undefined {
  switch (q.type) {
    case "single":
      return q.required ? q.options[i % Math.min(3, q.options.length)]!.id : undefined;
    case "multi": {
      const plain = q.options.filter((o) => !o.exclusive).map((o) => o.id);
      const pick = [plain[i % 2]!, plain[(i % 2) + 2]!].filter(Boolean);
      return q.options.map((o) => o.id).filter((id) => pick.includes(id));
    }
    case "graded-rows":
      return Object.fromEntries(
        q.rows.map((r, j) => [r.id, (i + j) % Math.min(4, q.levels.length)]),
      );
    case "per-row":
      return q.multiple
        ? Object.fromEntries(
            q.rows.map((r, j) => [
              r.id,
              q.columns.filter((_, k) => (i + j + k) % 3 === 0).map((c) => c.id),
            ]),
          )
        : Object.fromEntries(
            q.rows.map((r, j) => [r.id, q.columns[(i + j) % q.columns.length]!.id]),
          );
    case "scale":
      return q.min + (i % (q.max - q.min + 1));
    case "number":
      return q.min;
    case "text":
      return TEXT[lang];
  }
}

/** Give an answer with the keyboard, starting from the focus before the question's fields. */
async function answerByKeyboard(page: Page, q: Question, value: AnswerValue): Promise<void> {
  const radioGroup = async (name: string, index: number) => {
    await tabTo(page, (f) => f.type === "radio" && f.name === name, { what: `group ${name}` });
    await chooseRadio(page, name, index);
  };
  const checkbox = async (name: string, optionId: string, ticked: boolean) => {
    await tabTo(page, (f) => f.type === "checkbox" && f.name === name && f.value === optionId, {
      what: `checkbox ${name}=${optionId}`,
    });
    await setCheckbox(page, ticked);
  };
  switch (q.type) {
    case "single":
      return radioGroup(
        q.id,
        q.options.findIndex((o) => o.id === value),
      );
    case "scale":
      return radioGroup(q.id, (value as number) - q.min);
    case "multi":
      for (const o of q.options) await checkbox(q.id, o.id, (value as string[]).includes(o.id));
      return;
    case "graded-rows":
      for (const r of q.rows)
        await radioGroup(`${q.id}.${r.id}`, (value as Record<string, number>)[r.id]!);
      return;
    case "per-row":
      for (const r of q.rows) {
        const rowValue = (value as Record<string, string | string[]>)[r.id]!;
        if (q.multiple) {
          for (const c of q.columns)
            await checkbox(`${q.id}.${r.id}`, c.id, (rowValue as string[]).includes(c.id));
        } else {
          await radioGroup(
            `${q.id}.${r.id}`,
            q.columns.findIndex((c) => c.id === rowValue),
          );
        }
      }
      return;
    case "text":
    case "number":
      await tabTo(page, (f) => f.name === q.id && (f.tag === "textarea" || f.tag === "input"), {
        what: `field ${q.id}`,
      });
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type(String(value));
      return;
  }
}

/** The answer to `q` as the page shows it now (checked inputs, filled-in values). */
async function answerOnPage(page: Page, q: Question): Promise<AnswerValue | undefined> {
  const filled = await page.evaluate((id) => {
    const out: [string, string][] = [];
    for (const el of Array.from(document.querySelectorAll("input, textarea"))) {
      const e = el as HTMLInputElement;
      if (e.type === "hidden" || (e.name !== id && !e.name.startsWith(`${id}.`))) continue;
      if (e.type === "radio" || e.type === "checkbox") {
        if (e.checked) out.push([e.name, e.value]);
      } else if (e.value !== "") out.push([e.name, e.value]);
    }
    return out;
  }, q.id);
  const row = (name: string) => name.slice(q.id.length + 1);
  switch (q.type) {
    case "single":
    case "text":
      return filled[0]?.[1];
    case "scale":
    case "number":
      return filled[0] ? Number(filled[0][1]) : undefined;
    case "multi":
      return filled.map(([, v]) => v);
    case "graded-rows":
      return Object.fromEntries(filled.map(([n, v]) => [row(n), Number(v)]));
    case "per-row":
      return q.multiple
        ? Object.fromEntries(
            q.rows.map((r) => [r.id, filled.filter(([n]) => row(n) === r.id).map(([, v]) => v)]),
          )
        : Object.fromEntries(filled.map(([n, v]) => [row(n), v]));
  }
}

/** Counts the autosave requests of a page: started and not finished yet, and finished. */
function watchAutosaves(page: Page): { open(): number; done(): number } {
  let open = 0;
  let done = 0;
  const isAutosave = (r: { method(): string; postData(): string | null }) =>
    r.method() === "POST" && (r.postData() ?? "").includes("intent=autosave");
  page.on("request", (r) => {
    if (isAutosave(r)) open++;
  });
  const finished = (r: { method(): string; postData(): string | null }) => {
    if (!isAutosave(r)) return;
    open--;
    done++;
  };
  page.on("requestfinished", finished);
  page.on("requestfailed", finished);
  return { open: () => open, done: () => done };
}

async function expectHeading(page: Page, text: string): Promise<void> {
  await expect
    .poll(async () => ((await page.locator("h1").first().textContent()) ?? "").trim(), {
      timeout: 10_000,
    })
    .toBe(text);
}

/** The step page shows "Question x of y" and the answered count in its progress bar. */
async function expectStep(
  page: Page,
  lang: Lang,
  step: number,
  total: number,
  answered?: number,
): Promise<void> {
  const t = getT(lang);
  await expect
    .poll(async () => (await page.locator("label[for=scan-progress]").textContent())?.trim(), {
      timeout: 10_000,
    })
    .toBe(t("scan.stepOf", { step, total }));
  if (answered !== undefined) {
    expect(await page.locator("#scan-progress").getAttribute("value")).toBe(String(answered));
  }
}

async function currentQuestionId(page: Page): Promise<string> {
  return (await page.locator('input[type=hidden][name="question"]').getAttribute("value")) ?? "";
}

const answeredCount = (inst: Instrument, given: Answers) =>
  visibleQuestions(inst, given).filter((q) => given[q.id] !== undefined).length;

interface JourneyOptions {
  instrument: string;
  lang: Lang;
  javaScript?: boolean;
  overrides?: Record<string, AnswerValue | null>;
  /** Before answering this step: press "Next" with nothing chosen and see the message. */
  emptyAt?: number;
  /** Tick the multiple-choice question's exclusive option and see the others cleared. */
  exclusiveAt?: string;
}

/** Start a scan from /scan with the keyboard (switching to English first when asked). */
async function startByKeyboard(
  page: Page,
  f: BrowserFixture,
  inst: Instrument,
  lang: Lang,
): Promise<string> {
  const t = getT(lang);
  await visit(page, f, "/scan");
  if (lang === "en") {
    await pressButton(page, "Switch to English");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await expectHeading(page, t("scan.chooseTitle"));
    await checkPage(page, f);
  }
  await expectHeading(page, t("scan.chooseTitle"));
  await pressButton(page, `${t("scan.start")}: ${inst.title[lang]}`);
  await page.waitForURL(/\/scan\/[0-9a-f-]{36}\/vraag\/1$/);
  return /\/scan\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
}

async function pressStepButton(page: Page, intent: "next" | "finish" | "prev"): Promise<void> {
  await tabTo(page, (x) => x.tag === "button" && x.name === "intent" && x.value === intent, {
    what: `the ${intent} button`,
  });
  await page.keyboard.press("Enter");
}

/**
 * A ticked option looks ticked: where the style draws the control itself (appearance: none),
 * a checked radio or checkbox must differ in its look from an unchecked one of the same kind.
 */
async function expectChoicesLookChosen(page: Page, qid: string): Promise<void> {
  // Focus styles aside (the focused option is usually the ticked one): its look without focus.
  const looks = await page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    active?.blur();
    const inputs = document.querySelectorAll<HTMLInputElement>(
      "form input[type=radio], form input[type=checkbox]",
    );
    const out = Array.from(inputs).map((input) => {
      const c = getComputedStyle(input);
      return {
        type: input.type,
        checked: input.checked,
        drawn: c.appearance === "none",
        look: [c.backgroundColor, c.backgroundImage, c.borderColor, c.color].join("|"),
      };
    });
    active?.focus();
    return out;
  });
  for (const type of ["radio", "checkbox"]) {
    const drawn = looks.filter((l) => l.type === type && l.drawn);
    const on = new Set(drawn.filter((l) => l.checked).map((l) => l.look));
    const off = new Set(drawn.filter((l) => !l.checked).map((l) => l.look));
    for (const look of on)
      expect(off.has(look), `a ticked ${type} of ${qid} looks unticked`).toBe(false);
  }
}

async function waitForStep(page: Page, id: string, n: number): Promise<void> {
  await page.waitForURL((u) => u.pathname === `/scan/${id}/vraag/${n}`);
}

async function journey(f: BrowserFixture, options: JourneyOptions): Promise<void> {
  const { lang } = options;
  const js = options.javaScript ?? true;
  const t = getT(lang);
  const inst = instrument(options.instrument);
  const byId = new Map(allQuestions(inst).map((q) => [q.id, q]));
  const page = await f.newPage({ javaScriptEnabled: js });
  const autosaves = watchAutosaves(page);
  const plan = plannedAnswers(inst, lang, options.overrides);
  const planSteps = visibleQuestions(inst, plan).length;
  const midway = Math.ceil(planSteps / 2);

  const id = await startByKeyboard(page, f, inst, lang);
  expect(await page.getAttribute("html", "lang")).toBe(lang);

  /** What the server has stored so far (as the journey gave it). */
  const given: Answers = {};
  const stepsNow = () => visibleQuestions(inst, given).map((q) => q.id);
  // Wait until the autosaves of the last changes are done (at least one since the last wait).
  let savedUpTo = 0;
  const settle = async () => {
    if (!js) return;
    await expect
      .poll(() => autosaves.done() > savedUpTo && autosaves.open() === 0, { timeout: 10_000 })
      .toBe(true);
    savedUpTo = autosaves.done();
    await expect
      .poll(async () => (await page.locator(".spot-save-status").textContent())?.trim())
      .toBe(t("scan.saved"));
  };

  for (let n = 1; ; n++) {
    const steps = stepsNow();
    const qid = steps[n - 1]!;
    const q = byId.get(qid)!;
    await expectStep(page, lang, n, steps.length, answeredCount(inst, given));
    expect(await currentQuestionId(page), `question of step ${n}`).toBe(qid);
    if (js && given[qid] === undefined) {
      // A question not answered yet does not say that its answer was saved.
      expect((await page.locator(".spot-save-status").textContent())?.trim()).toBe("");
    }
    await checkPage(page, f);

    if (options.emptyAt === n) {
      // Going on without an answer: the message, on the same question, nothing lost.
      await pressStepButton(page, "next");
      const alert = page.getByRole("alert");
      await alert.waitFor();
      expect((await alert.textContent())?.trim()).toBe(t("scan.error.required"));
      expect(await page.locator(`#${qid}-error`).textContent()).toBe(t("scan.error.required"));
      forgiveStatusErrors(f, 400);
      await checkPage(page, f);
      await expectStep(page, lang, n, steps.length, answeredCount(inst, given));
      expect(await currentQuestionId(page)).toBe(qid);
      if (n > 1) {
        // The answer before is still there.
        await pressStepButton(page, "prev");
        await waitForStep(page, id, n - 1);
        await expectStep(page, lang, n - 1, steps.length);
        const before = byId.get(steps[n - 2]!)!;
        expect(await answerOnPage(page, before)).toEqual(given[before.id]);
        await checkPage(page, f);
        await pressStepButton(page, "next");
        await waitForStep(page, id, n);
        await expectStep(page, lang, n, steps.length);
      }
    }

    const value = plan[qid];
    const quick = value !== undefined && q.type === "single" && n % 2 === 0 && n !== midway;
    if (value !== undefined) {
      await answerByKeyboard(page, q, value);
      if (options.exclusiveAt === qid && js && q.type === "multi") {
        // Ticking the exclusive option ("none of these") clears the others …
        const exclusive = q.options.find((o) => o.exclusive)!;
        const on = (optionId: string) => (x: { name: string; value: string }) =>
          x.name === q.id && x.value === optionId;
        if (!on(exclusive.id)(await focused(page)))
          await tabTo(page, on(exclusive.id), { back: true, what: exclusive.id });
        await setCheckbox(page, true);
        expect(await answerOnPage(page, q)).toEqual([exclusive.id]);
        await settle();
        // … and ticking the others again clears it.
        if (!on(q.options[0]!.id)(await focused(page)))
          await tabTo(page, on(q.options[0]!.id), { back: true, what: q.options[0]!.id });
        await page.keyboard.press("Shift+Tab");
        await answerByKeyboard(page, q, value);
      }
      expect(await answerOnPage(page, q), `answer to ${qid} on the page`).toEqual(value);
      await expectChoicesLookChosen(page, qid);
      given[qid] = value;
      // On "quick" steps Enter follows the choice at once, while its autosave is on its way.
      if (!quick) await settle();
    }

    if (js && n === midway) {
      // Reload half-way: the answers so far, this one included, are still there.
      await page.reload();
      await expectStep(page, lang, n, stepsNow().length, answeredCount(inst, given));
      expect(await answerOnPage(page, q)).toEqual(value);
      await checkPage(page, f);
      // One step back: the earlier answer is kept; and forward again.
      await pressStepButton(page, "prev");
      await waitForStep(page, id, n - 1);
      await expectStep(page, lang, n - 1, stepsNow().length);
      const before = byId.get(stepsNow()[n - 2]!)!;
      expect(await answerOnPage(page, before)).toEqual(given[before.id]);
      await checkPage(page, f);
      await pressStepButton(page, "next");
      await waitForStep(page, id, n);
      await expectStep(page, lang, n, stepsNow().length, answeredCount(inst, given));
      expect(await answerOnPage(page, q)).toEqual(value);
    }

    const last = n === stepsNow().length;
    if (quick) {
      // Enter in the field itself submits with the form's default button: on, never back.
      expect((await focused(page)).name).toBe(qid);
      await page.keyboard.press("Enter");
    } else {
      await pressStepButton(page, last ? "finish" : "next");
    }
    if (last) break;
    await waitForStep(page, id, n + 1);
  }

  await page.waitForURL((u) => u.pathname === `/scan/${id}/resultaat`);
  expect(given).toEqual(plan);
  await expectResult(page, f, inst, lang, given);
}

/** The result page: level, radar chart and the scores table, as `score()` computes them. */
async function expectResult(
  page: Page,
  f: BrowserFixture,
  inst: Instrument,
  lang: Lang,
  answers: Answers,
): Promise<void> {
  const t = getT(lang);
  await expectHeading(page, t("result.title"));
  await checkPage(page, f);
  const s = score(inst, answers);
  const level = inst.scoring.levels.find((l) => l.id === s.level)!;
  expect((await page.locator("#level-title").textContent())?.trim()).toBe(
    `${inst.scoring.levelLabel[lang]}: ${level.label[lang]}`,
  );
  const main = (await page.locator("main").textContent()) ?? "";
  expect(main).toContain(t("result.overall", { score: formatNumber(s.overall, lang, 1) }));
  // The radar chart, an image with its text alternative, one axis per dimension.
  const radar = page.getByRole("img", { name: t("result.radarTitle") });
  expect(await radar.count()).toBe(1);
  expect(await radar.evaluate((svg) => svg.tagName.toLowerCase())).toBe("svg");
  // The scores table: every dimension with its score.
  const table = page.getByRole("table", { name: t("result.tableCaption") });
  const rows = await table
    .locator("tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr) => [
        tr.querySelector("th")?.textContent?.trim(),
        tr.querySelector("td")?.textContent?.trim(),
      ]),
    );
  expect(rows).toEqual(
    inst.scoring.dimensions.map((d) => [d.label[lang], formatNumber(s.dimensions[d.id]!, lang, 1)]),
  );
}

describeBrowser(
  "scans in the browser",
  (get) => {
    it(
      "the quickscan in Dutch, by keyboard: conditional question, exclusive option, reload, back, result",
      async () => {
        await journey(get(), {
          instrument: "quickscan",
          lang: "nl",
          // "Do you sell online?" yes: the follow-up about the share is asked too.
          overrides: { "online-sales": "yes" },
          emptyAt: 1,
          exclusiveAt: "software",
        });
      },
      JOURNEY_MS,
    );

    it(
      "the cyber check in English (language switch), by keyboard: reload, back, result",
      async () => {
        await journey(get(), { instrument: "cyber", lang: "en", emptyAt: 4 });
      },
      JOURNEY_MS,
    );

    it(
      "the EU DMA in Dutch, by keyboard: grids row by row, an optional question left open, reload, back, result",
      async () => {
        await journey(get(), {
          instrument: "eu-dma",
          lang: "nl",
          overrides: { sector2: null },
          exclusiveAt: "q7",
        });
      },
      JOURNEY_MS,
    );

    it(
      "the quickscan without JavaScript: form posts only; an empty answer shows its message and loses nothing",
      async () => {
        await journey(get(), {
          instrument: "quickscan",
          lang: "nl",
          javaScript: false,
          emptyAt: 3,
        });
      },
      JOURNEY_MS,
    );

    it("the demo entrepreneur's latest quickscan shows progress since the earlier one and the comparison group", async () => {
      const f = get();
      const t = getT("nl");
      const page = await f.newPage();
      await visit(page, f, "/inloggen");
      await tabTo(page, (x) => x.name === "email", { what: "the email field" });
      await page.keyboard.type(demoEmail("entrepreneur"));
      await tabTo(page, (x) => x.name === "password", { what: "the password field" });
      await page.keyboard.type(DEMO_PASSWORD);
      await page.keyboard.press("Enter");
      await page.waitForURL((u) => u.pathname === "/mijn");
      await checkPage(page, f);

      await visit(page, f, "/scan");
      const mine = page.getByRole("region", { name: t("scan.mine") });
      const links = await mine
        .getByRole("link")
        .evaluateAll((as) =>
          as.map((a) => ({ text: a.textContent ?? "", href: a.getAttribute("href") ?? "" })),
        );
      const quickscans = links.filter((l) => l.text.startsWith("SPOT quickscan"));
      expect(quickscans).toHaveLength(2);
      // Newest first: the T1 of last week.
      await visit(page, f, quickscans[0]!.href);
      await expectHeading(page, t("result.title"));
      const main = (await page.locator("main").textContent()) ?? "";
      expect(main).toContain("Sinds je vorige scan");
      expect(main).toContain("Vergeleken met 12 bedrijven");
      // The table has a column for the earlier scan and one for similar companies.
      const heads = await page
        .getByRole("table", { name: t("result.tableCaption") })
        .locator("thead th")
        .allTextContents();
      expect(heads).toEqual([
        t("result.dimension"),
        t("result.score"),
        t("result.previousScan"),
        t("result.similar"),
        t("result.meaning"),
      ]);
      // The earlier scan (T0) has progress of its own to show: none.
      await visit(page, f, quickscans[1]!.href);
      const earlier = (await page.locator("main").textContent()) ?? "";
      expect(earlier).not.toContain("Sinds je vorige scan");
      expect(earlier).toContain("Vergeleken met 12 bedrijven");
    });

    it("resume by email: the link opens the scan on another device at the next open question", async () => {
      const f = get();
      const t = getT("nl");
      const inst = instrument("quickscan");
      const page = await f.newPage();
      const id = await startByKeyboard(page, f, inst, "nl");
      await checkPage(page, f);
      // Two answers: the worry, and a few words about it.
      await answerByKeyboard(page, allQuestions(inst)[0]!, "cashflow");
      await pressStepButton(page, "next");
      await waitForStep(page, id, 2);
      await expectStep(page, "nl", 2, 15, 1);
      await answerByKeyboard(page, allQuestions(inst)[1]!, TEXT.nl);
      await pressStepButton(page, "next");
      await waitForStep(page, id, 3);
      await expectStep(page, "nl", 3, 15, 2);
      await checkPage(page, f);

      // "Later verder? Stuur jezelf een link."
      await pressButton(page, t("scan.saveForLater"), { tag: "a" });
      await page.waitForURL((u) => u.pathname === `/scan/${id}/bewaren`);
      await expectHeading(page, t("scan.saveTitle"));
      await checkPage(page, f);
      const email = `later-${Date.now()}@example.org`;
      await tabTo(page, (x) => x.name === "email", { what: "the email field" });
      await page.keyboard.type(email);
      await page.keyboard.press("Enter");
      await page.getByText(t("scan.saveSent")).waitFor();
      await checkPage(page, f);

      const mail = await sink.waitForMail(email);
      const link = linkIn(mail, "/scan/hervatten");

      // Another device: a new browser context without this scan's cookie.
      const other = await f.newPage();
      expect((await other.goto(`/scan/${id}`))?.status()).toBe(404);
      forgiveStatusErrors(f, 404);
      await visit(other, f, link);
      await expectHeading(other, t("scan.resumeTitle"));
      await pressButton(other, t("scan.resumeSubmit"));
      await waitForStep(other, id, 3);
      await expectStep(other, "nl", 3, 15, 2);
      await checkPage(other, f);
      // The earlier answers are there.
      await pressStepButton(other, "prev");
      await waitForStep(other, id, 2);
      await expectStep(other, "nl", 2, 15, 2);
      expect(await answerOnPage(other, allQuestions(inst)[1]!)).toBe(TEXT.nl);
      await checkPage(other, f);
      await pressStepButton(other, "prev");
      await waitForStep(other, id, 1);
      await expectStep(other, "nl", 1, 15, 2);
      expect(await answerOnPage(other, allQuestions(inst)[0]!)).toBe("cashflow");
      await checkPage(other, f);
    });
  },
  { SMTP_URL: sink.url },
);
