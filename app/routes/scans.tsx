import { Form, Link, redirect } from "react-router";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { getAuth } from "~/modules/auth/auth.server";
import { ownerCookie } from "~/modules/scans/access.server";
import { latestInstrument, listInstruments } from "~/modules/scans/registry.server";
import { startResponse } from "~/modules/scans/responses.server";
import { runtime } from "~/runtime.server";
import { SubmitButton } from "~/ui/form";
import type { Route } from "./+types/scans";

export const meta: Route.MetaFunction = ({ matches }) => [
  {
    title:
      (matches[0]?.data as { lang?: string })?.lang === "en"
        ? "Scans | SPOT 035"
        : "Scans | SPOT 035",
  },
];

export async function loader({ request }: Route.LoaderArgs) {
  const lang = getLang(request);
  const auth = await getAuth(request);
  const { db } = await runtime();
  const mine =
    auth.actor.kind === "user"
      ? await db
          .selectFrom("scan_responses")
          .select(["id", "instrument_id", "status", "started_at", "completed_at", "level"])
          .where("user_id", "=", auth.actor.id)
          .orderBy("started_at", "desc")
          .limit(20)
          .execute()
      : [];
  return {
    instruments: listInstruments().map((i) => ({
      id: i.id,
      title: i.title[lang],
      intro: i.intro[lang],
      minutes: i.minutes,
    })),
    mine: mine.map((m) => ({
      ...m,
      title: latestInstrument(m.instrument_id)?.title[lang] ?? m.instrument_id,
    })),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const rt = await runtime();
  const form = await request.formData();
  const id = String(form.get("instrument") ?? "");
  const inst = listInstruments().find((i) => i.id === id);
  if (!inst) throw new Response("Not Found", { status: 404 });
  const auth = await getAuth(request);
  const userId = auth.actor.kind === "user" ? auth.actor.id : null;
  const companyId = auth.actor.kind === "user" ? (auth.actor.companyIds[0] ?? null) : null;
  const { response, ownerToken } = await startResponse(rt.db, inst, {
    lang: getLang(request),
    userId,
    companyId,
  });
  return redirect(`/scan/${response.id}/vraag/1`, {
    status: 303,
    headers: { "Set-Cookie": ownerCookie(request, response, ownerToken, rt.config.https) },
  });
}

export default function Scans({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  return (
    <>
      <h1 className="utrecht-heading-1">{t("scan.chooseTitle")}</h1>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t("scan.chooseLead")}</p>
      <ul className="spot-doors">
        {loaderData.instruments.map((i) => (
          <li key={i.id} className="spot-door">
            <h2 className="utrecht-heading-3" id={`inst-${i.id}`}>
              {i.title}
            </h2>
            <p className="spot-door__time">{t("scan.minutes", { count: i.minutes })}</p>
            <p className="utrecht-paragraph">{i.intro}</p>
            <Form method="post">
              <input type="hidden" name="instrument" value={i.id} />
              <SubmitButton>
                {t("scan.start")}
                <span className="spot-visually-hidden">: {i.title}</span>
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
      <p className="utrecht-paragraph spot-hint">{t("scan.noAccountNeeded")}</p>
      {loaderData.mine.length > 0 ? (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title" className="utrecht-heading-2">
            {t("scan.mine")}
          </h2>
          <ul className="utrecht-link-list">
            {loaderData.mine.map((m) => (
              <li key={m.id} className="utrecht-link-list__item">
                <Link
                  className="utrecht-link"
                  to={m.status === "completed" ? `/scan/${m.id}/resultaat` : `/scan/${m.id}`}
                >
                  {m.title} — {m.status === "completed" ? t("scan.done") : t("scan.inProgress")}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
