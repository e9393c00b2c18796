// The EU Digital Maturity Assessment (instruments/eu-dma/v1.json): structure, hand-computed
// scores (shared/product/eu-dma.md), the exchange format and the scoring command.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AnswerError, type Answers, validateAnswer } from "~/modules/scans/answers";
import {
  DmaExchangeError,
  fromDmaExchange,
  looksLikeDmaExchange,
  toDmaExchange,
  toDmaScores,
} from "~/modules/scans/dma-exchange";
import { allQuestions } from "~/modules/scans/instrument";
import { getInstrument } from "~/modules/scans/registry.server";
import { levelFor, score } from "~/modules/scans/scoring";

const dma = getInstrument("eu-dma", 1)!;
const q = (id: string) => allQuestions(dma).find((x) => x.id === id)!;
const EXAMPLE = "instruments/examples/eu-dma-answers.json";
const example = JSON.parse(readFileSync(EXAMPLE, "utf8")) as unknown;

// Builders for our answers format.
const rows = (n: number) => Array.from({ length: n }, (_, i) => `r${i + 1}`);
const opts = (n: number) => Array.from({ length: n }, (_, i) => `o${i + 1}`);
const graded = (levels: number[]) => Object.fromEntries(levels.map((l, i) => [`r${i + 1}`, l]));
const q1 = (already: number, plan: number) =>
  Object.fromEntries(
    rows(10).map((r, i) => [
      r,
      [...(i < already ? ["already"] : []), ...(i < plan ? ["plan"] : [])],
    ]),
  );
const q11 = (...v: string[]) => Object.fromEntries(v.map((x, i) => [`r${i + 1}`, x]));

/** Every scored item at zero. */
const EMPTY: Answers = {
  size: "10-49",
  sector: "manufacturing",
  q1: q1(0, 0),
  q2: [],
  q3: [],
  q4: graded([0, 0, 0, 0, 0, 0, 0]),
  q5: [],
  q6: [],
  q7: [],
  q8: [],
  q9: graded([0, 0, 0, 0, 0]),
  q10: [],
  q11: q11("no", "no", "no", "no", "no"),
};

/** Every scored item at its maximum. */
const FULL: Answers = {
  ...EMPTY,
  q1: q1(10, 10),
  q2: opts(10),
  q3: opts(10),
  q4: graded([5, 5, 5, 5, 5, 5, 5]),
  q5: opts(7),
  q6: opts(8),
  q7: opts(7), // the seven positive options, not "not-digital"
  q8: opts(6),
  q9: graded([5, 5, 5, 5, 5]),
  q10: opts(10),
  q11: q11("yes", "yes", "yes", "yes", "yes"),
};

