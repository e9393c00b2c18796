/**
 * Account flows, one function per thing a person does: sign up, log in (password or email
 * link), second factor, log out, reset or change the password, change the email address,
 * accept an invitation. Each writes what belongs together in one transaction, records security
 * events in the audit log, and never reveals whether an email address has an account.
 */
import type { DB } from "~/db/database.server";
import { type Role, STAFF_ROLES_REQUIRING_2FA, type User } from "~/db/schema";
import type { Lang } from "~/i18n/i18n";
import { newId, nowIso } from "~/lib/ids.server";
import type { Logger } from "~/logger.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { type MailSettings, queueMail } from "~/modules/mail/mail.server";
import { renderMail } from "~/modules/mail/templates.server";
import type { Actor } from "~/modules/policy/actor";
import { can } from "~/modules/policy/rules";
import {
  addMembership,
  findUserByEmail,
  findUserById,
  insertUser,
  normalizeEmail,
  rolesOf,
} from "~/modules/users/users.server";
import { hashPassword, verifyPassword } from "./crypto.server";
import { enforceLimits } from "./rate-limit.server";
import { consumeRecoveryCode } from "./recovery.server";
import { createSession, endAllSessions, endSession, type SessionSettings } from "./sessions.server";
import { consumeToken, issueToken, revokeTokens, type TokenProblem } from "./tokens.server";
import { verifyTotp } from "./totp.server";

export interface AuthDeps {
  db: DB;
  mail: MailSettings;
  session: SessionSettings;
  publicUrl: string;
  siteName: string;
  rateLimitFactor: number;
  logger?: Logger;
}

export interface RequestInfo {
  ip: string;
  userAgent: string | null;
  lang: Lang;
}

export type LoginOutcome =
  | { kind: "signed-in"; token: string; user: User; needsTwoFactorSetup: boolean }
  | { kind: "second-factor"; token: string; user: User }
  | { kind: "failed"; reason: "credentials" | "unverified" | "disabled" };

export function needsTwoFactor(roles: readonly Role[], user: Pick<User, "is_demo">): boolean {
  return user.is_demo !== 1 && roles.some((r) => STAFF_ROLES_REQUIRING_2FA.includes(r));
}

async function send(
  deps: AuthDeps,
  db: DB,
  template: string,
  to: string,
  lang: Lang,
  values: Record<string, string>,
) {
  await queueMail(
    db,
    deps.mail,
    renderMail(template, { to, lang, siteName: deps.siteName, values }),
    deps.logger,
  );
}

const link = (deps: AuthDeps, path: string, token: string) =>
  `${deps.publicUrl}${path}?token=${encodeURIComponent(token)}`;

/** Open a session after a successful first step (password, link or invitation). */
async function startSession(
  deps: AuthDeps,
  user: User,
  req: RequestInfo,
  method: string,
): Promise<LoginOutcome> {
  const roles = await rolesOf(deps.db, user.id);
  const mfa = user.totp_enabled_at !== null;
  const { token } = await createSession(deps.db, user.id, deps.session, {
    ip: req.ip,
    userAgent: req.userAgent,
    mfaPending: mfa,
  });
  if (mfa) {
    await recordAudit(deps.db, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.login.first-step",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      details: { method },
    });
    return { kind: "second-factor", token, user };
  }
  await deps.db
    .updateTable("users")
    .set({ last_login_at: nowIso() })
    .where("id", "=", user.id)
    .execute();
  await recordAudit(deps.db, {
    actorId: user.id,
    actorEmail: user.email,
    action: "auth.login",
    targetType: "user",
    targetId: user.id,
    ip: req.ip,
    details: { method },
  });
  return { kind: "signed-in", token, user, needsTwoFactorSetup: needsTwoFactor(roles, user) };
}

// ---------------------------------------------------------------------------------------
// Sign-up

export interface SignUpInput {
  name: string;
  email: string;
  companyName: string;
  password?: string;
}

/**
 * Sign up an entrepreneur with their company. The answer is the same whether or not the
 * address has an account: a known address gets an email with a log-in link instead.
 */
