/**
 * Account flows on both databases: sign-up, log-in (password, email link, second factor),
 * sessions (fixation, idle and absolute time-out, log-out, disabling), password reset and
 * change, rate limits, and not revealing which addresses have an account.
 */
import { beforeAll, expect, it } from "vitest";
import type { DB } from "~/db/database.server";
import type { Role, User } from "~/db/schema";
import { hashPassword, sha256 } from "~/modules/auth/crypto.server";
import {
  type AuthDeps,
  changePassword,
  completeSecondFactor,
  loginWithLink,
  loginWithPassword,
  logout,
  type RequestInfo,
  requestLoginLink,
  requestPasswordReset,
  resetPassword,
  signUp,
  verifyEmail,
} from "~/modules/auth/flows.server";
import {
  enforceLimits,
  hitLimit,
  LIMITS,
  RateLimitedError,
} from "~/modules/auth/rate-limit.server";
import { regenerateRecoveryCodes } from "~/modules/auth/recovery.server";
import { findSession, type SessionSettings } from "~/modules/auth/sessions.server";
import { consumeToken, issueToken } from "~/modules/auth/tokens.server";
import { newTotpSecret, totpCode } from "~/modules/auth/totp.server";
import { type AdminContext, disableUser } from "~/modules/users/admin.server";
import { insertUser, rolesOf } from "~/modules/users/users.server";
import { describeEachDialect } from "../support/db";

const MINUTE = 60_000;
const SESSION: SessionSettings = { https: false, idleMs: 30 * MINUTE, absoluteMs: 120 * MINUTE };
const PUBLIC_URL = "http://spot.test";
const PASSWORD = "een lang genoeg wachtwoord";

let ipCounter = 0;
/** A request from a fresh address, so per-address limits of one test do not touch another. */
function fromNewAddress(): RequestInfo {
  ipCounter++;
  return {
    ip: `10.${Math.floor(ipCounter / 250)}.${ipCounter % 250}.7`,
    userAgent: "vitest",
    lang: "nl",
  };
}

let emailCounter = 0;
const uniqueEmail = (label: string) =>
  `${label}-${++emailCounter}-${Math.random().toString(36).slice(2, 8)}@example.org`;

/** A request carrying a session cookie, as the browser sends it. */
const withCookie = (token: string) =>
  new Request(`${PUBLIC_URL}/mijn`, { headers: { cookie: `spot_session=${token}` } });