describe("EU DMA structure", () => {
  it("keeps the EU item order and counts", () => {
    expect(dma.sections.map((s) => s.id)).toEqual(["company", "d1", "d2", "d3", "d4", "d5", "d6"]);
    expect(allQuestions(dma).map((x) => x.id)).toEqual([
      "size",
      "sector",
      "sector2",
      ...Array.from({ length: 11 }, (_, i) => `q${i + 1}`),
    ]);
    const count = (id: string) => {
      const x = q(id);
      return "options" in x ? x.options.length : "rows" in x ? x.rows.length : 0;
    };
    expect(["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11"].map(count)).toEqual(
      [10, 10, 10, 7, 7, 8, 8, 6, 5, 10, 5],
    );
    const q7 = q("q7");
    expect(q7.type === "multi" && q7.options.map((o) => [o.id, o.exclusive ?? false])).toEqual([
      ["o1", false],
      ["not-digital", true],
      ...["o2", "o3", "o4", "o5", "o6", "o7"].map((id) => [id, false]),
    ]);
    const q1q = q("q1");
    expect(q1q.type === "per-row" && [q1q.multiple, q1q.columns.map((c) => c.id)]).toEqual([
      true,
      ["already", "plan"],
    ]);
    const q11q = q("q11");
    expect(q11q.type === "per-row" && [q11q.multiple, q11q.columns.map((c) => c.id)]).toEqual([
      false,
      ["no", "partially", "yes"],
    ]);
    for (const id of ["q4", "q9"]) {
      const g = q(id);
      expect(g.type === "graded-rows" && g.levels.length).toBe(6);
    }
  });

  it("has the company questions for benchmarking: size bands and 24 sectors", () => {
    const size = q("size");
    expect(size.type === "single" && size.options.map((o) => o.id)).toEqual([
      "1-9",
      "10-49",
      "50-249",
      "250+",
    ]);
    const sector = q("sector");
    const sector2 = q("sector2");
    expect(sector.type === "single" && sector.options.length).toBe(24);
    expect(sector2.required).toBe(false);
    expect(sector2.type === "single" && sector2.options.map((o) => o.id)).toEqual([
      ...(sector.type === "single" ? sector.options.map((o) => o.id) : []),
      "none",
    ]);
  });

  it("scores as eu-dma.md says: items, dimensions, levels", () => {
    expect(dma.scoring.items.map((i) => [i.id, i.question, i.rule])).toEqual([
      ["q1a", "q1", { kind: "row-ticks", column: "already" }],
      ["q1p", "q1", { kind: "row-ticks", column: "plan" }],
      ["q2", "q2", { kind: "ticks", denominator: 10 }],
      ["q3", "q3", { kind: "ticks", denominator: 10 }],
      ["q4", "q4", { kind: "graded", maxLevel: 5 }],
      ["q5", "q5", { kind: "ticks", denominator: 7 }],
      ["q6", "q6", { kind: "ticks", denominator: 8 }],
      ["q7", "q7", { kind: "ticks", denominator: 7 }],
      ["q8", "q8", { kind: "ticks", denominator: 6 }],
      ["q9", "q9", { kind: "graded", maxLevel: 5 }],
      ["q10", "q10", { kind: "ticks", denominator: 10 }],
      ["q11", "q11", { kind: "row-points", points: { no: 0, partially: 1, yes: 2 } }],
    ]);
    expect(
      dma.scoring.dimensions.map((d) => [d.id, d.items, d.aggregate, d.multiply, d.divide]),
    ).toEqual([
      ["strategy", ["q1a", "q1p", "q2"], "sum", 100, 30],
      ["readiness", ["q3", "q4"], "sum", 5, 1],
      ["human", ["q5", "q6"], "sum", 5, 1],
      ["data", ["q7", "q8"], "sum", 5, 1],
      ["automation", ["q9"], "sum", 10, 1],
      ["green", ["q10", "q11"], "sum", 5, 1],
    ]);
    expect(dma.scoring.levels.map((l) => [l.id, l.max])).toEqual([
      ["basic", 25],
      ["average", 50],
      ["moderately-advanced", 75],
      ["advanced", undefined],
    ]);
    for (const d of dma.scoring.dimensions) {
      expect(d.firstSteps.length).toBeGreaterThanOrEqual(2);
      expect(d.firstSteps.length).toBeLessThanOrEqual(4);
      expect(d.meaning.map((m) => m.max)).toEqual([25, 50, 75, 100]);
    }
  });
});