export async function signUp(deps: AuthDeps, input: SignUpInput, req: RequestInfo): Promise<void> {
  await enforceLimits(deps.db, [["signupPerAddress", req.ip]], { factor: deps.rateLimitFactor });
  const email = normalizeEmail(input.email);
  const existing = await findUserByEmail(deps.db, email);
  if (existing) {
    await deps.db.transaction().execute(async (tx) => {
      const token = await issueToken(tx, "login_link", { userId: existing.id, email });
      await send(deps, tx, "alreadyRegistered", email, req.lang, {
        name: existing.name,
        link: link(deps, "/inloggen/link", token),
      });
      await recordAudit(tx, {
        actorEmail: email,
        action: "auth.signup.existing",
        targetType: "user",
        targetId: existing.id,
        ip: req.ip,
      });
    });
    return;
  }
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  await deps.db.transaction().execute(async (tx) => {
    const user = await insertUser(tx, {
      email,
      name: input.name,
      passwordHash,
      roles: ["entrepreneur"],
    });
    const now = nowIso();
    const companyId = newId();
    await tx
      .insertInto("companies")
      .values({
        id: companyId,
        name: input.companyName.trim(),
        kvk_number: null,
        kind: "sme",
        sbi_section: null,
        employees: null,
        postcode: null,
        cbs_code: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await addMembership(tx, user.id, companyId, "owner");
    const token = await issueToken(tx, "verify_email", { userId: user.id, email });
    await send(deps, tx, "verifyEmail", email, req.lang, {
      name: user.name,
      link: link(deps, "/email-bevestigen", token),
    });
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: email,
      action: "auth.signup",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
    });
  });
}

export async function verifyEmail(
  deps: AuthDeps,
  token: string,
  req: RequestInfo,
): Promise<{ ok: true; hasPassword: boolean } | { ok: false; problem: TokenProblem }> {
  return deps.db.transaction().execute(async (tx) => {
    const r = await consumeToken(tx, "verify_email", token);
    if (!r.ok) return { ok: false as const, problem: r.problem };
    const user = r.record.userId ? await findUserById(tx, r.record.userId) : undefined;
    if (!user || user.email !== r.record.email)
      return { ok: false as const, problem: "invalid" as const };
    await tx
      .updateTable("users")
      .set({ email_verified_at: user.email_verified_at ?? nowIso(), updated_at: nowIso() })
      .where("id", "=", user.id)
      .execute();
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.email.verified",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
    });
    return { ok: true as const, hasPassword: user.password_hash !== null };
  });
}

/** Send a fresh verification link (e.g. after an expired one). Silent for unknown addresses. */
export async function resendVerification(
  deps: AuthDeps,
  email: string,
  req: RequestInfo,
): Promise<void> {
  await enforceLimits(
    deps.db,
    [
      ["emailLinkPerAccount", normalizeEmail(email)],
      ["emailLinkPerAddress", req.ip],
    ],
    { factor: deps.rateLimitFactor },
  );
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.disabled_at || user.email_verified_at) return;
  await deps.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, "verify_email", { userId: user.id, email: user.email });
    await send(deps, tx, "verifyEmail", user.email, req.lang, {
      name: user.name,
      link: link(deps, "/email-bevestigen", token),
    });
  });
}

// ---------------------------------------------------------------------------------------
// Log-in

export async function loginWithPassword(
  deps: AuthDeps,
  email: string,
  password: string,
  req: RequestInfo,
): Promise<LoginOutcome> {
  const normalized = normalizeEmail(email);
  await enforceLimits(
    deps.db,
    [
      ["loginPerAccount", normalized],
      ["loginPerAddress", req.ip],
    ],
    { factor: deps.rateLimitFactor },
  );
  const user = await findUserByEmail(deps.db, normalized);
  const ok = await verifyPassword(user?.password_hash, password);
  if (!user || !ok) {
    await recordAudit(deps.db, {
      actorEmail: normalized,
      action: "auth.login",
      targetType: "user",
      targetId: user?.id ?? null,
      ip: req.ip,
      result: "failed",
      details: { method: "password" },
    });
    return { kind: "failed", reason: "credentials" };
  }
  if (user.disabled_at) {
    await recordAudit(deps.db, {
      actorId: user.id,
      actorEmail: normalized,
      action: "auth.login",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      result: "denied",
      details: { reason: "disabled" },
    });
    return { kind: "failed", reason: "credentials" };
  }
  if (!user.email_verified_at) {
    await resendVerification(deps, normalized, req).catch(() => {});
    return { kind: "failed", reason: "unverified" };
  }
  return startSession(deps, user, req, "password");
}

