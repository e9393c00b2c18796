/**
 * The entrepreneur's case page (/mijn/casus/:id) over HTTP against the real server: a bad
 * message is a 400 with the field's message (never a 500), a malformed or unknown id and
 * another company's case are 404, a good message is a 303 back with the notice, and nothing
 * internal (notes, internal documents, activity outcomes, hours, the team's email addresses)
 * is ever in the page's HTML.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "~/db/database.server";
import {
  addDocument,
  addMember,
  addNote,
  type CaseContext,
  logActivity,
  logHours,
} from "~/modules/cases/cases.server";
import { loadJourney } from "~/modules/cases/journey";
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

let server: TestServer;
let handle: DatabaseHandle;
let caseId: string;
let installerCaseId: string;
let entrepreneur: string;
let provider: string;

const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startServer({});
  entrepreneur = await logIn(server, demoEmail("entrepreneur"), DEMO_PASSWORD);
  provider = await logIn(server, demoEmail("provider"), DEMO_PASSWORD);
  const coordinator = await logIn(server, demoEmail("coordinator"), DEMO_PASSWORD);
  const db = openServerDatabase(server);
  let intakeId: string;
  try {
    intakeId = (
      db
        .prepare("select id from intake_requests where contact_email = ? and status = 'new'")
        .get(demoEmail("entrepreneur")) as { id: string }
    ).id;
    installerCaseId = (
      db
        .prepare(
          "select cases.id from cases join companies on companies.id = cases.company_id where companies.name = ?",
        )
        .get("Installatiebedrijf Vecht & Zon") as { id: string }
    ).id;
  } finally {
    db.close();
  }
  // The coordinator accepts the bakery's help request: the bakery's case.
  const accepted = await postForm(
    server,
    `/beheer/aanvragen/${intakeId}`,
    { intent: "accept" },
    { cookie: coordinator },
  );
  expect(accepted.status).toBe(303);
  caseId = /^\/casussen\/([0-9a-f-]{36})\?gedaan=created$/.exec(
    accepted.headers.location ?? "",
  )![1]!;
  handle = openDatabase(server.databaseUrl);
});

afterAll(async () => {
  await handle?.close();
  expect(await server?.stop()).toBe(0);
});

const path = () => `/mijn/casus/${caseId}`;

describe("/mijn/casus/:id over HTTP", () => {
  it("shows the entrepreneur their case", async () => {
    const res = await getPage(server, path(), { cookie: entrepreneur });
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain("Je traject: Bakkerij De Gooische Korst");
    expect(text).toContain("We leren je bedrijf en je vraag kennen.");
    expect(res.text).toContain('aria-current="step"');
  });

  it("answers a bad message with 400 and the field's message, never a 500", async () => {
    const bad: [Record<string, string>, string][] = [
      [{ body: "" }, "Schrijf je bericht."],
      [{ body: "   \n  " }, "Schrijf je bericht."],
      [{}, "Schrijf je bericht."],
      [{ body: "x".repeat(5001) }, "Je bericht is te lang"],
    ];
    for (const [fields, message] of bad) {
      const res = await postForm(server, path(), fields, { cookie: entrepreneur });
      expect(res.status, JSON.stringify(fields).slice(0, 40)).toBe(400);
      expect(pageText(res.text)).toContain(message);
    }
    // Exactly 5000 characters is fine.
    const max = await postForm(
      server,
      path(),
      { body: "y".repeat(5000) },
      { cookie: entrepreneur },
    );
    expect(max.status).toBe(303);
    expect(server.logs.some((l) => l.includes('"status":500'))).toBe(false);
  });

  it("sends a good message: 303 back to the page with the notice", async () => {
    const res = await postForm(
      server,
      path(),
      { body: "Kunnen we het gesprek online doen?" },
      { cookie: entrepreneur },
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${path()}?gedaan=message`);
    const page = await getPage(server, res.headers.location!, { cookie: entrepreneur });
    const text = pageText(page.text);
    expect(text).toContain("Je bericht is verstuurd. Het team krijgt een e-mail.");
    expect(text).toContain("Kunnen we het gesprek online doen?");
  });

  it("answers 404 to a malformed or unknown id and to another company's case", async () => {
    for (const p of [
      "/mijn/casus/abc",
      "/mijn/casus/..%2F..%2Fetc",
      `/mijn/casus/${randomUUID()}`,
      `/mijn/casus/${installerCaseId}`,
    ]) {
      expect((await getPage(server, p, { cookie: entrepreneur })).status, p).toBe(404);
      expect(
        (await postForm(server, p, { body: "Hallo?" }, { cookie: entrepreneur })).status,
        `POST ${p}`,
      ).toBe(404);
    }
    // A member of another company (the demo provider) does not see the bakery's case.
    expect((await getPage(server, path(), { cookie: provider })).status).toBe(404);
    expect((await postForm(server, path(), { body: "Hoi" }, { cookie: provider })).status).toBe(
      404,
    );
    // Anonymous: log in first.
    const anonymous = await getPage(server, path());
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(path())}`);
  });

  it("never puts anything internal in the page's HTML", async () => {
    const db = handle.db;
    const user = async (role: string) =>
      db
        .selectFrom("users")
        .select(["id", "email", "name"])
        .where("email", "=", demoEmail(role))
        .executeTakeFirstOrThrow();
    const coordinator = await user("coordinator");
    const expert = await user("expert");
    const ctx: CaseContext = {
      db,
      actor: {
        kind: "user",
        id: coordinator.id,
        email: coordinator.email,
        name: coordinator.name,
        roles: new Set(["coordinator"]),
        companyIds: [],
        isDemo: true,
      },
      ip: "127.0.0.1",
      mail: { from: "test@spot035.nl" },
      publicUrl: server.url,
      siteName: "SPOT 035",
      journey: loadJourney("config/journey.json"),
    };
    const NOTE = `Interne notitie ${randomUUID()}: eigenaar twijfelt over budget`;
    const OUTCOME = `Uitkomst ${randomUUID()} alleen voor het team`;
    const HOURS = `Uren ${randomUUID()} voorbereiding`;
    const DOC = `intern-${randomUUID()}.txt`;
    expect((await addNote(ctx, caseId, NOTE)).ok).toBe(true);
    expect(
      (
        await addMember(ctx, caseId, {
          userId: expert.id,
          caseRole: "expert",
          studentLevel: null,
          studentInstitution: null,
        })
      ).ok,
    ).toBe(true);
    expect(
      (
        await logActivity(ctx, caseId, {
          type: "intake_conversation",
          occurredOn: today,
          durationMinutes: 45,
          companyParticipants: 1,
          participantIds: [],
          outcome: OUTCOME,
        })
      ).ok,
    ).toBe(true);
    expect(
      (await logHours(ctx, caseId, { workedOn: today, minutes: 30, description: HOURS })).ok,
    ).toBe(true);
    expect(
      (
        await addDocument(ctx, caseId, {
          name: DOC,
          mediaType: "text/plain",
          content: new TextEncoder().encode("geheim"),
          internal: true,
        })
      ).ok,
    ).toBe(true);

    const res = await getPage(server, path(), { cookie: entrepreneur });
    expect(res.status).toBe(200);
    for (const secret of [NOTE, OUTCOME, HOURS, DOC, expert.email, coordinator.email]) {
      expect(res.text, secret).not.toContain(secret);
    }
    // What the company may know is there: the expert on the team, the intake conversation.
    const text = pageText(res.text);
    expect(text).toMatch(new RegExp(`${expert.name}\\s*, expert / adviseur`));
    expect(text).toContain(`Intakegesprek op `);
  });
});
