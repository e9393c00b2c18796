/**
 * The team's work on a case over HTTP against the real server (/casussen/:id/activiteit, uren,
 * taken, notitie, documenten): every bad payload is a 400 with a clear message, never a 500;
 * what was sent correctly is stored as sent; unknown cases and documents, and people who may not
 * see them, get a 404; a company member downloads the shared documents of their own case but
 * not the internal ones.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIso } from "~/modules/cases/schema";
import {
  DEMO_PASSWORD,
  demoEmail,
  getPage,
  logIn,
  openServerDatabase,
  pageText,
  postForm,
} from "../support/accounts";
import { type RawResponse, rawRequest } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
const cookie: Record<string, string> = {};
let installer: string;
let care: string;
const ids: Record<string, string> = {};

function one<T>(sql: string, ...args: unknown[]): T | undefined {
  const db = openServerDatabase(server);
  try {
    return db.prepare(sql).get(...args) as T | undefined;
  } finally {
    db.close();
  }
}
function all<T>(sql: string, ...args: unknown[]): T[] {
  const db = openServerDatabase(server);
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

const caseOf = (company: string) =>
  one<{ id: string }>(
    "select cases.id from cases join companies on companies.id = cases.company_id where companies.name = ?",
    company,
  )?.id;

beforeAll(async () => {
  server = await startServer({});
  for (const role of ["expert", "coordinator", "student", "entrepreneur", "provider", "admin"]) {
    cookie[role] = await logIn(server, demoEmail(role), DEMO_PASSWORD);
    ids[role] = one<{ id: string }>("select id from users where email = ?", demoEmail(role))!.id;
  }
  installer = caseOf("Installatiebedrijf Vecht & Zon")!;
  care = caseOf("Zorgpraktijk Huizen")!;
  expect(installer, "the demo installer's case").toBeDefined();
  expect(care, "the demo care practice's case").toBeDefined();
});
afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

/** POST a form with repeated fields (participantIds). */
function postPairs(path: string, pairs: [string, string][], who: string): Promise<RawResponse> {
  return rawRequest(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      Cookie: cookie[who]!,
    },
    body: new URLSearchParams(pairs).toString(),
  });
}

/** POST a multipart form with a file, as a browser's upload form sends it. */
async function upload(
  path: string,
  file: { name: string; type: string; bytes: Uint8Array } | null,
  who: string,
  fields: Record<string, string> = {},
): Promise<RawResponse> {
  const form = new FormData();
  if (file) form.set("file", new Blob([Buffer.from(file.bytes)], { type: file.type }), file.name);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const encoded = new Request("http://local.invalid/", { method: "POST", body: form });
  return rawRequest(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": encoded.headers.get("content-type")!,
      Origin: server.url,
      Cookie: cookie[who]!,
    },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
}

const PDF = new TextEncoder().encode(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
);
/** The start of a Windows program ("MZ", the DOS stub). */
const EXE = new Uint8Array([
  0x4d,
  0x5a,
  0x90,
  0x00,
  0x03,
  0x00,
  0x00,
  0x00,
  0x04,
  0x00,
  0x00,
  0x00,
  0xff,
  0xff,
  0x00,
  0x00,
  ...new TextEncoder().encode("This program cannot be run in DOS mode."),
]);

function expect400(res: RawResponse, ...messages: string[]) {
  const text = pageText(res.text);
  expect(res.status, text.slice(0, 400)).toBe(400);
  for (const m of messages) expect(text).toContain(m);
}

