/**
 * Turning a log-in outcome into the right redirect with the session cookie.
 */
import { redirect } from "react-router";
import { safeReturnTo } from "~/i18n/lang.server";
import type { LoginOutcome } from "./flows.server";
import { type SessionSettings, sessionCookie } from "./sessions.server";

export function afterLogin(
  outcome: Exclude<LoginOutcome, { kind: "failed" }>,
  settings: SessionSettings,
  returnTo: unknown,
): Response {
  const back = safeReturnTo(returnTo, "/mijn");
  const headers = { "Set-Cookie": sessionCookie(outcome.token, settings) };
  if (outcome.kind === "second-factor") {
    return redirect(`/inloggen/tweestaps?terug=${encodeURIComponent(back)}`, {
      status: 303,
      headers,
    });
  }
  if (outcome.needsTwoFactorSetup && !outcome.user.totp_enabled_at) {
    return redirect("/account/tweestaps?verplicht=1", { status: 303, headers });
  }
  return redirect(back, { status: 303, headers });
}
