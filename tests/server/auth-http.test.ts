/**
 * Accounts over HTTP, against the real production server: rate limits with 429 and
 * Retry-After (and recovery once the window has passed), answers that do not reveal whether
 * an address has an account, the session cookie's flags over http and https, log-out, and
 * cross-site form posts.
 *
 * Server A runs with TRUST_PROXY=1 so each test can come from its own address
 * (X-Forwarded-For): per-address limits of one test do not touch another.
 * Server B shrinks every rate-limit window (RATE_LIMIT_WINDOW_FACTOR=0.002: 15 min → 1.8 s,
 * 1 h → 7.2 s) to see the limits lift. Server C has an https PUBLIC_URL.
 */
import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  demoEmail,
  getPage,
  logIn,
  openServerDatabase,
  pageText,
  postForm,
  sessionCookieOf,
  setCookies,
  sleep,
} from "../support/accounts";
import type { RawResponse } from "../support/http";
import { startServer, type TestServer } from "../support/server";

const TOO_MANY = "Te veel pogingen. Wacht even en probeer het dan opnieuw.";
const BAD_CREDENTIALS = "Dit e-mailadres en wachtwoord horen niet bij elkaar.";
const HTTPS_URL = "https://spot.example";

let a: TestServer;
let b: TestServer;
let c: TestServer;
let dbA: Database.Database;

beforeAll(async () => {
  [a, b, c] = await Promise.all([
    startServer({ TRUST_PROXY: "1" }),
    startServer({ RATE_LIMIT_WINDOW_FACTOR: "0.002" }),
    startServer({ PUBLIC_URL: HTTPS_URL }),
  ]);
  dbA = openServerDatabase(a);
});

afterAll(async () => {
  dbA?.close();
  const codes = await Promise.all([a?.stop(), b?.stop(), c?.stop()]);
  expect(codes).toEqual([0, 0, 0]);
});

let addressCounter = 0;
/** Headers that make server A see the request as coming from a new address. */
function fromNewAddress(): Record<string, string> {
  addressCounter++;
  return { "X-Forwarded-For": `203.0.113.${addressCounter}` };
}