/** Email a one-time log-in link (valid 10 minutes). Silent for unknown or disabled addresses. */
export async function requestLoginLink(
  deps: AuthDeps,
  email: string,
  req: RequestInfo,
  returnTo = "/mijn",
): Promise<void> {
  const normalized = normalizeEmail(email);
  await enforceLimits(
    deps.db,
    [
      ["emailLinkPerAccount", normalized],
      ["emailLinkPerAddress", req.ip],
    ],
    { factor: deps.rateLimitFactor },
  );
  const user = await findUserByEmail(deps.db, normalized);
  if (!user || user.disabled_at) {
    await recordAudit(deps.db, {
      actorEmail: normalized,
      action: "auth.link.requested",
      ip: req.ip,
      result: "failed",
      details: { reason: user ? "disabled" : "unknown" },
    });
    return;
  }
  await deps.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, "login_link", {
      userId: user.id,
      email: normalized,
      payload: { returnTo },
    });
    await send(deps, tx, "loginLink", normalized, req.lang, {
      name: user.name,
      link: link(deps, "/inloggen/link", token),
    });
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: normalized,
      action: "auth.link.requested",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
    });
  });
}

export async function loginWithLink(
  deps: AuthDeps,
  token: string,
  req: RequestInfo,
): Promise<(LoginOutcome & { returnTo?: string }) | { kind: "bad-link"; problem: TokenProblem }> {
  const r = await consumeToken(deps.db, "login_link", token);
  if (!r.ok) return { kind: "bad-link", problem: r.problem };
  const user = r.record.userId ? await findUserById(deps.db, r.record.userId) : undefined;
  if (!user || user.disabled_at || user.email !== r.record.email)
    return { kind: "bad-link", problem: "invalid" };
  // Following the link proves the mailbox: the address counts as verified.
  if (!user.email_verified_at) {
    await deps.db
      .updateTable("users")
      .set({ email_verified_at: nowIso() })
      .where("id", "=", user.id)
      .execute();
    user.email_verified_at = nowIso();
  }
  const outcome = await startSession(deps, user, req, "email-link");
  const returnTo = (r.record.payload as { returnTo?: string } | null)?.returnTo;
  return { ...outcome, returnTo };
}

/**
 * The second step: a TOTP code or a recovery code. On success the pending session is
 * replaced by a new one (a new id at every change of privilege).
 */
export async function completeSecondFactor(
  deps: AuthDeps,
  sessionId: string,
  userId: string,
  code: string,
  req: RequestInfo,
): Promise<{ ok: true; token: string } | { ok: false }> {
  await enforceLimits(deps.db, [["twoFactorPerAccount", userId]], { factor: deps.rateLimitFactor });
  const user = await findUserById(deps.db, userId);
  if (!user || user.disabled_at || !user.totp_secret || !user.totp_enabled_at) return { ok: false };
  const cleaned = code.replace(/[\s-]/g, "");
  let method = "totp";
  let ok = /^\d{6}$/.test(cleaned) && (await verifyTotp(deps.db, user, cleaned));
  if (!ok && /^[a-z0-9]{10}$/i.test(cleaned)) {
    ok = await consumeRecoveryCode(deps.db, user.id, cleaned);
    method = "recovery-code";
  }
  if (!ok) {
    await recordAudit(deps.db, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.2fa.verify",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      result: "failed",
    });
    return { ok: false };
  }
  await endSession(deps.db, sessionId);
  const { token } = await createSession(deps.db, user.id, deps.session, {
    ip: req.ip,
    userAgent: req.userAgent,
  });
  await deps.db
    .updateTable("users")
    .set({ last_login_at: nowIso() })
    .where("id", "=", user.id)
    .execute();
  await recordAudit(deps.db, {
    actorId: user.id,
    actorEmail: user.email,
    action: "auth.login",
    targetType: "user",
    targetId: user.id,
    ip: req.ip,
    details: { method, secondFactor: true },
  });
  return { ok: true, token };
}

export async function logout(
  deps: AuthDeps,
  sessionId: string,
  user: { id: string; email: string },
  req: RequestInfo,
): Promise<void> {
  await endSession(deps.db, sessionId);
  await recordAudit(deps.db, {
    actorId: user.id,
    actorEmail: user.email,
    action: "auth.logout",
    targetType: "user",
    targetId: user.id,
    ip: req.ip,
  });
}

// ---------------------------------------------------------------------------------------
// Passwords

