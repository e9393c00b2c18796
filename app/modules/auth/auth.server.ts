/**
 * Request-level authentication: who is asking (`getAuth`), and the guards every loader and
 * action uses (`requireUser`, `requireAbility`). Results are memoised per request, so the root
 * loader and a page loader that both ask cost one session lookup.
 */

import type { AppLoadContext } from "react-router";
import { redirect } from "react-router";
import type { SessionRow, User } from "~/db/schema";
import { getLang } from "~/i18n/lang.server";
import type { Actor } from "~/modules/policy/actor";
import { ANONYMOUS } from "~/modules/policy/actor";
import { assertCan } from "~/modules/policy/policy.server";
import type { Action, can } from "~/modules/policy/rules";
import { companyIdsOf, findUserById, rolesOf } from "~/modules/users/users.server";
import { type Runtime, runtime } from "~/runtime.server";
import type { AuthDeps, RequestInfo } from "./flows.server";
import { needsTwoFactor } from "./flows.server";
import { RateLimitedError } from "./rate-limit.server";
import { findSession, type SessionSettings } from "./sessions.server";

export interface Auth {
  actor: Actor;
  user?: User;
  session?: SessionRow;
  /** Signed in with the first factor, the second still to come. */
  pendingSecondFactor: boolean;
  /** A staff member who must set up 2FA before using the platform. */
  mustSetUpTwoFactor: boolean;
}

export function sessionSettings(rt: Runtime): SessionSettings {
  return {
    https: rt.config.https,
    idleMs: rt.config.sessionIdleMs,
    absoluteMs: rt.config.sessionAbsoluteMs,
  };
}

export function authDeps(rt: Runtime): AuthDeps {
  return {
    db: rt.db,
    mail: rt.mail,
    session: sessionSettings(rt),
    publicUrl: rt.config.publicUrl,
    siteName: rt.config.region.branding.name,
    rateLimitFactor: rt.config.rateLimitWindowFactor,
    logger: rt.logger,
  };
}

export function requestInfo(request: Request, context: AppLoadContext | undefined): RequestInfo {
  return {
    ip: context?.clientIp ?? "",
    userAgent: request.headers.get("user-agent"),
    lang: getLang(request),
  };
}

const memo = new WeakMap<Request, Promise<Auth>>();

async function resolveAuth(request: Request): Promise<Auth> {
  const rt = await runtime();
  const session = await findSession(rt.db, request, sessionSettings(rt));
  const none: Auth = { actor: ANONYMOUS, pendingSecondFactor: false, mustSetUpTwoFactor: false };
  if (!session) return none;
  const user = await findUserById(rt.db, session.user_id);
  if (!user || user.disabled_at) return none;
  if (session.mfa_pending === 1) return { ...none, user, session, pendingSecondFactor: true };
  const [roles, companyIds] = await Promise.all([
    rolesOf(rt.db, user.id),
    companyIdsOf(rt.db, user.id),
  ]);
  return {
    actor: {
      kind: "user",
      id: user.id,
      email: user.email,
      name: user.name,
      roles: new Set(roles),
      companyIds,
      isDemo: user.is_demo === 1,
    },
    user,
    session,
    pendingSecondFactor: false,
    mustSetUpTwoFactor: needsTwoFactor(roles, user) && !user.totp_enabled_at,
  };
}

export function getAuth(request: Request): Promise<Auth> {
  let p = memo.get(request);
  if (!p) {
    p = resolveAuth(request);
    memo.set(request, p);
  }
  return p;
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  throw redirect(`/inloggen?terug=${encodeURIComponent(back)}`);
}

const TWO_FACTOR_SETUP = "/account/tweestaps";

/**
 * A signed-in person, or a redirect to the log-in page (which comes back here after).
 * A staff member without 2FA is sent to set it up first.
 */
export async function requireUser(
  request: Request,
): Promise<Auth & { actor: Extract<Actor, { kind: "user" }>; user: User; session: SessionRow }> {
  const auth = await getAuth(request);
  if (auth.pendingSecondFactor) throw redirect("/inloggen/tweestaps");
  if (auth.actor.kind !== "user" || !auth.user || !auth.session) loginRedirect(request);
  if (auth.mustSetUpTwoFactor && new URL(request.url).pathname !== TWO_FACTOR_SETUP) {
    throw redirect(`${TWO_FACTOR_SETUP}?verplicht=1`);
  }
  return auth as Auth & {
    actor: Extract<Actor, { kind: "user" }>;
    user: User;
    session: SessionRow;
  };
}

/**
 * A signed-in person allowed to do `action`; anyone else gets a 404 (anonymous visitors are
 * sent to log in first, as the page might be theirs).
 */
export async function requireAbility<A extends Action>(
  request: Request,
  action: A,
  ...resource: Parameters<typeof can<A>> extends [Actor, A, ...infer R] ? R : never
) {
  const auth = await requireUser(request);
  assertCan(auth.actor, action, ...resource);
  return auth;
}

/** A 429 page-friendly answer for forms: the message and Retry-After header. */
export function rateLimitedHeaders(e: RateLimitedError): HeadersInit {
  return { "Retry-After": String(e.retryAfterSeconds) };
}

export { RateLimitedError };
