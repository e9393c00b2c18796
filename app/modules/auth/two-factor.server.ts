/**
 * Two-factor authentication (TOTP) on your own account: start setting it up, confirm it with a
 * first code, make new recovery codes, turn it off. The secret is stored as soon as set-up
 * starts, with `totp_enabled_at` NULL until a code confirms it, so a reload shows the same QR
 * code. Staff roles that require 2FA cannot turn it off (demo accounts excepted).
 */
import type { User } from "~/db/schema";
import { nowIso } from "~/lib/ids.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { findUserById, rolesOf } from "~/modules/users/users.server";
import { verifyPassword } from "./crypto.server";
import { type AuthDeps, needsTwoFactor, type RequestInfo } from "./flows.server";
import { enforceLimits } from "./rate-limit.server";
import {
  consumeRecoveryCode,
  regenerateRecoveryCodes,
  remainingRecoveryCodes,
} from "./recovery.server";
import { checkTotp, newTotpSecret, totpQrSvg, totpUri, verifyTotp } from "./totp.server";

/** What the two-factor functions need: the database, the site name (issuer in the app). */
export type TwoFactorDeps = Pick<AuthDeps, "db" | "siteName" | "rateLimitFactor">;

type Req = Pick<RequestInfo, "ip">;

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  /** Unused recovery codes (0 when 2FA is off). */
  recoveryCodesLeft: number;
  /** This person's roles require 2FA (never for demo accounts). */
  required: boolean;
  /** 2FA is on and this person may turn it off. */
  mayDisable: boolean;
}

async function loadUser(deps: TwoFactorDeps, userId: string): Promise<User> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new Error(`user ${userId} not found`);
  return user;
}

async function isRequiredFor(deps: TwoFactorDeps, user: User): Promise<boolean> {
  return needsTwoFactor(await rolesOf(deps.db, user.id), user);
}

export async function getTwoFactorStatus(
  deps: TwoFactorDeps,
  userId: string,
): Promise<TwoFactorStatus> {
  const user = await loadUser(deps, userId);
  const enabled = user.totp_enabled_at !== null && user.totp_secret !== null;
  const required = await isRequiredFor(deps, user);
  return {
    enabled,
    enabledAt: enabled ? user.totp_enabled_at : null,
    recoveryCodesLeft: enabled ? await remainingRecoveryCodes(deps.db, user.id) : 0,
    required,
    mayDisable: enabled && !required,
  };
}

export type Enrollment =
  | { status: "enabled" }
  | { status: "pending"; secret: string; uri: string; qrSvg: string };

/**
 * Start (or continue) setting up 2FA: a pending secret is made once and kept until it is
 * confirmed, so reloading the page shows the same QR code.
 */
export async function startTwoFactorEnrollment(
  deps: TwoFactorDeps,
  userId: string,
): Promise<Enrollment> {
  let user = await loadUser(deps, userId);
  if (user.totp_enabled_at !== null && user.totp_secret !== null) return { status: "enabled" };
  if (!user.totp_secret) {
    // Only set a secret when there is none: two tabs opening at once end up with the same one.
    await deps.db
      .updateTable("users")
      .set({ totp_secret: newTotpSecret(), totp_enabled_at: null, updated_at: nowIso() })
      .where("id", "=", user.id)
      .where("totp_secret", "is", null)
      .execute();
    user = await loadUser(deps, userId);
  }
  const secret = user.totp_secret!;
  const uri = totpUri(secret, user.email, deps.siteName);
  return { status: "pending", secret, uri, qrSvg: await totpQrSvg(uri) };
}

export type ConfirmTwoFactorResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; reason: "code-wrong" | "not-pending" };

/**
 * Turn 2FA on with a first code from the app: the code's time step is recorded (it cannot be
 * used again to log in) and ten recovery codes are made; they are returned to show once.
 */
