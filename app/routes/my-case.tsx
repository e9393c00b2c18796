/**
 * /mijn/casus/:id — the entrepreneur's own case, in plain words, phone first: where we are in
 * the journey, who helps, what happens next, what we ask of you, what happened so far, shared
 * documents and scans, and the messages with the team (with a form to send one).
 *
 * Only the company's view (getCaseView with internal: false), and the loader hands the page
 * only what it shows: no email addresses of the team, no reasons, no internal anything.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { formatDate, formatDateTime, formatNumber } from "~/i18n/format";
import { getT, isLang, type Lang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { requestInfo } from "~/modules/auth/auth.server";
import { loadCaseFor } from "~/modules/cases/access.server";
import { caseContext, postMessage } from "~/modules/cases/cases.server";
import { MESSAGE_MAX } from "~/modules/cases/form-limits";
import { isEndPhase, type Phase, phaseNumber, WORK_PHASES } from "~/modules/cases/model";
import { type CaseView, getCaseView } from "~/modules/cases/queries.server";
import { myCaseMessageSchema as messageSchema } from "~/modules/cases/schema";
import { latestInstrument } from "~/modules/scans/registry.server";
import intakeCss from "~/styles/intake.css?url";
import myCaseCss from "~/styles/my-case.css?url";
import { Alert, ErrorSummary, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/my-case";

export const meta: Route.MetaFunction = ({ data: d, matches }) => {
  const lang = (matches[0]?.data as { lang?: string } | undefined)?.lang;
  const t = getT(isLang(lang) ? lang : "nl");
  return [{ title: d ? t("myCase.meta.title", { title: d.title }) : t("myCase.meta.fallback") }];
};
export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: intakeCss },
  { rel: "stylesheet", href: myCaseCss },
];

const NOTICES = ["message"] as const;
type Notice = (typeof NOTICES)[number];

/** The journey task asking the company to do a scan (config/journey.json): links to /scan. */
const SCAN_TASK = "company-scan";

/** One line of "what happened so far", already in words the page can translate. */
interface Happening {
  id: string;
  at: string;
  /** myCase.event.<key> */
  key: string;
  values: Record<string, string>;
}

