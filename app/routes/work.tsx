/**
 * /werk "Mijn werk": the personal dashboard of everyone who can be on a case team, and of
 * coordinators. Overdue tasks first, then the other open tasks (each with a "Klaar" button
 * that posts to the case's task route), then my cases with a link to log an activity.
 * Coordinators also see how many help requests wait and how many cases have gone quiet.
 */
import { Form, Link } from "react-router";
import { formatDate, formatNumber, isoDay } from "~/i18n/format";
import { getT, isLang } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import { requireUser } from "~/modules/auth/auth.server";
import {
  listMyCases,
  listMyTasks,
  listPipeline,
  type MyTask,
} from "~/modules/cases/queries.server";
import { countIntakeRequests } from "~/modules/intake/intake.server";
import { can } from "~/modules/policy/rules";
import { runtime } from "~/runtime.server";
import casesListCss from "~/styles/cases-list.css?url";
import { adminLinks, TableWrap } from "~/ui/admin";
import { Alert } from "~/ui/form";
import type { Route } from "./+types/work";

export const meta: Route.MetaFunction = ({ matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  return [{ title: getT(isLang(lang) ? lang : "nl")("casesList.work.meta") }];
};
export const links: Route.LinksFunction = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: casesListCss },
];

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireUser(request);
  const runsCases = can(actor, "case.list");
  if (!runsCases && !can(actor, "case.listOwn")) {
    throw new Response("Not Found", { status: 404 });
  }
  const rt = await runtime();
  const today = isoDay(new Date());
  const staleAfter = rt.config.journey.staleAfterDays;
  const [tasks, cases, overview] = await Promise.all([
    listMyTasks(rt.db, actor.id, { today }),
    listMyCases(rt.db, actor.id),
    runsCases
      ? Promise.all([
          can(actor, "intake.list") ? countIntakeRequests(rt.db) : Promise.resolve(null),
          listPipeline(rt.db, { staleDays: staleAfter, limit: 0, today }),
        ]).then(([intakes, stale]) => ({
          newRequests: intakes ? intakes.status.new : null,
          staleCases: stale.total,
        }))
      : Promise.resolve(null),
  ]);
  const done = new URL(request.url).searchParams.get("gedaan") === "taskDone";
  return {
    notice: done ? ("taskDone" as const) : null,
    name: actor.name,
    overdue: tasks.filter((x) => x.overdue),
    open: tasks.filter((x) => !x.overdue),
    cases,
    overview,
    staleAfter,
    canList: runsCases,
  };
}

function TaskList({ tasks, overdue }: { tasks: MyTask[]; overdue: boolean }) {
  const { t, lang } = useT();
  return (
    <ul className="spot-task-list">
      {tasks.map((task) => (
        <li key={task.id} className={`spot-task${overdue ? " spot-task--overdue" : ""}`}>
          <div className="spot-task__body">
            <span className="spot-task__title">{task.title}</span>
            <span className="spot-task__meta">
              <Link className="utrecht-link" to={`/casussen/${task.caseId}`}>
                {task.companyName}
              </Link>{" "}
              ({task.caseReference})
            </span>
            <span className="spot-task__meta">
              {overdue ? (
                <span className="spot-badge spot-badge--overdue">
                  {t("casesList.work.overdueBadge")}
                </span>
              ) : null}{" "}
              {task.dueOn
                ? t("casesList.work.due", { date: formatDate(task.dueOn, lang) })
                : t("casesList.work.noDue")}
            </span>
          </div>
          <Form method="post" action={`/casussen/${task.caseId}/taken`} className="spot-task__done">
            <input type="hidden" name="intent" value="done" />
            <input type="hidden" name="taskId" value={task.id} />
            <input type="hidden" name="terug" value="/werk" />
            <button
              type="submit"
              className="utrecht-button utrecht-button--secondary-action"
              aria-label={t("casesList.work.doneLabel", { title: task.title })}
            >
              {t("casesList.work.done")}
            </button>
          </Form>
        </li>
      ))}
    </ul>
  );
}

