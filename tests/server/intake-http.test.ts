/**
 * Help requests over HTTP against the real server: bad input of every kind is a 400 with the
 * form again (never a 500), someone else's scan id is ignored, the thank-you page shows only
 * your own request, and only coordinators and administrators may handle requests (accepting one
 * makes its case, once).
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
  setCookies,
} from "../support/accounts";
import { rawRequest } from "../support/http";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({});
});
afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

const valid = (over: Record<string, string> = {}) => ({
  question: "Hoe krijg ik meer klanten via internet?",
  contactName: "Henk Http",
  email: `http-${randomUUID()}@example.org`,
  companyName: "Http BV",
  employees: "12",
  postcode: "1211 AB",
  preference: "online",
  ...over,
});

function idOf(email: string): string | undefined {
  const db = openServerDatabase(server);
  try {
    const row = db.prepare("select id from intake_requests where contact_email = ?").get(email) as
      | { id: string }
      | undefined;
    return row?.id;
  } finally {
    db.close();
  }
}

describe("/hulpvraag over HTTP", () => {
  it("answers bad input with 400 and field messages, never a 500", async () => {
    const cases: Record<string, string>[] = [
      valid({ employees: "-5" }),
      valid({ employees: "3.5" }),
      valid({ employees: "veel" }),
      valid({ employees: "99999999999" }),
      valid({ question: "x".repeat(2001) }),
      valid({ question: "   " }),
      valid({ kvkNumber: "1234567" }),
      valid({ postcode: "0123 AB" }),
      valid({ preference: "maan" }),
      valid({ heardVia: "tv" }),
      valid({ sector: "ZZ" }),
      valid({ email: "geen-adres" }),
      valid({ phone: "bel me" }),
    ];
    for (const fields of cases) {
      const res = await postForm(server, "/hulpvraag", fields);
      expect(res.status, JSON.stringify(fields).slice(0, 120)).toBe(400);
      expect(res.text).toContain("utrecht-form-field-error-message");
    }
    // A body that is not a form at all.
    const json = await rawRequest(`${server.url}/hulpvraag`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.url },
      body: JSON.stringify(valid()),
    });
    expect(json.status).toBe(400);
    expect(server.logs.some((l) => l.includes('"status":500'))).toBe(false);
  });

  it("stores a valid request, ignoring a scan id that is not yours, and thanks only you", async () => {
    const fields = valid({ scan: randomUUID() });
    const res = await postForm(server, "/hulpvraag", fields);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/hulpvraag?ontvangen=1");
    const cookie = setCookies(res).find((c) => c.name === "spot_intake");
    expect(cookie?.attributes.has("httponly")).toBe(true);
    const id = idOf(fields.email);
    expect(cookie?.value).toBe(id);
    const db = openServerDatabase(server);
    try {
      const row = db.prepare("select response_id from intake_requests where id = ?").get(id);
      expect(row).toEqual({ response_id: null });
    } finally {
      db.close();
    }
    const mine = await getPage(server, "/hulpvraag?ontvangen=1", {
      cookie: `spot_intake=${id}`,
    });
    expect(pageText(mine.text)).toContain("Bedankt, je vraag is binnen");
    // Without the cookie, or with a made-up one: just the form.
    for (const cookieHeader of [undefined, `spot_intake=${randomUUID()}`, "spot_intake=../x"]) {
      const other = await getPage(server, "/hulpvraag?ontvangen=1", { cookie: cookieHeader });
      expect(other.status).toBe(200);
      expect(pageText(other.text)).toContain("Stel je vraag");
    }
    // A scan in the address that is not yours is ignored silently.
    const form = await getPage(server, `/hulpvraag?scan=${randomUUID()}`);
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('name="scan"');
  });

  it("lets only coordinators and administrators handle a request; ids must be real", async () => {
    const fields = valid();
    expect((await postForm(server, "/hulpvraag", fields)).status).toBe(303);
    const id = idOf(fields.email)!;
    const path = `/beheer/aanvragen/${id}`;

    const anonymous = await postForm(server, path, { intent: "accept" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe(`/inloggen?terug=${encodeURIComponent(path)}`);
    const entrepreneur = await logIn(server, demoEmail("entrepreneur"), DEMO_PASSWORD);
    expect(
      (await postForm(server, path, { intent: "accept" }, { cookie: entrepreneur })).status,
    ).toBe(404);

    const coordinator = await logIn(server, demoEmail("coordinator"), DEMO_PASSWORD);
    const bad = await rawRequest(`${server.url}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Origin: server.url, Cookie: coordinator },
      body: '{"intent":"accept"}',
    });
    expect(bad.status).toBe(400);
    expect(
      (await postForm(server, path, { intent: "bogus" }, { cookie: coordinator })).status,
    ).toBe(400);
    const emptyReply = await postForm(
      server,
      path,
      { intent: "answer", reply: " " },
      { cookie: coordinator },
    );
    expect(emptyReply.status).toBe(400);
    expect(pageText(emptyReply.text)).toContain("Schrijf je antwoord.");
    for (const other of [`/beheer/aanvragen/${randomUUID()}`, "/beheer/aanvragen/abc"]) {
      expect(
        (await postForm(server, other, { intent: "accept" }, { cookie: coordinator })).status,
      ).toBe(404);
    }

    // Accepting makes the case and goes to it; the asker gets the link to their own view.
    const accepted = await postForm(server, path, { intent: "accept" }, { cookie: coordinator });
    expect(accepted.status).toBe(303);
    const db = openServerDatabase(server);
    let caseId: string;
    try {
      const made = db
        .prepare("select id, phase from cases where intake_request_id = ?")
        .all(id) as {
        id: string;
        phase: string;
      }[];
      expect(made).toHaveLength(1);
      expect(made[0]!.phase).toBe("awareness");
      caseId = made[0]!.id;
      expect(
        db.prepare("select status from intake_requests where id = ?").get(id) as { status: string },
      ).toEqual({ status: "accepted" });
      const mail = db
        .prepare("select text_body from mail_outbox where to_address = ? and template = ?")
        .get(fields.email, "caseOpened") as { text_body: string } | undefined;
      expect(mail?.text_body).toContain(`/mijn/casus/${caseId}`);
    } finally {
      db.close();
    }
    expect(accepted.headers.location).toBe(`/casussen/${caseId}?gedaan=created`);
    // Twice is refused with the reason; still one case.
    const again = await postForm(server, path, { intent: "accept" }, { cookie: coordinator });
    expect(again.status).toBe(409);
    expect(pageText(again.text)).toContain("Deze aanvraag is al behandeld");
    const page = await getPage(server, path, { cookie: coordinator });
    expect(pageText(page.text)).toContain("Deze hulpvraag is een casus geworden. Open de casus");
    expect(page.text).toContain(`href="/casussen/${caseId}"`);
    expect(server.logs.some((l) => l.includes('"status":500'))).toBe(false);
  });
});
