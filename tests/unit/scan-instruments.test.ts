// The instrument files (instruments/<id>/v<N>.json), their registry, and hand-computed scores of
// the quickscan and the cybercheck. The EU DMA's scoring is in dma-scoring.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { THEMES } from "~/modules/reference/themes";
import {
  type Answers,
  cleanAnswers,
  missingAnswers,
  validateAnswer,
  visibleQuestions,
} from "~/modules/scans/answers";
import {
  allQuestions,
  type Instrument,
  instrument as instrumentSchema,
} from "~/modules/scans/instrument";
import {
  getInstrument,
  InstrumentFileError,
  latestInstrument,
  listInstruments,
  loadInstruments,
} from "~/modules/scans/registry.server";
import { levelFor, score } from "~/modules/scans/scoring";

const FILES = [
  "instruments/quickscan/v1.json",
  "instruments/cyber/v1.json",
  "instruments/eu-dma/v1.json",
];
const raw = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));
const quickscan = getInstrument("quickscan", 1)!;
const cyber = getInstrument("cyber", 1)!;
const question = (inst: Instrument, id: string) => allQuestions(inst).find((q) => q.id === id)!;

describe("instrument files", () => {
  it.each(FILES)("%s validates against the instrument schema", (file) => {
    const result = instrumentSchema.safeParse(raw(file));
    expect(result.success ? "valid" : result.error.issues).toBe("valid");
  });

  it.each(FILES)("%s has Dutch and English text everywhere", (file) => {
    const problems: string[] = [];
    let texts = 0;
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) walk(x, `${at}[${i}]`);
      } else if (typeof v === "object" && v !== null) {
        const o = v as Record<string, unknown>;
        if ("nl" in o || "en" in o) {
          texts++;
          for (const lang of ["nl", "en"]) {
            const s = o[lang];
            if (typeof s !== "string" || s.trim() === "" || s !== s.trim())
              problems.push(`${at}.${lang}`);
          }
          if (Object.keys(o).some((k) => k !== "nl" && k !== "en"))
            problems.push(`${at}: extra keys`);
        } else for (const [k, x] of Object.entries(o)) walk(x, `${at}.${k}`);
      }
    };
    walk(raw(file), "");
    expect(problems).toEqual([]);
    expect(texts).toBeGreaterThan(50);
  });

  it.each(FILES)(
    "%s: every dimension has a theme, meaning bands up to 100 and 1–4 first steps",
    (file) => {
      const inst = instrumentSchema.parse(raw(file));
      for (const d of inst.scoring.dimensions) {
        expect(THEMES as readonly string[]).toContain(d.theme);
        const maxes = d.meaning.map((m) => m.max);
        expect(maxes).toEqual([...maxes].sort((a, b) => a - b));
        expect(maxes.at(-1)).toBe(100);
        expect(d.firstSteps.length).toBeGreaterThanOrEqual(1);
        expect(d.firstSteps.length).toBeLessThanOrEqual(4);
      }
      expect(inst.scoring.tips.length).toBeGreaterThanOrEqual(5);
    },
  );

  it.each(FILES)("%s: every option-points item scores 0–10 and reaches 10", (file) => {
    const inst = instrumentSchema.parse(raw(file));
    for (const item of inst.scoring.items) {
      if (item.rule.kind !== "option-points") continue;
      const q = question(inst, item.question);
      const points = Object.values(item.rule.points);
      // single: the best option gives 10; multi: all options together give 10.
      const best = q.type === "multi" ? points.reduce((a, b) => a + b, 0) : Math.max(...points);
      expect([item.id, Math.min(...points) >= 0, best]).toEqual([item.id, true, 10]);
      if (q.type === "single" || q.type === "multi") {
        expect(Object.keys(item.rule.points).sort()).toEqual(q.options.map((o) => o.id).sort());
      }
    }
  });

  it("the schema rejects a tip on an option that does not exist, and a duplicate option", () => {
    const broken = raw("instruments/cyber/v1.json") as Instrument;
    broken.scoring.tips[0]!.when = { question: "backup-auto", equals: "nope" };
    const r1 = instrumentSchema.safeParse(broken);
    expect(r1.success).toBe(false);
    expect(r1.error?.issues[0]?.message).toMatch(/equals nope is not an option of backup-auto/);

    const dup = raw("instruments/cyber/v1.json") as Instrument;
    const q = dup.sections[0]!.questions[0]!;
    if (q.type === "single") q.options.push({ ...q.options[0]! });
    expect(instrumentSchema.safeParse(dup).error?.issues[0]?.message).toMatch(/duplicate option/);
  });
});