export default function Work({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  return (
    <>
      <h1 className="utrecht-heading-1">{t("casesList.work.title")}</h1>
      <p className="utrecht-paragraph">{t("casesList.work.lead", { name: d.name })}</p>
      {d.notice ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t(`casesList.work.notice.${d.notice}`)}</p>
        </Alert>
      ) : null}

      {d.overview ? (
        <section aria-labelledby="overview-title" className="spot-section">
          <h2 id="overview-title" className="utrecht-heading-2">
            {t("casesList.work.overviewTitle")}
          </h2>
          <ul className="spot-overview">
            {d.overview.newRequests !== null ? (
              <li className="spot-overview__item">
                <Link
                  className="utrecht-link spot-overview__link"
                  to="/beheer/aanvragen?status=new"
                >
                  <span className="spot-overview__n">
                    {formatNumber(d.overview.newRequests, lang)}
                  </span>{" "}
                  {t("casesList.work.newRequests", { count: d.overview.newRequests })}
                </Link>
              </li>
            ) : null}
            <li className="spot-overview__item">
              <Link
                className="utrecht-link spot-overview__link"
                to={`/casussen?weergave=lijst&stil=${d.staleAfter}&sorteer=activiteit`}
              >
                <span className="spot-overview__n">
                  {formatNumber(d.overview.staleCases, lang)}
                </span>{" "}
                {t("casesList.work.staleCases", {
                  count: d.overview.staleCases,
                  days: d.staleAfter,
                })}
              </Link>
            </li>
            <li className="spot-overview__item">
              <Link className="utrecht-link" to="/casussen">
                {t("casesList.work.allCases")}
              </Link>
            </li>
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="tasks-title" className="spot-section">
        <h2 id="tasks-title" className="utrecht-heading-2">
          {t("casesList.work.tasksTitle")}
        </h2>
        {d.overdue.length === 0 && d.open.length === 0 ? (
          <p className="utrecht-paragraph">{t("casesList.work.noTasks")}</p>
        ) : null}
        {d.overdue.length > 0 ? (
          <>
            <h3 className="utrecht-heading-3">
              {t("casesList.work.overdueTitle", { count: d.overdue.length })}
            </h3>
            <TaskList tasks={d.overdue} overdue />
          </>
        ) : null}
        {d.open.length > 0 ? (
          <>
            <h3 className="utrecht-heading-3">
              {t("casesList.work.openTitle", { count: d.open.length })}
            </h3>
            <TaskList tasks={d.open} overdue={false} />
          </>
        ) : null}
      </section>

      <section aria-labelledby="cases-title" className="spot-section">
        <h2 id="cases-title" className="utrecht-heading-2">
          {t("casesList.work.casesTitle")}
        </h2>
        {d.cases.length === 0 ? (
          <p className="utrecht-paragraph">
            {d.canList ? t("casesList.work.noCasesCoordinator") : t("casesList.work.noCases")}
          </p>
        ) : (
          <TableWrap captionId="my-cases-caption">
            <table className="spot-table">
              <caption id="my-cases-caption">
                {t("casesList.work.casesCaption", { count: d.cases.length })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("casesList.work.colCompany")}</th>
                  <th scope="col">{t("casesList.work.colPhase")}</th>
                  <th scope="col">{t("casesList.work.colRole")}</th>
                  <th scope="col">{t("casesList.work.colActivity")}</th>
                  <th scope="col">{t("casesList.work.colTasks")}</th>
                  <th scope="col">
                    <span className="spot-visually-hidden">{t("casesList.work.colActions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.cases.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link className="utrecht-link" to={`/casussen/${c.id}`}>
                        {c.companyName}
                      </Link>
                      <br />
                      <span className="spot-hint">{c.reference}</span>
                    </th>
                    <td className="spot-cell--nowrap">{t(`cases.phaseNumbered.${c.phase}`)}</td>
                    <td>{t(`cases.role.${c.role}`)}</td>
                    <td className="spot-cell--nowrap">
                      {c.lastActivityOn
                        ? formatDate(c.lastActivityOn, lang)
                        : t("casesList.work.noActivity")}
                    </td>
                    <td>{formatNumber(c.openTasks, lang)}</td>
                    <td>
                      <Link className="utrecht-link" to={`/casussen/${c.id}/activiteit`}>
                        {t("casesList.work.logActivity")}
                        <span className="spot-visually-hidden">
                          {" "}
                          {t("casesList.work.logActivityFor", { company: c.companyName })}
                        </span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </>
  );
}
