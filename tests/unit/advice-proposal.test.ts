import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type CatalogueAction,
  CatalogueError,
  type ProposalInput,
  parseCatalogue,
} from "~/modules/advice/catalogue";
import { catalogueRefs, loadCatalogueFile } from "~/modules/advice/catalogue.server";
import { costFactor, proposeActions } from "~/modules/advice/proposal";
import { THEMES } from "~/modules/reference/themes";

const catalogue = loadCatalogueFile();
const refs = catalogueRefs();

function company(over: Partial<ProposalInput> = {}): ProposalInput {
  return { answers: {}, dimensions: {}, question: "", sector: null, employees: 10, ...over };
}
const ids = (list: { action: { id: string } }[]) => list.map((p) => p.action.id);

/** A minimal valid action for hand-made catalogues. */
function action(id: string, over: Partial<CatalogueAction> = {}): CatalogueAction {
  return {
    id,
    theme: "automation",
    title: { nl: `Actie ${id}`, en: `Action ${id}` },
    description: { nl: "Beschrijving", en: "Description" },
    costOnce: { min: 0, max: 0 },
    costMonthly: { min: 0, max: 0 },
    effort: "low",
    durationWeeks: 1,
    effect: { nl: "Effect", en: "Effect" },
    indicator: { nl: "Indicator", en: "Indicator" },
    prerequisites: [],
    subsidies: [],
    trainings: [],
    providerThemes: [],
    triggers: [],
    ...over,
  };
}
const kw = (words: string[]) => ({
  kind: "keyword" as const,
  words,
  reason: { nl: "Je vraag noemt {word}.", en: "Your question mentions {word}." },
});

