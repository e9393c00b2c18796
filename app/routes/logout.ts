import { redirect } from "react-router";
import { authDeps, getAuth, requestInfo, sessionSettings } from "~/modules/auth/auth.server";
import { logout } from "~/modules/auth/flows.server";
import { clearSessionCookie } from "~/modules/auth/sessions.server";
import { runtime } from "~/runtime.server";
import type { Route } from "./+types/logout";

/** Log out (POST only; a GET would let any page log you out). */
export async function action({ request, context }: Route.ActionArgs) {
  const rt = await runtime();
  const auth = await getAuth(request);
  if (auth.session && auth.user) {
    await logout(authDeps(rt), auth.session.id, auth.user, requestInfo(request, context));
  }
  return redirect("/inloggen?melding=uitgelogd", {
    status: 303,
    headers: { "Set-Cookie": clearSessionCookie(sessionSettings(rt)) },
  });
}

export function loader() {
  throw new Response("Not Found", { status: 404 });
}