export async function requestPasswordReset(
  deps: AuthDeps,
  email: string,
  req: RequestInfo,
): Promise<void> {
  const normalized = normalizeEmail(email);
  await enforceLimits(
    deps.db,
    [
      ["resetPerAccount", normalized],
      ["resetPerAddress", req.ip],
    ],
    { factor: deps.rateLimitFactor },
  );
  const user = await findUserByEmail(deps.db, normalized);
  if (!user || user.disabled_at) return;
  await deps.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, "reset_password", { userId: user.id, email: normalized });
    await send(deps, tx, "resetPassword", normalized, req.lang, {
      name: user.name,
      link: link(deps, "/wachtwoord-herstellen", token),
    });
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: normalized,
      action: "auth.password.reset-requested",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
    });
  });
}

/** Set a new password from a reset link: every session of the user ends. */
export async function resetPassword(
  deps: AuthDeps,
  token: string,
  password: string,
  req: RequestInfo,
): Promise<{ ok: true } | { ok: false; problem: TokenProblem }> {
  const hash = await hashPassword(password);
  return deps.db.transaction().execute(async (tx) => {
    const r = await consumeToken(tx, "reset_password", token);
    if (!r.ok) return { ok: false as const, problem: r.problem };
    const user = r.record.userId ? await findUserById(tx, r.record.userId) : undefined;
    if (!user || user.disabled_at) return { ok: false as const, problem: "invalid" as const };
    await tx
      .updateTable("users")
      .set({
        password_hash: hash,
        email_verified_at: user.email_verified_at ?? nowIso(),
        updated_at: nowIso(),
      })
      .where("id", "=", user.id)
      .execute();
    await revokeTokens(tx, "reset_password", user.id);
    const ended = await endAllSessions(tx, user.id);
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.password.reset",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      details: { sessionsEnded: ended },
    });
    await send(deps, tx, "passwordChanged", user.email, req.lang, { name: user.name });
    return { ok: true as const };
  });
}

/** Change (or first set) the password. Other sessions end; this one stays. */
export async function changePassword(
  deps: AuthDeps,
  userId: string,
  currentSessionId: string,
  current: string | undefined,
  next: string,
  req: RequestInfo,
): Promise<{ ok: true } | { ok: false; reason: "current-wrong" }> {
  const user = await findUserById(deps.db, userId);
  if (!user) return { ok: false, reason: "current-wrong" };
  if (user.password_hash && !(await verifyPassword(user.password_hash, current ?? ""))) {
    await recordAudit(deps.db, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.password.change",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      result: "failed",
    });
    return { ok: false, reason: "current-wrong" };
  }
  const hash = await hashPassword(next);
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("users")
      .set({ password_hash: hash, updated_at: nowIso() })
      .where("id", "=", user.id)
      .execute();
    const ended = await endAllSessions(tx, user.id, currentSessionId);
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.password.change",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      details: { sessionsEnded: ended },
    });
    await send(deps, tx, "passwordChanged", user.email, req.lang, { name: user.name });
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------
// Email change (re-authenticate with the password; confirm from the new address)

export async function requestEmailChange(
  deps: AuthDeps,
  userId: string,
  password: string,
  newEmail: string,
  req: RequestInfo,
): Promise<{ ok: true } | { ok: false; reason: "password-wrong" | "no-password" | "same" }> {
  const user = await findUserById(deps.db, userId);
  if (!user) return { ok: false, reason: "password-wrong" };
  if (!user.password_hash) return { ok: false, reason: "no-password" };
  await enforceLimits(deps.db, [["loginPerAccount", user.email]], { factor: deps.rateLimitFactor });
  if (!(await verifyPassword(user.password_hash, password))) {
    await recordAudit(deps.db, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.email.change-requested",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      result: "failed",
    });
    return { ok: false, reason: "password-wrong" };
  }
  const target = normalizeEmail(newEmail);
  if (target === user.email) return { ok: false, reason: "same" };
  await deps.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, "email_change", {
      userId: user.id,
      email: target,
      payload: { from: user.email },
    });
    await send(deps, tx, "confirmEmailChange", target, req.lang, {
      name: user.name,
      link: link(deps, "/account/email/bevestigen", token),
    });
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.email.change-requested",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      details: { to: target },
    });
  });
  return { ok: true };
}

