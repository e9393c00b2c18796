/**
 * The action catalogue editor over HTTP against the real server: bad input of every kind is a
 * 400 with a clear message (never a 500), a stale version is a 409 with the other's values,
 * a good edit saves and shows in the list, and only administrators and coordinators get in.
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
let coordinator: string;
beforeAll(async () => {
  server = await startServer({});
  coordinator = await logIn(server, demoEmail("coordinator"), DEMO_PASSWORD);
});
afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

function stored(id: string): { version: number; data: string; active: number } | undefined {
  const db = openServerDatabase(server);
  try {
    return db.prepare("select version, data, active from advice_actions where id = ?").get(id) as
      | { version: number; data: string; active: number }
      | undefined;
  } finally {
    db.close();
  }
}

/** The stored action as the edit form would post it. */
function formOf(id: string, over: Record<string, string> = {}): Record<string, string> {
  const row = stored(id)!;
  const a = JSON.parse(row.data);
  const db = openServerDatabase(server);
  const theme = (
    db.prepare("select theme from advice_actions where id = ?").get(id) as { theme: string }
  ).theme;
  db.close();
  return {
    version: String(row.version),
    theme,
    active: "on",
    titleNl: a.title.nl,
    titleEn: a.title.en,
    descriptionNl: a.description.nl,
    descriptionEn: a.description.en,
    costOnceMin: String(a.costOnce.min),
    costOnceMax: String(a.costOnce.max),
    costMonthlyMin: String(a.costMonthly.min),
    costMonthlyMax: String(a.costMonthly.max),
    effort: a.effort,
    durationWeeks: String(a.durationWeeks),
    effectNl: a.effect.nl,
    effectEn: a.effect.en,
    indicatorNl: a.indicator.nl,
    indicatorEn: a.indicator.en,
    triggers: JSON.stringify(a.triggers),
    ...over,
  };
}

describe("action catalogue over HTTP", () => {
  it("the list loads with the catalogue from reference/actions.json", async () => {
    const res = await getPage(server, "/beheer/acties", { cookie: coordinator });
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain("Automatische back-up buiten je bedrijf");
    const bad = await getPage(server, "/beheer/acties?thema=magie", { cookie: coordinator });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain(t("actions.list.filterProblem"));
  });

  it("bad input is a 400 with a clear message, never a 500, and nothing is saved", async () => {
    const path = "/beheer/acties/password-manager";
    const before = stored("password-manager")!;
    const cases: [Record<string, string>, string][] = [
      [{ costOnceMin: "-5" }, t("actions.error.euros")],
      [{ costOnceMin: "900", costOnceMax: "100" }, t("actions.error.minAboveMax")],
      [{ costMonthlyMax: "veel" }, t("actions.error.euros")],
      [{ durationWeeks: "0" }, t("actions.error.duration")],
      [{ durationWeeks: "" }, t("actions.error.duration")],
      [{ titleNl: "" }, t("actions.error.required")],
      [{ titleEn: "x".repeat(5000) }, t("actions.error.tooLong")],
      [{ theme: "magie" }, t("actions.error.theme")],
      [{ effort: "enorm" }, t("actions.error.effort")],
      [{ sectors: "Z9" }, t("actions.error.sectors")],
      [{ triggers: "{not json" }, t("actions.error.triggersJson")],
      [
        {
          triggers: JSON.stringify([
            {
              kind: "answer",
              instrument: "cyber",
              question: "nope",
              equals: ["no"],
              reason: { nl: "a", en: "b" },
            },
          ]),
        },
        'unknown question "nope" in cyber',
      ],
      [{ triggers: JSON.stringify([{ kind: "magic" }]) }, t("actions.error.triggers")],
      [{ prerequisites: "bestaat-niet" }, t("actions.error.unknownPrerequisite")],
      [{ prerequisites: "password-manager" }, t("actions.error.unknownPrerequisite")],
      [{ subsidies: "gratis-geld" }, t("actions.error.unknownInitiative")],
      [{ trainings: "Alleen een naam zonder vertaling" }, t("actions.error.training")],
    ];
    for (const [over, message] of cases) {
      const res = await postForm(server, path, formOf("password-manager", over), {
        cookie: coordinator,
      });
      expect(res.status, JSON.stringify(over).slice(0, 80)).toBe(400);
      expect(pageText(res.text), JSON.stringify(over).slice(0, 80)).toContain(message);
    }
    expect(stored("password-manager")).toEqual(before);
  });

  it("a prerequisite that would go round is refused", async () => {
    // offsite-backup is needed by restore-test; making offsite-backup need restore-test loops.
    const res = await postForm(
      server,
      "/beheer/acties/offsite-backup",
      formOf("offsite-backup", { prerequisites: "restore-test" }),
      { cookie: coordinator },
    );
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain("prerequisites go round");
  });

  it("saves a good edit; a stale version is a 409 with the current values", async () => {
    const path = "/beheer/acties/guest-wifi";
    const first = formOf("guest-wifi", { costOnceMax: "450" });
    const stale = formOf("guest-wifi", { costOnceMax: "999" });
    const ok = await postForm(server, path, first, { cookie: coordinator });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe("/beheer/acties/guest-wifi?gedaan=saved");
    expect(JSON.parse(stored("guest-wifi")!.data).costOnce.max).toBe(450);
    const conflict = await postForm(server, path, stale, { cookie: coordinator });
    expect(conflict.status).toBe(409);
    const text = pageText(conflict.text);
    expect(text).toContain(t("actions.edit.conflictTitle"));
    expect(text).toContain("0–450");
    expect(JSON.parse(stored("guest-wifi")!.data).costOnce.max).toBe(450);
  });

  it("a new action: bad code and an existing code are refused; a good one is added", async () => {
    const base = formOf("guest-wifi", { version: "" });
    const bad = await postForm(
      server,
      "/beheer/acties/nieuw",
      { ...base, id: "Niet Goed!" },
      {
        cookie: coordinator,
      },
    );
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain(t("actions.error.id"));
    const taken = await postForm(
      server,
      "/beheer/acties/nieuw",
      { ...base, id: "guest-wifi" },
      {
        cookie: coordinator,
      },
    );
    expect(taken.status).toBe(409);
    expect(pageText(taken.text)).toContain(t("actions.edit.exists"));
    const good = await postForm(
      server,
      "/beheer/acties/nieuw",
      { ...base, id: "wifi-upgrade", titleNl: "Snellere wifi", titleEn: "Faster Wi-Fi" },
      { cookie: coordinator },
    );
    expect(good.status).toBe(303);
    expect(good.headers.location).toBe("/beheer/acties/wifi-upgrade?gedaan=created");
    expect(stored("wifi-upgrade")?.version).toBe(1);
  });

  it("is not there for an entrepreneur or an expert, and unknown ids are 404", async () => {
    for (const role of ["entrepreneur", "expert"]) {
      const cookie = await logIn(server, demoEmail(role), DEMO_PASSWORD);
      for (const p of ["/beheer/acties", "/beheer/acties/offsite-backup", "/beheer/acties/nieuw"]) {
        expect((await getPage(server, p, { cookie })).status, `${role} ${p}`).toBe(404);
      }
      const post = await postForm(
        server,
        "/beheer/acties/offsite-backup",
        formOf("offsite-backup"),
        {
          cookie,
        },
      );
      expect(post.status).toBe(404);
    }
    expect(
      (await getPage(server, "/beheer/acties/bestaat-niet", { cookie: coordinator })).status,
    ).toBe(404);
    expect((await getPage(server, "/beheer/acties/..%2F..", { cookie: coordinator })).status).toBe(
      404,
    );
  });
});
