import { data, Form, Link, redirect } from "react-router";
import { useT } from "~/i18n/use-t";
import { peekToken } from "~/modules/auth/tokens.server";
import { ownerCookie } from "~/modules/scans/access.server";
import { findResponse } from "~/modules/scans/responses.server";
import { resumeWithLink } from "~/modules/scans/resume.server";
import { runtime } from "~/runtime.server";
import { Alert, SubmitButton } from "~/ui/form";
import type { Route } from "./+types/scan-resume";

export const meta: Route.MetaFunction = () => [{ title: "Verder met je scan | SPOT 035" }];

// Opening the link shows a button; the POST gives this device access (mail scanners open links).
export async function loader({ request }: Route.LoaderArgs) {
  const { db } = await runtime();
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const peek = await peekToken(db, "scan_resume", token);
  return { token: peek.ok ? token : "", problem: peek.ok ? null : peek.problem };
}

export async function action({ request }: Route.ActionArgs) {
  const rt = await runtime();
  const token = String((await request.formData()).get("token") ?? "");
  const r = await resumeWithLink(rt.db, token);
  if (!r.ok) return data({ problem: r.problem }, { status: 400 });
  const response = (await findResponse(rt.db, r.responseId))!;
  return redirect(`/scan/${response.id}`, {
    status: 303,
    headers: { "Set-Cookie": ownerCookie(request, response, r.ownerToken, rt.config.https) },
  });
}

export default function ScanResume({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useT();
  const problem = actionData?.problem ?? loaderData.problem;
  if (problem) {
    return (
      <div className="spot-narrow">
        <h1 className="utrecht-heading-1">{t(`link.${problem}Title`)}</h1>
        <Alert type="warning">
          <p className="utrecht-paragraph">{t("scan.resumeProblem")}</p>
        </Alert>
        <p className="utrecht-paragraph">
          <Link className="utrecht-button-link utrecht-button-link--primary-action" to="/scan">
            {t("scan.startNew")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="spot-narrow">
      <h1 className="utrecht-heading-1">{t("scan.resumeTitle")}</h1>
      <p className="utrecht-paragraph">{t("scan.resumeBody")}</p>
      <Form method="post">
        <input type="hidden" name="token" value={loaderData.token} />
        <SubmitButton>{t("scan.resumeSubmit")}</SubmitButton>
      </Form>
    </div>
  );
}