describe("registry", () => {
  it("lists the latest of each instrument: quickscan, cyber, eu-dma", () => {
    expect(listInstruments().map((i) => `${i.id}@${i.version}`)).toEqual([
      "quickscan@1",
      "cyber@1",
      "eu-dma@1",
    ]);
    expect(latestInstrument("eu-dma")?.version).toBe(1);
    expect(getInstrument("eu-dma", 2)).toBeUndefined();
    expect(latestInstrument("nope")).toBeUndefined();
  });

  it("loads several versions, the highest being the latest; the examples folder is not an instrument", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "instruments-"));
    mkdirSync(path.join(dir, "cyber"));
    mkdirSync(path.join(dir, "examples"));
    const v1 = raw("instruments/cyber/v1.json") as Instrument;
    writeFileSync(path.join(dir, "cyber", "v1.json"), JSON.stringify(v1));
    writeFileSync(path.join(dir, "cyber", "v10.json"), JSON.stringify({ ...v1, version: 10 }));
    writeFileSync(path.join(dir, "cyber", "notes.json"), "not an instrument");
    writeFileSync(path.join(dir, "examples", "answers.json"), "{}");
    const registry = loadInstruments(dir);
    expect([...registry.byId.keys()]).toEqual(["cyber"]);
    expect(latestInstrument("cyber", registry)?.version).toBe(10);
    expect(getInstrument("cyber", 1, registry)?.version).toBe(1);
    expect(listInstruments(registry).map((i) => i.version)).toEqual([10]);
  });

  it("a broken file stops the load with an error that names the file and the problem", () => {
    const cases: [string, string, RegExp][] = [
      ["{ not json", "v1.json", /not readable as JSON/],
      [JSON.stringify({ id: "cyber", version: 1 }), "v1.json", /not a valid instrument: title: /],
      [
        JSON.stringify({ ...(raw("instruments/cyber/v1.json") as object), version: 1 }),
        "v2.json",
        /its path says "cyber" version 2/,
      ],
    ];
    for (const [content, name, problem] of cases) {
      const dir = mkdtempSync(path.join(tmpdir(), "instruments-"));
      mkdirSync(path.join(dir, "cyber"));
      const file = path.join(dir, "cyber", name);
      writeFileSync(file, content);
      let error: unknown;
      try {
        loadInstruments(dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InstrumentFileError);
      expect((error as InstrumentFileError).file).toBe(file);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(problem);
    }
    expect(() => loadInstruments(path.join(tmpdir(), "no-such-folder-xyz"))).toThrow(
      /does not exist/,
    );
  });
});