const unique = (label: string) =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.org`;

function expectRateLimited(res: RawResponse, maxSeconds: number, what: string) {
  expect(res.status, what).toBe(429);
  const retry = Number(res.headers["retry-after"]);
  expect(Number.isInteger(retry) && retry > 0, `Retry-After on ${what}: ${retry}`).toBe(true);
  expect(retry, `Retry-After on ${what}`).toBeLessThanOrEqual(maxSeconds);
  expect(pageText(res.text), what).toContain(TOO_MANY);
  expect(sessionCookieOf(res), `no session on ${what}`).toBeUndefined();
  return retry;
}

function mailsTo(db: Database.Database, email: string): string[] {
  return (
    db
      .prepare("select template from mail_outbox where to_address = ? order by created_at")
      .all(email) as { template: string }[]
  ).map((r) => r.template);
}

function sessionsOf(db: Database.Database, email: string): number {
  const row = db
    .prepare(
      "select count(*) as n from sessions join users on users.id = sessions.user_id where users.email = ?",
    )
    .get(email) as { n: number };
  return row.n;
}

describe("rate limits", () => {
  it("refuses the 11th wrong password for one account with 429, Retry-After and a Dutch message", async () => {
    const email = demoEmail("partner");
    const address = fromNewAddress();
    for (let i = 1; i <= 10; i++) {
      const res = await postForm(
        a,
        "/inloggen",
        { intent: "password", email, password: `geraden-${i}` },
        { headers: address },
      );
      expect(res.status, `attempt ${i}`).toBe(400);
      expect(pageText(res.text), `attempt ${i}`).toContain(BAD_CREDENTIALS);
    }
    const eleventh = await postForm(
      a,
      "/inloggen",
      { intent: "password", email, password: "geraden-11" },
      { headers: address },
    );
    expectRateLimited(eleventh, 15 * 60, "the 11th attempt");
    // The lock is on the account: the right password, from another address, waits too.
    const right = await postForm(
      a,
      "/inloggen",
      { intent: "password", email, password: DEMO_PASSWORD },
      { headers: fromNewAddress() },
    );
    expectRateLimited(right, 15 * 60, "the right password during the lock");
    expect(sessionsOf(dbA, email)).toBe(0);
    // Other people, even from the same address, can still log in.
    await logIn(a, demoEmail("steering"), DEMO_PASSWORD, { headers: address });
  });

  it("refuses the 31st reset request from one address, and only from that address", async () => {
    const address = fromNewAddress();
    for (let i = 1; i <= 30; i++) {
      const res = await postForm(
        a,
        "/wachtwoord-vergeten",
        { email: unique(`reset${i}`) },
        { headers: address },
      );
      expect(res.status, `request ${i}`).toBe(303);
    }
    const res = await postForm(
      a,
      "/wachtwoord-vergeten",
      { email: unique("reset31") },
      { headers: address },
    );
    expectRateLimited(res, 3600, "the 31st reset request");
    const elsewhere = await postForm(
      a,
      "/wachtwoord-vergeten",
      { email: unique("elders") },
      { headers: fromNewAddress() },
    );
    expect(elsewhere.status).toBe(303);
  });

  it("refuses the 11th sign-up from one address, and only from that address", async () => {
    const address = fromNewAddress();
    const signUp = (email: string, headers: Record<string, string>) =>
      postForm(a, "/aanmelden", { name: "Test", email, companyName: "Test BV" }, { headers });
    for (let i = 1; i <= 10; i++) {
      expect((await signUp(unique(`aanmeld${i}`), address)).status, `sign-up ${i}`).toBe(303);
    }
    expectRateLimited(await signUp(unique("aanmeld11"), address), 3600, "the 11th sign-up");
    const email = unique("elders");
    expect((await signUp(email, fromNewAddress())).status).toBe(303);
    expect(mailsTo(dbA, email)).toEqual(["verifyEmail"]);
  });

  /**
   * Send `n` requests at once and return the first 429 among the answers. With windows of a
   * second or two, a very busy machine may spread a burst over two windows: then try again.
   */
  async function burst(n: number, send: (i: number) => Promise<RawResponse>) {
    const seen: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const answers = await Promise.all(Array.from({ length: n }, (_, i) => send(i)));
      const limited = answers.find((r) => r.status === 429);
      if (limited) return limited;
      seen.push(answers.map((r) => r.status).join(","));
    }
    throw new Error(`no 429 in three bursts of ${n}: ${seen.join(" / ")}`);
  }

  it("lets the password log-in in again once the (shortened) window has passed", async () => {
    const email = demoEmail("expert");
    const limited = await burst(14, (i) =>
      postForm(b, "/inloggen", { intent: "password", email, password: `fout-${i}` }),
    );
    const wait = expectRateLimited(limited, 2, "a log-in over the limit");
    await sleep(wait * 1000 + 300);
    await logIn(b, email, DEMO_PASSWORD);
  });

  it("lets reset requests and sign-ups from an address in again once the window has passed", async () => {
    const reset = await burst(36, (i) =>
      postForm(b, "/wachtwoord-vergeten", { email: unique(`b-reset${i}`) }),
    );
    const signUps = await burst(14, (i) =>
      postForm(b, "/aanmelden", { name: "B", email: unique(`b-aanmeld${i}`), companyName: "B BV" }),
    );
    const wait = Math.max(
      expectRateLimited(reset, 8, "a reset request over the limit"),
      expectRateLimited(signUps, 8, "a sign-up over the limit"),
    );
    await sleep(wait * 1000 + 300);
    expect((await postForm(b, "/wachtwoord-vergeten", { email: unique("b-later") })).status).toBe(
      303,
    );
    expect(
      (await postForm(b, "/aanmelden", { name: "B", email: unique("b-later"), companyName: "B" }))
        .status,
    ).toBe(303);
  });
});

describe("answers do not reveal whether an address has an account", () => {
  /** Status, where it goes, and what the page (or the page it goes to) says. */
  async function outward(res: RawResponse, hide: string) {
    let text = pageText(res.text);
    const location = res.headers.location;
    if (location) text = pageText((await getPage(a, location)).text);
    return { status: res.status, location, text: text.replaceAll(hide, "<email>") };
  }

  it("for a wrong password, a log-in link, a password reset and a sign-up", async () => {
    const known = demoEmail("student");
    const unknown = unique("niemand");
    const cases: [string, string, Record<string, string>][] = [
      ["wrong password", "/inloggen", { intent: "password", password: "niet het wachtwoord" }],
      ["log-in link", "/inloggen", { intent: "link", terug: "/mijn" }],
      ["password reset", "/wachtwoord-vergeten", {}],
      ["sign-up", "/aanmelden", { name: "Sam", companyName: "Sam BV" }],
    ];
    for (const [what, path, fields] of cases) {
      const forKnown = await postForm(
        a,
        path,
        { ...fields, email: known },
        { headers: fromNewAddress() },
      );
      const forUnknown = await postForm(
        a,
        path,
        { ...fields, email: unknown },
        { headers: fromNewAddress() },
      );
      const k = await outward(forKnown, known);
      const u = await outward(forUnknown, unknown);
      expect(k.status, what).toBeLessThan(500);
      expect(u, what).toEqual(k);
      expect(sessionCookieOf(forKnown), what).toBeUndefined();
    }
    // Behind the identical answers, only the known address got mail.
    expect(mailsTo(dbA, known)).toEqual(["loginLink", "resetPassword", "alreadyRegistered"]);
    // The unknown address got only the sign-up's verification mail (a new account now).
    expect(mailsTo(dbA, unknown)).toEqual(["verifyEmail"]);
  });
});

describe("the session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/ and not Secure over http", async () => {
    const res = await postForm(
      a,
      "/inloggen",
      { intent: "password", email: demoEmail("entrepreneur"), password: DEMO_PASSWORD },
      { headers: fromNewAddress() },
    );
    expect(res.status).toBe(303);
    const cookie = setCookies(res).find((x) => x.name.endsWith("spot_session"));
    expect(cookie?.name).toBe("spot_session");
    expect(cookie!.value.length).toBeGreaterThanOrEqual(16);
    expect(cookie!.attributes.has("httponly")).toBe(true);
    expect(cookie!.attributes.get("samesite")).toBe("Lax");
    expect(cookie!.attributes.get("path")).toBe("/");
    expect(cookie!.attributes.has("secure")).toBe(false);
    expect(cookie!.attributes.has("domain")).toBe(false);
  });

  it("is __Host-spot_session and Secure when PUBLIC_URL is https", async () => {
    // As a browser on the public address posts it (TLS ends in a proxy in front).
    const res = await postForm(
      c,
      "/inloggen",
      { intent: "password", email: demoEmail("entrepreneur"), password: DEMO_PASSWORD },
      { headers: { Origin: HTTPS_URL, Host: "spot.example", "Sec-Fetch-Site": "same-origin" } },
    );
    expect(res.status, pageText(res.text).slice(0, 300)).toBe(303);
    expect(res.headers.location).toBe("/mijn");
    const cookie = setCookies(res).find((x) => x.name.endsWith("spot_session"));
    expect(cookie?.name).toBe("__Host-spot_session");
    expect(cookie!.attributes.has("secure")).toBe(true);
    expect(cookie!.attributes.has("httponly")).toBe(true);
    expect(cookie!.attributes.get("samesite")).toBe("Lax");
    expect(cookie!.attributes.get("path")).toBe("/");
    expect(cookie!.attributes.has("domain")).toBe(false);
  });
});

describe("log-out", () => {
  it("is not possible with a GET; a POST ends the session and the old cookie stops working", async () => {
    const email = demoEmail("provider");
    const cookie = await logIn(a, email, DEMO_PASSWORD, { headers: fromNewAddress() });
    expect((await getPage(a, "/mijn", { cookie })).status).toBe(200);

    const get = await getPage(a, "/uitloggen", { cookie });
    expect(get.status).toBe(404);
    expect((await getPage(a, "/mijn", { cookie })).status).toBe(200);

    // A cross-site form cannot log you out either.
    const forged = await postForm(
      a,
      "/uitloggen",
      {},
      { cookie, headers: { Origin: "https://evil.example" } },
    );
    expect(forged.status).toBe(403);
    expect((await getPage(a, "/mijn", { cookie })).status).toBe(200);

    const before = sessionsOf(dbA, email);
    const post = await postForm(a, "/uitloggen", {}, { cookie });
    expect(post.status).toBe(303);
    expect(post.headers.location).toBe("/inloggen?melding=uitgelogd");
    const cleared = setCookies(post).find((x) => x.name === "spot_session");
    expect(cleared?.value).toBe("");
    expect(cleared?.attributes.get("max-age")).toBe("0");
    expect(sessionsOf(dbA, email)).toBe(before - 1);

    const after = await getPage(a, "/mijn", { cookie });
    expect([302, 303]).toContain(after.status);
    expect(after.headers.location).toBe("/inloggen?terug=%2Fmijn");
  });
});

describe("cross-site requests", () => {
  it("a log-in form posted from another site is refused with 403 and makes no session", async () => {
    const email = demoEmail("admin");
    const before = sessionsOf(dbA, email);
    const crossSite: Record<string, string>[] = [
      { Origin: "https://evil.example" },
      { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" },
      { Origin: "null" },
    ];
    for (const headers of crossSite) {
      const res = await postForm(
        a,
        "/inloggen",
        { intent: "password", email, password: DEMO_PASSWORD },
        { headers: { ...headers, ...fromNewAddress() } },
      );
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers["set-cookie"], JSON.stringify(headers)).toBeUndefined();
    }
    expect(sessionsOf(dbA, email)).toBe(before);
    // The same form from the site itself works (the credentials were right all along).
    await logIn(a, email, DEMO_PASSWORD, { headers: fromNewAddress() });
    expect(sessionsOf(dbA, email)).toBe(before + 1);
  });
});
