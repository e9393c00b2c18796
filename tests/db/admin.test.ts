/**
 * Administration of people on both databases: giving and taking roles, disabling and enabling
 * accounts, ending sessions. Every change is in the audit log; what the policy refuses throws a
 * 404 Response, changes nothing and is logged as denied.
 */
import { beforeAll, expect, it } from "vitest";
import type { DB } from "~/db/database.server";
import { createCompany } from "~/db/factories.server";
import type { Role, User } from "~/db/schema";
import { listAudit } from "~/modules/audit/audit.server";
import { createSession, type SessionSettings } from "~/modules/auth/sessions.server";
import {
  type AdminContext,
  disableUser,
  enableUser,
  endUserSession,
  getUserForAdmin,
  grantableRoles,
  grantRole,
  revokeRole,
} from "~/modules/users/admin.server";
import { addMembership, insertUser, listUsers, rolesOf } from "~/modules/users/users.server";
import { describeEachDialect } from "../support/db";

const SESSION: SessionSettings = { https: false, idleMs: 30 * 60_000, absoluteMs: 120 * 60_000 };
const IP = "10.20.30.40";

let counter = 0;
async function makeUser(db: DB, roles: Role[], name?: string): Promise<User> {
  const n = ++counter;
  return insertUser(db, {
    email: `admin-test-${n}-${Math.random().toString(36).slice(2, 8)}@example.org`,
    name: name ?? `Persoon ${n}`,
    roles,
    emailVerified: true,
  });
}

/** The context a route builds for a signed-in person (roles read from the database). */
async function contextOf(db: DB, user: User): Promise<AdminContext> {
  return {
    db,
    ip: IP,
    actor: {
      kind: "user",
      id: user.id,
      email: user.email,
      name: user.name,
      roles: new Set(await rolesOf(db, user.id)),
      companyIds: [],
      isDemo: false,
    },
  };
}

