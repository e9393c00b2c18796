/**
 * People and their roles and company memberships.
 */
import type { DB } from "~/db/database.server";
import { ROLES, type Role, type User } from "~/db/schema";
import { newId, nowIso } from "~/lib/ids.server";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export async function findUserByEmail(db: DB, email: string): Promise<User | undefined> {
  return db
    .selectFrom("users")
    .selectAll()
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
}

export async function findUserById(db: DB, id: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function rolesOf(db: DB, userId: string): Promise<Role[]> {
  const rows = await db
    .selectFrom("user_roles")
    .select("role")
    .where("user_id", "=", userId)
    .execute();
  return rows.map((r) => r.role).sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b));
}

export async function companyIdsOf(db: DB, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships")
    .select("company_id")
    .where("user_id", "=", userId)
    .execute();
  return rows.map((r) => r.company_id);
}

export interface NewUserInput {
  email: string;
  name: string;
  passwordHash?: string | null;
  roles?: Role[];
  emailVerified?: boolean;
  isDemo?: boolean;
  studentLevel?: "mbo" | "hbo" | "wo" | null;
  studentInstitution?: string | null;
  grantedBy?: string | null;
}

/** Create a user with roles. Run inside a transaction together with related writes. */
export async function insertUser(db: DB, input: NewUserInput): Promise<User> {
  const now = nowIso();
  const user: User = {
    id: newId(),
    email: normalizeEmail(input.email),
    name: input.name.trim(),
    password_hash: input.passwordHash ?? null,
    email_verified_at: input.emailVerified ? now : null,
    disabled_at: null,
    totp_secret: null,
    totp_enabled_at: null,
    totp_last_step: null,
    student_level: input.studentLevel ?? null,
    student_institution: input.studentInstitution ?? null,
    is_demo: input.isDemo ? 1 : 0,
    last_login_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("users").values(user).execute();
  for (const role of input.roles ?? []) {
    await db
      .insertInto("user_roles")
      .values({ user_id: user.id, role, granted_by: input.grantedBy ?? null, granted_at: now })
      .execute();
  }
  return user;
}

export async function addMembership(
  db: DB,
  userId: string,
  companyId: string,
  role: "owner" | "colleague",
): Promise<void> {
  await db
    .insertInto("memberships")
    .values({ user_id: userId, company_id: companyId, role, created_at: nowIso() })
    .onConflict((oc) => oc.columns(["user_id", "company_id"]).doNothing())
    .execute();
}

export interface UserListItem {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  verified: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface UserListQuery {
  search?: string;
  role?: Role;
  status?: "active" | "disabled";
  /** By name, A to Z (default) or Z to A. */
  sort?: "name" | "-name";
  offset?: number;
  limit?: number;
}

/** Search and filter users (administration). */
export async function listUsers(
  db: DB,
  q: UserListQuery,
): Promise<{ total: number; items: UserListItem[] }> {
  let base = db.selectFrom("users");
  if (q.search) {
    const like = `%${q.search.trim().toLowerCase().replace(/[%_]/g, "")}%`;
    base = base.where((eb) =>
      eb.or([eb(eb.fn("lower", ["users.name"]), "like", like), eb("users.email", "like", like)]),
    );
  }
  if (q.role) {
    const role = q.role;
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom("user_roles")
          .select("user_roles.user_id")
          .whereRef("user_roles.user_id", "=", "users.id")
          .where("user_roles.role", "=", role),
      ),
    );
  }
  if (q.status === "active") base = base.where("users.disabled_at", "is", null);
  if (q.status === "disabled") base = base.where("users.disabled_at", "is not", null);
  const totalRow = await base
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = await base
    .selectAll("users")
    .orderBy((eb) => eb.fn("lower", ["users.name"]), q.sort === "-name" ? "desc" : "asc")
    .orderBy("users.id", q.sort === "-name" ? "desc" : "asc")
    .offset(q.offset ?? 0)
    .limit(Math.min(q.limit ?? 50, 200))
    .execute();
  const roleRows = rows.length
    ? await db
        .selectFrom("user_roles")
        .select(["user_id", "role"])
        .where(
          "user_id",
          "in",
          rows.map((r) => r.id),
        )
        .execute()
    : [];
  return {
    total: Number(totalRow.n),
    items: rows.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      roles: roleRows
        .filter((r) => r.user_id === u.id)
        .map((r) => r.role)
        .sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b)),
      disabled: u.disabled_at !== null,
      verified: u.email_verified_at !== null,
      lastLoginAt: u.last_login_at,
      createdAt: u.created_at,
    })),
  };
}