describe("quickscan", () => {
  it("starts from the worry, with an optional text in the entrepreneur's own words", () => {
    const [first, second] = allQuestions(quickscan);
    expect(first?.id).toBe("worry");
    expect(first?.label.nl).toBe("Wat houdt je wakker?");
    expect(first?.type === "single" && first.options.map((o) => o.id)).toEqual([
      "customers",
      "manual-work",
      "staff",
      "cashflow",
      "security",
      "other",
    ]);
    expect(second?.type).toBe("text");
    expect(second?.required).toBe(false);
    expect(quickscan.minutes).toBeLessThanOrEqual(5);
    const questions = allQuestions(quickscan);
    expect(questions.length).toBeGreaterThanOrEqual(13);
    expect(questions.length).toBeLessThanOrEqual(17);
    expect(questions.filter((q) => q.condition).length).toBeGreaterThanOrEqual(1);
  });

  it("has dimensions that are themes (at least 6), mean × 10, levels at 25/50/75", () => {
    const dims = quickscan.scoring.dimensions;
    expect(dims.length).toBeGreaterThanOrEqual(6);
    for (const d of dims) {
      expect(d.theme).toBe(d.id);
      expect([d.aggregate, d.multiply, d.divide]).toEqual(["mean", 10, 1]);
    }
    expect(quickscan.scoring.levels.map((l) => [l.id, l.max])).toEqual([
      ["basic", 25],
      ["average", 50],
      ["moderately-advanced", 75],
      ["advanced", undefined],
    ]);
    for (const item of quickscan.scoring.items)
      expect(["option-points", "scale"]).toContain(item.rule.kind);
  });

  // Points: findable active 7, customer-contact regular 7, online-sales no 0 / yes 10,
  // online-share large 10 / part 7, manual-work some 4, software accounting 3 + planning 2,
  // cloud partly 5, figures sometimes 4, ai tried 4, backup auto 7, mfa some 5,
  // skills 4 on 1–5 → 10 × (4 − 1) / (5 − 1) = 7.5, learning sometimes 5, plan ideas 4.
  const base: Answers = {
    worry: "customers",
    "worry-text": "Te weinig nieuwe klanten sinds de verbouwing.",
    findable: "active",
    "customer-contact": "regular",
    "manual-work": "some",
    software: ["accounting", "planning"],
    cloud: "partly",
    figures: "sometimes",
    ai: "tried",
    backup: "auto",
    mfa: "some",
    skills: 4,
    learning: "sometimes",
    plan: "ideas",
  };

  it("hand-computed: the hidden follow-up (online share when not selling online) does not count", () => {
    const answers = { ...base, "online-sales": "no", "online-share": "large" };
    expect(visibleQuestions(quickscan, answers).map((q) => q.id)).not.toContain("online-share");
    const s = score(quickscan, answers);
    // marketing (7 + 7) / 2 × 10 = 70; ecommerce (0 + 0, the share is hidden) / 2 × 10 = 0;
    // automation (4 + 5) / 2 × 10 = 45; cloud_remote 5 × 10 = 50; data_ai (4 + 4) / 2 × 10 = 40;
    // cybersecurity (7 + 5) / 2 × 10 = 60; skills_hr (7.5 + 5) / 2 × 10 = 62.5; strategy 4 × 10 = 40.
    expect(s.dimensions).toEqual({
      marketing: 70,
      ecommerce: 0,
      automation: 45,
      cloud_remote: 50,
      data_ai: 40,
      cybersecurity: 60,
      skills_hr: 62.5,
      strategy: 40,
    });
    // overall (70 + 0 + 45 + 50 + 40 + 60 + 62.5 + 40) / 8 = 367.5 / 8 = 45.9375 → average.
    // (Had the hidden answer counted: ecommerce 50, overall 52.1875, moderately-advanced.)
    expect(s.overall).toBe(45.9375);
    expect(s.level).toBe("average");
    expect(s.items["online-share"]).toBe(0);
    // cleanAnswers drops the hidden answer; a hidden required question is never missing.
    expect(cleanAnswers(quickscan, answers)).not.toHaveProperty("online-share");
    expect(missingAnswers(quickscan, answers)).toEqual([]);
  });

  it("hand-computed: the follow-up counts when shown", () => {
    const s = score(quickscan, { ...base, "online-sales": "yes", "online-share": "part" });
    // ecommerce (10 + 7) / 2 × 10 = 85; overall (367.5 + 85) / 8 = 452.5 / 8 = 56.5625.
    expect(s.dimensions.ecommerce).toBe(85);
    expect(s.overall).toBe(56.5625);
    expect(s.level).toBe("moderately-advanced");
    // Selling online but not yet saying how much: the share is missing.
    expect(missingAnswers(quickscan, { ...base, "online-sales": "yes" }).map((q) => q.id)).toEqual([
      "online-share",
    ]);
  });

  it("hand-computed: nothing answered → 0 basic; the best answers → 100 advanced", () => {
    expect(score(quickscan, {})).toMatchObject({ overall: 0, level: "basic" });
    const best: Answers = {
      worry: "other",
      findable: "measured",
      "customer-contact": "crm",
      "online-sales": "yes",
      "online-share": "large",
      "manual-work": "none",
      software: ["accounting", "crm", "planning", "erp"], // 3 + 2 + 2 + 3 = 10
      cloud: "yes",
      figures: "dashboard",
      ai: "agreed",
      backup: "tested",
      mfa: "all",
      skills: 5, // 10 × (5 − 1) / 4 = 10
      learning: "plan",
      plan: "budget",
    };
    for (const [k, v] of Object.entries(best))
      expect(validateAnswer(question(quickscan, k), v)).toEqual(v);
    expect(score(quickscan, best)).toMatchObject({ overall: 100, level: "advanced" });
  });

  it("'none of these' software is exclusive and scores 0", () => {
    expect(() => validateAnswer(question(quickscan, "software"), ["none", "crm"])).toThrow(
      "scan.error.exclusive",
    );
    expect(score(quickscan, { software: ["none"] }).items.software).toBe(0);
  });
});