describe("logging an activity", () => {
  const valid = (over: Record<string, string> = {}): [string, string][] =>
    Object.entries({
      type: "intake_conversation",
      occurredOn: todayIso(),
      durationMinutes: "45",
      companyParticipants: "2",
      participantIds: ids.expert!,
      outcome: "Werkwijze doorgenomen.",
      ...over,
    });
  const path = () => `/casussen/${installer}/activiteit`;

  it("answers bad input with 400 and a message for the field, never a 500", async () => {
    const bad: [Record<string, string>, string][] = [
      [{ durationMinutes: "-5" }, "Vul minstens 1 minuut in."],
      [{ durationMinutes: "0" }, "Vul minstens 1 minuut in."],
      [{ durationMinutes: "100000" }, "Dat is meer dan een dag."],
      [{ durationMinutes: "12.5" }, "Vul een heel getal in"],
      [{ durationMinutes: "lang" }, "Vul een heel getal in"],
      [{ occurredOn: "2999-01-01" }, "Een datum in de toekomst kan niet."],
      [{ occurredOn: "gisteren" }, "Vul een datum in zoals 31-12-2025."],
      [{ occurredOn: "2025-02-30" }, "Vul een datum in zoals 31-12-2025."],
      [{ occurredOn: "2019-12-31" }, "Kies een datum vanaf 1 januari 2020."],
      [{ type: "koffie" }, "Kies een soort activiteit uit de lijst."],
      [{ participantIds: ids.provider! }, "Kies alleen mensen uit het team van deze casus."],
      [{ participantIds: "niet-een-id" }, "Kies alleen mensen uit het team van deze casus."],
      [{ outcome: "x".repeat(2001) }, "De uitkomst is te lang."],
      [{ outcome: "x".repeat(300_000) }, "De uitkomst is te lang."],
      [{ outcome: "   " }, "Schrijf kort de uitkomst op."],
      [{ companyParticipants: "-1" }, "Vul 0 of meer in."],
      [
        { type: "training", companyParticipants: "0" },
        "Bij een training doet minstens 1 persoon van het bedrijf mee.",
      ],
    ];
    for (const [over, message] of bad) {
      const res = await postPairs(path(), valid(over), "expert");
      expect400(res, message, "Controleer wat je hebt ingevuld");
    }
    const before = all("select id from case_activities where case_id = ?", installer).length;
    expect(before, "no activity stored from a bad form").toBe(1);
  });

  it("names every missing field", async () => {
    const res = await postPairs(path(), [], "expert");
    expect400(
      res,
      "Kies de soort activiteit.",
      "Vul de datum in.",
      "Vul de duur in minuten in.",
      "Schrijf kort de uitkomst op.",
    );
  });

  it("stores a good activity with the people ticked and goes back to the case", async () => {
    const res = await postPairs(
      path(),
      [...valid({ outcome: "Planning besproken." }), ["participantIds", ids.student!]],
      "expert",
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/casussen/${installer}?gedaan=activity`);
    const row = one<{ id: string; duration_minutes: number; company_participants: number }>(
      "select id, duration_minutes, company_participants from case_activities where outcome = ?",
      "Planning besproken.",
    );
    expect(row).toMatchObject({ duration_minutes: 45, company_participants: 2 });
    const people = all<{ user_id: string }>(
      "select user_id from case_activity_participants where activity_id = ?",
      row!.id,
    ).map((p) => p.user_id);
    expect(people.sort()).toEqual([ids.expert, ids.student].sort());
  });
});

describe("logging hours", () => {
  const path = () => `/casussen/${installer}/uren`;
  const valid = (over: Record<string, string> = {}) => ({
    workedOn: todayIso(),
    minutes: "30",
    description: "Interviews uitgewerkt",
    ...over,
  });

  it("answers bad input with 400 and a message, never a 500", async () => {
    const bad: [Record<string, string>, string][] = [
      [{ minutes: "-1" }, "Vul een heel getal in, zonder komma."],
      [{ minutes: "0" }, "Vul in hoeveel tijd je eraan hebt besteed."],
      [{ minutes: "100000" }, "Dat is meer dan een dag."],
      [{ minutes: "", hours: "25" }, "Dat is meer dan een dag."],
      [{ minutes: "", hours: "twee" }, "Vul een heel aantal uren in"],
      [{ workedOn: "2999-01-01" }, "Een datum in de toekomst kan niet."],
      [{ workedOn: "gisteren" }, "Vul een datum in zoals"],
      [{ description: "" }, "Schrijf kort op wat je hebt gedaan."],
      [{ description: "y".repeat(1001) }, "De beschrijving is te lang"],
    ];
    for (const [over, message] of bad) {
      expect400(await postForm(server, path(), valid(over), { cookie: cookie.student }), message);
    }
  });

  it("adds hours and minutes together and shows them in my list", async () => {
    const res = await postForm(
      server,
      path(),
      valid({ hours: "1", minutes: "30", description: "Procesplaat getekend" }),
      { cookie: cookie.student },
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/casussen/${installer}?gedaan=hours`);
    const row = one<{ minutes: number; user_id: string }>(
      "select minutes, user_id from case_time_entries where description = ?",
      "Procesplaat getekend",
    );
    expect(row).toEqual({ minutes: 90, user_id: ids.student });
    const page = pageText((await getPage(server, path(), { cookie: cookie.student })).text);
    expect(page).toContain("Procesplaat getekend");
    expect(page).toContain("1 uur en 30 minuten");
  });
});