function happenings(
  timeline: CaseView["timeline"],
  t: ReturnType<typeof getT>,
  lang: Lang,
): Happening[] {
  const out: Happening[] = [];
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  for (const e of timeline) {
    if (e.internal) continue;
    const d = e.data;
    const base = { id: e.id, at: e.at };
    switch (e.kind) {
      case "created":
        out.push({ ...base, key: "created", values: {} });
        break;
      case "phase_changed": {
        const to = str(d.to);
        if (!to) break;
        out.push({ ...base, key: "phase", values: { phase: t(`cases.phaseNumbered.${to}`) } });
        break;
      }
      case "activity_logged": {
        const type = str(d.type);
        const on = str(d.on);
        if (!type || !on) break;
        out.push({
          ...base,
          key: "activity",
          values: { activity: t(`cases.activity.${type}`), date: formatDate(on, lang) },
        });
        break;
      }
      case "member_added":
        out.push({
          ...base,
          key: "memberAdded",
          values: {
            name: str(d.name),
            role: t(`cases.role.${str(d.role)}`).toLocaleLowerCase(lang),
          },
        });
        break;
      case "member_removed":
        out.push({ ...base, key: "memberRemoved", values: { name: str(d.name) } });
        break;
      case "message_posted":
        out.push({
          ...base,
          key: d.fromCompany ? "messageFromCompany" : "messageFromTeam",
          values: { name: e.actor ?? "" },
        });
        break;
      case "document_added":
        out.push({ ...base, key: "document", values: { name: str(d.name) } });
        break;
      case "scan_linked": {
        const inst = latestInstrument(str(d.instrument));
        out.push({
          ...base,
          key: "scan",
          values: { scan: inst ? inst.title[lang] : str(d.instrument) },
        });
        break;
      }
      case "task_added":
        out.push({ ...base, key: "taskAdded", values: { title: str(d.title) } });
        break;
      case "task_done":
        out.push({ ...base, key: "taskDone", values: { title: str(d.title) } });
        break;
      case "task_reopened":
        out.push({ ...base, key: "taskReopened", values: { title: str(d.title) } });
        break;
      case "advice_shared":
        out.push({ ...base, key: "adviceShared", values: { number: String(d.number ?? "") } });
        break;
      case "advice_decided":
        if (d.complete) out.push({ ...base, key: "adviceDecided", values: {} });
        break;
      case "realisation_progress":
        out.push({
          ...base,
          key: "realisationProgress",
          values: { title: str(d.title), progress: String(d.progress ?? "") },
        });
        break;
      default:
        // Anything else is for the team only.
        break;
    }
  }
  return out;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, row, abilities } = await loadCaseFor(request, params.id, "case.read");
  const view = await getCaseView(rt.db, row.id, { internal: false, row });
  if (!view) throw new Response("Not Found", { status: 404 });
  const lang = getLang(request);
  const t = getT(lang);
  const phase = view.case.phase as Phase;
  // How far the journey got (for a closed or withdrawn case: the last working phase reached).
  const reached = Math.max(
    -1,
    ...view.phaseHistory.map((p) => phaseNumber(p.to as Phase) ?? -1),
    phaseNumber(phase) ?? -1,
  );
  const open = view.tasks.filter((x) => x.status === "open");
  const task = (x: (typeof view.tasks)[number]) => ({
    id: x.id,
    title: x.title,
    journeyKey: x.journeyKey,
    dueOn: x.dueOn,
  });
  const notice = new URL(request.url).searchParams.get("gedaan");
  return {
    id: row.id,
    reference: view.case.reference,
    title: view.case.title,
    companyName: view.company.name,
    question: view.case.question,
    phase,
    ended: isEndPhase(phase),
    current: phaseNumber(phase),
    reached,
    team: view.team.map((m) => ({
      id: m.userId,
      name: m.name,
      role: m.role,
      studentLevel: m.studentLevel,
      studentInstitution: m.studentInstitution,
    })),
    ourTasks: open.filter((x) => !x.forCompany).map(task),
    yourTasks: open.filter((x) => x.forCompany).map(task),
    happenings: happenings(view.timeline, t, lang),
    documents: view.documents.map((d) => ({
      id: d.id,
      name: d.name,
      size: d.size,
      uploadedAt: d.uploadedAt,
    })),
    scans: view.scans
      .filter((s) => s.status === "completed")
      .map((s) => {
        const inst = latestInstrument(s.instrumentId);
        return {
          id: s.id,
          title: inst ? inst.title[lang] : s.instrumentId,
          completedAt: s.completedAt,
        };
      }),
    messages: view.messages.map((m) => ({
      id: m.id,
      author: m.author,
      fromCompany: m.fromCompany,
      body: m.body,
      createdAt: m.createdAt,
    })),
    canMessage: abilities.message,
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { rt, actor, row } = await loadCaseFor(request, params.id, "case.message");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: messageSchema });
  if (submission.status !== "success") {
    return data({ lastResult: submission.reply(), problem: null }, { status: 400 });
  }
  const result = await postMessage(
    caseContext(rt, actor, requestInfo(request, context).ip),
    row.id,
    submission.value.body,
  );
  if (!result.ok) {
    return data(
      { lastResult: submission.reply(), problem: `cases.problem.${result.problem}` },
      { status: 409 },
    );
  }
  return redirect(`/mijn/casus/${row.id}?gedaan=message`, 303);
}

function TaskLine({
  task,
  lang,
  forCompany,
}: {
  task: { title: string; journeyKey: string | null; dueOn: string | null };
  lang: Lang;
  forCompany: boolean;
}) {
  const { t } = useT();
  // Journey tasks are worded for the company; a task someone typed keeps its own words.
  const title = task.journeyKey
    ? t(`myCase.journeyTask.${task.journeyKey}`, { defaultValue: task.title })
    : task.title;
  return (
    <li className="utrecht-unordered-list__item spot-mycase-task">
      {forCompany && task.journeyKey === SCAN_TASK ? (
        <Link className="utrecht-link" to="/scan">
          {title}
        </Link>
      ) : (
        title
      )}
      {task.dueOn ? (
        <>
          {" — "}
          <span className="spot-mycase-task__due">
            {t("myCase.next.due", { date: formatDate(task.dueOn, lang) })}
          </span>
        </>
      ) : null}
    </li>
  );
}

