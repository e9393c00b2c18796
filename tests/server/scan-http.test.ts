/**
 * Scans over HTTP, against the real production server: bad input never gives a 500 and never
 * loses an answer. Each bad post (a tampered question id, an unknown option, a huge text, a
 * number out of range, repeated fields, a body that is not a form, no owner cookie, someone
 * else's scan, a malformed id) gets a redirect, a 400 with the message in the page, or a 404;
 * after each, the answers given before are still on the page and in the database. Autosave
 * (intent=autosave) answers 200 with saved: true.
 */
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n/i18n";
import { getPage, openServerDatabase, pageText, postForm, setCookies } from "../support/accounts";
import { type RawResponse, rawRequest } from "../support/http";
import { startServer, type TestServer } from "../support/server";

const t = getT("nl");
let server: TestServer;
let db: Database.Database;

beforeAll(async () => {
  server = await startServer();
  db = openServerDatabase(server);
});

afterAll(async () => {
  db?.close();
  expect(await server?.stop()).toBe(0);
});

interface Scan {
  id: string;
  /** The owner cookie ("spot_scans=…"), ready for a Cookie header. */
  cookie: string;
}

/** Start a scan as an anonymous visitor: the owner cookie and the id. */
async function startScan(instrument: string, cookie?: string): Promise<Scan> {
  const res = await postForm(server, "/scan", { instrument }, { cookie });
  expect(res.status, pageText(res.text).slice(0, 300)).toBe(303);
  const m = /^\/scan\/([0-9a-f-]{36})\/vraag\/1$/.exec(String(res.headers.location));
  expect(m, `location ${res.headers.location}`).not.toBeNull();
  const owner = setCookies(res).find((c) => c.name === "spot_scans");
  expect(owner?.attributes.has("httponly")).toBe(true);
  return { id: m![1]!, cookie: `spot_scans=${owner!.value}` };
}

/** POST a form made of pairs (so a field may repeat) to a step of a scan. */
function post(scan: Scan | { id: string; cookie?: string }, n: number | string, pairs: string[][]) {
  return rawRequest(`${server.url}/scan/${scan.id}/vraag/${n}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      ...(scan.cookie ? { Cookie: scan.cookie } : {}),
    },
    body: new URLSearchParams(pairs).toString(),
  });
}

/** The answers of a response as stored (read-only look at the server's SQLite file). */
function stored(id: string): Record<string, unknown> {
  const rows = db
    .prepare("select question_id, value from scan_answers where response_id = ?")
    .all(id) as { question_id: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.question_id, JSON.parse(r.value)]));
}

/** The inputs of a page that are checked or filled in: name → values. */
function filledIn(html: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (name: string, value: string) => {
    out[name] ??= [];
    out[name].push(value);
  };
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    const attr = (a: string) => new RegExp(`\\s${a}="([^"]*)"`).exec(tag)?.[1];
    const type = attr("type") ?? "text";
    const name = attr("name");
    if (!name || type === "hidden" || type === "submit") continue;
    if (type === "radio" || type === "checkbox") {
      if (/\schecked(=""|\s|>|\/)/.test(tag)) add(name, attr("value") ?? "");
    } else if (attr("value")) add(name, attr("value")!);
  }
  for (const m of html.matchAll(/<textarea\b[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) {
    if (m[2]) add(m[1]!, m[2]);
  }
  return out;
}

/** GET a step page as the owner; it must be a 200 page. */
async function stepPage(scan: Scan, n: number): Promise<RawResponse> {
  const res = await getPage(server, `/scan/${scan.id}/vraag/${n}`, { cookie: scan.cookie });
  expect(res.status, `GET step ${n}`).toBe(200);
  return res;
}

/** Answers every step from the second on (the middle option of each) and finishes the scan. */
async function answerTheRest(scan: Scan) {
  const steps = pageText((await stepPage(scan, 1)).text).match(/Vraag 1 van (\d+)/);
  const total = Number(steps![1]);
  for (let n = 2; n <= total; n++) {
    const html = (await stepPage(scan, n)).text;
    const qid = /<input type="hidden" name="question" value="([^"]+)"/.exec(html)![1]!;
    const values = [...html.matchAll(new RegExp(`name="${qid}" value="([^"]+)"`, "g"))].map(
      (m) => m[1]!,
    );
    const value = values[Math.floor(values.length / 2)]!;
    const res = await post(scan, n, [
      ["question", qid],
      ["intent", n === total ? "finish" : "next"],
      [qid, value],
    ]);
    expect(res.status, `step ${n}`).toBe(303);
  }
}