export async function confirmTwoFactor(
  deps: TwoFactorDeps,
  userId: string,
  code: string,
  req: Req,
  at = Date.now(),
): Promise<ConfirmTwoFactorResult> {
  await enforceLimits(deps.db, [["twoFactorPerAccount", userId]], {
    factor: deps.rateLimitFactor,
  });
  const user = await loadUser(deps, userId);
  const secret = user.totp_secret;
  if (!secret || user.totp_enabled_at !== null) return { ok: false, reason: "not-pending" };
  const cleaned = code.replace(/[\s-]/g, "");
  const step = /^\d{6}$/.test(cleaned) ? checkTotp(secret, cleaned, at) : null;
  if (step === null) {
    await recordAudit(deps.db, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.2fa.enabled",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      result: "failed",
    });
    return { ok: false, reason: "code-wrong" };
  }
  return deps.db.transaction().execute(async (tx) => {
    const r = await tx
      .updateTable("users")
      .set({ totp_enabled_at: nowIso(), totp_last_step: step, updated_at: nowIso() })
      .where("id", "=", user.id)
      .where("totp_secret", "=", secret)
      .where("totp_enabled_at", "is", null)
      .executeTakeFirst();
    // Confirmed at the same moment elsewhere (a second tab): that one showed the codes.
    if (Number(r.numUpdatedRows) !== 1)
      return { ok: false as const, reason: "not-pending" as const };
    const recoveryCodes = await regenerateRecoveryCodes(tx, user.id);
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.2fa.enabled",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
    });
    return { ok: true as const, recoveryCodes };
  });
}

/** Replace the recovery codes with ten new ones (2FA must be on); returns them to show once. */
export async function renewRecoveryCodes(
  deps: TwoFactorDeps,
  userId: string,
  req: Req,
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; reason: "not-enabled" }> {
  const user = await loadUser(deps, userId);
  if (!user.totp_enabled_at || !user.totp_secret) return { ok: false, reason: "not-enabled" };
  return deps.db.transaction().execute(async (tx) => {
    const recoveryCodes = await regenerateRecoveryCodes(tx, user.id);
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.2fa.recovery-regenerated",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
    });
    return { ok: true as const, recoveryCodes };
  });
}

export interface DisableProof {
  /** A current code from the app (or a recovery code). */
  code?: string;
  password?: string;
}

export type DisableTwoFactorResult =
  | { ok: true }
  | { ok: false; reason: "not-enabled" | "required" | "code-wrong" | "password-wrong" };

/**
 * Turn 2FA off, proven with a current code or the password. Not for roles that require 2FA
 * (coordinator, expert, admin), unless the account is a demo account.
 */
export async function disableTwoFactor(
  deps: TwoFactorDeps,
  userId: string,
  proof: DisableProof,
  req: Req,
  at = Date.now(),
): Promise<DisableTwoFactorResult> {
  const user = await loadUser(deps, userId);
  if (!user.totp_enabled_at || !user.totp_secret) return { ok: false, reason: "not-enabled" };
  if (await isRequiredFor(deps, user)) {
    await recordAudit(deps.db, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.2fa.disabled",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      result: "denied",
      details: { reason: "required-for-role" },
    });
    return { ok: false, reason: "required" };
  }
  await enforceLimits(deps.db, [["twoFactorPerAccount", user.id]], {
    factor: deps.rateLimitFactor,
  });
  let ok = false;
  let reason: "code-wrong" | "password-wrong" = "code-wrong";
  let method = "totp";
  const code = proof.code?.replace(/[\s-]/g, "") ?? "";
  if (code) {
    ok = /^\d{6}$/.test(code) && (await verifyTotp(deps.db, user, code, at));
    if (!ok && /^[a-z0-9]{10}$/i.test(code)) {
      ok = await consumeRecoveryCode(deps.db, user.id, code);
      method = "recovery-code";
    }
  } else if (proof.password) {
    method = "password";
    reason = "password-wrong";
    ok = await verifyPassword(user.password_hash, proof.password);
  }
  if (!ok) {
    await recordAudit(deps.db, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.2fa.disabled",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      result: "failed",
      details: { method },
    });
    return { ok: false, reason };
  }
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("users")
      .set({
        totp_secret: null,
        totp_enabled_at: null,
        totp_last_step: null,
        updated_at: nowIso(),
      })
      .where("id", "=", user.id)
      .execute();
    await tx.deleteFrom("recovery_codes").where("user_id", "=", user.id).execute();
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.2fa.disabled",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      details: { method },
    });
  });
  return { ok: true };
}