describe("EU DMA scores, computed by hand", () => {
  it("all empty → 0, basic; no answers at all → the same", () => {
    for (const a of [EMPTY, {}]) {
      const s = score(dma, a);
      expect(s.overall).toBe(0);
      expect(s.level).toBe("basic");
      expect(Object.values(s.dimensions)).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });

  it("everything maximal → 100, advanced", () => {
    for (const [id, v] of Object.entries(FULL)) expect(validateAnswer(q(id), v)).toEqual(v);
    const s = score(dma, FULL);
    // strategy (10 + 10 + 10) × 100 / 30 = 100; readiness (10 + 10) × 5 = 100 (q4: 10 × 35 / 35);
    // human (10 + 10) × 5; data (10 + 10) × 5; automation 10 × 10; green (10 + 2 × 5 = 10) × 5.
    expect(s.dimensions).toEqual({
      strategy: 100,
      readiness: 100,
      human: 100,
      data: 100,
      automation: 100,
      green: 100,
    });
    expect(s.overall).toBe(100);
    expect(s.level).toBe("advanced");
  });

  it("the example file (a mixed case)", () => {
    const s = score(dma, fromDmaExchange(example));
    // q1: "already" on 6 of 10 rows → q1a = 6; "plan" on 4 → q1p = 4; q2: 5 of 10 → 5.
    //   strategy = (6 + 4 + 5) × 100 / 30 = 1500 / 30 = 50
    // q3: 7 of 10 → 7; q4 levels 0,1,2,0,3,0,0 → Σ 6 → 10 × 6 / (5 × 7) = 12/7.
    //   readiness = (7 + 12/7) × 5 = 35 + 60/7 = 305/7 ≈ 43.571
    // q5: 3 of 7 → 30/7; q6: 4 of 8 → 5.  human = (30/7 + 5) × 5 = 325/7 ≈ 46.429
    // q7: 3 of the 7 positives → 30/7; q8: 3 of 6 → 5.  data = 325/7 ≈ 46.429
    // q9 levels 2,0,0,0,3 → Σ 5 → 10 × 5 / 25 = 2.  automation = 2 × 10 = 20
    // q10: 2 of 10 → 2; q11: partially, no, no, yes, yes → 1 + 0 + 0 + 2 + 2 = 5.  green = (2 + 5) × 5 = 35
    // overall = (50 + 305/7 + 325/7 + 325/7 + 20 + 35) / 6 = (105 + 955/7) / 6 = 1690/42 ≈ 40.238 → average
    expect(s.items).toMatchObject({
      q1a: 6,
      q1p: 4,
      q2: 5,
      q3: 7,
      q6: 5,
      q8: 5,
      q9: 2,
      q10: 2,
      q11: 5,
    });
    expect(s.items.q4).toBeCloseTo(12 / 7, 12);
    expect(s.items.q5).toBeCloseTo(30 / 7, 12);
    expect(s.items.q7).toBeCloseTo(30 / 7, 12);
    expect(s.dimensions.strategy).toBe(50);
    expect(s.dimensions.readiness).toBeCloseTo(305 / 7, 10);
    expect(s.dimensions.human).toBeCloseTo(325 / 7, 10);
    expect(s.dimensions.data).toBeCloseTo(325 / 7, 10);
    expect(s.dimensions.automation).toBe(20);
    expect(s.dimensions.green).toBe(35);
    expect(s.overall).toBeCloseTo(1690 / 42, 10);
    expect(s.level).toBe("average");
  });

  it("another mixed case, in our answers format", () => {
    const s = score(dma, {
      ...EMPTY,
      q1: q1(10, 3), // q1a 10, q1p 3
      q2: ["o1", "o2"], // 2
      q4: graded([5, 5, 5, 5, 5, 5, 5]), // 10
      q6: opts(8), // 10
      q8: ["o5"], // 10 / 6
      q9: graded([1, 1, 1, 1, 1]), // 10 × 5 / 25 = 2
      q11: q11("yes", "partially", "no", "no", "no"), // 2 + 1 = 3
    });
    // strategy (10 + 3 + 2) × 100 / 30 = 50; readiness (0 + 10) × 5 = 50; human (0 + 10) × 5 = 50;
    // data (0 + 10/6) × 5 = 25/3; automation 2 × 10 = 20; green (0 + 3) × 5 = 15.
    // overall (50 + 50 + 50 + 25/3 + 20 + 15) / 6 = (185 + 25/3) / 6 = 580/18 ≈ 32.22 → average
    expect(s.dimensions.strategy).toBe(50);
    expect(s.dimensions.readiness).toBe(50);
    expect(s.dimensions.human).toBe(50);
    expect(s.dimensions.data).toBeCloseTo(25 / 3, 12);
    expect(s.dimensions.automation).toBe(20);
    expect(s.dimensions.green).toBe(15);
    expect(s.overall).toBeCloseTo(580 / 18, 10);
    expect(s.level).toBe("average");
  });

  it('"not-digital" alone scores q7 = 0, and may not be ticked with a positive option', () => {
    expect(validateAnswer(q("q7"), ["not-digital"])).toEqual(["not-digital"]);
    const s = score(dma, { ...EMPTY, q7: ["not-digital"], q8: ["o5"] });
    // q7 = 0 (the negative option never counts); q8 = 10 × 1 / 6; data = (0 + 10/6) × 5 = 25/3
    expect(s.items.q7).toBe(0);
    expect(s.dimensions.data).toBeCloseTo(25 / 3, 12);
    let error: unknown;
    try {
      validateAnswer(q("q7"), ["o1", "not-digital", "o3"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AnswerError);
    expect((error as AnswerError).problem).toBe("scan.error.exclusive");
    // … and a tip says to start collecting data digitally.
    const tip = dma.scoring.tips.find(
      (t) => t.when.question === "q7" && t.when.includes === "not-digital",
    );
    expect(tip?.text.nl).toMatch(/digitaal vastleggen/);
  });

  it("levels at the exact boundaries (levelFor)", () => {
    const at = (v: number) => levelFor(dma, v);
    expect([0, 25, 25.0001, 50, 50.0001, 75, 75.0001, 100].map(at)).toEqual([
      "basic",
      "basic",
      "average",
      "average",
      "moderately-advanced",
      "moderately-advanced",
      "advanced",
      "advanced",
    ]);
  });

  it("levels at the exact boundaries, from answers", () => {
    // readiness: q3 all 10 ticks, q4 all 0 → (10 + 0) × 5 = 50; automation: q9 all 5 → 100.
    // overall (50 + 100) / 6 = 150 / 6 = 25 exactly → basic (25 is inclusive)
    const at25 = { ...EMPTY, q3: opts(10), q9: graded([5, 5, 5, 5, 5]) };
    expect(score(dma, at25)).toMatchObject({ overall: 25, level: "basic" });
    // + one tick in q10: green (1 + 0) × 5 = 5 → 155 / 6 = 25.833… → average
    const above25 = score(dma, { ...at25, q10: ["o10"] });
    expect(above25.overall).toBeCloseTo(155 / 6, 12);
    expect(above25.level).toBe("average");
    // readiness 100 (q4 all 5 as well) + automation 100 + human 100 (q5, q6 all) → 300 / 6 = 50 → average
    const at50 = { ...at25, q4: graded([5, 5, 5, 5, 5, 5, 5]), q5: opts(7), q6: opts(8) };
    expect(score(dma, at50)).toMatchObject({ overall: 50, level: "average" });
    // + data 100 (q7 seven positives, q8 all six) + green 50 (q10 all ten, q11 all no) → 450 / 6 = 75
    const at75 = { ...at50, q7: opts(7), q8: opts(6), q10: opts(10) };
    expect(score(dma, at75)).toMatchObject({ overall: 75, level: "moderately-advanced" });
    // + one "partially" in q11: green (10 + 1) × 5 = 55 → 455 / 6 = 75.833… → advanced
    const above75 = score(dma, { ...at75, q11: q11("partially", "no", "no", "no", "no") });
    expect(above75.overall).toBeCloseTo(455 / 6, 12);
    expect(above75.level).toBe("advanced");
  });
});

describe("EU DMA exchange format", () => {
  it("round-trips the example file, and the answers fit the instrument", () => {
    const answers = fromDmaExchange(example);
    for (const [id, v] of Object.entries(answers)) expect(validateAnswer(q(id), v)).toEqual(v);
    expect(toDmaExchange(answers)).toEqual(example);
    expect(answers.q7).toEqual(["o1", "o2", "o4"]);
    expect(answers.q1).toMatchObject({ r1: ["already", "plan"], r2: ["already"], r5: [] });
  });

  it("round-trips our answers (maximal, empty and not-digital)", () => {
    for (const a of [FULL, EMPTY, { ...EMPTY, q7: ["not-digital"] }]) {
      const { size, sector, ...scored } = a;
      expect(fromDmaExchange(toDmaExchange(a))).toEqual(scored);
    }
    expect(toDmaExchange({ q7: ["not-digital"] }).q7).toEqual({
      notDigital: true,
      items: Array(7).fill(false),
    });
  });

  it("tells the exchange format from our answers format", () => {
    expect(looksLikeDmaExchange(example)).toBe(true);
    expect(looksLikeDmaExchange({ q2: [true, false] })).toBe(true);
    expect(looksLikeDmaExchange(FULL)).toBe(false);
    expect(looksLikeDmaExchange({ q2: ["o1"] })).toBe(false);
    expect(looksLikeDmaExchange([])).toBe(false);
  });

  it("unanswered items become their zero values, so the scores stay the same", () => {
    const ex = toDmaExchange({});
    expect(ex.q4).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(ex.q11).toEqual(["no", "no", "no", "no", "no"]);
    expect(score(dma, fromDmaExchange(ex)).overall).toBe(0);
  });

  it("formats scores in the EU scores format, unrounded", () => {
    const s = score(dma, fromDmaExchange(example));
    const eu = toDmaScores(s);
    expect(Object.keys(eu)).toEqual(["overall", "level", "dimensions"]);
    expect(Object.keys(eu.dimensions)).toEqual([
      "strategy",
      "readiness",
      "human",
      "data",
      "automation",
      "green",
    ]);
    expect(eu.overall).toBe(s.overall);
    expect(eu.dimensions.readiness).toBe(s.dimensions.readiness);
  });

  it("rejects wrong lengths and types with a message naming the item", () => {
    const ex = example as Record<string, unknown>;
    const bad: [unknown, RegExp][] = [
      [[], /expected a JSON object/],
      [{ ...ex, q2: [true] }, /^q2: expected 10 booleans, got 1$/],
      [{ ...ex, q3: "yes" }, /^q3: expected a list of 10 booleans, got string$/],
      [{ ...ex, q5: [1, 0, 0, 0, 0, 0, 0] }, /^q5\[0\]: expected true or false, got 1$/],
      [{ ...ex, q4: [0, 1, 2, 0, 6, 0, 0] }, /^q4\[4\]: expected a level 0-5, got 6$/],
      [{ ...ex, q9: [0, 1, 2.5, 0, 0] }, /^q9\[2\]: expected a level 0-5, got 2.5$/],
      [{ ...ex, q1: (ex.q1 as unknown[]).slice(1) }, /^q1: expected 10 rows/],
      [
        { ...ex, q1: [...(ex.q1 as unknown[]).slice(1), { already: "yes", plan: false }] },
        /^q1\[9\]: expected/,
      ],
      [
        {
          ...ex,
          q7: { notDigital: true, items: [true, false, false, false, false, false, false] },
        },
        /^q7: "notDigital" excludes/,
      ],
      [
        { ...ex, q7: { notDigital: false, items: [true] } },
        /^q7\.items: expected 7 booleans, got 1$/,
      ],
      [{ ...ex, q7: [true, false] }, /^q7: expected \{ "notDigital"/],
      [
        { ...ex, q11: ["no", "no", "no", "no", "maybe"] },
        /^q11\[4\]: expected "no", "partially" or "yes", got "maybe"$/,
      ],
      [{ ...ex, q12: [] }, /^unknown item q12/],
      [Object.fromEntries(Object.entries(ex).filter(([k]) => k !== "q8")), /^q8 is missing/],
    ];
    for (const [json, message] of bad) {
      expect(() => fromDmaExchange(json)).toThrow(DmaExchangeError);
      expect(() => fromDmaExchange(json)).toThrow(message);
    }
  });
});

describe("npm run scan:score", () => {
  const run = (...args: string[]) => {
    const r = spawnSync("npx", ["tsx", "scripts/scan-score.ts", ...args], {
      encoding: "utf8",
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  /** The same, several at once (each start of tsx takes a second). */
  const runAll = (cases: string[][]) =>
    Promise.all(
      cases.map(
        (args) =>
          new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
            const child = spawn("npx", ["tsx", "scripts/scan-score.ts", ...args]);
            let out = "";
            let err = "";
            child.stdout.on("data", (d) => {
              out += d;
            });
            child.stderr.on("data", (d) => {
              err += d;
            });
            child.on("close", (code) => resolve({ code, out, err }));
          }),
      ),
    );
  const tmp = mkdtempSync(path.join(tmpdir(), "scan-score-"));
  const file = (name: string, content: string) => {
    const f = path.join(tmp, name);
    writeFileSync(f, content);
    return f;
  };
  const noStack = (err: string) => expect(err).not.toMatch(/\n\s+at /);

  it("scores the EU example file exactly as score() does", { timeout: 60_000 }, () => {
    const r = run("eu-dma", EXAMPLE);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(toDmaScores(score(dma, fromDmaExchange(example))));
  });

  it("accepts our answers format for eu-dma, and our format for the other instruments", {
    timeout: 60_000,
  }, () => {
    const ours = run("eu-dma", file("ours.json", JSON.stringify(FULL)));
    expect(ours.code).toBe(0);
    expect(JSON.parse(ours.out)).toMatchObject({ overall: 100, level: "advanced" });
    const cyber = run("cyber@1", file("cyber.json", JSON.stringify({ "mfa-email": "all" })));
    expect(cyber.code).toBe(0);
    const out = JSON.parse(cyber.out);
    expect(Object.keys(out)).toEqual(["overall", "level", "dimensions"]);
    expect(out.overall).toBeCloseTo(100 / 24, 10);
    expect(out.level).toBe("high-risk");
    expect(cyber.err).toMatch(/unanswered \(scored as 0\): backup-auto/);
  });

  it("bad input: a message on stderr, exit code 2, no stack trace", {
    timeout: 120_000,
  }, async () => {
    const cases: [string[], RegExp][] = [
      [["eu-dma", path.join(tmp, "missing.json")], /cannot read .*missing\.json: no such file/],
      [["eu-dma", file("broken.json", "{ q1: ")], /is not valid JSON/],
      [
        ["eu-dma", file("short.json", JSON.stringify({ ...(example as object), q2: [true] }))],
        /q2: expected 10 booleans, got 1/,
      ],
      [["quickscan", file("unknown.json", JSON.stringify({ nope: 1 }))], /unknown question "nope"/],
      [
        ["quickscan", file("excl.json", JSON.stringify({ software: ["none", "crm"] }))],
        /software combines an exclusive option/,
      ],
      [["nope", EXAMPLE], /unknown instrument "nope"; known: quickscan/],
      [["eu-dma@7", EXAMPLE], /unknown instrument "eu-dma@7"/],
      [["eu-dma"], /usage: /],
    ];
    const results = await runAll(cases.map(([args]) => args));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.err).toMatch(message);
      expect(r.out).toBe("");
      noStack(r.err);
    }
  });
});