describe("cybercheck", () => {
  const AREAS = [
    "backups",
    "updates",
    "passwords-mfa",
    "access",
    "awareness-phishing",
    "incident-plan",
    "devices-network",
    "suppliers-cloud",
  ];

  it("has the eight areas as dimensions, 2–3 questions each, and risk levels", () => {
    expect(cyber.scoring.dimensions.map((d) => d.id)).toEqual(AREAS);
    for (const d of cyber.scoring.dimensions) {
      expect(d.items.length).toBeGreaterThanOrEqual(2);
      expect(d.items.length).toBeLessThanOrEqual(3);
      expect([d.aggregate, d.multiply, d.theme]).toEqual(["mean", 10, "cybersecurity"]);
    }
    expect(cyber.scoring.levelLabel).toEqual({ nl: "Risico", en: "Risk" });
    expect(cyber.scoring.levels.map((l) => [l.id, l.max])).toEqual([
      ["high-risk", 40],
      ["medium-risk", 70],
      ["low-risk", undefined],
    ]);
    const steps = cyber.scoring.dimensions.flatMap((d) => d.firstSteps.map((s) => s.nl));
    expect(steps).toContain("Zet vandaag nog tweestapsverificatie aan op je e-mail.");
  });

  it("hand-computed: a typical small company", () => {
    const s = score(cyber, {
      "backup-auto": "manual", // 4
      "backup-offsite": "no", // 0
      "backup-restore": "no", // 0   → backups (4 + 0 + 0) / 3 × 10 = 40/3
      "updates-auto": "all", // 10
      "updates-unsupported": "unknown", // 2 → updates (10 + 2) / 2 × 10 = 60
      "mfa-email": "all", // 10
      "mfa-other": "some", // 5
      passwords: "browser", // 5     → passwords-mfa 20 / 3 × 10 = 200/3
      "access-own": "yes", // 10
      "access-leavers": "sometimes", // 5
      "access-admin": "many", // 4   → access 19 / 3 × 10 = 190/3
      "phishing-recognise": 3, // 10 × (3 − 1) / 4 = 5
      "awareness-training": "never", // 0
      "awareness-report": "roughly", // 5 → awareness 10 / 3 × 10 = 100/3
      "incident-plan": "in-head", // 3
      "incident-contacts": "partly", // 5
      "incident-breach": "no", // 0  → incident-plan 8 / 3 × 10 = 80/3
      "devices-protected": "some", // 5
      "network-guest": "yes", // 10
      "devices-phones": "all", // 10 → devices 25 / 3 × 10 = 250/3
      "suppliers-agreements": "unknown", // 0
      "suppliers-dpa": "no", // 0
      "suppliers-access": "roughly", // 5 → suppliers 5 / 3 × 10 = 50/3
    });
    expect(s.dimensions.backups).toBeCloseTo(40 / 3, 10);
    expect(s.dimensions.updates).toBe(60);
    expect(s.dimensions["passwords-mfa"]).toBeCloseTo(200 / 3, 10);
    expect(s.dimensions.access).toBeCloseTo(190 / 3, 10);
    expect(s.dimensions["awareness-phishing"]).toBeCloseTo(100 / 3, 10);
    expect(s.dimensions["incident-plan"]).toBeCloseTo(80 / 3, 10);
    expect(s.dimensions["devices-network"]).toBeCloseTo(250 / 3, 10);
    expect(s.dimensions["suppliers-cloud"]).toBeCloseTo(50 / 3, 10);
    // overall (40 + 180 + 200 + 190 + 100 + 80 + 250 + 50) / 3 / 8 = 1090 / 24 = 45.4166… → medium.
    expect(s.overall).toBeCloseTo(1090 / 24, 10);
    expect(s.level).toBe("medium-risk");
  });

  it("hand-computed: exactly 40 is still high risk; a little more is medium", () => {
    const at40: Answers = {
      "backup-auto": "auto",
      "backup-offsite": "yes",
      "backup-restore": "yes", // backups 100
      "access-own": "yes",
      "access-leavers": "always",
      "access-admin": "few", // access 100
      "updates-auto": "all",
      "updates-unsupported": "unknown", // updates (10 + 2) / 2 × 10 = 60
      "incident-plan": "in-head",
      "incident-contacts": "partly",
      "incident-breach": "procedure", // incident-plan (3 + 5 + 10) / 3 × 10 = 60
    };
    // (100 + 100 + 60 + 60) / 8 = 320 / 8 = 40 → high-risk (max 40 is inclusive)
    expect(score(cyber, at40)).toMatchObject({ overall: 40, level: "high-risk" });
    // + suppliers-access roughly: suppliers 5 / 3 × 10 = 50/3; overall (320 + 50/3) / 8 = 42.08…
    const above = score(cyber, { ...at40, "suppliers-access": "roughly" });
    expect(above.overall).toBeCloseTo((320 + 50 / 3) / 8, 10);
    expect(above.level).toBe("medium-risk");
    expect([70, 70.0001, 100].map((v) => levelFor(cyber, v))).toEqual([
      "medium-risk",
      "low-risk",
      "low-risk",
    ]);
  });

  it("only two-step verification on email: high risk", () => {
    // passwords-mfa (10 + 0 + 0) / 3 × 10 = 100/3; overall (100/3) / 8 = 4.1666…
    const s = score(cyber, { "mfa-email": "all" });
    expect(s.overall).toBeCloseTo(100 / 24, 10);
    expect(s.level).toBe("high-risk");
  });
});