async function sessionCount(db: DB, userId: string): Promise<number> {
  const row = await db
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function count(db: DB, table: "users" | "companies" | "memberships"): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function mailsTo(db: DB, email: string) {
  return db
    .selectFrom("mail_outbox")
    .selectAll()
    .where("to_address", "=", email)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** The token of the `path?token=…` link in a mail body. */
function tokenIn(text: string, path: string): string {
  const m = new RegExp(`${PUBLIC_URL}${path}\\?token=([^\\s"<]+)`).exec(text);
  expect(m, `a ${path} link in:\n${text}`).not.toBeNull();
  return decodeURIComponent(m![1]!);
}

interface UserOptions {
  password?: string | null;
  verified?: boolean;
  roles?: Role[];
  totp?: boolean;
}

/** A user straight in the database, with the given state. */
async function makeUser(
  db: DB,
  label: string,
  {
    password = PASSWORD,
    verified = true,
    roles = ["entrepreneur"],
    totp = false,
  }: UserOptions = {},
): Promise<User & { secret: string }> {
  const user = await insertUser(db, {
    email: uniqueEmail(label),
    name: `Test ${label}`,
    passwordHash: password ? await hashPassword(password) : null,
    roles,
    emailVerified: verified,
  });
  const secret = newTotpSecret();
  if (totp) {
    await db
      .updateTable("users")
      .set({ totp_secret: secret, totp_enabled_at: new Date().toISOString() })
      .where("id", "=", user.id)
      .execute();
  }
  return {
    ...user,
    totp_secret: totp ? secret : null,
    totp_enabled_at: totp ? "set" : null,
    secret,
  };
}

describeEachDialect("accounts", (get) => {
  let db: DB;
  let deps: AuthDeps;
  beforeAll(() => {
    db = get().handle.db;
    deps = {
      db,
      mail: { from: "SPOT 035 <noreply@spot035.nl>" },
      session: SESSION,
      publicUrl: PUBLIC_URL,
      siteName: "SPOT 035",
      rateLimitFactor: 1,
    };
  });

  /** Log in with the password; the outcome must be a full session. */
  async function signIn(email: string, password = PASSWORD, req = fromNewAddress()) {
    const outcome = await loginWithPassword(deps, email, password, req);
    if (outcome.kind !== "signed-in") throw new Error(`expected a session, got ${outcome.kind}`);
    return outcome.token;
  }

  // ------------------------------------------------------------------------------------
  // Sign-up

  it("sign-up creates the user, their company with them as owner, and a verification mail kept in the outbox", async () => {
    const email = uniqueEmail("nieuw");
    await signUp(
      deps,
      {
        name: "  Nina Nieuw ",
        email: `  ${email.toUpperCase()} `,
        companyName: " Nieuw BV ",
        password: PASSWORD,
      },
      fromNewAddress(),
    );
    const user = await db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(user.name).toBe("Nina Nieuw");
    expect(user.email_verified_at).toBeNull();
    expect(user.password_hash).not.toBeNull();
    expect(user.password_hash).not.toContain(PASSWORD);
    expect(await rolesOf(db, user.id)).toEqual(["entrepreneur"]);

    const memberships = await db
      .selectFrom("memberships")
      .innerJoin("companies", "companies.id", "memberships.company_id")
      .select(["companies.name", "memberships.role"])
      .where("memberships.user_id", "=", user.id)
      .execute();
    expect(memberships).toEqual([{ name: "Nieuw BV", role: "owner" }]);

    const mails = await mailsTo(db, email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.template).toBe("verifyEmail");
    expect(mails[0]!.status).toBe("kept");
    expect(mails[0]!.text_body).toContain("Nina Nieuw");

    // Not verified yet: the password alone does not let them in (and a fresh link is mailed).
    const before = await loginWithPassword(deps, email, PASSWORD, fromNewAddress());
    expect(before).toEqual({ kind: "failed", reason: "unverified" });
    expect((await mailsTo(db, email)).map((m) => m.template)).toEqual([
      "verifyEmail",
      "verifyEmail",
    ]);

    // Following the link verifies the address; then the password works.
    const token = tokenIn(mails[0]!.text_body, "/email-bevestigen");
    expect(await verifyEmail(deps, token, fromNewAddress())).toEqual({
      ok: true,
      hasPassword: true,
    });
    expect(await verifyEmail(deps, token, fromNewAddress())).toEqual({
      ok: false,
      problem: "used",
    });
    await signIn(email);
  });

  it("signing up again with a known address creates nothing and mails that person a log-in link instead", async () => {
    const existing = await makeUser(db, "bestaand");
    const counts = {
      users: await count(db, "users"),
      companies: await count(db, "companies"),
      memberships: await count(db, "memberships"),
    };
    const answer = await signUp(
      deps,
      {
        name: "Iemand Anders",
        email: existing.email.toUpperCase(),
        companyName: "Kaping BV",
        password: "een ander wachtwoord!",
      },
      fromNewAddress(),
    );
    // The same outward result as a new sign-up: it resolves without a value.
    expect(answer).toBeUndefined();
    expect({
      users: await count(db, "users"),
      companies: await count(db, "companies"),
      memberships: await count(db, "memberships"),
    }).toEqual(counts);
    const after = await db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", existing.id)
      .executeTakeFirstOrThrow();
    expect(after.name).toBe(existing.name);
    expect(after.password_hash).toBe(existing.password_hash);

    const mails = await mailsTo(db, existing.email);
    expect(mails.map((m) => m.template)).toEqual(["alreadyRegistered"]);
    const outcome = await loginWithLink(
      deps,
      tokenIn(mails[0]!.text_body, "/inloggen/link"),
      fromNewAddress(),
    );
    expect(outcome.kind).toBe("signed-in");
    // The attacker's password was not set.
    expect(
      (await loginWithPassword(deps, existing.email, "een ander wachtwoord!", fromNewAddress()))
        .kind,
    ).toBe("failed");
  });

  // ------------------------------------------------------------------------------------
  // Password log-in

  it("password log-in fails for a wrong password, a disabled user and an unverified address", async () => {
    const ok = await makeUser(db, "goed");
    expect(
      await loginWithPassword(deps, ok.email, "niet het wachtwoord", fromNewAddress()),
    ).toEqual({
      kind: "failed",
      reason: "credentials",
    });
    expect(
      await loginWithPassword(deps, uniqueEmail("onbekend"), PASSWORD, fromNewAddress()),
    ).toEqual({
      kind: "failed",
      reason: "credentials",
    });

    const disabled = await makeUser(db, "uit");
    await db
      .updateTable("users")
      .set({ disabled_at: new Date().toISOString() })
      .where("id", "=", disabled.id)
      .execute();
    // The right password of a disabled account looks exactly like a wrong one.
    expect(await loginWithPassword(deps, disabled.email, PASSWORD, fromNewAddress())).toEqual({
      kind: "failed",
      reason: "credentials",
    });
    expect(await sessionCount(db, disabled.id)).toBe(0);

    const unverified = await makeUser(db, "onbevestigd", { verified: false });
    expect(await loginWithPassword(deps, unverified.email, PASSWORD, fromNewAddress())).toEqual({
      kind: "failed",
      reason: "unverified",
    });
    expect(await sessionCount(db, unverified.id)).toBe(0);

    // A link-only account (no password) cannot be entered with any password.
    const linkOnly = await makeUser(db, "zonder", { password: null });
    expect((await loginWithPassword(deps, linkOnly.email, "", fromNewAddress())).kind).toBe(
      "failed",
    );

    // And the right password works, case and spaces of the address notwithstanding.
    expect(
      (await loginWithPassword(deps, ` ${ok.email.toUpperCase()}`, PASSWORD, fromNewAddress()))
        .kind,
    ).toBe("signed-in");
  });

  it("records log-ins and failed log-ins with the address in the audit log", async () => {
    const user = await makeUser(db, "audit");
    const req = fromNewAddress();
    await loginWithPassword(deps, user.email, "fout wachtwoord", req);
    await signIn(user.email, PASSWORD, req);
    const rows = await db
      .selectFrom("audit_log")
      .select(["action", "result", "ip", "actor_email", "target_id", "details"])
      .where("action", "=", "auth.login")
      .where("actor_email", "=", user.email)
      .orderBy("at")
      .execute();
    expect(rows.map((r) => [r.result, r.ip, r.target_id])).toEqual([
      ["failed", req.ip, user.id],
      ["ok", req.ip, user.id],
    ]);
    // No secret ever lands in the log.
    expect(JSON.stringify(rows)).not.toContain("fout wachtwoord");
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  // ------------------------------------------------------------------------------------
  // Sessions

  it("every log-in makes a new session id: a token from before the log-in is not the one after", async () => {
    const user = await makeUser(db, "fixatie");
    const before = await signIn(user.email);
    const after = await signIn(user.email);
    expect(after).not.toBe(before);
    // The server stores only the hash of the cookie's token.
    const ids = (
      await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()
    ).map((r) => r.id);
    expect(ids.sort()).toEqual([sha256(before), sha256(after)].sort());
    expect(ids).not.toContain(before);

    // A token planted in the browser before the log-in gives no session at all.
    const planted = "AAAAAAAAAAAAAAAAAAAAAA";
    expect(await findSession(db, withCookie(planted), SESSION)).toBeUndefined();
    const third = await signIn(user.email);
    expect(third).not.toBe(planted);
    expect((await findSession(db, withCookie(third), SESSION))?.user_id).toBe(user.id);
  });

  it("a session ends after the idle time-out", async () => {
    const user = await makeUser(db, "idle");
    const token = await signIn(user.email);
    const start = Date.now();
    expect(
      (await findSession(db, withCookie(token), SESSION, new Date(start + SESSION.idleMs - MINUTE)))
        ?.user_id,
    ).toBe(user.id);
    // Being used just now moved the idle clock; a full idle period later it has ended.
    const lastUse = start + SESSION.idleMs - MINUTE;
    expect(
      await findSession(db, withCookie(token), SESSION, new Date(lastUse + SESSION.idleMs + 1000)),
    ).toBeUndefined();
    expect(await sessionCount(db, user.id)).toBe(0);
  });

  it("a session in constant use still ends at the absolute time-out", async () => {
    const user = await makeUser(db, "absoluut");
    const token = await signIn(user.email);
    const start = Date.now();
    // Used every 25 minutes (within the 30-minute idle time) for 1 h 55 min: still valid.
    for (let t = 25 * MINUTE; t < SESSION.absoluteMs; t += 25 * MINUTE) {
      const row = await findSession(db, withCookie(token), SESSION, new Date(start + t));
      expect(row?.user_id, `still signed in after ${t / MINUTE} minutes`).toBe(user.id);
    }
    expect(
      await findSession(
        db,
        withCookie(token),
        SESSION,
        new Date(start + SESSION.absoluteMs + 1000),
      ),
    ).toBeUndefined();
    expect(await sessionCount(db, user.id)).toBe(0);
  });

  it("log-out ends the session, and only that one", async () => {
    const user = await makeUser(db, "uitlog");
    const here = await signIn(user.email);
    const elsewhere = await signIn(user.email);
    const session = await findSession(db, withCookie(here), SESSION);
    await logout(deps, session!.id, user, fromNewAddress());
    expect(await findSession(db, withCookie(here), SESSION)).toBeUndefined();
    expect((await findSession(db, withCookie(elsewhere), SESSION))?.user_id).toBe(user.id);
    const audit = await db
      .selectFrom("audit_log")
      .select("action")
      .where("actor_id", "=", user.id)
      .where("action", "=", "auth.logout")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("a user disabled by an administrator loses every session and cannot log in again", async () => {
    const admin = await makeUser(db, "beheerder", { roles: ["admin"] });
    const user = await makeUser(db, "blokkeer");
    const a = await signIn(user.email);
    const b = await signIn(user.email);
    const ctx = (actor: User, roles: Role[]): AdminContext => ({
      db,
      ip: "10.9.9.9",
      actor: {
        kind: "user",
        id: actor.id,
        email: actor.email,
        name: actor.name,
        roles: new Set(roles),
        companyIds: [],
        isDemo: false,
      },
    });
    // Someone who is not an administrator gets a 404 and changes nothing.
    const refused = await disableUser(ctx(user, ["entrepreneur"]), admin.id).catch((e) => e);
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(404);

    expect(await disableUser(ctx(admin, ["admin"]), user.id)).toEqual({ changed: true });
    expect(await findSession(db, withCookie(a), SESSION)).toBeUndefined();
    expect(await findSession(db, withCookie(b), SESSION)).toBeUndefined();
    expect(await sessionCount(db, user.id)).toBe(0);
    expect((await loginWithPassword(deps, user.email, PASSWORD, fromNewAddress())).kind).toBe(
      "failed",
    );
    // Neither does a log-in link reach them.
    await requestLoginLink(deps, user.email, fromNewAddress());
    expect(await mailsTo(db, user.email)).toEqual([]);
  });

  // ------------------------------------------------------------------------------------
  // Log-in links

  it("a log-in link works once; the second time it says it was used", async () => {
    const user = await makeUser(db, "link");
    await requestLoginLink(deps, user.email, fromNewAddress(), "/mijn/plan");
    const mails = await mailsTo(db, user.email);
    expect(mails.map((m) => m.template)).toEqual(["loginLink"]);
    const token = tokenIn(mails[0]!.text_body, "/inloggen/link");
    const first = await loginWithLink(deps, token, fromNewAddress());
    expect(first.kind).toBe("signed-in");
    expect(first.kind === "signed-in" && first.returnTo).toBe("/mijn/plan");
    expect(await loginWithLink(deps, token, fromNewAddress())).toEqual({
      kind: "bad-link",
      problem: "used",
    });
    expect(await loginWithLink(deps, `${token}x`, fromNewAddress())).toEqual({
      kind: "bad-link",
      problem: "invalid",
    });
  });

  it("a log-in link expires after 10 minutes", async () => {
    const user = await makeUser(db, "verlopen");
    const issued = new Date();
    const late = await issueToken(db, "login_link", {
      userId: user.id,
      email: user.email,
      now: issued,
    });
    const inTime = await issueToken(db, "login_link", {
      userId: user.id,
      email: user.email,
      now: issued,
    });
    expect(
      await consumeToken(db, "login_link", late, new Date(issued.getTime() + 10 * MINUTE + 1000)),
    ).toMatchObject({ ok: false, problem: "expired" });
    expect(
      await consumeToken(db, "login_link", inTime, new Date(issued.getTime() + 9 * MINUTE)),
    ).toMatchObject({ ok: true, record: { userId: user.id } });
  });

  it("following a log-in link verifies the address", async () => {
    const user = await makeUser(db, "linkverifieert", { verified: false, password: null });
    await requestLoginLink(deps, user.email, fromNewAddress());
    const [mail] = await mailsTo(db, user.email);
    const outcome = await loginWithLink(
      deps,
      tokenIn(mail!.text_body, "/inloggen/link"),
      fromNewAddress(),
    );
    expect(outcome.kind).toBe("signed-in");
    const row = await db
      .selectFrom("users")
      .select("email_verified_at")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.email_verified_at).not.toBeNull();
  });

  // ------------------------------------------------------------------------------------
  // Passwords

  it("a password reset ends every session of the user and revokes older reset links", async () => {
    const user = await makeUser(db, "reset");
    const laptop = await signIn(user.email);
    const phone = await signIn(user.email);
    await requestPasswordReset(deps, user.email, fromNewAddress());
    await requestPasswordReset(deps, user.email, fromNewAddress());
    const mails = await mailsTo(db, user.email);
    expect(mails.map((m) => m.template)).toEqual(["resetPassword", "resetPassword"]);
    const older = tokenIn(mails[0]!.text_body, "/wachtwoord-herstellen");
    const newer = tokenIn(mails[1]!.text_body, "/wachtwoord-herstellen");
    expect(older).not.toBe(newer);

    const next = "een heel nieuw wachtwoord";
    expect(await resetPassword(deps, newer, next, fromNewAddress())).toEqual({ ok: true });
    expect(await findSession(db, withCookie(laptop), SESSION)).toBeUndefined();
    expect(await findSession(db, withCookie(phone), SESSION)).toBeUndefined();
    expect(await sessionCount(db, user.id)).toBe(0);
    // The older link no longer works either.
    expect(await resetPassword(deps, older, "nog een ander wachtwoord", fromNewAddress())).toEqual({
      ok: false,
      problem: "used",
    });
    expect((await loginWithPassword(deps, user.email, PASSWORD, fromNewAddress())).kind).toBe(
      "failed",
    );
    await signIn(user.email, next);
    expect((await mailsTo(db, user.email)).at(-1)?.template).toBe("passwordChanged");
  });

  it("changing the password keeps this session and ends the others", async () => {
    const user = await makeUser(db, "wijzig");
    const here = await signIn(user.email);
    const other = await signIn(user.email);
    const current = await findSession(db, withCookie(here), SESSION);

    expect(
      await changePassword(
        deps,
        user.id,
        current!.id,
        "fout",
        "nieuw wachtwoord 123",
        fromNewAddress(),
      ),
    ).toEqual({ ok: false, reason: "current-wrong" });
    expect(await sessionCount(db, user.id)).toBe(2);

    expect(
      await changePassword(
        deps,
        user.id,
        current!.id,
        PASSWORD,
        "nieuw wachtwoord 123",
        fromNewAddress(),
      ),
    ).toEqual({ ok: true });
    expect((await findSession(db, withCookie(here), SESSION))?.user_id).toBe(user.id);
    expect(await findSession(db, withCookie(other), SESSION)).toBeUndefined();
    await signIn(user.email, "nieuw wachtwoord 123");
  });

  // ------------------------------------------------------------------------------------
  // Two-factor authentication

  it("with 2FA on, the password gives a pending session; the code gives a new full one and the pending one ends", async () => {
    const user = await makeUser(db, "tweestaps", { totp: true });
    const first = await loginWithPassword(deps, user.email, PASSWORD, fromNewAddress());
    expect(first.kind).toBe("second-factor");
    if (first.kind !== "second-factor") return;
    const pending = await findSession(db, withCookie(first.token), SESSION);
    expect(pending?.mfa_pending).toBe(1);

    // A wrong code does not complete the log-in.
    const wrong = totpCode(user.secret) === "000000" ? "111111" : "000000";
    expect(await completeSecondFactor(deps, pending!.id, user.id, wrong, fromNewAddress())).toEqual(
      {
        ok: false,
      },
    );
    expect((await findSession(db, withCookie(first.token), SESSION))?.mfa_pending).toBe(1);

    const code = totpCode(user.secret);
    const done = await completeSecondFactor(deps, pending!.id, user.id, code, fromNewAddress());
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.token).not.toBe(first.token);
    expect(await findSession(db, withCookie(first.token), SESSION)).toBeUndefined();
    const full = await findSession(db, withCookie(done.token), SESSION);
    expect(full?.user_id).toBe(user.id);
    expect(full?.mfa_pending).toBe(0);

    // The same code cannot be used again (a new log-in attempt, same code).
    const again = await loginWithPassword(deps, user.email, PASSWORD, fromNewAddress());
    if (again.kind !== "second-factor")
      throw new Error(`expected second-factor, got ${again.kind}`);
    const pending2 = await findSession(db, withCookie(again.token), SESSION);
    expect(await completeSecondFactor(deps, pending2!.id, user.id, code, fromNewAddress())).toEqual(
      {
        ok: false,
      },
    );
    expect((await findSession(db, withCookie(again.token), SESSION))?.mfa_pending).toBe(1);
  });

  it("a recovery code works once instead of the authenticator code", async () => {
    const user = await makeUser(db, "herstelcode", { totp: true });
    const codes = await regenerateRecoveryCodes(db, user.id);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);

    const pendingFor = async () => {
      const o = await loginWithPassword(deps, user.email, PASSWORD, fromNewAddress());
      if (o.kind !== "second-factor") throw new Error(`expected second-factor, got ${o.kind}`);
      return (await findSession(db, withCookie(o.token), SESSION))!.id;
    };
    // Typed as shown, with a dash in the middle and in capitals: still accepted.
    const typed = `${codes[0]!.slice(0, 5)}-${codes[0]!.slice(5)}`.toUpperCase();
    expect(
      (await completeSecondFactor(deps, await pendingFor(), user.id, typed, fromNewAddress())).ok,
    ).toBe(true);
    expect(
      await completeSecondFactor(deps, await pendingFor(), user.id, codes[0]!, fromNewAddress()),
    ).toEqual({ ok: false });
    expect(
      (await completeSecondFactor(deps, await pendingFor(), user.id, codes[1]!, fromNewAddress()))
        .ok,
    ).toBe(true);
    const audit = await db
      .selectFrom("audit_log")
      .select(["result", "details"])
      .where("actor_id", "=", user.id)
      .where("action", "in", ["auth.login", "auth.2fa.verify"])
      .orderBy("at")
      .execute();
    expect(audit.map((r) => r.result)).toEqual(["ok", "failed", "ok"]);
    expect(JSON.stringify(audit)).not.toContain(codes[0]!);
  });

  // ------------------------------------------------------------------------------------
  // Rate limits

  it("a limit allows `limit` hits in its window, then says how long to wait, then allows again", async () => {
    const { limit, windowSeconds } = LIMITS.loginPerAccount;
    const subject = uniqueEmail("limiet");
    const t0 = new Date();
    for (let i = 1; i <= limit; i++) {
      expect(await hitLimit(db, "loginPerAccount", subject, { now: t0 }), `hit ${i}`).toEqual({
        ok: true,
        retryAfterSeconds: 0,
      });
    }
    const blocked = await hitLimit(db, "loginPerAccount", subject, { now: t0 });
    expect(blocked.ok).toBe(false);
    expect(blocked.retryAfterSeconds).toBe(windowSeconds);
    const later = await hitLimit(db, "loginPerAccount", subject.toUpperCase(), {
      now: new Date(t0.getTime() + (windowSeconds - 60) * 1000),
    });
    expect(later.ok).toBe(false);
    expect(later.retryAfterSeconds).toBeGreaterThan(0);
    expect(later.retryAfterSeconds).toBeLessThanOrEqual(60);
    const after = await hitLimit(db, "loginPerAccount", subject, {
      now: new Date(t0.getTime() + windowSeconds * 1000 + 1000),
    });
    expect(after).toEqual({ ok: true, retryAfterSeconds: 0 });
  });

  it("enforceLimits throws RateLimitedError with the wait, and a factor shortens the window", async () => {
    const { limit } = LIMITS.resetPerAccount;
    const subject = uniqueEmail("enforce");
    const t0 = new Date();
    const options = { factor: 0.002, now: t0 };
    for (let i = 0; i < limit; i++) {
      await enforceLimits(db, [["resetPerAccount", subject]], options);
    }
    const error = await enforceLimits(db, [["resetPerAccount", subject]], options).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    // 1 h × 0.002 = 7.2 s.
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(8);
    await expect(
      enforceLimits(db, [["resetPerAccount", subject]], {
        factor: 0.002,
        now: new Date(t0.getTime() + 8000),
      }),
    ).resolves.toBeUndefined();
  });

  it("the 11th password attempt for one account is refused, whatever the address it comes from", async () => {
    const user = await makeUser(db, "raden");
    for (let i = 0; i < LIMITS.loginPerAccount.limit; i++) {
      const o = await loginWithPassword(deps, user.email, `gok ${i}`, fromNewAddress());
      expect(o.kind).toBe("failed");
    }
    const error = await loginWithPassword(deps, user.email, PASSWORD, fromNewAddress()).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await sessionCount(db, user.id)).toBe(0);
  });

  // ------------------------------------------------------------------------------------
  // Not revealing who has an account

  it("asking for a log-in link or a reset for an unknown address answers the same, and mails nobody", async () => {
    const known = await makeUser(db, "bekend");
    const unknown = uniqueEmail("onbekend");

    expect(await requestLoginLink(deps, unknown, fromNewAddress())).toBeUndefined();
    expect(await requestPasswordReset(deps, unknown, fromNewAddress())).toBeUndefined();
    expect(await mailsTo(db, unknown)).toEqual([]);

    expect(await requestLoginLink(deps, known.email, fromNewAddress())).toBeUndefined();
    expect(await requestPasswordReset(deps, known.email, fromNewAddress())).toBeUndefined();
    expect((await mailsTo(db, known.email)).map((m) => m.template)).toEqual([
      "loginLink",
      "resetPassword",
    ]);
  });
});
