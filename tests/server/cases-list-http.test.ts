/**
 * The case pipeline (/casussen), a new case (/casussen/nieuw) and "Mijn werk" (/werk) over
 * HTTP against the real server: odd values in the address are ignored (200, never a 500),
 * a bad new-case form is a 400 with a message per field, and a good one opens the case.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  demoEmail,
  getPage,
  logIn,
  openServerDatabase,
  pageText,
  postForm,
} from "../support/accounts";
import { rawRequest } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
let coordinator: string;
let expert: string;
let installerId: string;

beforeAll(async () => {
  server = await startServer({});
  coordinator = await logIn(server, demoEmail("coordinator"), DEMO_PASSWORD);
  expert = await logIn(server, demoEmail("expert"), DEMO_PASSWORD);
  const db = openServerDatabase(server);
  try {
    const row = db
      .prepare("select id from companies where name like 'Installatiebedrijf Vecht%'")
      .get() as { id: string } | undefined;
    expect(row, "the demo installer").toBeDefined();
    installerId = row!.id;
  } finally {
    db.close();
  }
});
afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

const noServerErrors = () =>
  expect(server.logs.filter((l) => l.includes('"status":500'))).toEqual([]);

describe("/casussen over HTTP", () => {
  it("ignores odd filters, sorts and pages (200 with the pipeline, never a 500)", async () => {
    const weird = [
      "?fase=maan",
      "?fase=analysis&fase=analysis&fase=%00",
      "?sorteer=drop%20table",
      "?sorteer=-",
      "?stil=veel",
      "?stil=-5",
      "?stil=99999999999999999999",
      "?stil=1e3",
      "?pagina=-1",
      "?pagina=abc",
      "?pagina=999999999999",
      "?weergave=lijst&pagina=50",
      "?weergave=taart",
      "?thema=../../etc",
      "?sector=ZZ",
      "?gemeente=GM9999",
      `?lid=${randomUUID()}`,
      "?lid=x",
      `?zoek=${"%25_".repeat(400)}`,
      "?zoek=%E2%80%8B",
      "?weergave=lijst&fase=closed&fase=withdrawn&sorteer=-activiteit",
    ];
    for (const q of weird) {
      const res = await getPage(server, `/casussen${q}`, { cookie: coordinator });
      expect(res.status, q).toBe(200);
      expect(pageText(res.text), q).toContain("Aantal per fase");
    }
    noServerErrors();
  });

  it("applies the filters it understands and ignores the rest", async () => {
    const all = await getPage(server, "/casussen?weergave=lijst", { cookie: coordinator });
    expect(pageText(all.text)).toContain("Installatiebedrijf Vecht & Zon");
    expect(pageText(all.text)).toContain("Zorgpraktijk Huizen");
    // An unknown phase next to a real one: only the real one counts.
    const res = await getPage(server, "/casussen?weergave=lijst&fase=realisation&fase=maan", {
      cookie: coordinator,
    });
    const text = pageText(res.text);
    expect(text).toContain("Zorgpraktijk Huizen");
    expect(text).not.toContain("Installatiebedrijf Vecht & Zon");
    expect(res.text).toMatch(/id="fase-realisation"[^>]*checked/);
  });

  it("filters by a typed team member (part of a name or e-mail address) and by 'only my cases'", async () => {
    const list = (q: string) =>
      getPage(server, `/casussen?weergave=lijst&${q}`, { cookie: coordinator });
    // The demo expert (Esra Yılmaz) is on both demo cases, the demo student (Sam Jansen) only
    // on the installer's.
    for (const typed of ["yılmaz", "ESRA", "expert@demo"]) {
      const text = pageText((await list(`lid=${encodeURIComponent(typed)}`)).text);
      expect(text, typed).toContain("Zorgpraktijk Huizen");
      expect(text, typed).toContain("Installatiebedrijf Vecht & Zon");
    }
    const student = await list("lid=sam+jan");
    expect(pageText(student.text)).toContain("Installatiebedrijf Vecht & Zon");
    expect(pageText(student.text)).not.toContain("Zorgpraktijk Huizen");
    // The typed text stays in the field (a GET form: the address is the filter).
    expect(student.text).toMatch(/id="filter-lid"[^>]*value="sam jan"/);
    const nobody = await list("lid=niemand-met-deze-naam");
    expect(pageText(nobody.text)).toContain("Geen casussen met deze filters.");
    // Only my cases: the demo coordinator leads the installer's case only.
    const mine = await list("mijn=1");
    expect(pageText(mine.text)).toContain("Installatiebedrijf Vecht & Zon");
    expect(pageText(mine.text)).not.toContain("Zorgpraktijk Huizen");
    expect(mine.text).toMatch(/id="filter-mijn"[^>]*checked/);
    // The page no longer lists every person on a case.
    expect(mine.text).not.toMatch(/<select[^>]*name="lid"/);
    noServerErrors();
  });

  it("is not there for people who do not run cases", async () => {
    expect((await getPage(server, "/casussen", { cookie: expert })).status).toBe(404);
    expect((await getPage(server, "/casussen/nieuw", { cookie: expert })).status).toBe(404);
    const post = await postForm(
      server,
      "/casussen/nieuw",
      { companyId: installerId, title: "Niet van mij", question: "Mag dit?" },
      { cookie: expert },
    );
    expect(post.status).toBe(404);
  });
});

describe("/casussen/nieuw over HTTP", () => {
  const valid = (over: Record<string, string> = {}) => ({
    companyId: installerId,
    title: "Website vernieuwen",
    question: "Onze website is verouderd. Waar beginnen we?",
    theme: "marketing",
    ...over,
  });

  it("answers bad input with 400 and a message at the field, never a 500", async () => {
    const cases: [Record<string, string>, string][] = [
      [valid({ companyId: "" }), "Kies een bedrijf."],
      [valid({ companyId: "geen-id" }), "Kies een bedrijf uit de lijst."],
      [valid({ companyId: randomUUID() }), "Kies een bedrijf uit de lijst."],
      [valid({ title: "   " }), "Vul een titel in."],
      [valid({ title: "x".repeat(201) }), "De titel is te lang."],
      [valid({ question: "" }), "Vul de vraag van de ondernemer in."],
      [valid({ question: "x".repeat(4001) }), "De vraag is te lang."],
      [valid({ theme: "astrologie" }), "Kies een thema uit de lijst."],
    ];
    for (const [fields, message] of cases) {
      const res = await postForm(server, "/casussen/nieuw", fields, { cookie: coordinator });
      expect(res.status, JSON.stringify(fields).slice(0, 120)).toBe(400);
      expect(res.text).toContain("utrecht-form-field-error-message");
      expect(pageText(res.text)).toContain(message);
    }
    // No field at all.
    const empty = await postForm(server, "/casussen/nieuw", {}, { cookie: coordinator });
    expect(empty.status).toBe(400);
    expect(pageText(empty.text)).toContain("Vul een titel in.");
    // A body that is not a form.
    const json = await rawRequest(`${server.url}/casussen/nieuw`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.url, Cookie: coordinator },
      body: JSON.stringify(valid()),
    });
    expect(json.status).toBe(400);
    noServerErrors();
  });

  it("refuses a company that is not a small or medium-sized business", async () => {
    const db = openServerDatabase(server);
    let other: { id: string } | undefined;
    try {
      other = db.prepare("select id from companies where kind <> 'sme' limit 1").get() as
        | { id: string }
        | undefined;
    } finally {
      db.close();
    }
    if (!other) return; // the demo has none: nothing to refuse
    const res = await postForm(server, "/casussen/nieuw", valid({ companyId: other.id }), {
      cookie: coordinator,
    });
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain("Kies een bedrijf uit de lijst.");
  });

  it("finds companies by name and KvK number, and opens a case", async () => {
    const byName = await getPage(server, "/casussen/nieuw?zoek=vecht", { cookie: coordinator });
    expect(byName.status).toBe(200);
    expect(byName.text).toContain(`value="${installerId}"`);
    const db0 = openServerDatabase(server);
    const kvk = (
      db0.prepare("select kvk_number from companies where id = ?").get(installerId) as {
        kvk_number: string;
      }
    ).kvk_number;
    db0.close();
    const byKvk = await getPage(server, `/casussen/nieuw?zoek=${kvk}`, { cookie: coordinator });
    expect(byKvk.text).toContain(`value="${installerId}"`);
    expect((byKvk.text.match(/type="radio"/g) ?? []).length).toBe(1);
    const weird = await getPage(server, `/casussen/nieuw?zoek=${"%25".repeat(300)}`, {
      cookie: coordinator,
    });
    expect(weird.status).toBe(200);

    const res = await postForm(server, "/casussen/nieuw", valid(), { cookie: coordinator });
    expect(res.status).toBe(303);
    const location = res.headers.location ?? "";
    expect(location).toMatch(/^\/casussen\/[0-9a-f-]{36}\?gedaan=created$/);
    const id = location.slice("/casussen/".length, location.indexOf("?"));
    const db = openServerDatabase(server);
    try {
      const row = db
        .prepare("select company_id, title, theme, phase from cases where id = ?")
        .get(id);
      expect(row).toEqual({
        company_id: installerId,
        title: "Website vernieuwen",
        theme: "marketing",
        phase: "awareness",
      });
    } finally {
      db.close();
    }
  });
});

describe("hundreds of cases", () => {
  it("pages the list by 100 and shows 10 cards a column with a link to the rest", async () => {
    for (let i = 0; i < 110; i++) {
      const res = await postForm(
        server,
        "/casussen/nieuw",
        {
          companyId: installerId,
          title: `Veel casussen ${i}`,
          question: "Een vraag om de lijst te vullen.",
        },
        { cookie: coordinator },
      );
      expect(res.status).toBe(303);
    }
    const db = openServerDatabase(server);
    const { n } = db.prepare("select count(*) as n from cases where phase = 'awareness'").get() as {
      n: number;
    };
    const { total } = db.prepare("select count(*) as total from cases").get() as { total: number };
    db.close();

    const rowsOf = (html: string) => (html.match(/<th scope="row">/g) ?? []).length;
    const page1 = await getPage(server, "/casussen?weergave=lijst", { cookie: coordinator });
    expect(rowsOf(page1.text)).toBe(100);
    expect(pageText(page1.text)).toContain(`${total} casussen gevonden`);
    expect(page1.text).toContain('href="/casussen?weergave=lijst&amp;pagina=2"');
    const page2 = await getPage(server, "/casussen?weergave=lijst&pagina=2", {
      cookie: coordinator,
    });
    expect(rowsOf(page2.text)).toBe(total - 100);
    // Past the last page: an empty page with a way back, not an error.
    const page9 = await getPage(server, "/casussen?weergave=lijst&pagina=9", {
      cookie: coordinator,
    });
    expect(page9.status).toBe(200);
    expect(pageText(page9.text)).toContain("Deze pagina is leeg.");

    const board = await getPage(server, "/casussen", { cookie: coordinator });
    const column = /<section[^>]*aria-labelledby="col-awareness"[\s\S]*?<\/section>/.exec(
      board.text,
    )?.[0];
    expect(column, "the awareness column").toBeDefined();
    expect((column!.match(/class="spot-case-card"/g) ?? []).length).toBe(10);
    expect(pageText(column!)).toContain(`Toon alle ${n} casussen in Bewustwording in de lijst`);
    expect(column).toContain('href="/casussen?weergave=lijst&amp;fase=awareness"');
    noServerErrors();
  });
});

describe("/werk over HTTP", () => {
  it("shows the expert's tasks and cases; entrepreneurs and steering get a 404", async () => {
    const res = await getPage(server, "/werk?gedaan=%3Cscript%3E", { cookie: expert });
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain("Mijn taken");
    expect(text).toContain("Zorgpraktijk Huizen");
    expect(res.text).toContain('action="/casussen/');
    for (const role of ["entrepreneur", "steering"]) {
      const cookie = await logIn(server, demoEmail(role), DEMO_PASSWORD);
      expect((await getPage(server, "/werk", { cookie })).status, role).toBe(404);
    }
  });
});
