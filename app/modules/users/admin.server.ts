/**
 * Administration of people: give and take roles, disable and enable accounts, end sessions.
 * Each function checks the policy itself (the route checks too: defence in depth), writes its
 * change and the audit entry in one transaction, and throws a 404 Response when the actor may
 * not do it (something you may not touch does not exist for you). Refused attempts are logged
 * with result "denied".
 */
import type { DB } from "~/db/database.server";
import type { Role, User } from "~/db/schema";
import { ROLES } from "~/db/schema";
import { nowIso } from "~/lib/ids.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { endAllSessions } from "~/modules/auth/sessions.server";
import type { Actor } from "~/modules/policy/actor";
import { type Action, can } from "~/modules/policy/rules";
import { findUserById, isRole, rolesOf } from "./users.server";

export type SignedInActor = Extract<Actor, { kind: "user" }>;

export interface AdminContext {
  db: DB;
  actor: SignedInActor;
  ip: string;
}

export interface ChangeResult {
  /** False when there was nothing to change (the role was already given, and so on). */
  changed: boolean;
}

/** Ids are UUIDs; anything else (too long, odd characters) is not looked up at all. */
export function isPlausibleId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

const notFound = () => new Response("Not Found", { status: 404 });

async function deny(ctx: AdminContext, action: string, targetId: string, details: object) {
  await recordAudit(ctx.db, {
    actorId: ctx.actor.id,
    actorEmail: ctx.actor.email,
    action,
    targetType: "user",
    targetId: isPlausibleId(targetId) ? targetId : null,
    ip: ctx.ip,
    result: "denied",
    details: { ...details },
  });
  return notFound();
}

async function loadTarget(db: DB, userId: string): Promise<{ user: User; roles: Role[] }> {
  if (!isPlausibleId(userId)) throw notFound();
  const user = await findUserById(db, userId);
  if (!user) throw notFound();
  return { user, roles: await rolesOf(db, user.id) };
}

/** The roles this actor may give (in the usual order). */
export function grantableRoles(actor: Actor): Role[] {
  return ROLES.filter((r) => can(actor, "user.role.grant", r));
}

/** Whether this actor may take `role` from `targetId` (never their own admin role). */
export function mayRevoke(actor: Actor, targetId: string, role: Role): boolean {
  if (!can(actor, "user.role.revoke", role)) return false;
  return !(actor.kind === "user" && actor.id === targetId && role === "admin");
}

export async function grantRole(
  ctx: AdminContext,
  userId: string,
  role: string,
): Promise<ChangeResult> {
  const action = "user.role.granted";
  if (!isRole(role) || !can(ctx.actor, "user.role.grant", role)) {
    throw await deny(ctx, action, userId, { role: String(role).slice(0, 40) });
  }
  return ctx.db.transaction().execute(async (tx) => {
    const { user, roles } = await loadTarget(tx, userId);
    if (roles.includes(role)) return { changed: false };
    await tx
      .insertInto("user_roles")
      .values({ user_id: user.id, role, granted_by: ctx.actor.id, granted_at: nowIso() })
      .onConflict((oc) => oc.columns(["user_id", "role"]).doNothing())
      .execute();
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorEmail: ctx.actor.email,
      action,
      targetType: "user",
      targetId: user.id,
      ip: ctx.ip,
      details: { role },
    });
    return { changed: true };
  });
}

export async function revokeRole(
  ctx: AdminContext,
  userId: string,
  role: string,
): Promise<ChangeResult> {
  const action = "user.role.revoked";
  if (!isRole(role) || !mayRevoke(ctx.actor, userId, role)) {
    throw await deny(ctx, action, userId, { role: String(role).slice(0, 40) });
  }
  return ctx.db.transaction().execute(async (tx) => {
    const { user, roles } = await loadTarget(tx, userId);
    if (!roles.includes(role)) return { changed: false };
    await tx
      .deleteFrom("user_roles")
      .where("user_id", "=", user.id)
      .where("role", "=", role)
      .execute();
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorEmail: ctx.actor.email,
      action,
      targetType: "user",
      targetId: user.id,
      ip: ctx.ip,
      details: { role },
    });
    return { changed: true };
  });
}

/** Check a rule about the target person; log and throw a 404 when it says no. */
async function requireOnTarget(
  ctx: AdminContext,
  rule: Extract<Action, "user.disable" | "user.sessions.end">,
  auditAction: string,
  userId: string,
) {
  const target = await loadTarget(ctx.db, userId);
  if (!can(ctx.actor, rule, { id: target.user.id, roles: target.roles })) {
    throw await deny(ctx, auditAction, userId, {});
  }
  return target;
}

