/**
 * Time-based one-time passwords (RFC 6238, 30 s, 6 digits, SHA-1: what every authenticator
 * app speaks), via `otpauth`. A code is accepted one step either side of now, and never twice.
 */
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import type { DB } from "~/db/database.server";
import type { User } from "~/db/schema";
import { nowIso } from "~/lib/ids.server";

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string, issuer: string): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

export function totpUri(secret: string, email: string, issuer: string): string {
  return totpFor(secret, email, issuer).toString();
}

/** An SVG QR code of the otpauth:// URI, drawn on the server (no script needed). */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, {
    type: "svg",
    margin: 2,
    errorCorrectionLevel: "M",
    color: { dark: "#1c1c1c", light: "#ffffff" },
  });
}

/** The code for a secret at a time (tests and the demo use it). */
export function totpCode(secret: string, at = Date.now()): string {
  return totpFor(secret, "x", "x").generate({ timestamp: at });
}

/** Check a code against a secret without recording it (used while setting 2FA up). */
export function checkTotp(secret: string, code: string, at = Date.now()): number | null {
  const delta = totpFor(secret, "x", "x").validate({ token: code, timestamp: at, window: 1 });
  if (delta === null) return null;
  return Math.floor(at / 1000 / PERIOD) + delta;
}

/** Verify a code for a user with 2FA on, and record its time step so it cannot be reused. */
export async function verifyTotp(
  db: DB,
  user: User,
  code: string,
  at = Date.now(),
): Promise<boolean> {
  if (!user.totp_secret) return false;
  const step = checkTotp(user.totp_secret, code, at);
  if (step === null) return false;
  if (user.totp_last_step !== null && step <= user.totp_last_step) return false;
  const r = await db
    .updateTable("users")
    .set({ totp_last_step: step, updated_at: nowIso() })
    .where("id", "=", user.id)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