async function sessionCount(db: DB, userId: string): Promise<number> {
  const row = await db
    .selectFrom("sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function expectNotFound(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Response);
  expect((e as Response).status).toBe(404);
}

describeEachDialect("administration of people", (get) => {
  let db: DB;
  let admin: User;
  let coordinator: User;
  beforeAll(async () => {
    db = get().handle.db;
    admin = await makeUser(db, ["admin"]);
    coordinator = await makeUser(db, ["coordinator"]);
  });

  it("giving and taking a role changes the roles and writes audit entries", async () => {
    const ctx = await contextOf(db, admin);
    const target = await makeUser(db, ["entrepreneur"]);

    expect(await grantRole(ctx, target.id, "expert")).toEqual({ changed: true });
    expect(await rolesOf(db, target.id)).toEqual(["entrepreneur", "expert"]);
    const granted = await listAudit(db, { action: "user.role.granted", targetId: target.id });
    expect(granted).toHaveLength(1);
    expect(granted[0]).toMatchObject({
      actor_id: admin.id,
      actor_email: admin.email,
      target_type: "user",
      target_id: target.id,
      ip: IP,
      result: "ok",
    });
    expect(JSON.parse(granted[0]!.details!)).toEqual({ role: "expert" });
    const row = await db
      .selectFrom("user_roles")
      .select("granted_by")
      .where("user_id", "=", target.id)
      .where("role", "=", "expert")
      .executeTakeFirstOrThrow();
    expect(row.granted_by).toBe(admin.id);

    // Giving it again changes nothing and logs nothing.
    expect(await grantRole(ctx, target.id, "expert")).toEqual({ changed: false });
    expect(await listAudit(db, { action: "user.role.granted", targetId: target.id })).toHaveLength(
      1,
    );

    expect(await revokeRole(ctx, target.id, "expert")).toEqual({ changed: true });
    expect(await rolesOf(db, target.id)).toEqual(["entrepreneur"]);
    const revoked = await listAudit(db, { action: "user.role.revoked", targetId: target.id });
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ actor_id: admin.id, ip: IP, result: "ok" });
    expect(JSON.parse(revoked[0]!.details!)).toEqual({ role: "expert" });

    expect(await revokeRole(ctx, target.id, "expert")).toEqual({ changed: false });
  });

  it("a coordinator cannot give the admin role (404), and the attempt is logged as denied", async () => {
    const ctx = await contextOf(db, coordinator);
    const target = await makeUser(db, ["entrepreneur"]);
    await expectNotFound(grantRole(ctx, target.id, "admin"));
    await expectNotFound(grantRole(ctx, target.id, "coordinator"));
    expect(await rolesOf(db, target.id)).toEqual(["entrepreneur"]);
    const denied = await listAudit(db, { action: "user.role.granted", targetId: target.id });
    expect(denied.map((e) => [e.result, e.actor_id])).toEqual([
      ["denied", coordinator.id],
      ["denied", coordinator.id],
    ]);
    // What the policy lets a coordinator give, and no more.
    expect(grantableRoles(ctx.actor)).toEqual([
      "entrepreneur",
      "expert",
      "student",
      "provider",
      "partner",
    ]);
    // Taking roles away, disabling and reading people are for administrators only.
    await expectNotFound(revokeRole(ctx, target.id, "entrepreneur"));
    await expectNotFound(disableUser(ctx, target.id));
    await expectNotFound(getUserForAdmin(db, ctx.actor, target.id));
  });

  it("unknown roles, unknown people and malformed ids are a 404, never a crash", async () => {
    const ctx = await contextOf(db, admin);
    const target = await makeUser(db, []);
    await expectNotFound(grantRole(ctx, target.id, "superuser"));
    await expectNotFound(grantRole(ctx, "00000000-0000-4000-8000-000000000000", "expert"));
    await expectNotFound(grantRole(ctx, "../../etc/passwd", "expert"));
    await expectNotFound(disableUser(ctx, "x".repeat(500)));
    await expectNotFound(endUserSession(ctx, target.id, "not-a-session"));
    await expectNotFound(getUserForAdmin(db, ctx.actor, "00000000-0000-4000-8000-000000000000"));
    expect(await rolesOf(db, target.id)).toEqual([]);
  });

  it("an admin cannot take away their own admin role, but can another admin's", async () => {
    const ctx = await contextOf(db, admin);
    await expectNotFound(revokeRole(ctx, admin.id, "admin"));
    expect(await rolesOf(db, admin.id)).toEqual(["admin"]);
    const other = await makeUser(db, ["admin"]);
    expect(await revokeRole(ctx, other.id, "admin")).toEqual({ changed: true });
    expect(await rolesOf(db, other.id)).toEqual([]);
  });

  it("disabling ends every session of the person; enabling lets them back", async () => {
    const ctx = await contextOf(db, admin);
    const target = await makeUser(db, ["entrepreneur"]);
    await createSession(db, target.id, SESSION, { ip: "10.1.1.1" });
    await createSession(db, target.id, SESSION, { ip: "10.1.1.2" });
    const untouched = await makeUser(db, ["entrepreneur"]);
    await createSession(db, untouched.id, SESSION, {});
    expect(await sessionCount(db, target.id)).toBe(2);

    expect(await disableUser(ctx, target.id)).toEqual({ changed: true });
    expect(await sessionCount(db, target.id)).toBe(0);
    expect(await sessionCount(db, untouched.id)).toBe(1);
    const disabled = await db
      .selectFrom("users")
      .select("disabled_at")
      .where("id", "=", target.id)
      .executeTakeFirstOrThrow();
    expect(disabled.disabled_at).not.toBeNull();
    const [entry] = await listAudit(db, { action: "user.disabled", targetId: target.id });
    expect(entry).toMatchObject({ actor_id: admin.id, ip: IP, result: "ok" });
    expect(JSON.parse(entry!.details!)).toEqual({ sessionsEnded: 2 });
    expect(await disableUser(ctx, target.id)).toEqual({ changed: false });

    const listed = await listUsers(db, { search: target.email, status: "disabled" });
    expect(listed.items.map((u) => u.id)).toEqual([target.id]);

    expect(await enableUser(ctx, target.id)).toEqual({ changed: true });
    const enabled = await db
      .selectFrom("users")
      .select("disabled_at")
      .where("id", "=", target.id)
      .executeTakeFirstOrThrow();
    expect(enabled.disabled_at).toBeNull();
    expect(await listAudit(db, { action: "user.enabled", targetId: target.id })).toHaveLength(1);
  });

  it("an admin cannot disable themselves", async () => {
    const ctx = await contextOf(db, admin);
    await createSession(db, admin.id, SESSION, {});
    await expectNotFound(disableUser(ctx, admin.id));
    const row = await db
      .selectFrom("users")
      .select("disabled_at")
      .where("id", "=", admin.id)
      .executeTakeFirstOrThrow();
    expect(row.disabled_at).toBeNull();
    expect(await sessionCount(db, admin.id)).toBeGreaterThan(0);
    const [entry] = await listAudit(db, { action: "user.disabled", targetId: admin.id });
    expect(entry?.result).toBe("denied");
  });

  it("ends one session of a person, only theirs, and logs it", async () => {
    const ctx = await contextOf(db, admin);
    const target = await makeUser(db, ["expert"]);
    const other = await makeUser(db, ["expert"]);
    const one = await createSession(db, target.id, SESSION, {});
    await createSession(db, target.id, SESSION, {});
    const theirs = await createSession(db, other.id, SESSION, {});

    // A session id of someone else, sent with this person's id: nothing happens.
    expect(await endUserSession(ctx, target.id, theirs.id)).toEqual({ changed: false });
    expect(await sessionCount(db, other.id)).toBe(1);

    expect(await endUserSession(ctx, target.id, one.id)).toEqual({ changed: true });
    expect(await sessionCount(db, target.id)).toBe(1);
    const [entry] = await listAudit(db, { action: "auth.session.ended", targetId: target.id });
    expect(entry).toMatchObject({ actor_id: admin.id, ip: IP, result: "ok" });
    expect(await endUserSession(ctx, target.id, one.id)).toEqual({ changed: false });
  });

  it("shows one person with roles, companies and active sessions", async () => {
    const ctx = await contextOf(db, admin);
    const target = await makeUser(db, ["entrepreneur"], "Zoë Zonneveld");
    const company = await createCompany(db, { name: "Bakkerij Test" });
    await addMembership(db, target.id, company.id, "owner");
    await createSession(db, target.id, SESSION, { ip: "10.5.5.5", userAgent: "Firefox" });
    const view = await getUserForAdmin(db, ctx.actor, target.id, { idleMs: SESSION.idleMs });
    expect(view).toMatchObject({
      id: target.id,
      name: "Zoë Zonneveld",
      verified: true,
      twoFactor: false,
      isDemo: false,
      disabled: false,
      roles: ["entrepreneur"],
      memberships: [{ companyId: company.id, companyName: "Bakkerij Test", role: "owner" }],
    });
    expect(view.sessions).toHaveLength(1);
    expect(view.sessions[0]).toMatchObject({ ip: "10.5.5.5", userAgent: "Firefox" });
  });

  it("lists people by name in both directions, filtered by role", async () => {
    const role: Role = "steering";
    const a = await makeUser(db, [role], "aaa Stuur");
    const b = await makeUser(db, [role], "Bbb Stuur");
    const asc = await listUsers(db, { role, sort: "name" });
    const desc = await listUsers(db, { role, sort: "-name" });
    expect(asc.items.map((u) => u.id)).toEqual([a.id, b.id]);
    expect(desc.items.map((u) => u.id)).toEqual([b.id, a.id]);
    expect(asc.total).toBe(2);
  });

  it("pages through the audit log without skipping entries with the same time", async () => {
    const at = "2020-01-01T00:00:00.000Z";
    for (const id of ["t-1", "t-2", "t-3"]) {
      await db
        .insertInto("audit_log")
        .values({
          id,
          at,
          actor_id: null,
          actor_email: "Pager@Example.org".toLowerCase(),
          action: "test.paging",
          target_type: null,
          target_id: null,
          ip: null,
          result: "ok",
          details: null,
        })
        .execute();
    }
    const first = await listAudit(db, { action: "test.paging", limit: 2 });
    expect(first.map((e) => e.id)).toEqual(["t-3", "t-2"]);
    const next = await listAudit(db, {
      action: "test.paging",
      before: first[1]!.at,
      beforeId: first[1]!.id,
      limit: 2,
    });
    expect(next.map((e) => e.id)).toEqual(["t-1"]);
    const byEmail = await listAudit(db, { actorEmail: " PAGER@example.org " });
    expect(byEmail).toHaveLength(3);
  });
});
