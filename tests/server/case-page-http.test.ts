/**
 * The staff case page (/casussen/:id) over HTTP against the real server: every kind of bad
 * input to its action is a 400 with a clear message (never a 500), a change made on an older
 * version is a 409 that names who changed it, each intent asks the policy (someone without the
 * right is answered 404), and an unknown or malformed case id is a 404.
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
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
let caseId: string;
const cookies: Record<string, string> = {};
const users: Record<string, string> = {};

function version(): number {
  const db = openServerDatabase(server);
  try {
    return (db.prepare("select version from cases where id = ?").get(caseId) as { version: number })
      .version;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  server = await startServer({});
  const db = openServerDatabase(server);
  try {
    caseId = (
      db
        .prepare(
          "select cases.id from cases join companies on companies.id = cases.company_id where companies.name = ?",
        )
        .get("Installatiebedrijf Vecht & Zon") as { id: string }
    ).id;
    for (const role of ["entrepreneur", "student", "expert", "provider"]) {
      users[role] = (
        db.prepare("select id from users where email = ?").get(demoEmail(role)) as { id: string }
      ).id;
    }
  } finally {
    db.close();
  }
  for (const role of ["coordinator", "expert", "student", "provider"]) {
    cookies[role] = await logIn(server, demoEmail(role), DEMO_PASSWORD);
  }
});

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

const path = () => `/casussen/${caseId}`;

async function expect400(fields: Record<string, string>, message: string, role = "coordinator") {
  const res = await postForm(server, path(), fields, { cookie: cookies[role] });
  expect(res.status, `${JSON.stringify(fields).slice(0, 160)} → ${res.status}`).toBe(400);
  expect(pageText(res.text), JSON.stringify(fields).slice(0, 160)).toContain(message);
}

describe("/casussen/:id over HTTP", () => {
  it("answers bad input with 400 and a clear message, never a 500", async () => {
    const v = String(version());
    // Phase: unknown, the same, a reason missing where one is needed, a reason far too long.
    await expect400(
      { intent: "phase", version: v, phase: "maan" },
      t("casePage.error.phaseUnknown"),
    );
    await expect400(
      { intent: "phase", version: v, phase: "analysis" },
      t("cases.problem.samePhase"),
    );
    for (const phase of ["closed", "withdrawn", "awareness"]) {
      await expect400(
        { intent: "phase", version: v, phase, reason: "  " },
        t("casePage.error.reasonRequired"),
      );
    }
    await expect400(
      { intent: "phase", version: v, phase: "closed", reason: "x".repeat(1001) },
      t("casePage.error.reasonTooLong"),
    );
    await expect400({ intent: "phase", phase: "advice" }, t("casePage.error.version"));

    // Team: an unknown person, a person without the right role, an unknown role, a student
    // without level or institution, someone already on the team.
    await expect400(
      { intent: "member.add", role: "expert", userId: randomUUID() },
      t("cases.problem.noSuchUser"),
    );
    await expect400(
      { intent: "member.add", role: "expert", userId: "not-an-id" },
      t("cases.problem.noSuchUser"),
    );
    await expect400(
      { intent: "member.add", role: "expert", userId: users.entrepreneur! },
      t("cases.problem.wrongRole"),
    );
    await expect400(
      { intent: "member.add", role: "frontrunner", userId: users.student! },
      t("cases.problem.wrongRole"),
    );
    await expect400(
      { intent: "member.add", role: "koning", userId: users.provider! },
      t("casePage.error.roleUnknown"),
    );
    await expect400(
      { intent: "member.add", role: "student", userId: users.student!, institution: "ROC" },
      t("casePage.error.levelRequired"),
    );
    await expect400(
      { intent: "member.add", role: "student", userId: users.student!, level: "phd" },
      t("casePage.error.levelRequired"),
    );
    await expect400(
      { intent: "member.add", role: "student", userId: users.student!, level: "mbo" },
      t("casePage.error.institutionRequired"),
    );
    await expect400({ intent: "member.add", role: "expert" }, t("casePage.error.personRequired"));
    await expect400(
      { intent: "member.add", role: "expert", userId: users.expert! },
      t("cases.problem.alreadyMember"),
    );
    await expect400(
      { intent: "member.remove", userId: users.provider! },
      t("cases.problem.notOnTeam"),
    );

    // The question and problem: empty, too long, an unknown theme or kind.
    const details = {
      intent: "details",
      version: v,
      title: "Installatiebedrijf Vecht & Zon",
      question: "Welke planningssoftware past bij ons?",
    };
    await expect400({ ...details, title: " " }, t("casePage.error.titleRequired"));
    await expect400({ ...details, title: "x".repeat(201) }, t("casePage.error.titleTooLong"));
    await expect400({ ...details, question: "x".repeat(4001) }, t("casePage.error.textTooLong"));
    await expect400({ ...details, theme: "astrologie" }, t("casePage.error.themeUnknown"));
    await expect400({ ...details, problemKind: "ramp" }, t("casePage.error.problemKindUnknown"));
    await expect400({ ...details, version: "oud" }, t("casePage.error.version"));

    // Messages and scans.
    await expect400({ intent: "message", body: "   " }, t("casePage.error.messageRequired"));
    await expect400(
      { intent: "message", body: "x".repeat(5001) },
      t("casePage.error.messageTooLong"),
    );
    await expect400({ intent: "linkScan", responseId: randomUUID() }, t("cases.problem.notFound"));
    await expect400({ intent: "linkScan" }, t("casePage.error.scanRequired"));

    // No intent, or one we do not know.
    await expect400({}, t("casePage.error.badRequest"));
    await expect400({ intent: "delete" }, t("casePage.error.badRequest"));

    // Nothing of this changed the case.
    expect(version()).toBe(Number(v));
  });

  it("answers a change on an older version with 409, who changed it, and the current values", async () => {
    const v = version();
    const first = await postForm(
      server,
      path(),
      {
        intent: "details",
        version: String(v),
        title: "Installatiebedrijf Vecht & Zon",
        question: "Welke planningssoftware past bij ons?",
        problem: "Planning op een whiteboard kost elke dag een uur.",
        problemKind: "problem",
        theme: "automation",
      },
      { cookie: cookies.coordinator },
    );
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`${path()}?gedaan=details`);

    const late = await postForm(
      server,
      path(),
      {
        intent: "details",
        version: String(v),
        title: "Vecht & Zon",
        question: "Mijn eigen versie van de vraag",
      },
      { cookie: cookies.expert },
    );
    expect(late.status).toBe(409);
    const text = pageText(late.text);
    expect(text).toContain(t("cases.problem.conflict"));
    expect(text).toContain("Coen Visser");
    expect(text).toContain("Planning op een whiteboard kost elke dag een uur.");
    // What the expert typed is still in the form, with the new version to save it on purpose.
    expect(late.text).toContain("Mijn eigen versie van de vraag");
    expect(late.text).toMatch(new RegExp(`name="version" value="${v + 1}"`));

    // A phase change on the old version is refused the same way.
    const phase = await postForm(
      server,
      path(),
      { intent: "phase", version: String(v), phase: "advice" },
      { cookie: cookies.expert },
    );
    expect(phase.status).toBe(409);
    expect(pageText(phase.text)).toContain(t("cases.problem.conflict"));
    expect(version()).toBe(v + 1);
  });

  it("asks the policy for each intent: someone without the right gets a 404", async () => {
    const v = String(version());
    // The student works on the case but may not change its phase or its team.
    const phase = await postForm(
      server,
      path(),
      { intent: "phase", version: v, phase: "advice" },
      { cookie: cookies.student },
    );
    expect(phase.status).toBe(404);
    const team = await postForm(
      server,
      path(),
      { intent: "member.add", role: "frontrunner", userId: users.provider! },
      { cookie: cookies.expert },
    );
    expect(team.status).toBe(404);
    // The provider is not on the team: the case does not exist for them.
    const message = await postForm(
      server,
      path(),
      { intent: "message", body: "Hallo" },
      { cookie: cookies.provider },
    );
    expect(message.status).toBe(404);
    expect((await getPage(server, path(), { cookie: cookies.provider })).status).toBe(404);
    expect(version()).toBe(Number(v));
  });

  it("shows the latest 20 activities and 30 timeline events, with a link to all of them", async () => {
    // Written straight into the server's database (WAL: the running server sees them).
    const db = new Database(server.databaseUrl.slice("file:".length));
    db.pragma("busy_timeout = 5000");
    let activities = 0;
    let events = 0;
    try {
      const add = db.prepare(
        `insert into case_activities (id, case_id, type, occurred_on, duration_minutes,
           company_participants, outcome, logged_by, created_at)
         values (?, ?, 'guidance_session', ?, 30, 1, 'Veel gedaan', ?, ?)`,
      );
      const event = db.prepare(
        `insert into case_events (id, case_id, at, actor_id, kind, internal, data)
         values (?, ?, ?, ?, 'activity_logged', 0, ?)`,
      );
      for (let i = 0; i < 30; i++) {
        const day = `2020-01-${String(i + 1).padStart(2, "0")}`;
        add.run(randomUUID(), caseId, day, users.expert, `${day}T10:00:00.000Z`);
        event.run(
          randomUUID(),
          caseId,
          `${day}T10:00:00.000Z`,
          users.expert,
          JSON.stringify({ type: "guidance_session", on: day, minutes: 30 }),
        );
      }
      activities = (
        db.prepare("select count(*) as n from case_activities where case_id = ?").get(caseId) as {
          n: number;
        }
      ).n;
      events = (
        db.prepare("select count(*) as n from case_events where case_id = ?").get(caseId) as {
          n: number;
        }
      ).n;
    } finally {
      db.close();
    }
    const rowsIn = (html: string, id: string) =>
      (
        new RegExp(`<section[^>]*id="${id}"[\\s\\S]*?</section>`)
          .exec(html)?.[0]
          .match(/<th scope="row">/g) ?? []
      ).length;
    const eventsIn = (html: string) =>
      (/<ol class="spot-case-timeline"[\s\S]*?<\/ol>/.exec(html)?.[0].match(/<li[ >]/g) ?? [])
        .length;
    const page = await getPage(server, `/casussen/${caseId}`, { cookie: cookies.coordinator });
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(rowsIn(page.text, "activiteiten")).toBe(20);
    expect(text).toContain(`De nieuwste 20 van ${activities} activiteiten`);
    expect(text).toContain(`Toon alle ${activities} activiteiten`);
    expect(page.text).toContain(`href="/casussen/${caseId}?activiteiten=alle#activiteiten"`);
    expect(eventsIn(page.text)).toBe(30);
    expect(text).toContain(`Toon de hele tijdlijn (${events} gebeurtenissen)`);
    const all = await getPage(server, `/casussen/${caseId}?activiteiten=alle&tijdlijn=alle`, {
      cookie: cookies.coordinator,
    });
    expect(rowsIn(all.text, "activiteiten")).toBe(activities);
    expect(eventsIn(all.text)).toBe(events);
    expect(pageText(all.text)).not.toContain("Toon alle");
  });

  it("answers an unknown or malformed case id with 404", async () => {
    for (const id of [randomUUID(), "abc", "1 OR 1=1", `${randomUUID()}x`]) {
      const p = `/casussen/${encodeURIComponent(id)}`;
      expect((await getPage(server, p, { cookie: cookies.coordinator })).status, p).toBe(404);
      const post = await postForm(
        server,
        p,
        { intent: "message", body: "Hallo" },
        { cookie: cookies.coordinator },
      );
      expect(post.status, p).toBe(404);
    }
    // Anonymous visitors are asked to log in first.
    const anon = await getPage(server, path());
    expect([302, 303]).toContain(anon.status);
  });

  it("lets a frontrunner on the team read the case without its internal parts or forms", async () => {
    const added = await postForm(
      server,
      path(),
      { intent: "member.add", role: "frontrunner", userId: users.provider! },
      { cookie: cookies.coordinator },
    );
    expect(added.status).toBe(303);
    const res = await getPage(server, path(), { cookie: cookies.provider });
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain("Installatiebedrijf Vecht & Zon");
    expect(text).not.toContain(t("casePage.notes.title"));
    expect(text).not.toContain(t("casePage.hours.title"));
    expect(text).not.toContain("Let op: de planner gaat");
    expect(text).not.toContain(t("casePage.phaseSection.change"));
    expect(text).not.toContain(t("casePage.team.add"));
    expect(text).not.toContain(t("casePage.details.edit"));
    expect(text).not.toContain(t("casePage.team.remove"));
    // Internal events stay out of the timeline; open events are there.
    expect(text).not.toContain(t("casePage.event.noteAdded"));
    expect(text).toContain(t("casePage.timeline.title"));
    const removed = await postForm(
      server,
      path(),
      { intent: "member.remove", userId: users.provider! },
      { cookie: cookies.coordinator },
    );
    expect(removed.status).toBe(303);
    expect(removed.headers.location).toBe(`${path()}?gedaan=memberRemoved`);
  });
});