describe("proposal rules on hand-made companies", () => {
  it("a company without an off-site backup gets the backup action with its reason", () => {
    const out = proposeActions(
      company({ answers: { cyber: { "backup-auto": "auto", "backup-offsite": "no" } } }),
      catalogue,
      "nl",
    );
    const backup = out.find((p) => p.action.id === "offsite-backup");
    expect(backup).toBeDefined();
    expect(backup!.reason).toContain("Je gaf aan dat je geen back-up buiten je bedrijf maakt.");
    expect(backup!.reasons[0]).toMatchObject({
      kind: "answer",
      instrument: "cyber",
      question: "backup-offsite",
    });
    // In English too.
    const en = proposeActions(
      company({ answers: { cyber: { "backup-offsite": "no" } } }),
      catalogue,
      "en",
    ).find((p) => p.action.id === "offsite-backup");
    expect(en!.reason).toContain("You said you do not keep a backup outside your business.");
  });

  it("a company that ticked the off-site backup does not get it, even when its question mentions backups", () => {
    const out = proposeActions(
      company({
        answers: { cyber: { "backup-auto": "auto", "backup-offsite": "yes" } },
        question: "Hoe zit het met onze back-up?",
      }),
      catalogue,
      "nl",
    );
    expect(ids(out)).not.toContain("offsite-backup");
  });

  it("the EU DMA answer without the off-site backup option ticked proposes it; ticked does not", () => {
    const without = proposeActions(
      company({ answers: { "eu-dma": { q8: ["o1", "o2"] } } }),
      catalogue,
      "nl",
    );
    expect(ids(without)).toContain("offsite-backup");
    const ticked = proposeActions(
      company({ answers: { "eu-dma": { q8: ["o1", "o5"] } } }),
      catalogue,
      "nl",
    );
    expect(ids(ticked)).not.toContain("offsite-backup");
  });

  it("the keyword 'webshop' in the question proposes the web shop with the word in the reason", () => {
    const out = proposeActions(
      company({ question: "Ik wil graag een webshop voor mijn taarten." }),
      catalogue,
      "nl",
    );
    const shop = out.find((p) => p.action.id === "webshop");
    expect(shop).toBeDefined();
    expect(shop!.reasons.find((r) => r.kind === "keyword")?.text).toContain("webshop");
    // A company that already sells online does not get it.
    const selling = proposeActions(
      company({
        question: "Ik wil graag een webshop voor mijn taarten.",
        answers: { quickscan: { "online-sales": "yes" } },
      }),
      catalogue,
      "nl",
    );
    expect(ids(selling)).not.toContain("webshop");
  });

  it("short keywords only match whole words", () => {
    const out = proposeActions(company({ question: "We hebben een aid-project" }), catalogue, "nl");
    expect(ids(out)).not.toContain("ai-policy");
    const ai = proposeActions(company({ question: "Mag ik AI gebruiken?" }), catalogue, "nl");
    expect(ids(ai)).toContain("ai-policy");
  });

  it("a low dimension score fires with the score in the reason; how far below raises the weight", () => {
    const low = proposeActions(
      company({ dimensions: { cyber: { backups: 10 } } }),
      catalogue,
      "nl",
    ).find((p) => p.action.id === "offsite-backup")!;
    const near = proposeActions(
      company({ dimensions: { cyber: { backups: 45 } } }),
      catalogue,
      "nl",
    ).find((p) => p.action.id === "offsite-backup")!;
    expect(low.reason).toContain("10 van 100");
    expect(low.effectWeight).toBeGreaterThan(near.effectWeight);
    const fine = proposeActions(
      company({ dimensions: { cyber: { backups: 80 } } }),
      catalogue,
      "nl",
    );
    expect(ids(fine)).not.toContain("offsite-backup");
  });

  it("sector triggers apply to the company's SBI section; minEmployees keeps staff actions from sole traders", () => {
    const builder = proposeActions(company({ sector: "F" }), catalogue, "nl");
    expect(ids(builder)).toContain("planning-software");
    const solo = proposeActions(
      company({ employees: 1, answers: { quickscan: { learning: "no" } } }),
      catalogue,
      "nl",
    );
    expect(ids(solo)).not.toContain("skills-scan-training-plan");
    const team = proposeActions(
      company({ employees: 8, answers: { quickscan: { learning: "no" } } }),
      catalogue,
      "nl",
    );
    expect(ids(team)).toContain("skills-scan-training-plan");
  });

  it("ranking puts a cheap high-effect action above an expensive low-effect one", () => {
    const cheap = action("cheap", {
      costOnce: { min: 0, max: 200 },
      triggers: [kw(["klanten"]), kw(["webshop"])],
    });
    const expensive = action("expensive", {
      costOnce: { min: 8000, max: 15000 },
      costMonthly: { min: 100, max: 300 },
      triggers: [kw(["klanten"])],
    });
    const out = proposeActions(
      company({ question: "Meer klanten via een webshop" }),
      [expensive, cheap],
      "en",
    );
    expect(ids(out)).toEqual(["cheap", "expensive"]);
    expect(out[0]!.score).toBeGreaterThan(out[1]!.score);
    expect(costFactor(expensive)).toBeGreaterThan(costFactor(cheap));
  });

  it("equal score: lower effort first", () => {
    const out = proposeActions(
      company({ question: "klanten" }),
      [
        action("hard", { effort: "high", triggers: [kw(["klanten"])] }),
        action("easy", { triggers: [kw(["klanten"])] }),
      ],
      "nl",
    );
    expect(ids(out)).toEqual(["easy", "hard"]);
  });

  it("prerequisites come before the action that needs them, pulled in with a reason", () => {
    const base = action("base", { costOnce: { min: 5000, max: 9000 } });
    const top = action("top", { prerequisites: ["base"], triggers: [kw(["dashboard"])] });
    const out = proposeActions(company({ question: "Ik wil een dashboard" }), [top, base], "nl");
    expect(ids(out)).toEqual(["base", "top"]);
    expect(out[0]!.reason).toBe("Nodig voordat je begint met: Actie top.");

    // In the real catalogue: the dashboard needs cloud accounting, which comes first …
    const real = proposeActions(
      company({ answers: { quickscan: { figures: "gut", software: ["none"] } } }),
      catalogue,
      "nl",
    );
    const order = ids(real);
    expect(order.indexOf("cloud-accounting")).toBeGreaterThanOrEqual(0);
    expect(order.indexOf("cloud-accounting")).toBeLessThan(order.indexOf("data-dashboard"));
    // … unless the company already has it: then it is not pulled in.
    const has = ids(
      proposeActions(
        company({ answers: { quickscan: { figures: "gut", software: ["accounting"] } } }),
        catalogue,
        "nl",
      ),
    );
    expect(has).toContain("data-dashboard");
    expect(has).not.toContain("cloud-accounting");
  });

  it("a direct answer showing the gap beats another answer saying the company has it", () => {
    // Quick scan says MFA everywhere, the cyber check says not on other accounts.
    const out = proposeActions(
      company({
        answers: { quickscan: { mfa: "all" }, cyber: { "mfa-email": "all", "mfa-other": "some" } },
      }),
      catalogue,
      "nl",
    );
    expect(ids(out)).toContain("mfa-everywhere");
    const all = proposeActions(
      company({
        answers: { quickscan: { mfa: "all" }, cyber: { "mfa-email": "all", "mfa-other": "all" } },
        question: "Ik ben bang gehackt te worden",
      }),
      catalogue,
      "nl",
    );
    expect(ids(all)).not.toContain("mfa-everywhere");
  });
});

