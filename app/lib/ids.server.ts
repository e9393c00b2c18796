import { randomBytes, randomUUID } from "node:crypto";

/** Primary keys: random UUIDs (text in both databases). */
export function newId(): string {
  return randomUUID();
}

/** A URL-safe random token with `bytes` bytes of entropy (default 128 bits). */
export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString("base64url");
}

/** The current time as an ISO 8601 UTC string, the format every timestamp column uses. */
export function nowIso(date: Date = new Date()): string {
  return date.toISOString();
}
