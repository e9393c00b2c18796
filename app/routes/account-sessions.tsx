import { parseWithZod } from "@conform-to/zod/v4";
import { Form, redirect } from "react-router";
import { z } from "zod";
import { formatDateTime } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { endOtherSessions, endOwnSession, listOwnSessions } from "~/modules/auth/account.server";
import { authDeps, requestInfo, requireAbility, sessionSettings } from "~/modules/auth/auth.server";
import { clearSessionCookie } from "~/modules/auth/sessions.server";
import { runtime } from "~/runtime.server";
import { Alert, SubmitButton } from "~/ui/form";
import type { Route } from "./+types/account-sessions";
import { accountMeta, BackToAccount } from "./account-common";

export const meta: Route.MetaFunction = ({ matches }) =>
  accountMeta(matches, "account.sessions.title");

const schema = z.discriminatedUnion("intent", [
  // Session ids are the SHA-256 (hex) of the cookie token.
  z.object({ intent: z.literal("end"), sessionId: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal("end-others") }),
]);

const notFound = () => new Response("Not Found", { status: 404 });

export async function loader({ request }: Route.LoaderArgs) {
  const { user, session } = await requireAbility(request, "account.manage");
  const sessions = await listOwnSessions(authDeps(await runtime()), user.id, session.id);
  const q = new URL(request.url).searchParams;
  const endedOthers = Number.parseInt(q.get("uitgelogd") ?? "", 10);
  return {
    sessions,
    ended: q.get("melding") === "beeindigd",
    endedOthers:
      Number.isInteger(endedOthers) && endedOthers >= 0 && endedOthers < 1e6 ? endedOthers : null,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { user, session } = await requireAbility(request, "account.manage");
  const submission = parseWithZod(await request.formData(), { schema });
  // Only tampered forms fail here: answer like a session that is not yours.
  if (submission.status !== "success") throw notFound();
  const rt = await runtime();
  const deps = authDeps(rt);
  const req = requestInfo(request, context);
  if (submission.value.intent === "end-others") {
    const n = await endOtherSessions(deps, user, session.id, req);
    return redirect(`/account/sessies?uitgelogd=${n}`, 303);
  }
  const ended = await endOwnSession(deps, user, submission.value.sessionId, req);
  if (!ended) throw notFound();
  if (submission.value.sessionId === session.id) {
    // Ending the session you are using is logging out.
    return redirect("/inloggen?melding=uitgelogd", {
      status: 303,
      headers: { "Set-Cookie": clearSessionCookie(sessionSettings(rt)) },
    });
  }
  return redirect("/account/sessies?melding=beeindigd", 303);
}

export default function AccountSessions({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { sessions, ended, endedOthers } = loaderData;
  const others = sessions.filter((s) => !s.current).length;
  const deviceName = (s: (typeof sessions)[number]) =>
    s.browser && s.os
      ? t("account.sessions.browserOnOs", { browser: s.browser, os: s.os })
      : (s.browser ?? s.os ?? t("account.sessions.unknown"));
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("account.sessions.title")}</h1>
      {ended ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t("account.sessions.ended")}</p>
        </Alert>
      ) : null}
      {endedOthers !== null ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">
            {t("account.sessions.endedOthers", { count: endedOthers })}
          </p>
        </Alert>
      ) : null}
      <p className="utrecht-paragraph">{t("account.sessions.lead")}</p>
      <ul className="spot-cards" aria-label={t("account.sessions.listLabel")}>
        {sessions.map((s) => {
          const started = formatDateTime(s.createdAt, lang);
          return (
            <li key={s.id} className="spot-card">
              <h2 className="utrecht-heading-3">{deviceName(s)}</h2>
              {s.current ? (
                <p className="utrecht-paragraph">
                  <strong>{t("account.sessions.thisDevice")}</strong>
                </p>
              ) : null}
              <dl className="spot-dl">
                <dt>{t("account.sessions.ip")}</dt>
                <dd>{s.ip || t("account.sessions.unknownIp")}</dd>
                <dt>{t("account.sessions.started")}</dt>
                <dd>{started}</dd>
                <dt>{t("account.sessions.lastActive")}</dt>
                <dd>{formatDateTime(s.lastSeenAt, lang)}</dd>
              </dl>
              {s.current ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="end" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button
                    type="submit"
                    className="utrecht-button utrecht-button--secondary-action"
                    aria-label={t("account.sessions.endLabel", { device: deviceName(s), started })}
                  >
                    {t("account.sessions.end")}
                  </button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
      {others > 0 ? (
        <Form method="post" className="spot-form">
          <input type="hidden" name="intent" value="end-others" />
          <p className="utrecht-paragraph">{t("account.sessions.endOthersHelp")}</p>
          <SubmitButton secondary>{t("account.sessions.endOthers")}</SubmitButton>
        </Form>
      ) : (
        <p className="utrecht-paragraph">{t("account.sessions.onlyThis")}</p>
      )}
      <BackToAccount />
    </div>
  );
}
