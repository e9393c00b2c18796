/**
 * Two-factor authentication on your own account, on both databases: set-up with a pending
 * secret, confirming with a first code, codes that work once, recovery codes, and who may
 * turn 2FA off.
 */
import { expect, it } from "vitest";
import type { DB } from "~/db/database.server";
import type { Role } from "~/db/schema";
import { listAudit } from "~/modules/audit/audit.server";
import { hashPassword } from "~/modules/auth/crypto.server";
import { consumeRecoveryCode, remainingRecoveryCodes } from "~/modules/auth/recovery.server";
import { totpCode, verifyTotp } from "~/modules/auth/totp.server";
import {
  confirmTwoFactor,
  disableTwoFactor,
  getTwoFactorStatus,
  renewRecoveryCodes,
  startTwoFactorEnrollment,
  type TwoFactorDeps,
} from "~/modules/auth/two-factor.server";
import { findUserById, insertUser } from "~/modules/users/users.server";
import { describeEachDialect } from "../support/db";

const PASSWORD = "een lang genoeg wachtwoord";
const REQ = { ip: "10.9.8.7" };
const STEP = 30_000;

let n = 0;
let passwordHash: string | undefined;

async function makeUser(db: DB, roles: Role[], { isDemo = false } = {}) {
  passwordHash ??= await hashPassword(PASSWORD);
  return insertUser(db, {
    email: `tweestaps-${++n}-${Math.random().toString(36).slice(2, 8)}@example.org`,
    name: `Persoon ${n}`,
    passwordHash,
    roles,
    emailVerified: true,
    isDemo,
  });
}

/** Set 2FA up for a user; returns the secret and the moment the first code was used. */
async function enable(deps: TwoFactorDeps, userId: string, at = Date.now()) {
  const e = await startTwoFactorEnrollment(deps, userId);
  if (e.status !== "pending") throw new Error("expected a pending enrollment");
  const r = await confirmTwoFactor(deps, userId, totpCode(e.secret, at), REQ, at);
  if (!r.ok) throw new Error(`confirm failed: ${r.reason}`);
  return { secret: e.secret, at, recoveryCodes: r.recoveryCodes };
}

