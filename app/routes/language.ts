import { redirect } from "react-router";
import { isLang } from "~/i18n/i18n";
import { langCookie, safeReturnTo } from "~/i18n/lang.server";
import { runtime } from "~/runtime.server";
import type { Route } from "./+types/language";

/** The language switch: sets the language cookie and returns to the same page. */
export async function action({ request }: Route.ActionArgs) {
  const { config } = await runtime();
  const form = await request.formData();
  const lang = form.get("lang");
  const returnTo = safeReturnTo(form.get("returnTo"));
  if (!isLang(lang)) return redirect(returnTo, 303);
  return redirect(returnTo, {
    status: 303,
    headers: { "Set-Cookie": langCookie(lang, config.https) },
  });
}

export function loader() {
  // GET /taal has no page of its own.
  throw new Response("Not Found", { status: 404 });
}