function expectNot500(res: RawResponse, what: string) {
  expect(res.status, `${what}: ${pageText(res.text).slice(0, 300)}`).toBeLessThan(500);
}

function expectError(res: RawResponse, key: string, what: string) {
  expect(res.status, `${what}: ${pageText(res.text).slice(0, 300)}`).toBe(400);
  expect(pageText(res.text), what).toContain(t(key));
  // The message is tied to the question for screen readers and shown in the error summary.
  expect(res.text).toContain('role="alert"');
  expect(res.text).toMatch(/aria-invalid="true"|utrecht-form-field--invalid/);
}

describe("a quickscan with answers, under attack", () => {
  let scan: Scan;
  // The steps of the quickscan while "online sales" is not yes (its follow-up is hidden).
  const STEP = { worry: 1, worryText: 2, findable: 3, software: 7, skills: 13 };
  const before = {
    worry: "staff",
    "worry-text": "Goede mensen vinden.",
    findable: "website",
    software: ["accounting", "planning"],
    skills: 4,
  };

  /** The answers given before are still there: in the database and on their step pages. */
  async function expectNothingLost(what: string) {
    expect(stored(scan.id), what).toEqual(before);
    expect(filledIn((await stepPage(scan, STEP.worry)).text).worry, what).toEqual(["staff"]);
    expect(filledIn((await stepPage(scan, STEP.worryText)).text)["worry-text"], what).toEqual([
      "Goede mensen vinden.",
    ]);
    expect(filledIn((await stepPage(scan, STEP.software)).text).software, what).toEqual([
      "accounting",
      "planning",
    ]);
    expect(filledIn((await stepPage(scan, STEP.skills)).text).skills, what).toEqual(["4"]);
  }

  beforeAll(async () => {
    scan = await startScan("quickscan");
    const answers: [number, string[][]][] = [
      [STEP.worry, [["worry", "staff"]]],
      [STEP.worryText, [["worry-text", "Goede mensen vinden."]]],
      [STEP.findable, [["findable", "website"]]],
      [
        STEP.software,
        [
          ["software", "planning"],
          ["software", "accounting"],
        ],
      ],
      [STEP.skills, [["skills", "4"]]],
    ];
    for (const [n, fields] of answers) {
      const qid = fields[0]![0]!;
      const res = await post(scan, n, [["question", qid], ["intent", "next"], ...fields]);
      expect(res.status, `answer ${qid}: ${pageText(res.text).slice(0, 300)}`).toBe(303);
      expect(res.headers.location).toBe(`/scan/${scan.id}/vraag/${n + 1}`);
    }
    expect(stored(scan.id)).toEqual(before);
    // The page says where you are.
    expect(pageText((await stepPage(scan, STEP.skills)).text)).toContain(
      t("scan.stepOf", { step: STEP.skills, total: 15 }),
    );
  });

  it("a tampered question id sends the respondent on (redirect, no 500)", async () => {
    for (const question of ["no-such-question", "q1", "", "../../etc/passwd", "x".repeat(5000)]) {
      const res = await post(scan, 1, [
        ["question", question],
        ["intent", "next"],
        [question, "staff"],
      ]);
      expect(res.status, `question "${question.slice(0, 20)}"`).toBe(303);
      expect(res.headers.location).toBe(`/scan/${scan.id}`);
    }
    // No question at all.
    const res = await post(scan, 1, [["intent", "next"]]);
    expect(res.status).toBe(303);
    await expectNothingLost("tampered question id");
  });

  it("an unknown option gives 400 with the message on the page", async () => {
    const res = await post(scan, STEP.worry, [
      ["question", "worry"],
      ["intent", "next"],
      ["worry", "world-peace"],
    ]);
    expectError(res, "scan.error.unknownOption", "unknown option");
    // The question is shown again (with its options), not an error page.
    expect(res.text).toContain('name="worry"');
    const multi = await post(scan, STEP.software, [
      ["question", "software"],
      ["intent", "next"],
      ["software", "accounting"],
      ["software", "time-machine"],
    ]);
    expectError(multi, "scan.error.unknownOption", "unknown option in a multiple choice");
    await expectNothingLost("unknown option");
  });

  it("the exclusive option with others gives 400", async () => {
    const res = await post(scan, STEP.software, [
      ["question", "software"],
      ["intent", "next"],
      ["software", "accounting"],
      ["software", "none"],
    ]);
    expectError(res, "scan.error.exclusive", "exclusive with others");
    await expectNothingLost("exclusive");
  });

  it("a huge text gives 400 (too long); a body over the limit gives 413", async () => {
    const res = await post(scan, STEP.worryText, [
      ["question", "worry-text"],
      ["intent", "next"],
      ["worry-text", "lang verhaal ".repeat(20_000)],
    ]);
    expectError(res, "scan.error.tooLong", "huge text");
    const tooBig = await post(scan, STEP.worryText, [
      ["question", "worry-text"],
      ["intent", "next"],
      ["worry-text", "x".repeat(2 * 1024 * 1024)],
    ]);
    expect(tooBig.status).toBe(413);
    await expectNothingLost("huge text");
  });

  it("a number out of range or not a number gives 400", async () => {
    for (const [value, key] of [
      ["9", "scan.error.outOfRange"],
      ["0", "scan.error.outOfRange"],
      ["-3", "scan.error.outOfRange"],
      ["1e400", "scan.error.wrongType"],
      ["veel", "scan.error.wrongType"],
      ["2.5", "scan.error.wrongType"],
      ["Infinity", "scan.error.wrongType"],
    ] as const) {
      const res = await post(scan, STEP.skills, [
        ["question", "skills"],
        ["intent", "next"],
        ["skills", value],
      ]);
      expectError(res, key, `skills = ${value}`);
    }
    await expectNothingLost("number out of range");
  });

  it("repeated fields where one value is expected, and bracket names, never give a 500", async () => {
    // A list where one choice is expected: the first value counts, and it is checked.
    const list = await post(scan, STEP.worry, [
      ["question", "worry"],
      ["intent", "next"],
      ["worry", "nonsense"],
      ["worry", "staff"],
    ]);
    expectError(list, "scan.error.unknownOption", "repeated single choice");
    // PHP-style array names are just unknown fields: nothing chosen, so "give an answer".
    const brackets = await post(scan, STEP.worry, [
      ["question", "worry"],
      ["intent", "next"],
      ["worry[]", "staff"],
      ["worry[0]", "cashflow"],
    ]);
    expectError(brackets, "scan.error.required", "bracket names");
    // Repeated question ids: the first one is the question.
    const questions = await post(scan, STEP.skills, [
      ["question", "skills"],
      ["question", "worry"],
      ["intent", "next"],
      ["skills", "11"],
    ]);
    expectError(questions, "scan.error.outOfRange", "repeated question");
    // An unknown intent is treated as "next": the answer is checked.
    const intent = await post(scan, STEP.skills, [
      ["question", "skills"],
      ["intent", "drop-table"],
      ["skills", "99"],
    ]);
    expectError(intent, "scan.error.outOfRange", "unknown intent");
    await expectNothingLost("repeated fields");
  });

  it("a body that is not a form (JSON, broken multipart) never gives a 500", async () => {
    for (const [type, body] of [
      ["application/json", JSON.stringify({ question: "worry", worry: ["a", "b"] })],
      ["multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name="],
      ["text/plain", "question=worry&worry=cashflow"],
      ["application/x-www-form-urlencoded", "%%%question=%E0%A4%A"],
    ]) {
      const res = await rawRequest(`${server.url}/scan/${scan.id}/vraag/1`, {
        method: "POST",
        headers: { "Content-Type": type!, Origin: server.url, Cookie: scan.cookie },
        body,
      });
      expectNot500(res, type!);
      if (type !== "application/x-www-form-urlencoded") expect(res.status, type).toBe(400);
    }
    // The other scan forms: starting a scan, asking for a link, using a link.
    for (const path of ["/scan", `/scan/${scan.id}/bewaren`, "/scan/hervatten"]) {
      const res = await rawRequest(`${server.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: server.url, Cookie: scan.cookie },
        body: JSON.stringify({ instrument: ["quickscan"], email: { a: 1 }, token: [1] }),
      });
      expect(res.status, path).toBe(400);
    }
    await expectNothingLost("not a form");
  });

  it("going back with a bad answer keeps the good one; going back with nothing keeps it too", async () => {
    const bad = await post(scan, STEP.findable, [
      ["question", "findable"],
      ["intent", "prev"],
      ["findable", "everywhere"],
    ]);
    expectError(bad, "scan.error.unknownOption", "prev with a bad answer");
    const empty = await post(scan, STEP.findable, [
      ["question", "findable"],
      ["intent", "prev"],
    ]);
    expect(empty.status).toBe(303);
    expect(empty.headers.location).toBe(`/scan/${scan.id}/vraag/${STEP.findable - 1}`);
    // Going on with nothing for a required question: the message, and nothing is lost.
    const next = await post(scan, STEP.findable, [
      ["question", "findable"],
      ["intent", "next"],
    ]);
    expectError(next, "scan.error.required", "next with nothing");
    await expectNothingLost("prev");
  });

  it("without the owner cookie, or with a made-up one, the scan is a 404", async () => {
    const noCookie = { id: scan.id };
    const pages = [`/scan/${scan.id}`, `/scan/${scan.id}/vraag/1`, `/scan/${scan.id}/bewaren`];
    for (const path of pages) {
      expect((await getPage(server, path)).status, path).toBe(404);
      expect(
        (await getPage(server, path, { cookie: `spot_scans=${scan.id}%3Amade-up-token` })).status,
        path,
      ).toBe(404);
    }
    const res = await post(noCookie, 1, [
      ["question", "worry"],
      ["intent", "next"],
      ["worry", "cashflow"],
    ]);
    expect(res.status).toBe(404);
    const autosave = await post(noCookie, 1, [
      ["question", "worry"],
      ["intent", "autosave"],
      ["worry", "cashflow"],
    ]);
    expect(autosave.status).toBe(404);
    const save = await postForm(
      server,
      `/scan/${scan.id}/bewaren`,
      { email: "thief@example.org" },
      {},
    );
    expect(save.status).toBe(404);
    await expectNothingLost("no owner cookie");
  });

  it("someone else's scan is a 404, even with a cookie of one's own", async () => {
    // Another visitor with a scan of their own tries to write into this one.
    const other = await startScan("quickscan");
    const intruder = { id: scan.id, cookie: other.cookie };
    expect(
      (await getPage(server, `/scan/${scan.id}/vraag/1`, { cookie: other.cookie })).status,
    ).toBe(404);
    const res = await post(intruder, 1, [
      ["question", "worry"],
      ["intent", "next"],
      ["worry", "cashflow"],
    ]);
    expect(res.status).toBe(404);
    // Pairing this scan's id with the other scan's token does not work either.
    const token = decodeURIComponent(other.cookie.split("=")[1]!).split(":")[1]!;
    const forged = {
      id: scan.id,
      cookie: `spot_scans=${encodeURIComponent(`${scan.id}:${token}`)}`,
    };
    expect(
      (
        await post(forged, 1, [
          ["question", "worry"],
          ["worry", "cashflow"],
        ])
      ).status,
    ).toBe(404);
    expect(
      (await getPage(server, `/scan/${scan.id}/resultaat`, { cookie: other.cookie })).status,
    ).toBe(404);
    expect(stored(other.id)).toEqual({});
    await expectNothingLost("foreign response");
  });

  it("a malformed or unknown id is a 404", async () => {
    for (const id of [
      "not-an-id",
      "00000000-0000-0000-0000-000000000000",
      "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ",
      "%27%20or%201%3D1--",
      "x".repeat(2000),
      `${scan.id}x`,
    ]) {
      const get = await getPage(server, `/scan/${id}/vraag/1`, { cookie: scan.cookie });
      expect(get.status, `GET ${id.slice(0, 40)}`).toBe(404);
      const res = await post({ id, cookie: scan.cookie }, 1, [
        ["question", "worry"],
        ["intent", "next"],
        ["worry", "cashflow"],
      ]);
      expect(res.status, `POST ${id.slice(0, 40)}`).toBe(404);
      expect((await getPage(server, `/scan/${id}/resultaat`)).status).toBe(404);
    }
    await expectNothingLost("malformed id");
  });

  it("a step number out of range or not a number goes to the first open question", async () => {
    for (const n of ["0", "99", "-1", "abc", "1.5", "99999999999"]) {
      const res = await getPage(server, `/scan/${scan.id}/vraag/${n}`, { cookie: scan.cookie });
      expect(res.status, `step ${n}`).toBe(302);
      // Step 4 is the first question without an answer.
      expect(res.headers.location, `step ${n}`).toBe(`/scan/${scan.id}/vraag/4`);
    }
    const res = await getPage(server, `/scan/${scan.id}`, { cookie: scan.cookie });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/scan/${scan.id}/vraag/4`);
    await expectNothingLost("step number");
  });
});

describe("autosave", () => {
  it("answers 200 with saved: true and stores the answer (page and data request)", async () => {
    const scan = await startScan("quickscan");
    const res = await post(scan, 1, [
      ["question", "worry"],
      ["intent", "autosave"],
      ["worry", "cashflow"],
    ]);
    expect(res.status).toBe(200);
    expect(stored(scan.id)).toEqual({ worry: "cashflow" });

    // React Router's data request of the route (a client posting the form through it).
    const data = await rawRequest(`${server.url}/scan/${scan.id}/vraag/1.data`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.url,
        Cookie: scan.cookie,
      },
      body: new URLSearchParams([
        ["question", "worry"],
        ["intent", "autosave"],
        ["worry", "security"],
      ]).toString(),
    });
    expect(data.status).toBe(200);
    expect(data.text).toMatch(/"saved",true/);
    expect(stored(scan.id)).toEqual({ worry: "security" });
    // Autosave does not move on: the same step is shown with the new answer.
    expect(filledIn((await stepPage(scan, 1)).text).worry).toEqual(["security"]);
  });

  it("keeps a half-filled grid, refuses a bad one with 400, and an empty change saves nothing", async () => {
    const scan = await startScan("eu-dma");
    // EU DMA: size, sector, sector2, q1 (per-row, ticks), q2, q3, q4 (graded rows) …
    const half = await post(scan, 7, [
      ["question", "q4"],
      ["intent", "autosave"],
      ["q4.r1", "2"],
      ["q4.r2", "5"],
    ]);
    expect(half.status).toBe(200);
    expect(stored(scan.id)).toEqual({ q4: { r1: 2, r2: 5 } });

    const bad = await rawRequest(`${server.url}/scan/${scan.id}/vraag/7.data`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.url,
        Cookie: scan.cookie,
      },
      body: new URLSearchParams([
        ["question", "q4"],
        ["intent", "autosave"],
        ["q4.r1", "3"],
        ["q4.r2", "6"],
      ]).toString(),
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/"saved",false/);
    expect(bad.text).toContain("scan.error.outOfRange");

    const empty = await post(scan, 7, [
      ["question", "q4"],
      ["intent", "autosave"],
    ]);
    expect(empty.status).toBe(200);
    expect(stored(scan.id)).toEqual({ q4: { r1: 2, r2: 5 } });

    // The half grid is on the page; going on with it asks for every row.
    const page = await stepPage(scan, 7);
    expect(filledIn(page.text)).toMatchObject({ "q4.r1": ["2"], "q4.r2": ["5"] });
    const next = await post(scan, 7, [
      ["question", "q4"],
      ["intent", "next"],
      ["q4.r1", "2"],
      ["q4.r2", "5"],
    ]);
    expectError(next, "scan.error.incomplete", "half a grid");
    expect(stored(scan.id)).toEqual({ q4: { r1: 2, r2: 5 } });
  });
});