describe("the catalogue file", () => {
  it("passes the schema and has at least 40 actions covering every theme", () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(40);
    const themes = new Set(catalogue.map((a) => a.theme));
    for (const t of THEMES) expect(themes, t).toContain(t);
  });

  it("has Dutch and English texts that are filled in and different", () => {
    for (const a of catalogue) {
      for (const key of ["title", "description", "effect", "indicator"] as const) {
        expect(a[key].nl.trim(), `${a.id}.${key}.nl`).not.toBe("");
        expect(a[key].en.trim(), `${a.id}.${key}.en`).not.toBe("");
        expect(a[key].nl, `${a.id}.${key}`).not.toBe(a[key].en);
      }
      for (const t of a.triggers) expect(t.reason.nl, a.id).not.toBe(t.reason.en);
      expect(a.triggers.length, `${a.id} has triggers`).toBeGreaterThan(0);
    }
  });

  it("says the costs are indicative 2026 ranges to be checked by the region", () => {
    const raw = JSON.parse(readFileSync("reference/actions.json", "utf8")) as { $comment: string };
    expect(raw.$comment).toMatch(/indicative/);
    expect(raw.$comment).toMatch(/2026/);
  });

  const file = (actions: unknown[]) => ({ actions });
  const good = () => action("good", { triggers: [kw(["x"])] });

  it("refuses a cost range with min above max, with the reason", () => {
    const bad = { ...good(), costOnce: { min: 500, max: 100 } };
    expect(() => parseCatalogue(file([bad]), refs)).toThrow(CatalogueError);
    expect(() => parseCatalogue(file([bad]), refs)).toThrow(
      /costOnce\.min: min must not be more than max/,
    );
  });

  it("refuses negative costs and a zero duration", () => {
    expect(() =>
      parseCatalogue(file([{ ...good(), costMonthly: { min: -5, max: 10 } }]), refs),
    ).toThrow(/costMonthly\.min/);
    expect(() => parseCatalogue(file([{ ...good(), durationWeeks: 0 }]), refs)).toThrow(
      /durationWeeks/,
    );
  });

  it("refuses an unknown prerequisite and a cycle of prerequisites", () => {
    expect(() =>
      parseCatalogue(file([{ ...good(), prerequisites: ["does-not-exist"] }]), refs),
    ).toThrow(/unknown prerequisite "does-not-exist"/);
    expect(() =>
      parseCatalogue(
        file([action("a", { prerequisites: ["b"] }), action("b", { prerequisites: ["a"] })]),
        refs,
      ),
    ).toThrow(/prerequisites go round: a → b → a/);
  });

  it("refuses an unknown question, option, dimension, initiative and theme", () => {
    const answer = (over: object) => ({
      kind: "answer",
      instrument: "cyber",
      question: "backup-offsite",
      equals: ["no"],
      reason: { nl: "nl", en: "en" },
      ...over,
    });
    expect(() =>
      parseCatalogue(
        file([{ ...good(), triggers: [answer({ question: "backup-nowhere" })] }]),
        refs,
      ),
    ).toThrow(/unknown question "backup-nowhere" in cyber/);
    expect(() =>
      parseCatalogue(file([{ ...good(), triggers: [answer({ equals: ["maybe"] })] }]), refs),
    ).toThrow(/unknown option "maybe"/);
    expect(() =>
      parseCatalogue(
        file([
          {
            ...good(),
            triggers: [
              {
                kind: "dimension",
                instrument: "cyber",
                dimension: "luck",
                below: 50,
                reason: { nl: "a", en: "b" },
              },
            ],
          },
        ]),
        refs,
      ),
    ).toThrow(/unknown dimension "luck"/);
    expect(() => parseCatalogue(file([{ ...good(), subsidies: ["free-money"] }]), refs)).toThrow(
      /unknown initiative "free-money"/,
    );
    expect(() => parseCatalogue(file([{ ...good(), theme: "magic" }]), refs)).toThrow(/theme/);
  });

  it("refuses a grid question without its row", () => {
    expect(() =>
      parseCatalogue(
        file([
          {
            ...good(),
            triggers: [
              {
                kind: "answer",
                instrument: "eu-dma",
                question: "q4",
                atMost: 1,
                reason: { nl: "a", en: "b" },
              },
            ],
          },
        ]),
        refs,
      ),
    ).toThrow(/needs a row/);
  });
});