describeEachDialect("two-factor authentication", (get) => {
  const deps = (): TwoFactorDeps => ({
    db: get().handle.db,
    siteName: "SPOT 035",
    rateLimitFactor: 1,
  });

  it("enrolls: a pending secret that survives a reload, then a code turns 2FA on with 10 recovery codes", async () => {
    const d = deps();
    const user = await makeUser(d.db, ["entrepreneur"]);

    const first = await startTwoFactorEnrollment(d, user.id);
    expect(first.status).toBe("pending");
    if (first.status !== "pending") return;
    expect(first.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(first.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(first.uri).toContain("issuer=SPOT%20035");
    expect(first.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(first.qrSvg).not.toMatch(/<script/i);

    // Reloading the page keeps the same secret; 2FA is not on yet.
    const again = await startTwoFactorEnrollment(d, user.id);
    expect(again.status === "pending" && again.secret).toBe(first.secret);
    let row = await findUserById(d.db, user.id);
    expect(row?.totp_secret).toBe(first.secret);
    expect(row?.totp_enabled_at).toBeNull();
    expect((await getTwoFactorStatus(d, user.id)).enabled).toBe(false);

    const at = Date.now();
    const r = await confirmTwoFactor(d, user.id, totpCode(first.secret, at), REQ, at);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.recoveryCodes).toHaveLength(10);
    expect(new Set(r.recoveryCodes).size).toBe(10);
    for (const c of r.recoveryCodes) expect(c).toMatch(/^[a-z0-9]{10}$/);

    row = await findUserById(d.db, user.id);
    expect(row?.totp_enabled_at).not.toBeNull();
    expect(row?.totp_last_step).toBe(Math.floor(at / STEP));
    const status = await getTwoFactorStatus(d, user.id);
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10, mayDisable: true });
    expect(await startTwoFactorEnrollment(d, user.id)).toEqual({ status: "enabled" });

    // Recovery codes are stored hashed, never as they are.
    const stored = await d.db
      .selectFrom("recovery_codes")
      .select("code_hash")
      .where("user_id", "=", user.id)
      .execute();
    expect(stored).toHaveLength(10);
    for (const s of stored) expect(r.recoveryCodes).not.toContain(s.code_hash);

    const audit = await listAudit(d.db, { action: "auth.2fa.enabled", targetId: user.id });
    expect(audit.map((a) => a.result)).toEqual(["ok"]);
    expect(JSON.stringify(audit)).not.toContain(first.secret);
  });

  it("refuses a wrong or malformed code and stays pending", async () => {
    const d = deps();
    const user = await makeUser(d.db, ["entrepreneur"]);
    const e = await startTwoFactorEnrollment(d, user.id);
    if (e.status !== "pending") throw new Error("expected pending");
    const at = Date.now();
    const right = totpCode(e.secret, at);
    const wrong = right === "000000" ? "111111" : "000000";
    expect(await confirmTwoFactor(d, user.id, wrong, REQ, at)).toEqual({
      ok: false,
      reason: "code-wrong",
    });
    expect(await confirmTwoFactor(d, user.id, "abc", REQ, at)).toEqual({
      ok: false,
      reason: "code-wrong",
    });
    // A code from ten minutes ago is too old.
    expect(
      await confirmTwoFactor(d, user.id, totpCode(e.secret, at - 10 * 60_000), REQ, at),
    ).toMatchObject({ ok: false });
    expect((await getTwoFactorStatus(d, user.id)).enabled).toBe(false);
    const failed = await listAudit(d.db, { action: "auth.2fa.enabled", targetId: user.id });
    expect(failed.every((a) => a.result === "failed")).toBe(true);
    // The right code still works afterwards, and confirming twice does not make new codes.
    expect((await confirmTwoFactor(d, user.id, right, REQ, at)).ok).toBe(true);
    expect(await confirmTwoFactor(d, user.id, right, REQ, at)).toEqual({
      ok: false,
      reason: "not-pending",
    });
  });

  it("a code cannot be used twice: not the set-up code, not a log-in code", async () => {
    const d = deps();
    const user = await makeUser(d.db, ["entrepreneur"]);
    const { secret, at } = await enable(d, user.id);
    const used = totpCode(secret, at);

    // The code that turned 2FA on cannot log in.
    let row = (await findUserById(d.db, user.id))!;
    expect(await verifyTotp(d.db, row, used, at)).toBe(false);

    // The next code works once.
    const next = totpCode(secret, at + STEP);
    expect(await verifyTotp(d.db, row, next, at + STEP)).toBe(true);
    row = (await findUserById(d.db, user.id))!;
    expect(await verifyTotp(d.db, row, next, at + STEP)).toBe(false);
    // Nor can it turn 2FA off.
    expect(await disableTwoFactor(d, user.id, { code: next }, REQ, at + STEP)).toEqual({
      ok: false,
      reason: "code-wrong",
    });
    expect((await getTwoFactorStatus(d, user.id)).enabled).toBe(true);
  });

  it("a recovery code works once, and new codes replace the old ones", async () => {
    const d = deps();
    const user = await makeUser(d.db, ["entrepreneur"]);
    const { recoveryCodes } = await enable(d, user.id);
    const [code] = recoveryCodes;

    expect(await consumeRecoveryCode(d.db, user.id, code!)).toBe(true);
    expect(await consumeRecoveryCode(d.db, user.id, code!)).toBe(false);
    expect(await remainingRecoveryCodes(d.db, user.id)).toBe(9);
    expect((await getTwoFactorStatus(d, user.id)).recoveryCodesLeft).toBe(9);

    // Someone else's account does not accept this person's code.
    const other = await makeUser(d.db, ["entrepreneur"]);
    await enable(d, other.id);
    expect(await consumeRecoveryCode(d.db, other.id, recoveryCodes[1]!)).toBe(false);

    const renewed = await renewRecoveryCodes(d, user.id, REQ);
    expect(renewed.ok).toBe(true);
    if (!renewed.ok) return;
    expect(renewed.recoveryCodes).toHaveLength(10);
    expect(await remainingRecoveryCodes(d.db, user.id)).toBe(10);
    expect(await consumeRecoveryCode(d.db, user.id, recoveryCodes[1]!)).toBe(false);
    expect(await consumeRecoveryCode(d.db, user.id, renewed.recoveryCodes[0]!)).toBe(true);
    const audit = await listAudit(d.db, {
      action: "auth.2fa.recovery-regenerated",
      targetId: user.id,
    });
    expect(audit).toHaveLength(1);

    // Without 2FA there is nothing to renew.
    const off = await makeUser(d.db, ["entrepreneur"]);
    expect(await renewRecoveryCodes(d, off.id, REQ)).toEqual({ ok: false, reason: "not-enabled" });
  });

  it("an entrepreneur turns 2FA off with a current code or the password", async () => {
    const d = deps();
    const byCode = await makeUser(d.db, ["entrepreneur"]);
    const { secret, at } = await enable(d, byCode.id);
    const later = at + STEP;
    expect(
      await disableTwoFactor(d, byCode.id, { code: totpCode(secret, later) }, REQ, later),
    ).toEqual({ ok: true });
    const row = await findUserById(d.db, byCode.id);
    expect(row).toMatchObject({ totp_secret: null, totp_enabled_at: null, totp_last_step: null });
    expect(await remainingRecoveryCodes(d.db, byCode.id)).toBe(0);
    expect(await getTwoFactorStatus(d, byCode.id)).toMatchObject({
      enabled: false,
      mayDisable: false,
    });
    // Setting it up again starts with a new secret.
    const restart = await startTwoFactorEnrollment(d, byCode.id);
    expect(restart.status === "pending" && restart.secret).not.toBe(secret);

    const byPassword = await makeUser(d.db, ["entrepreneur"]);
    await enable(d, byPassword.id);
    expect(
      await disableTwoFactor(d, byPassword.id, { password: "niet het wachtwoord" }, REQ),
    ).toEqual({ ok: false, reason: "password-wrong" });
    expect(await disableTwoFactor(d, byPassword.id, {}, REQ)).toEqual({
      ok: false,
      reason: "code-wrong",
    });
    expect((await getTwoFactorStatus(d, byPassword.id)).enabled).toBe(true);
    expect(await disableTwoFactor(d, byPassword.id, { password: PASSWORD }, REQ)).toEqual({
      ok: true,
    });
    expect(await disableTwoFactor(d, byPassword.id, { password: PASSWORD }, REQ)).toEqual({
      ok: false,
      reason: "not-enabled",
    });
    const audit = await listAudit(d.db, { action: "auth.2fa.disabled", targetId: byPassword.id });
    expect(audit.map((a) => a.result).sort()).toEqual(["failed", "failed", "ok"]);
  });

  it("staff whose roles require 2FA cannot turn it off; demo staff can", async () => {
    const d = deps();
    for (const role of ["coordinator", "expert", "admin"] as const) {
      const staff = await makeUser(d.db, [role]);
      const status0 = await getTwoFactorStatus(d, staff.id);
      expect(status0).toMatchObject({ required: true, enabled: false, mayDisable: false });
      const { secret, at } = await enable(d, staff.id);
      expect(await getTwoFactorStatus(d, staff.id)).toMatchObject({
        required: true,
        enabled: true,
        mayDisable: false,
      });
      const later = at + STEP;
      expect(await disableTwoFactor(d, staff.id, { password: PASSWORD }, REQ)).toEqual({
        ok: false,
        reason: "required",
      });
      expect(
        await disableTwoFactor(d, staff.id, { code: totpCode(secret, later) }, REQ, later),
      ).toEqual({ ok: false, reason: "required" });
      expect((await findUserById(d.db, staff.id))?.totp_enabled_at).not.toBeNull();
      const denied = await listAudit(d.db, { action: "auth.2fa.disabled", targetId: staff.id });
      expect(denied.map((a) => a.result)).toEqual(["denied", "denied"]);
    }
    // An entrepreneur who is also an expert is staff.
    const both = await makeUser(d.db, ["entrepreneur", "expert"]);
    await enable(d, both.id);
    expect(await disableTwoFactor(d, both.id, { password: PASSWORD }, REQ)).toMatchObject({
      reason: "required",
    });

    const demo = await makeUser(d.db, ["expert"], { isDemo: true });
    await enable(d, demo.id);
    expect(await getTwoFactorStatus(d, demo.id)).toMatchObject({
      required: false,
      mayDisable: true,
    });
    expect(await disableTwoFactor(d, demo.id, { password: PASSWORD }, REQ)).toEqual({ ok: true });
  });
});