describe("autosave endpoint (POST /scan/:id/antwoord, what the scan page sends)", () => {
  function answer(
    scan: { id: string; cookie?: string },
    pairs: string[][],
    headers: Record<string, string> = {},
  ) {
    return rawRequest(`${server.url}/scan/${scan.id}/antwoord`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: server.url,
        ...(scan.cookie ? { Cookie: scan.cookie } : {}),
        ...headers,
      },
      body: new URLSearchParams(pairs).toString(),
    });
  }

  it("stores the answer and tells how many questions are answered now", async () => {
    const scan = await startScan("quickscan");
    const first = await answer(scan, [
      ["question", "worry"],
      ["intent", "autosave"],
      ["worry", "cashflow"],
    ]);
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(first.text)).toEqual({ saved: true, error: null, answered: 1 });
    expect(stored(scan.id)).toEqual({ worry: "cashflow" });
    // The same question again: replaced, still one answered.
    const again = await answer(scan, [
      ["question", "worry"],
      ["worry", "security"],
    ]);
    expect(JSON.parse(again.text)).toMatchObject({ saved: true, answered: 1 });
    expect(stored(scan.id)).toEqual({ worry: "security" });
    // The page shows the saved answer.
    expect(filledIn((await stepPage(scan, 1)).text).worry).toEqual(["security"]);
  });

  it("refuses a bad answer with its message key, saves nothing for an empty one", async () => {
    const scan = await startScan("eu-dma");
    const bad = await answer(scan, [
      ["question", "q4"],
      ["q4.r1", "3"],
      ["q4.r2", "6"],
    ]);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toEqual({ saved: false, error: "scan.error.outOfRange" });
    const empty = await answer(scan, [["question", "q4"]]);
    expect(empty.status).toBe(200);
    expect(JSON.parse(empty.text)).toMatchObject({ saved: false, error: null });
    const unknown = await answer(scan, [
      ["question", "nope"],
      ["nope", "1"],
    ]);
    expect(unknown.status).toBe(400);
    expect(stored(scan.id)).toEqual({});
  });

  it("is a 404 for someone else's scan or an unknown one, and turns away other sites and non-forms", async () => {
    const scan = await startScan("quickscan");
    const pairs = [
      ["question", "worry"],
      ["worry", "cashflow"],
    ];
    expect((await answer({ id: scan.id }, pairs)).status).toBe(404);
    const other = await startScan("quickscan");
    expect((await answer({ id: scan.id, cookie: other.cookie }, pairs)).status).toBe(404);
    expect(
      (await answer({ id: "00000000-0000-4000-8000-000000000000", cookie: scan.cookie }, pairs))
        .status,
    ).toBe(404);
    expect(
      (
        await answer(scan, pairs, {
          Origin: "https://evil.example",
          "Sec-Fetch-Site": "cross-site",
        })
      ).status,
    ).toBe(403);
    const json = await rawRequest(`${server.url}/scan/${scan.id}/antwoord`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.url, Cookie: scan.cookie },
      body: JSON.stringify({ question: "worry", worry: "cashflow" }),
    });
    expect(json.status).toBe(400);
    expect(
      (await getPage(server, `/scan/${scan.id}/antwoord`, { cookie: scan.cookie })).status,
    ).toBe(404);
    expect(stored(scan.id)).toEqual({});
  });

  it("sends a finished scan's page to its result", async () => {
    const scan = await startScan("cyber");
    await post(scan, 1, [
      ["question", "backup-auto"],
      ["intent", "next"],
      ["backup-auto", "auto"],
    ]);
    await answerTheRest(scan);
    const answers = stored(scan.id);
    const res = await answer(scan, [
      ["question", "backup-auto"],
      ["backup-auto", "no"],
    ]);
    expect(res.status).toBe(409);
    expect(JSON.parse(res.text)).toMatchObject({
      saved: false,
      location: `/scan/${scan.id}/resultaat`,
    });
    expect(stored(scan.id)).toEqual(answers);
  });
});