/** Disable an account: the person can no longer log in, and all their sessions end now. */
export async function disableUser(ctx: AdminContext, userId: string): Promise<ChangeResult> {
  const action = "user.disabled";
  await requireOnTarget(ctx, "user.disable", action, userId);
  return ctx.db.transaction().execute(async (tx) => {
    const { user } = await loadTarget(tx, userId);
    if (user.disabled_at) return { changed: false };
    const now = nowIso();
    await tx
      .updateTable("users")
      .set({ disabled_at: now, updated_at: now })
      .where("id", "=", user.id)
      .execute();
    const ended = await endAllSessions(tx, user.id);
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorEmail: ctx.actor.email,
      action,
      targetType: "user",
      targetId: user.id,
      ip: ctx.ip,
      details: { sessionsEnded: ended },
    });
    return { changed: true };
  });
}

export async function enableUser(ctx: AdminContext, userId: string): Promise<ChangeResult> {
  const action = "user.enabled";
  await requireOnTarget(ctx, "user.disable", action, userId);
  return ctx.db.transaction().execute(async (tx) => {
    const { user } = await loadTarget(tx, userId);
    if (!user.disabled_at) return { changed: false };
    await tx
      .updateTable("users")
      .set({ disabled_at: null, updated_at: nowIso() })
      .where("id", "=", user.id)
      .execute();
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorEmail: ctx.actor.email,
      action,
      targetType: "user",
      targetId: user.id,
      ip: ctx.ip,
    });
    return { changed: true };
  });
}

/** End one session of a person. `changed` is false when it had already ended. */
export async function endUserSession(
  ctx: AdminContext,
  userId: string,
  sessionId: string,
): Promise<ChangeResult> {
  const action = "auth.session.ended";
  await requireOnTarget(ctx, "user.sessions.end", action, userId);
  if (typeof sessionId !== "string" || !/^[0-9a-f]{64}$/.test(sessionId)) throw notFound();
  return ctx.db.transaction().execute(async (tx) => {
    const r = await tx
      .deleteFrom("sessions")
      .where("id", "=", sessionId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) return { changed: false };
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      actorEmail: ctx.actor.email,
      action,
      targetType: "user",
      targetId: userId,
      ip: ctx.ip,
      details: { by: ctx.actor.id === userId ? "self" : "administrator" },
    });
    return { changed: true };
  });
}

// ---------------------------------------------------------------------------------------
// Reading

export interface AdminUserView {
  id: string;
  name: string;
  email: string;
  verified: boolean;
  twoFactor: boolean;
  isDemo: boolean;
  disabled: boolean;
  disabledAt: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  studentLevel: string | null;
  studentInstitution: string | null;
  roles: Role[];
  memberships: { companyId: string; companyName: string; role: "owner" | "colleague" }[];
  sessions: {
    id: string;
    createdAt: string;
    lastSeenAt: string;
    ip: string | null;
    userAgent: string | null;
  }[];
}

/** One person as administrators see them; a 404 when unknown or not readable by the actor. */
export async function getUserForAdmin(
  db: DB,
  actor: Actor,
  userId: string,
  { idleMs }: { idleMs?: number } = {},
): Promise<AdminUserView> {
  const { user, roles } = await loadTarget(db, userId);
  if (!can(actor, "user.list") || !can(actor, "user.read", { id: user.id, roles })) {
    throw notFound();
  }
  const [memberships, sessions] = await Promise.all([
    db
      .selectFrom("memberships")
      .innerJoin("companies", "companies.id", "memberships.company_id")
      .select([
        "memberships.company_id as companyId",
        "companies.name as companyName",
        "memberships.role as role",
      ])
      .where("memberships.user_id", "=", user.id)
      .orderBy("companies.name")
      .execute(),
    db
      .selectFrom("sessions")
      .select(["id", "created_at", "last_seen_at", "ip", "user_agent"])
      .where("user_id", "=", user.id)
      .where("mfa_pending", "=", 0)
      .where("expires_at", ">", nowIso())
      .where("last_seen_at", ">", nowIso(new Date(Date.now() - (idleMs ?? 365 * 86_400_000))))
      .orderBy("last_seen_at", "desc")
      .execute(),
  ]);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    verified: user.email_verified_at !== null,
    twoFactor: user.totp_enabled_at !== null,
    isDemo: user.is_demo === 1,
    disabled: user.disabled_at !== null,
    disabledAt: user.disabled_at,
    lastLoginAt: user.last_login_at,
    createdAt: user.created_at,
    studentLevel: user.student_level,
    studentInstitution: user.student_institution,
    roles,
    memberships,
    sessions: sessions.map((s) => ({
      id: s.id,
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      ip: s.ip,
      userAgent: s.user_agent,
    })),
  };
}

/** Names and addresses of people by id (for showing who is who in the audit log). */
export async function describeUsers(
  db: DB,
  ids: readonly (string | null)[],
): Promise<Record<string, { name: string; email: string }>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return {};
  const rows = await db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("id", "in", unique)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

/** Which administration pages the actor may open (for the administration menu). */
export function adminAbilities(actor: Actor) {
  return {
    users: can(actor, "user.list"),
    invite: can(actor, "user.invite"),
    audit: can(actor, "audit.read"),
    mail: can(actor, "mail.outbox.read"),
  };
}
export type AdminAbilities = ReturnType<typeof adminAbilities>;