describe("tasks", () => {
  const path = () => `/casussen/${installer}/taken`;
  const add = (over: Record<string, string> = {}) => ({
    intent: "add",
    title: "Offertes opvragen",
    ...over,
  });

  it("answers bad input with 400 and a message, never a 500", async () => {
    const bad: [Record<string, string>, string][] = [
      [add({ title: "" }), "Schrijf op wat er moet gebeuren."],
      [add({ title: "t".repeat(201) }), "De taak is te lang"],
      [add({ dueOn: "2020-01-01" }), "Kies vandaag of een latere datum."],
      [add({ dueOn: "2999-01-01" }), "Kies een datum binnen drie jaar."],
      [add({ dueOn: "morgen" }), "Vul een datum in zoals"],
      [add({ assigneeId: ids.provider! }), "Kies alleen mensen uit het team van deze casus."],
      [add({ assigneeId: ids.expert!, forCompany: "on" }), "niet allebei"],
      [{ intent: "done", taskId: randomUUID() }, "Die taak bestaat niet (meer)"],
      [{ intent: "done", taskId: "../../x" }, "Die taak bestaat niet (meer)"],
      [{ intent: "weggooien" }, "Die taak bestaat niet (meer)"],
    ];
    for (const [fields, message] of bad) {
      expect400(await postForm(server, path(), fields, { cookie: cookie.expert }), message);
    }
  });

  it("adds a task, marks it done and opens it again; a safe return path is kept", async () => {
    let res = await postForm(
      server,
      path(),
      add({ title: "Demo plannen", assigneeId: ids.student!, terug: "/werk" }),
      { cookie: cookie.expert },
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/werk?gedaan=task");
    const task = one<{ id: string; assignee_id: string; status: string }>(
      "select id, assignee_id, status from case_tasks where title = ?",
      "Demo plannen",
    )!;
    expect(task).toMatchObject({ assignee_id: ids.student, status: "open" });

    // Someone else's address is never a place to go back to.
    for (const terug of ["//evil.example/x", "https://evil.example/", "/\t/evil.example"]) {
      res = await postForm(
        server,
        path(),
        { intent: "done", taskId: task.id, terug },
        { cookie: cookie.student },
      );
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/casussen/${installer}?gedaan=taskDone`);
    }
    expect(one("select status from case_tasks where id = ?", task.id)).toEqual({ status: "done" });
    res = await postForm(
      server,
      path(),
      { intent: "reopen", taskId: task.id, terug: "/werk?x=1" },
      { cookie: cookie.student },
    );
    expect(res.headers.location).toBe("/werk?x=1&gedaan=taskReopened");
    expect(one("select status from case_tasks where id = ?", task.id)).toEqual({ status: "open" });
  });

  it("does not mark a task of another case done through this case", async () => {
    const other = one<{ id: string }>(
      "select id from case_tasks where case_id = ? and status = 'open' limit 1",
      care,
    );
    expect(other).toBeDefined();
    expect400(
      await postForm(
        server,
        path(),
        { intent: "done", taskId: other!.id },
        { cookie: cookie.coordinator },
      ),
      "Die taak bestaat niet (meer)",
    );
    expect(one("select status from case_tasks where id = ?", other!.id)).toEqual({
      status: "open",
    });
  });
});

describe("internal notes", () => {
  const path = () => `/casussen/${installer}/notitie`;
  it("answers bad input with 400 and a message", async () => {
    expect400(
      await postForm(server, path(), {}, { cookie: cookie.student }),
      "Schrijf de notitie.",
    );
    expect400(
      await postForm(server, path(), { body: "n".repeat(5001) }, { cookie: cookie.student }),
      "De notitie is te lang",
    );
  });
  it("stores a note that the team sees and the company does not", async () => {
    const res = await postForm(
      server,
      path(),
      { body: "Planner belt liever dan te mailen." },
      { cookie: cookie.student },
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/casussen/${installer}?gedaan=note`);
    const page = pageText((await getPage(server, path(), { cookie: cookie.expert })).text);
    expect(page).toContain("Planner belt liever dan te mailen.");
  });
});

describe("documents", () => {
  const path = () => `/casussen/${installer}/documenten`;

  it("refuses files that are not what they say, empty files and no file, with a message", async () => {
    expect400(
      await upload(path(), { name: "offerte.pdf", type: "application/pdf", bytes: EXE }, "expert"),
      "De inhoud van dit bestand past niet bij de naam.",
    );
    expect400(
      await upload(
        path(),
        { name: "setup.exe", type: "application/x-msdownload", bytes: EXE },
        "expert",
      ),
      "Dit soort bestand kan niet.",
    );
    expect400(
      await upload(path(), { name: "plaatje.png", type: "image/png", bytes: PDF }, "expert"),
      "past niet bij de naam",
    );
    expect400(
      await upload(
        path(),
        { name: "leeg.pdf", type: "application/pdf", bytes: new Uint8Array() },
        "expert",
      ),
      "Dit bestand is leeg.",
    );
    expect400(await upload(path(), null, "expert"), "Kies een bestand.");
    expect(all("select id from case_documents where case_id = ?", installer)).toEqual([]);
  });

  it("answers a file over the server's limit with 413 (the hint names the limit)", async () => {
    const page = pageText((await getPage(server, path(), { cookie: cookie.expert })).text);
    expect(page).toContain("Hoogstens 1 MB.");
    const big = new Uint8Array(1_100_000);
    big.set(PDF);
    const res = await upload(
      path(),
      { name: "groot.pdf", type: "application/pdf", bytes: big },
      "expert",
    );
    expect(res.status).toBe(413);
  });

  it("stores a PDF under a clean name and gives the same bytes back", async () => {
    const res = await upload(
      path(),
      { name: 'C:\\Users\\x\\Plan van "aanpak"\u0007 été.pdf', type: "text/html", bytes: PDF },
      "expert",
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/casussen/${installer}?gedaan=document`);
    const doc = one<{ id: string; name: string; media_type: string; internal: number }>(
      "select id, name, media_type, internal from case_documents where case_id = ?",
      installer,
    )!;
    expect(doc).toMatchObject({
      name: "Plan van aanpak été.pdf",
      media_type: "application/pdf",
      internal: 0,
    });
    const got = await getPage(server, `${path()}/${doc.id}`, { cookie: cookie.student });
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.raw, Buffer.from(PDF))).toBe(0);
    expect(got.headers["content-type"]).toBe("application/pdf");
    expect(got.headers["content-disposition"]).toBe(
      `attachment; filename="Plan van aanpak ete.pdf"; filename*=UTF-8''Plan%20van%20aanpak%20%C3%A9t%C3%A9.pdf`,
    );
    expect(got.headers["x-content-type-options"]).toBe("nosniff");
    expect(got.headers["cache-control"]).toBe("private, no-store");
  });

  it("answers 404 for an unknown document, another case's document or case", async () => {
    const doc = one<{ id: string }>("select id from case_documents where case_id = ?", installer)!;
    const other = await upload(
      `/casussen/${care}/documenten`,
      { name: "zorg.pdf", type: "application/pdf", bytes: PDF },
      "expert",
    );
    expect(other.status).toBe(303);
    const careDoc = one<{ id: string }>("select id from case_documents where case_id = ?", care)!;
    for (const p of [
      `${path()}/${randomUUID()}`,
      `${path()}/niet-een-id`,
      `${path()}/${careDoc.id}`,
      `/casussen/${care}/documenten/${doc.id}`,
      `/casussen/${randomUUID()}/documenten/${doc.id}`,
    ]) {
      expect((await getPage(server, p, { cookie: cookie.coordinator })).status, p).toBe(404);
    }
  });
});

describe("who may do what", () => {
  const SUB = ["activiteit", "uren", "taken", "notitie", "documenten"];

  it("answers 404 for an unknown or malformed case id, on GET and POST", async () => {
    for (const id of [randomUUID(), "abc", "..%2F..%2Fetc"]) {
      for (const sub of SUB) {
        const p = `/casussen/${id}/${sub}`;
        expect((await getPage(server, p, { cookie: cookie.admin })).status, p).toBe(404);
        expect(
          (
            await postForm(
              server,
              p,
              { body: "x", intent: "add", title: "x" },
              { cookie: cookie.admin },
            )
          ).status,
          p,
        ).toBe(404);
      }
    }
  });

  it("answers 404 to people not on the team, and changes nothing for them", async () => {
    const before = all("select id from case_notes").length;
    for (const who of ["provider", "entrepreneur"]) {
      for (const sub of SUB) {
        const p = `/casussen/${installer}/${sub}`;
        expect((await getPage(server, p, { cookie: cookie[who] })).status, `${who} ${p}`).toBe(404);
      }
      const res = await postForm(
        server,
        `/casussen/${installer}/notitie`,
        { body: "Niet van mij" },
        { cookie: cookie[who] },
      );
      expect(res.status).toBe(404);
    }
    expect(all("select id from case_notes").length).toBe(before);
  });

  it("lets a member of the company download the shared documents of their case, not the internal ones", async () => {
    // The coordinator accepts the bakery's help request: the demo entrepreneur's own case.
    const intake = one<{ id: string }>(
      "select id from intake_requests where company_name = ? and status = 'new'",
      "Bakkerij De Gooische Korst",
    );
    expect(intake, "the bakery's waiting help request").toBeDefined();
    const accepted = await postForm(
      server,
      `/beheer/aanvragen/${intake!.id}`,
      { intent: "accept" },
      { cookie: cookie.coordinator },
    );
    expect(accepted.status).toBe(303);
    const bakery = one<{ id: string }>(
      "select id from cases where intake_request_id = ?",
      intake!.id,
    )!.id;
    const docs = `/casussen/${bakery}/documenten`;
    for (const [name, internal] of [
      ["advies.pdf", false],
      ["intern.pdf", true],
    ] as const) {
      const res = await upload(
        docs,
        { name, type: "application/pdf", bytes: PDF },
        "coordinator",
        internal ? { internal: "on" } : {},
      );
      expect(res.status).toBe(303);
    }
    const idOf = (name: string) =>
      one<{ id: string }>("select id from case_documents where name = ?", name)!.id;
    const shared = await getPage(server, `${docs}/${idOf("advies.pdf")}`, {
      cookie: cookie.entrepreneur,
    });
    expect(shared.status).toBe(200);
    expect(Buffer.compare(shared.raw, Buffer.from(PDF))).toBe(0);
    const internal = await getPage(server, `${docs}/${idOf("intern.pdf")}`, {
      cookie: cookie.entrepreneur,
    });
    expect(internal.status).toBe(404);
    // …and the company does not work on the case: its pages stay closed to them.
    expect((await getPage(server, docs, { cookie: cookie.entrepreneur })).status).toBe(404);
    // Staff on the case see both.
    const staff = await getPage(server, `${docs}/${idOf("intern.pdf")}`, {
      cookie: cookie.coordinator,
    });
    expect(staff.status).toBe(200);
    // Someone outside the company and the team sees neither.
    expect(
      (await getPage(server, `${docs}/${idOf("advies.pdf")}`, { cookie: cookie.provider })).status,
    ).toBe(404);
  });
});
