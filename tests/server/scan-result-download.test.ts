// The result as a PDF download and by email, over HTTP against the real server: a quickscan is
// taken to the end the way a browser without JavaScript does it (one form post per question).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  demoEmail,
  logIn,
  openServerDatabase,
  pageText,
  postForm,
} from "../support/accounts";
import { type RawResponse, rawRequest } from "../support/http";
import { pdfCatalog, pdfText } from "../support/pdf-text";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

const get = (path: string, cookie?: string) =>
  rawRequest(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {} });

/** POST form fields (repeated names allowed) as a same-site browser form. */
function post(path: string, fields: [string, string][], cookie?: string): Promise<RawResponse> {
  return rawRequest(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&amp;/g, "&");

/**
 * The answer a person would give on a question step, read from the step's form: the hidden
 * question id, then per field name one choice (radio buttons and selects: the option at
 * `pick`; checkboxes: the first that is not "none of these"), a number within its bounds and
 * some text with accents.
 */
function answerFields(
  html: string,
  pick: number,
): { question: string; fields: [string, string][]; intent: string } {
  const form = [...html.matchAll(/<form[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/gi)]
    .map((m) => m[1]!)
    .find((f) => /name="question"/.test(f));
  if (!form) throw new Error(`no question form in:\n${pageText(html).slice(0, 500)}`);
  const question = attr(/<input[^>]*name="question"[^>]*>/.exec(form)![0], "value")!;
  const intent =
    /<button[^>]*name="intent"[^>]*value="finish"|<button[^>]*value="finish"[^>]*name="intent"/.test(
      form,
    )
      ? "finish"
      : "next";
  const fields: [string, string][] = [["question", question]];
  const groups = new Map<
    string,
    { type: string; values: string[]; exclusive: boolean[]; tag: string }
  >();
  for (const m of form.matchAll(/<input[^>]*>/g)) {
    const tag = m[0];
    const name = attr(tag, "name");
    const type = attr(tag, "type") ?? "text";
    if (!name || name === "question" || type === "hidden" || type === "submit") continue;
    const g = groups.get(name) ?? { type, values: [], exclusive: [], tag };
    g.values.push(attr(tag, "value") ?? "");
    g.exclusive.push(/data-exclusive/.test(tag));
    groups.set(name, g);
  }
  for (const [name, g] of groups) {
    if (g.type === "radio") fields.push([name, g.values[pick % g.values.length]!]);
    else if (g.type === "checkbox")
      fields.push([name, g.values[g.exclusive.indexOf(false)] ?? g.values[0]!]);
    else if (g.type === "number" || g.type === "range")
      fields.push([name, attr(g.tag, "min") ?? "1"]);
    else fields.push([name, "Een café met ideeën – € 5"]);
  }
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const values = [...m[2]!.matchAll(/<option[^>]*value="([^"]+)"/g)].map((o) => o[1]!);
    if (values.length) fields.push([m[1]!, values[pick % values.length]!]);
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"/g))
    fields.push([m[1]!, "Een café met ideeën – € 5"]);
  return { question, fields, intent };
}

/** Start a quickscan and answer every step; returns the response id and its owner cookie. */
async function takeQuickscan(pick: number): Promise<{ id: string; cookie: string }> {
  const start = await post("/scan", [["instrument", "quickscan"]]);
  expect(start.status).toBe(303);
  const setCookie = (start.headers["set-cookie"] ?? []).find((c) => c.startsWith("spot_scans="));
  expect(setCookie, "the owner cookie").toBeDefined();
  const cookie = setCookie!.split(";")[0]!;
  let location = String(start.headers.location);
  const id = /\/scan\/([0-9a-f-]{36})\//.exec(location)![1]!;
  for (let step = 0; step < 60; step++) {
    if (location.endsWith("/resultaat")) return { id, cookie };
    const page = await get(location, cookie);
    expect(page.status, location).toBe(200);
    const { fields, intent } = answerFields(page.text, pick + step);
    const res = await post(location.split("?")[0]!, [...fields, ["intent", intent]], cookie);
    expect(res.status, `${location}: ${pageText(res.text).slice(0, 300)}`).toBe(303);
    location = String(res.headers.location);
  }
  throw new Error("the scan did not end");
}

describe("result as PDF and by email", () => {
  let mine: { id: string; cookie: string };
  let other: { id: string; cookie: string };

  beforeAll(async () => {
    mine = await takeQuickscan(1);
    other = await takeQuickscan(2);
  });

  it("the respondent downloads the result as a tagged PDF named after the scan and the day", async () => {
    const res = await get(`/scan/${mine.id}/resultaat.pdf`, mine.cookie);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="spot035-quickscan-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect(res.raw.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdfCatalog(res.raw)).toContain("/MarkInfo << /Marked true >>");
    const text = pdfText(res.raw);
    expect(text).toContain("SPOT quickscan");
    expect(text).toContain("Totaalscore:");
    expect(text).toContain("Je drie grootste kansen");
    // The same level as the result page shows.
    const page = pageText((await get(`/scan/${mine.id}/resultaat`, mine.cookie)).text);
    const level = /Digitaal niveau: ([^T]+?) Totaalscore/.exec(page)?.[1];
    if (level) expect(text).toContain(level);
  });

  it("in English when the visitor chose English", async () => {
    const res = await get(`/scan/${mine.id}/resultaat.pdf`, `${mine.cookie}; lang=en`);
    expect(res.status).toBe(200);
    expect(pdfCatalog(res.raw)).toContain("/Lang (en-GB)");
    expect(pdfText(res.raw)).toContain("Your three biggest opportunities");
  });

  it("is not found without the owner cookie, with another scan's cookie, or for an unknown id", async () => {
    expect((await get(`/scan/${mine.id}/resultaat.pdf`)).status).toBe(404);
    expect((await get(`/scan/${mine.id}/resultaat.pdf`, other.cookie)).status).toBe(404);
    expect(
      (await get("/scan/00000000-0000-4000-8000-000000000000/resultaat.pdf", mine.cookie)).status,
    ).toBe(404);
    expect((await get(`/scan/${mine.id}/mailen`)).status).toBe(404);
    expect((await get(`/scan/${mine.id}/mailen`, other.cookie)).status).toBe(404);
    expect(
      (await post(`/scan/${mine.id}/mailen`, [["email", "iemand@example.nl"]], other.cookie))
        .status,
    ).toBe(404);
  });

  it("an unfinished scan has no PDF and cannot be mailed", async () => {
    const start = await post("/scan", [["instrument", "quickscan"]]);
    const cookie = (start.headers["set-cookie"] ?? [])
      .find((c) => c.startsWith("spot_scans="))!
      .split(";")[0]!;
    const id = /\/scan\/([0-9a-f-]{36})\//.exec(String(start.headers.location))![1]!;
    expect((await get(`/scan/${id}/resultaat.pdf`, cookie)).status).toBe(404);
    expect((await get(`/scan/${id}/mailen`, cookie)).status).toBe(404);
  });

  it("the respondent mails the result: level, scores, opportunities and the link", async () => {
    const form = await get(`/scan/${mine.id}/mailen`, mine.cookie);
    expect(form.status).toBe(200);
    expect(pageText(form.text)).toContain("Mail je resultaat");

    const bad = await post(`/scan/${mine.id}/mailen`, [["email", "geen-adres"]], mine.cookie);
    expect(bad.status).toBe(400);

    const res = await post(
      `/scan/${mine.id}/mailen`,
      [["email", "Ondernemer@Example.nl"]],
      mine.cookie,
    );
    expect(res.status).toBe(200);
    expect(pageText(res.text)).toContain("Verstuurd!");
    const db = openServerDatabase(server);
    try {
      const mail = db
        .prepare(
          "select to_address, subject, text_body, html_body, template from mail_outbox where template = 'scanResult'",
        )
        .get() as
        | { to_address: string; subject: string; text_body: string; html_body: string }
        | undefined;
      expect(mail, "the result mail in the outbox").toBeDefined();
      expect(mail!.to_address).toBe("ondernemer@example.nl");
      expect(mail!.subject).toBe("Je resultaat van de SPOT quickscan");
      expect(mail!.text_body).toMatch(/Je niveau: .+\. Je totaalscore: [\d,]+ van 100\./);
      expect(mail!.text_body).toContain("- Online marketing en klantcontact: ");
      expect(mail!.text_body).toMatch(/\n1\. .+\(\d/);
      expect(mail!.text_body).toMatch(/\n3\. .+\(\d/);
      expect(mail!.text_body).toContain(`/scan/${mine.id}/resultaat`);
      // Lines stay lines in the HTML version.
      expect(mail!.html_body).toContain("<br>- Online marketing en klantcontact: ");
    } finally {
      db.close();
    }
  });

  it("limits how often a result is mailed to one address (429 with Retry-After)", async () => {
    let last: RawResponse | undefined;
    for (let i = 0; i < 6; i++) {
      last = await post(`/scan/${mine.id}/mailen`, [["email", "veel@example.nl"]], mine.cookie);
      if (last.status === 429) break;
      expect(last.status).toBe(200);
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers["retry-after"])).toBeGreaterThan(0);
    expect(pageText(last!.text)).toContain("Te veel pogingen");
  });

  it("the demo entrepreneur (who took the demo scan) may mail it; the coordinator may read but not mail it", async () => {
    const db = openServerDatabase(server);
    const demo = db
      .prepare(
        "select r.id from scan_responses r join users u on u.id = r.user_id where u.email = ? and r.status = 'completed' order by r.completed_at desc limit 1",
      )
      .get(demoEmail("entrepreneur")) as { id: string } | undefined;
    db.close();
    expect(demo).toBeDefined();
    const entrepreneur = await logIn(server, demoEmail("entrepreneur"), DEMO_PASSWORD);
    const page = await get(`/scan/${demo!.id}/mailen`, entrepreneur);
    expect(page.status).toBe(200);
    // Prefilled with the signed-in person's address.
    expect(page.text).toContain(`value="${demoEmail("entrepreneur")}"`);
    const coordinator = await logIn(server, demoEmail("coordinator"), DEMO_PASSWORD);
    expect((await get(`/scan/${demo!.id}/resultaat.pdf`, coordinator)).status).toBe(200);
    expect((await get(`/scan/${demo!.id}/mailen`, coordinator)).status).toBe(404);
    const res = await postForm(
      server,
      `/scan/${demo!.id}/mailen`,
      { email: "x@example.nl" },
      { cookie: coordinator },
    );
    expect(res.status).toBe(404);
  });
});