export default function MyCase({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  const [form, fields] = useForm<z.input<typeof messageSchema>>({
    id: "message",
    lastResult: actionData?.lastResult ?? undefined,
    constraint: formConstraints.myCaseMessage,
  });
  const bodyLabel = t("myCase.messages.body");

  return (
    <div className="spot-mycase">
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/mijn">
          {t("myCase.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{t("myCase.title", { title: d.title })}</h1>
      <p className="utrecht-paragraph spot-hint">
        {t("myCase.reference", { reference: d.reference })}
      </p>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to={`/mijn/casus/${d.id}/advies`}>
          {t("advice.links.mine")}
        </Link>
      </p>
      {d.notice ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t(`myCase.notice.${d.notice}`)}</p>
        </Alert>
      ) : null}

      <section aria-labelledby="where-title" className="spot-section spot-mycase-section">
        <h2 id="where-title" className="utrecht-heading-2">
          {t("myCase.where.title")}
        </h2>
        <ol className="spot-journey" aria-label={t("myCase.where.steps")}>
          {WORK_PHASES.map((p, i) => {
            const isCurrent = d.current === i;
            const done = d.ended ? i <= d.reached : d.current !== null && i < d.current;
            const state = isCurrent ? "current" : done ? "done" : "later";
            return (
              <li
                key={p}
                className={`spot-journey__step spot-journey__step--${state}`}
                aria-current={isCurrent ? "step" : undefined}
              >
                <span className="spot-journey__mark" aria-hidden="true">
                  {done ? "✓" : ""}
                </span>
                <span className="spot-journey__name">{t(`cases.phaseNumbered.${p}`)}</span>
                {state !== "later" ? (
                  <span className="spot-journey__state">{t(`myCase.where.state.${state}`)}</span>
                ) : null}
              </li>
            );
          })}
        </ol>
        {d.ended ? (
          <Alert type="info">
            <p className="utrecht-paragraph">
              <strong>{t(`cases.phaseForCompany.${d.phase}`)}</strong>{" "}
              {t(`myCase.where.ended.${d.phase}`)}
            </p>
            <p className="utrecht-paragraph">
              <Link className="utrecht-link" to="/hulpvraag">
                {t("myCase.where.askAgain")}
              </Link>
            </p>
          </Alert>
        ) : (
          <div className="spot-mycase-now">
            <p className="utrecht-paragraph">
              <strong>
                {t("myCase.where.now", { phase: t(`cases.phaseNumbered.${d.phase}`) })}
              </strong>
            </p>
            <p className="utrecht-paragraph">{t(`cases.phaseForCompany.${d.phase}`)}</p>
          </div>
        )}
        <details className="spot-mycase-question">
          <summary>{t("myCase.where.yourQuestion")}</summary>
          <p className="utrecht-paragraph spot-intake-question">{d.question}</p>
        </details>
      </section>

      <section aria-labelledby="team-title" className="spot-section spot-mycase-section">
        <h2 id="team-title" className="utrecht-heading-2">
          {t("myCase.team.title")}
        </h2>
        {d.team.length === 0 ? (
          <p className="utrecht-paragraph">{t("myCase.team.none")}</p>
        ) : (
          <ul className="utrecht-unordered-list spot-mycase-team">
            {d.team.map((m) => (
              <li key={m.id} className="utrecht-unordered-list__item">
                <strong>{m.name}</strong>
                {", "}
                {m.role === "student"
                  ? m.studentInstitution
                    ? t("myCase.team.student", {
                        level: m.studentLevel ?? "",
                        institution: m.studentInstitution,
                      })
                    : t("myCase.team.studentNoSchool", { level: m.studentLevel ?? "" })
                  : t(`cases.role.${m.role}`).toLocaleLowerCase(lang)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="next-title" className="spot-section spot-mycase-section">
        <h2 id="next-title" className="utrecht-heading-2">
          {t("myCase.next.title")}
        </h2>
        {d.ourTasks.length === 0 ? (
          <p className="utrecht-paragraph">{t("myCase.next.none")}</p>
        ) : (
          <ul className="utrecht-unordered-list">
            {d.ourTasks.map((task) => (
              <TaskLine key={task.id} task={task} lang={lang} forCompany={false} />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="yours-title" className="spot-section spot-mycase-section">
        <h2 id="yours-title" className="utrecht-heading-2">
          {t("myCase.yours.title")}
        </h2>
        {d.yourTasks.length === 0 ? (
          <p className="utrecht-paragraph">{t("myCase.yours.none")}</p>
        ) : (
          <ul className="utrecht-unordered-list">
            {d.yourTasks.map((task) => (
              <TaskLine key={task.id} task={task} lang={lang} forCompany />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="berichten-title" className="spot-section spot-mycase-section">
        <h2 id="berichten-title" className="utrecht-heading-2">
          {t("myCase.messages.title")}
        </h2>
        {d.messages.length === 0 ? (
          <p className="utrecht-paragraph">{t("myCase.messages.none")}</p>
        ) : (
          <ol className="spot-messages">
            {d.messages.map((m) => (
              <li
                key={m.id}
                className={`spot-message ${m.fromCompany ? "spot-message--company" : "spot-message--team"}`}
              >
                <p className="utrecht-paragraph spot-message__meta">
                  <strong>{m.author ?? t("myCase.messages.someone")}</strong>
                  {" · "}
                  {m.fromCompany ? t("myCase.messages.fromCompany") : t("myCase.messages.fromTeam")}
                  {" · "}
                  <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang)}</time>
                </p>
                <p className="utrecht-paragraph spot-message__body">{m.body}</p>
              </li>
            ))}
          </ol>
        )}
        {d.canMessage ? (
          <>
            {actionData?.problem ? (
              <Alert type="error">
                <p className="utrecht-paragraph">{t(actionData.problem)}</p>
              </Alert>
            ) : null}
            <ErrorSummary fields={[{ field: fields.body, label: bodyLabel }]} />
            <Form
              method="post"
              {...getFormProps(form)}
              key={d.messages.length}
              className="spot-form spot-mycase-form"
            >
              <h3 className="utrecht-heading-3">{t("myCase.messages.write")}</h3>
              <TextareaField
                field={fields.body}
                label={bodyLabel}
                description={t("myCase.messages.bodyHelp", {
                  max: formatNumber(MESSAGE_MAX, lang),
                })}
                rows={5}
              />
              <SubmitButton>{t("myCase.messages.send")}</SubmitButton>
            </Form>
          </>
        ) : null}
      </section>

      <section aria-labelledby="files-title" className="spot-section spot-mycase-section">
        <h2 id="files-title" className="utrecht-heading-2">
          {t("myCase.files.title")}
        </h2>
        {d.documents.length === 0 && d.scans.length === 0 ? (
          <p className="utrecht-paragraph">{t("myCase.files.none")}</p>
        ) : (
          <ul className="utrecht-unordered-list spot-mycase-files">
            {d.scans.map((s) => (
              <li key={s.id} className="utrecht-unordered-list__item">
                <Link className="utrecht-link" to={`/scan/${s.id}/resultaat`}>
                  {t("myCase.files.scan", { scan: s.title })}
                </Link>
                {s.completedAt ? (
                  <span className="spot-hint">
                    {" "}
                    ({t("myCase.files.scanDone", { date: formatDate(s.completedAt, lang) })})
                  </span>
                ) : null}
              </li>
            ))}
            {d.documents.map((doc) => (
              <li key={doc.id} className="utrecht-unordered-list__item">
                <a className="utrecht-link" href={`/casussen/${d.id}/documenten/${doc.id}`}>
                  {doc.name}
                </a>
                <span className="spot-hint">
                  {" "}
                  (
                  {t("myCase.files.document", {
                    size: formatNumber(Math.max(1, Math.round(doc.size / 1024)), lang),
                    date: formatDate(doc.uploadedAt, lang),
                  })}
                  )
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-title" className="spot-section spot-mycase-section">
        <h2 id="history-title" className="utrecht-heading-2">
          {t("myCase.history.title")}
        </h2>
        {d.happenings.length === 0 ? (
          <p className="utrecht-paragraph">{t("myCase.history.none")}</p>
        ) : (
          <ol className="spot-mycase-history">
            {d.happenings.map((h) => (
              <li key={h.id} className="spot-mycase-history__item">
                <time className="spot-mycase-history__date" dateTime={h.at}>
                  {formatDate(h.at, lang)}
                </time>{" "}
                <span>{t(`myCase.event.${h.key}`, h.values)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