describe("finishing", () => {
  it("finishing early goes to the first missing question; a finished scan is not answered again", async () => {
    const scan = await startScan("cyber");
    await post(scan, 1, [
      ["question", "backup-auto"],
      ["intent", "next"],
      ["backup-auto", "auto"],
    ]);
    const early = await post(scan, 1, [
      ["question", "backup-auto"],
      ["intent", "finish"],
      ["backup-auto", "auto"],
    ]);
    expect(early.status).toBe(303);
    expect(early.headers.location).toBe(`/scan/${scan.id}/vraag/2?open=1`);
    expect(db.prepare("select status from scan_responses where id = ?").get(scan.id)).toEqual({
      status: "in_progress",
    });

    await answerTheRest(scan);
    const row = db
      .prepare("select status, level, overall from scan_responses where id = ?")
      .get(scan.id) as { status: string; level: string; overall: number };
    expect(row.status).toBe("completed");
    expect(row.level).toEqual(expect.any(String));
    const answers = stored(scan.id);

    // Posting to a finished scan changes nothing and shows the result.
    const late = await post(scan, 1, [
      ["question", "backup-auto"],
      ["intent", "next"],
      ["backup-auto", "no"],
    ]);
    expect(late.status).toBe(303);
    expect(late.headers.location).toBe(`/scan/${scan.id}/resultaat`);
    expect(stored(scan.id)).toEqual(answers);
    const result = await getPage(server, `/scan/${scan.id}/resultaat`, { cookie: scan.cookie });
    expect(result.status).toBe(200);
    expect(pageText(result.text)).toContain(t("result.title"));
  });
});
