/**
 * The advice routes over HTTP: bad input (negative cost, min above max, zero duration, end
 * before start, unknown action id, unknown dependency, a decline without reason) is answered
 * 400 with the message, never 500; a stale save answers 409 with the other's values; and a
 * member of another company (the demo entrepreneur, not a member of the installer) gets 404 on
 * every advice route and the PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getT } from "~/i18n/i18n";
import {
  DEMO_PASSWORD,
  demoEmail,
  getPage,
  logIn,
  openServerDatabase,
  pageText,
  postForm,
} from "../support/accounts";
import { startServer, type TestServer } from "../support/server";

const t = getT("nl");
let server: TestServer;
let expert: string;
let outsider: string;
let caseId: string;

interface ItemRow {
  id: string;
  version: number;
  title: string;
  cost_once_min: number;
  cost_once_max: number;
  start_on: string;
  end_on: string;
}

function items(): ItemRow[] {
  const db = openServerDatabase(server);
  try {
    return db
      .prepare(
        "select advice_items.* from advice_items join advices on advices.id = advice_items.advice_id where advices.case_id = ? order by position",
      )
      .all(caseId) as ItemRow[];
  } finally {
    db.close();
  }
}

const fields = (i: ItemRow, over: Record<string, string> = {}) => ({
  intent: "item",
  itemId: i.id,
  version: String(i.version),
  title: i.title,
  costOnceMin: "100",
  costOnceMax: "500",
  costMonthlyMin: "0",
  costMonthlyMax: "10",
  startOn: "2026-12-01",
  endOn: "2026-12-29",
  ...over,
});

beforeAll(async () => {
  server = await startServer({});
  const db = openServerDatabase(server);
  try {
    const row = db
      .prepare(
        "select cases.id from cases join companies on companies.id = cases.company_id where companies.name = ?",
      )
      .get("Installatiebedrijf Vecht & Zon") as { id: string };
    caseId = row.id;
  } finally {
    db.close();
  }
  expert = await logIn(server, demoEmail("expert"), DEMO_PASSWORD);
  outsider = await logIn(server, demoEmail("entrepreneur"), DEMO_PASSWORD);
  const made = await postForm(
    server,
    `/casussen/${caseId}/advies`,
    { intent: "propose" },
    { cookie: expert },
  );
  expect(made.status, pageText(made.text).slice(0, 300)).toBe(303);
});

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

describe("advice over HTTP", () => {
  const path = () => `/casussen/${caseId}/advies`;

  it("answers 400 with a clear message for bad costs and dates, and saves good input", async () => {
    const [first] = items();
    expect(first).toBeDefined();
    const cases: [Record<string, string>, string][] = [
      [{ costOnceMin: "-5" }, "advice.error.euroNegative"],
      [{ costMonthlyMin: "20", costMonthlyMax: "10" }, "advice.error.minAboveMax"],
      [{ endOn: "2026-12-01" }, "advice.error.durationZero"],
      [{ endOn: "2026-11-01" }, "advice.error.endBeforeStart"],
      [{ costOnceMax: "12,50" }, "advice.error.euroWhole"],
      [{ startOn: "morgen" }, "advice.error.dateInvalid"],
      [{ dependsOn: "00000000-0000-4000-8000-000000000000" }, "advice.error.dependencyUnknown"],
      [{ title: "x".repeat(500) }, "advice.error.tooLong"],
    ];
    for (const [over, key] of cases) {
      const res = await postForm(server, path(), fields(first!, over), { cookie: expert });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(pageText(res.text), JSON.stringify(over)).toContain(t(key));
    }
    const ok = await postForm(server, path(), fields(first!), { cookie: expert });
    expect(ok.status).toBe(303);
    expect(items()[0]!.cost_once_max).toBe(500);
  });

  it("answers 400 for an unknown catalogue action and a junk intent", async () => {
    const res = await postForm(
      server,
      path(),
      { intent: "catalogue", actionId: "no-such-action" },
      { cookie: expert },
    );
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain(t("advice.error.actionUnknown"));
    const junk = await postForm(
      server,
      path(),
      { intent: "catalogue", actionId: "../../etc" },
      { cookie: expert },
    );
    expect(junk.status).toBe(400);
    const other = await postForm(server, path(), { intent: "nonsense" }, { cookie: expert });
    expect(other.status).toBe(400);
    const remove = await postForm(
      server,
      path(),
      { intent: "remove", itemId: "not-an-id" },
      { cookie: expert },
    );
    expect(remove.status).toBe(400);
  });

  it("a stale save answers 409 with the other person's values and keeps the typed ones", async () => {
    const [first] = items();
    const stale = String(first!.version - 1);
    const res = await postForm(
      server,
      path(),
      fields(first!, { version: stale, owner: "Mijn eigen tekst" }),
      { cookie: expert },
    );
    expect(res.status).toBe(409);
    const text = pageText(res.text);
    expect(text).toContain(t("advice.conflict.yours"));
    expect(res.text).toContain("Mijn eigen tekst");
  });

  it("moves and removes an action", async () => {
    const before = items();
    const up = await postForm(
      server,
      path(),
      { intent: "up", itemId: before[1]!.id },
      { cookie: expert },
    );
    expect(up.status).toBe(303);
    expect(items()[0]!.id).toBe(before[1]!.id);
    const rm = await postForm(
      server,
      path(),
      { intent: "remove", itemId: before.at(-1)!.id },
      { cookie: expert },
    );
    expect(rm.status).toBe(303);
    expect(items().length).toBe(before.length - 1);
  });

  it("a member of another company gets 404 on every advice route and the PDF", async () => {
    const shared = await postForm(server, path(), { intent: "share" }, { cookie: expert });
    expect(shared.status).toBe(303);
    const pdf = await getPage(server, `/casussen/${caseId}/advies/1.pdf`, { cookie: expert });
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    for (const p of [
      `/casussen/${caseId}/advies`,
      `/casussen/${caseId}/advies/1.pdf`,
      `/casussen/${caseId}/realisatie`,
      `/mijn/casus/${caseId}/advies`,
    ]) {
      const res = await getPage(server, p, { cookie: outsider });
      expect(res.status, p).toBe(404);
    }
    for (const p of [
      `/casussen/${caseId}/advies`,
      `/casussen/${caseId}/realisatie`,
      `/mijn/casus/${caseId}/advies`,
    ]) {
      const res = await postForm(server, p, { intent: "share" }, { cookie: outsider });
      expect(res.status, `POST ${p}`).toBe(404);
    }
    // A version that does not exist, and a malformed one.
    for (const p of ["2.pdf", "0.pdf", "x.pdf", "1"]) {
      const res = await getPage(server, `/casussen/${caseId}/advies/${p}`, { cookie: expert });
      expect(res.status, p).toBe(404);
    }
  });
});