export async function confirmEmailChange(
  deps: AuthDeps,
  token: string,
  req: RequestInfo,
): Promise<{ ok: true } | { ok: false; problem: TokenProblem | "taken" }> {
  return deps.db.transaction().execute(async (tx) => {
    const r = await consumeToken(tx, "email_change", token);
    if (!r.ok) return { ok: false as const, problem: r.problem };
    const user = r.record.userId ? await findUserById(tx, r.record.userId) : undefined;
    if (!user || user.disabled_at) return { ok: false as const, problem: "invalid" as const };
    if (await findUserByEmail(tx, r.record.email))
      return { ok: false as const, problem: "taken" as const };
    const old = user.email;
    await tx
      .updateTable("users")
      .set({ email: r.record.email, email_verified_at: nowIso(), updated_at: nowIso() })
      .where("id", "=", user.id)
      .execute();
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: r.record.email,
      action: "auth.email.changed",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      details: { from: old, to: r.record.email },
    });
    await send(deps, tx, "emailChangedNotice", old, req.lang, {
      name: user.name,
      email: r.record.email,
    });
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------------------------------
// Invitations (staff roles are given only this way)

export interface InviteInput {
  email: string;
  name: string;
  roles: Role[];
  studentLevel?: "mbo" | "hbo" | "wo";
  studentInstitution?: string;
  companyId?: string;
}

export async function inviteUser(
  deps: AuthDeps,
  actor: Actor,
  input: InviteInput,
  req: RequestInfo,
): Promise<void> {
  // The policy again, here too: a route that forgets it cannot hand out roles.
  if (
    actor.kind !== "user" ||
    !can(actor, "user.invite") ||
    !input.roles.every((r) => can(actor, "user.role.grant", r))
  ) {
    throw new Response("Not Found", { status: 404 });
  }
  const email = normalizeEmail(input.email);
  await deps.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, "invite", {
      email,
      payload: { ...input, email, invitedBy: actor.id },
    });
    await send(deps, tx, "invite", email, req.lang, {
      name: input.name,
      inviter: actor.email,
      link: link(deps, "/uitnodiging", token),
    });
    await recordAudit(tx, {
      actorId: actor.id,
      actorEmail: actor.email,
      action: "user.invite",
      targetType: "email",
      targetId: email,
      ip: req.ip,
      details: { roles: input.roles },
    });
  });
}

export async function acceptInvitation(
  deps: AuthDeps,
  token: string,
  input: { name: string; password: string },
  req: RequestInfo,
): Promise<{ ok: true; outcome: LoginOutcome } | { ok: false; problem: TokenProblem }> {
  const hash = await hashPassword(input.password);
  const result = await deps.db.transaction().execute(async (tx) => {
    const r = await consumeToken(tx, "invite", token);
    if (!r.ok) return { ok: false as const, problem: r.problem };
    const invite = r.record.payload as InviteInput & { invitedBy: string };
    let user = await findUserByEmail(tx, r.record.email);
    const now = nowIso();
    // A disabled account is not brought back by an old invitation.
    if (user?.disabled_at) return { ok: false as const, problem: "invalid" as const };
    if (!user) {
      user = await insertUser(tx, {
        email: r.record.email,
        name: input.name,
        passwordHash: hash,
        roles: invite.roles,
        emailVerified: true,
        studentLevel: invite.studentLevel ?? null,
        studentInstitution: invite.studentInstitution ?? null,
        grantedBy: invite.invitedBy,
      });
    } else {
      await tx
        .updateTable("users")
        .set({
          name: input.name.trim(),
          password_hash: hash,
          email_verified_at: user.email_verified_at ?? now,
          updated_at: now,
        })
        .where("id", "=", user.id)
        .execute();
      for (const role of invite.roles) {
        await tx
          .insertInto("user_roles")
          .values({ user_id: user.id, role, granted_by: invite.invitedBy, granted_at: now })
          .onConflict((oc) => oc.columns(["user_id", "role"]).doNothing())
          .execute();
      }
      user = (await findUserById(tx, user.id))!;
    }
    if (invite.companyId) await addMembership(tx, user.id, invite.companyId, "colleague");
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: user.email,
      action: "user.invite.accepted",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      details: { roles: invite.roles, invitedBy: invite.invitedBy },
    });
    return { ok: true as const, user };
  });
  if (!result.ok) return result;
  return { ok: true, outcome: await startSession(deps, result.user, req, "invitation") };
}
