/**
 * Self-service on your own account: the overview, changing the password (with a rate limit on
 * guessing the current one), confirming an email change, and your sessions (see them, end
 * one, end all others). Only ever your own: another person's session id or email-change link
 * does nothing.
 */
import { recordAudit } from "~/modules/audit/audit.server";
import { findUserById } from "~/modules/users/users.server";
import {
  type AuthDeps,
  changePassword,
  confirmEmailChange,
  type RequestInfo,
} from "./flows.server";
import { enforceLimits } from "./rate-limit.server";
import { endAllSessions, listSessions } from "./sessions.server";
import { peekToken, type TokenProblem } from "./tokens.server";
import { getTwoFactorStatus, type TwoFactorStatus } from "./two-factor.server";

type Deps = Pick<AuthDeps, "db" | "siteName" | "rateLimitFactor">;

export interface AccountOverview {
  name: string;
  email: string;
  hasPassword: boolean;
  twoFactor: TwoFactorStatus;
}

export async function getAccountOverview(deps: Deps, userId: string): Promise<AccountOverview> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new Error(`user ${userId} not found`);
  return {
    name: user.name,
    email: user.email,
    hasPassword: user.password_hash !== null,
    twoFactor: await getTwoFactorStatus(deps, userId),
  };
}

/**
 * Change or first set your password, limited like log-in attempts (a stolen session must not
 * be able to guess the current password). Other sessions end.
 */
export async function changeOwnPassword(
  deps: AuthDeps,
  userId: string,
  currentSessionId: string,
  current: string | undefined,
  next: string,
  req: RequestInfo,
): ReturnType<typeof changePassword> {
  await enforceLimits(deps.db, [["loginPerAccount", `account:${userId}`]], {
    factor: deps.rateLimitFactor,
  });
  return changePassword(deps, userId, currentSessionId, current, next, req);
}

// ---------------------------------------------------------------------------------------
// Sessions

export interface DeviceInfo {
  /** Browser name, or null when not recognised. */
  browser: string | null;
  /** Operating system, or null when not recognised. */
  os: string | null;
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
  [/^curl\//, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/Windows/, "Windows"],
  [/CrOS/, "ChromeOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

/** A short, readable name for a user agent ("Firefox", "Windows"); never the raw string. */
export function describeDevice(userAgent: string | null): DeviceInfo {
  const ua = userAgent ?? "";
  return {
    browser: BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null,
    os: SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null,
  };
}

export interface OwnSession extends DeviceInfo {
  id: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** Your active sessions, the current one first, then the most recently used. */
export async function listOwnSessions(
  deps: Pick<Deps, "db">,
  userId: string,
  currentSessionId: string,
): Promise<OwnSession[]> {
  const rows = await listSessions(deps.db, userId);
  return rows
    .map((s) => ({
      id: s.id,
      ip: s.ip,
      createdAt: s.created_at,
      lastSeenAt: s.last_seen_at,
      current: s.id === currentSessionId,
      ...describeDevice(s.user_agent),
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * End one of your own sessions. Another person's session id (or an unknown one) changes
 * nothing and answers false.
 */
export async function endOwnSession(
  deps: Pick<Deps, "db">,
  user: { id: string; email: string },
  sessionId: string,
  req: Pick<RequestInfo, "ip">,
): Promise<boolean> {
  const r = await deps.db
    .deleteFrom("sessions")
    .where("id", "=", sessionId)
    .where("user_id", "=", user.id)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) return false;
  await recordAudit(deps.db, {
    actorId: user.id,
    actorEmail: user.email,
    action: "auth.session.ended",
    targetType: "user",
    targetId: user.id,
    ip: req.ip,
    details: { which: "one" },
  });
  return true;
}

/** End all your sessions except this one; returns how many ended. */
export async function endOtherSessions(
  deps: Pick<Deps, "db">,
  user: { id: string; email: string },
  currentSessionId: string,
  req: Pick<RequestInfo, "ip">,
): Promise<number> {
  return deps.db.transaction().execute(async (tx) => {
    const ended = await endAllSessions(tx, user.id, currentSessionId);
    await recordAudit(tx, {
      actorId: user.id,
      actorEmail: user.email,
      action: "auth.session.ended",
      targetType: "user",
      targetId: user.id,
      ip: req.ip,
      details: { which: "others", count: ended },
    });
    return ended;
  });
}

// ---------------------------------------------------------------------------------------
// Email change: the link works only for the account that asked for it (someone else who
// reads the new mailbox, say after a typo, cannot attach it to your account).

export type OwnEmailChangeProblem = TokenProblem | "taken" | "other-account";

/** Look at an email-change link without using it: whose is it, and to which address. */
export async function checkOwnEmailChange(
  deps: Pick<Deps, "db">,
  userId: string,
  token: string,
): Promise<{ ok: true; email: string } | { ok: false; problem: OwnEmailChangeProblem }> {
  const peek = await peekToken(deps.db, "email_change", token);
  if (!peek.ok) return { ok: false, problem: peek.problem };
  if (peek.record.userId !== userId) return { ok: false, problem: "other-account" };
  return { ok: true, email: peek.record.email };
}

/** Use an email-change link of your own account: the account gets the new address. */
export async function confirmOwnEmailChange(
  deps: AuthDeps,
  userId: string,
  token: string,
  req: RequestInfo,
): Promise<{ ok: true } | { ok: false; problem: OwnEmailChangeProblem }> {
  const check = await checkOwnEmailChange(deps, userId, token);
  if (!check.ok) return check;
  return confirmEmailChange(deps, token, req);
}
