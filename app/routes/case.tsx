/**
 * The staff case page (/casussen/:id): one company's path through the journey with everything
 * around it — what happens now, the question, the phase, the team, activities, hours, tasks,
 * internal notes, documents, scans, messages with the entrepreneur and the timeline.
 *
 * Every part is driven by the abilities the policy gives (`loadCaseFor`): a frontrunner sees a
 * read-only page without the internal parts; coordinators and administrators see everything.
 * Small forms here post to the sub-routes (/activiteit, /uren, /taken, /notitie, /documenten);
 * the case's own fields, the phase, the team, messages and linked scans are handled by this
 * route's action. Changes to the case's own fields carry its version: a change made on an
 * older version answers 409 with the other person's change and the typed values kept.
 */
import { getFormProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { data, Form, Link, redirect } from "react-router";
import type { z } from "zod";
import { formatDate, formatDateTime, formatNumber, isoDay } from "~/i18n/format";
import { getT, isLang, type Lang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { requestInfo } from "~/modules/auth/auth.server";
import { loadCaseFor } from "~/modules/cases/access.server";
import {
  addMember,
  type CaseResult,
  caseContext,
  changePhase,
  linkScan,
  postMessage,
  removeMember,
  suggestMembers,
  updateDetails,
} from "~/modules/cases/cases.server";
import { phaseChangeNeedsReason } from "~/modules/cases/form-limits";
import {
  CASE_ROLES,
  type CaseRole,
  isCaseRole,
  isEndPhase,
  PHASES,
  type Phase,
  PROBLEM_KINDS,
  phaseNumber,
  STUDENT_LEVELS,
  WORK_PHASES,
} from "~/modules/cases/model";
import { CASE_LIST_MAX, expectedActivities, getCaseView } from "~/modules/cases/queries.server";
import {
  caseDetailsSchema,
  caseLinkScanSchema,
  caseMemberAddSchema,
  caseMemberRemoveSchema,
  caseMessageSchema,
  casePhaseSchema,
} from "~/modules/cases/schema";
import { THEMES } from "~/modules/reference/themes";
import { latestInstrument } from "~/modules/scans/registry.server";
import caseCss from "~/styles/case.css?url";
import intakeCss from "~/styles/intake.css?url";
import { adminLinks, TableWrap } from "~/ui/admin";
import { Alert, ErrorSummary, Field, SubmitButton } from "~/ui/form";
import { formConstraints } from "~/ui/form-constraints";
import { RadioGroupField, SelectField, TextareaField } from "~/ui/form-fields";
import type { Route } from "./+types/case";

export const meta: Route.MetaFunction = ({ matches, loaderData }) => {
  const root = matches.find((m) => m?.id === "root")?.loaderData as { lang?: unknown } | undefined;
  const t = getT(isLang(root?.lang) ? root.lang : "nl");
  const title = loaderData
    ? t("casePage.meta.title", {
        company: loaderData.view.company.name,
        reference: loaderData.view.case.reference,
      })
    : t("casePage.meta.fallback");
  return [{ title: `${title} | SPOT 035` }];
};

export const links: Route.LinksFunction = () => [
  ...adminLinks(),
  { rel: "stylesheet", href: intakeCss },
  { rel: "stylesheet", href: caseCss },
];

/** The latest activities and timeline events shown until someone asks for all (`…=alle`). */
const ACTIVITIES_SHOWN = 20;
const EVENTS_SHOWN = 30;

const NOTICES = [
  "activity",
  "hours",
  "task",
  "taskDone",
  "taskReopened",
  "note",
  "document",
  "phase",
  "details",
  "member",
  "memberRemoved",
  "message",
  "scan",
] as const;
type Notice = (typeof NOTICES)[number];

/** Which policy action each of the action's intents needs. */
const INTENTS = {
  details: "case.work",
  phase: "case.phase",
  "member.add": "case.team",
  "member.remove": "case.team",
  message: "case.message",
  linkScan: "case.work",
} as const;
type Intent = keyof typeof INTENTS;
const isIntent = (v: unknown): v is Intent => typeof v === "string" && Object.hasOwn(INTENTS, v);

type FormName = "details" | "phase" | "member" | "remove" | "message" | "linkScan";

interface ConflictInfo {
  version: number;
  by: string | null;
  at: string | null;
  current: {
    title: string;
    question: string;
    problem: string | null;
    problemKind: string | null;
    theme: string | null;
    phase: string;
  };
}

interface ActionResult {
  form: FormName | null;
  result: SubmissionResult<string[]> | null;
  error?: string;
  conflict?: ConflictInfo;
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, actor, abilities, resource, row } = await loadCaseFor(
    request,
    params.id,
    "case.read",
  );
  // The company's own people follow their case on their own page, in plain language.
  const onTeam = resource.team.some((m) => m.userId === actor.id);
  if (!abilities.readInternal && !onTeam) throw redirect(`/mijn/casus/${row.id}`);
  const url = new URL(request.url);
  const show = {
    allActivities: url.searchParams.get("activiteiten") === "alle",
    allEvents: url.searchParams.get("tijdlijn") === "alle",
  };
  const view = await getCaseView(rt.db, row.id, {
    internal: abilities.readInternal,
    row,
    activityLimit: show.allActivities ? CASE_LIST_MAX : ACTIVITIES_SHOWN,
    eventLimit: show.allEvents ? CASE_LIST_MAX : EVENTS_SHOWN,
  });
  if (!view) throw new Response("Not Found", { status: 404 });
  const lang = getLang(request);
  const rol = url.searchParams.get("rol");
  const role: CaseRole | null = abilities.team && isCaseRole(rol) ? rol : null;
  const suggestions = role ? await suggestMembers(rt.db, row.id, role, row.theme) : [];
  const notice = url.searchParams.get("gedaan");
  const scanTitle = (id: string) => latestInstrument(id)?.title[lang] ?? id;
  const linked = new Set(view.scans.map((s) => s.id));
  return {
    view,
    show,
    abilities,
    role,
    suggestions,
    me: { id: actor.id },
    today: isoDay(new Date()),
    expected: expectedActivities(rt.config.journey, view),
    scanTitles: Object.fromEntries(
      [...view.scans, ...view.companyScans].map((s) => [s.instrumentId, scanTitle(s.instrumentId)]),
    ) as Record<string, string>,
    linkableScans: view.companyScans.filter((s) => !linked.has(s.id)),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
  };
}

function conflictOf(r: Extract<CaseResult, { ok: false }>): ConflictInfo | undefined {
  if (r.problem !== "conflict" || !r.current) return undefined;
  const c = r.current;
  return {
    version: c.version,
    by: r.lastChange?.by ?? null,
    at: r.lastChange?.at ?? null,
    current: {
      title: c.title,
      question: c.question,
      problem: c.problem,
      problemKind: c.problem_kind,
      theme: c.theme,
      phase: c.phase,
    },
  };
}

const FIELD_OF_PROBLEM: Record<string, string> = {
  noSuchUser: "userId",
  wrongRole: "userId",
  alreadyMember: "userId",
  studentDetails: "level",
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (!isIntent(intent)) {
    await loadCaseFor(request, params.id, "case.read");
    return data<ActionResult>(
      { form: null, result: null, error: "casePage.error.badRequest" },
      { status: 400 },
    );
  }
  const { rt, actor, row } = await loadCaseFor(request, params.id, INTENTS[intent]);
  const ctx = caseContext(rt, actor, requestInfo(request, context).ip);
  const done = (notice: Notice) => redirect(`/casussen/${row.id}?gedaan=${notice}`, 303);

  if (intent === "details") {
    const submission = parseWithZod(formData, { schema: caseDetailsSchema });
    if (submission.status !== "success") {
      return data<ActionResult>({ form: "details", result: submission.reply() }, { status: 400 });
    }
    const v = submission.value;
    const r = await updateDetails(ctx, row.id, {
      version: v.version,
      title: v.title,
      question: v.question,
      problem: v.problem ?? null,
      problemKind: v.problemKind ?? null,
      theme: v.theme ?? null,
    });
    if (r.ok) return done("details");
    const conflict = conflictOf(r);
    return data<ActionResult>(
      {
        form: "details",
        result: submission.reply({ formErrors: [`cases.problem.${r.problem}`] }),
        conflict,
      },
      { status: conflict ? 409 : 400 },
    );
  }

  if (intent === "phase") {
    const schema = casePhaseSchema(row.phase as Phase);
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") {
      return data<ActionResult>({ form: "phase", result: submission.reply() }, { status: 400 });
    }
    const v = submission.value;
    const r = await changePhase(ctx, row.id, {
      version: v.version,
      to: v.phase,
      reason: v.reason ?? null,
    });
    if (r.ok) return done("phase");
    const conflict = conflictOf(r);
    const message = `cases.problem.${r.problem}`;
    const field =
      r.problem === "reasonNeeded" ? "reason" : r.problem === "samePhase" ? "phase" : null;
    return data<ActionResult>(
      {
        form: "phase",
        result: submission.reply(
          field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] },
        ),
        conflict,
      },
      { status: conflict ? 409 : 400 },
    );
  }

  if (intent === "member.add") {
    const submission = parseWithZod(formData, { schema: caseMemberAddSchema });
    if (submission.status !== "success") {
      return data<ActionResult>({ form: "member", result: submission.reply() }, { status: 400 });
    }
    const v = submission.value;
    const r = await addMember(ctx, row.id, {
      userId: v.userId,
      caseRole: v.role,
      studentLevel: v.role === "student" ? (v.level ?? null) : null,
      studentInstitution: v.role === "student" ? (v.institution ?? null) : null,
    });
    if (r.ok) return done("member");
    const message = `cases.problem.${r.problem}`;
    const field = FIELD_OF_PROBLEM[r.problem];
    return data<ActionResult>(
      {
        form: "member",
        result: submission.reply(
          field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] },
        ),
      },
      { status: 400 },
    );
  }

  if (intent === "member.remove") {
    const submission = parseWithZod(formData, { schema: caseMemberRemoveSchema });
    if (submission.status !== "success") {
      return data<ActionResult>({ form: "remove", result: submission.reply() }, { status: 400 });
    }
    const r = await removeMember(ctx, row.id, submission.value.userId);
    if (r.ok) return done("memberRemoved");
    return data<ActionResult>(
      { form: "remove", result: submission.reply({ formErrors: [`cases.problem.${r.problem}`] }) },
      { status: 400 },
    );
  }

  if (intent === "message") {
    const submission = parseWithZod(formData, { schema: caseMessageSchema });
    if (submission.status !== "success") {
      return data<ActionResult>({ form: "message", result: submission.reply() }, { status: 400 });
    }
    const r = await postMessage(ctx, row.id, submission.value.body);
    if (r.ok) return done("message");
    return data<ActionResult>(
      { form: "message", result: submission.reply({ formErrors: [`cases.problem.${r.problem}`] }) },
      { status: 400 },
    );
  }

  const submission = parseWithZod(formData, { schema: caseLinkScanSchema });
  if (submission.status !== "success") {
    return data<ActionResult>({ form: "linkScan", result: submission.reply() }, { status: 400 });
  }
  const r = await linkScan(ctx, row.id, submission.value.responseId);
  if (r.ok) return done("scan");
  return data<ActionResult>(
    {
      form: "linkScan",
      result: submission.reply({
        fieldErrors: { responseId: [`cases.problem.${r.problem}`] },
      }),
    },
    { status: 400 },
  );
}

// ---------------------------------------------------------------------------------------------
// Helpers for the page

type T = ReturnType<typeof useT>["t"];

function duration(minutes: number, t: T): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t("casePage.duration.m", { m });
  if (m === 0) return t("casePage.duration.h", { h });
  return t("casePage.duration.hm", { h, m });
}

const str = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));

function phaseLabel(p: unknown, t: T): string {
  return typeof p === "string" && (PHASES as readonly string[]).includes(p)
    ? t(`cases.phaseNumbered.${p}`)
    : str(p);
}

/** One timeline event in words. */
function describeEvent(
  e: { kind: string; data: Record<string, unknown> },
  t: T,
  lang: Lang,
  scanTitles: Record<string, string>,
): { text: string; detail?: string } {
  const d = e.data;
  const date = (v: unknown) => (typeof v === "string" && v ? formatDate(v, lang) : "");
  switch (e.kind) {
    case "created":
      return { text: t("casePage.event.created", { phase: phaseLabel(d.phase, t) }) };
    case "phase_changed":
      return {
        text: t("casePage.event.phaseChanged", {
          from: phaseLabel(d.from, t),
          to: phaseLabel(d.to, t),
        }),
        detail: d.reason ? t("casePage.event.reason", { reason: str(d.reason) }) : undefined,
      };
    case "details_changed": {
      const fields = Array.isArray(d.fields) ? d.fields.map(str) : [];
      return {
        text: fields.length
          ? t("casePage.event.detailsChanged", {
              fields: fields.map((f) => t(`casePage.field.${f}`, { defaultValue: f })).join(", "),
            })
          : t("casePage.event.detailsSaved"),
      };
    }
    case "member_added":
      return {
        text: t("casePage.event.memberAdded", {
          name: str(d.name),
          role: t(`cases.role.${str(d.role)}`, { defaultValue: str(d.role) }),
        }),
        detail:
          d.level || d.institution
            ? [str(d.level), str(d.institution)].filter(Boolean).join(", ")
            : undefined,
      };
    case "member_removed":
      return {
        text: t("casePage.event.memberRemoved", {
          name: str(d.name),
          role: t(`cases.role.${str(d.role)}`, { defaultValue: str(d.role) }),
        }),
      };
    case "activity_logged":
      return {
        text: t("casePage.event.activityLogged", {
          type: t(`cases.activity.${str(d.type)}`, { defaultValue: str(d.type) }),
          date: date(d.on),
          duration: duration(Number(d.minutes) || 0, t),
        }),
      };
    case "hours_logged":
      return {
        text: t("casePage.event.hoursLogged", {
          duration: duration(Number(d.minutes) || 0, t),
          date: date(d.on),
        }),
      };
    case "task_added":
      return {
        text: t("casePage.event.taskAdded", { title: str(d.title) }),
        detail: d.due ? t("casePage.event.due", { date: date(d.due) }) : undefined,
      };
    case "task_done":
      return { text: t("casePage.event.taskDone", { title: str(d.title) }) };
    case "task_reopened":
      return { text: t("casePage.event.taskReopened", { title: str(d.title) }) };
    case "note_added":
      return { text: t("casePage.event.noteAdded") };
    case "message_posted":
      return {
        text: t(
          d.fromCompany ? "casePage.event.messageFromCompany" : "casePage.event.messageFromTeam",
        ),
      };
    case "document_added":
      return { text: t("casePage.event.documentAdded", { name: str(d.name) }) };
    case "scan_linked":
      return {
        text: t("casePage.event.scanLinked", {
          scan: scanTitles[str(d.instrument)] ?? str(d.instrument),
        }),
      };
    case "asker_not_linked":
      return { text: t("casePage.event.askerNotLinked", { email: str(d.email) }) };
    case "advice_proposed":
      return { text: t("casePage.event.adviceProposed", { count: Number(d.added) || 0 }) };
    case "advice_text_changed":
      return { text: t("casePage.event.adviceTextChanged") };
    case "advice_item_added":
      return { text: t("casePage.event.adviceItemAdded", { title: str(d.title) }) };
    case "advice_item_changed":
      return { text: t("casePage.event.adviceItemChanged", { title: str(d.title) }) };
    case "advice_item_removed":
      return { text: t("casePage.event.adviceItemRemoved", { title: str(d.title) }) };
    case "advice_item_moved":
      return { text: t("casePage.event.adviceItemMoved", { title: str(d.title) }) };
    case "advice_shared":
      return {
        text: t("casePage.event.adviceShared", {
          number: Number(d.number) || 0,
          count: Number(d.items) || 0,
        }),
      };
    case "advice_decided":
      return {
        text: t("casePage.event.adviceDecided", {
          number: Number(d.number) || 0,
          accepted: Number(d.accepted) || 0,
          declined: Number(d.declined) || 0,
          later: Number(d.later) || 0,
        }),
      };
    case "realisation_progress":
      return {
        text: t("casePage.event.realisationProgress", {
          title: str(d.title),
          progress: Number(d.progress) || 0,
        }),
      };
    default:
      return { text: t("casePage.event.other", { kind: e.kind }) };
  }
}

function Section({
  id,
  title,
  children,
  internal,
}: {
  id: string;
  title: string;
  children: ReactNode;
  internal?: boolean;
}) {
  const { t } = useT();
  return (
    <section aria-labelledby={`${id}-title`} id={id} className="spot-case-section">
      <h2 id={`${id}-title`} className="utrecht-heading-2">
        {title}
        {internal ? <span className="spot-case-badge">{t("casePage.internal")}</span> : null}
      </h2>
      {children}
    </section>
  );
}

/** Field errors and a general error of one of the page's forms, above it. */
function FormProblem({ errors }: { errors?: string[] }) {
  const { t } = useT();
  if (!errors?.length) return null;
  return (
    <Alert type="error">
      <p className="utrecht-paragraph">{errors.map((e) => t(e)).join(" ")}</p>
    </Alert>
  );
}

// ---------------------------------------------------------------------------------------------
// The page

export default function CasePage({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const d = loaderData;
  const v = d.view;
  const c = v.case;
  const can = d.abilities;
  const a = (actionData ?? null) as ActionResult | null;
  const phase = c.phase as Phase;
  const openTasks = v.tasks.filter((x) => x.status === "open");
  const doneTasks = v.tasks.filter((x) => x.status === "done");
  const overdue = (due: string | null) => due !== null && due < d.today;

  return (
    <div className="spot-case">
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to={can.team ? "/casussen" : "/werk"}>
          {t(can.team ? "casePage.backToPipeline" : "casePage.backToWork")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{v.company.name}</h1>
      <dl className="spot-dl spot-case-facts">
        <dt>{t("casePage.reference")}</dt>
        <dd>{c.reference}</dd>
        <dt>{t("casePage.phase")}</dt>
        <dd>{t(`cases.phaseNumbered.${phase}`)}</dd>
        <dt>{t("casePage.theme")}</dt>
        <dd>{c.theme ? t(`theme.${c.theme}`) : t("casePage.none")}</dd>
        {c.title !== v.company.name ? (
          <>
            <dt>{t("casePage.caseTitle")}</dt>
            <dd>{c.title}</dd>
          </>
        ) : null}
      </dl>

      <Stepper phase={phase} />

      {d.notice ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t(`casePage.notice.${d.notice}`)}</p>
        </Alert>
      ) : null}
      {a?.error ? (
        <Alert type="error">
          <p className="utrecht-paragraph">{t(a.error)}</p>
        </Alert>
      ) : null}

      <nav aria-label={t("casePage.toc.label")} className="spot-case-toc">
        <ul>
          <li>
            <a className="utrecht-link" href="#wat-nu">
              {t("casePage.next.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#vraag">
              {t("casePage.details.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#fase">
              {t("casePage.phaseSection.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#team">
              {t("casePage.team.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#activiteiten">
              {t("casePage.activities.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#taken">
              {t("casePage.tasks.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#berichten">
              {t("casePage.messages.title")}
            </a>
          </li>
          <li>
            <a className="utrecht-link" href="#tijdlijn">
              {t("casePage.timeline.title")}
            </a>
          </li>
          <li>
            <Link className="utrecht-link" to={`/casussen/${c.id}/advies`}>
              {t("advice.links.staff")}
            </Link>
          </li>
          <li>
            <Link className="utrecht-link" to={`/casussen/${c.id}/realisatie`}>
              {t("advice.links.realisation")}
            </Link>
          </li>
        </ul>
      </nav>

      <Section id="wat-nu" title={t("casePage.next.title")}>
        <div className="spot-case-next">
          <div>
            <h3 className="utrecht-heading-3">{t("casePage.next.expected")}</h3>
            {d.expected.length === 0 ? (
              <p className="utrecht-paragraph">{t("casePage.next.noExpected")}</p>
            ) : (
              <ul className="spot-case-checklist">
                {d.expected.map((x) => (
                  <li key={x.type} className={x.done ? "spot-case-check--done" : undefined}>
                    <span className="spot-case-check__mark" aria-hidden="true">
                      {x.done ? "✓" : "○"}
                    </span>{" "}
                    {t(`cases.activity.${x.type}`)}:{" "}
                    <strong>{t(x.done ? "casePage.next.done" : "casePage.next.notYet")}</strong>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3 className="utrecht-heading-3">{t("casePage.next.openTasks")}</h3>
            {openTasks.length === 0 ? (
              <p className="utrecht-paragraph">{t("casePage.tasks.noneOpen")}</p>
            ) : (
              <ul className="spot-case-tasklist">
                {openTasks.map((x) => (
                  <li
                    key={x.id}
                    className={overdue(x.dueOn) ? "spot-case-task--overdue" : undefined}
                  >
                    {x.title}
                    {x.dueOn ? (
                      <span className="spot-case-muted">
                        {" "}
                        · {t("casePage.tasks.due", { date: formatDate(x.dueOn, lang) })}
                      </span>
                    ) : null}
                    {overdue(x.dueOn) ? (
                      <strong className="spot-case-overdue"> {t("casePage.tasks.overdue")}</strong>
                    ) : null}
                    {x.assignee ? (
                      <span className="spot-case-muted"> · {x.assignee}</span>
                    ) : x.forCompany ? (
                      <span className="spot-case-muted"> · {t("casePage.tasks.forCompany")}</span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
        {can.work ? (
          <p className="utrecht-paragraph">
            <Link
              className="utrecht-button-link utrecht-button-link--primary-action spot-case-primary"
              to={`/casussen/${c.id}/activiteit`}
            >
              {t("casePage.next.logActivity")}
            </Link>
          </p>
        ) : null}
      </Section>

      <DetailsSection loaderData={d} action={a} />
      <PhaseSection loaderData={d} action={a} />
      <TeamSection loaderData={d} action={a} />

      <Section id="activiteiten" title={t("casePage.activities.title")}>
        {v.activities.length === 0 ? (
          <p className="utrecht-paragraph">{t("casePage.activities.none")}</p>
        ) : (
          <TableWrap captionId="activities-caption">
            <table className="utrecht-table spot-table">
              <caption id="activities-caption">
                {v.activityCount > v.activities.length
                  ? t("casePage.activities.captionLatest", {
                      count: v.activityCount,
                      shown: v.activities.length,
                    })
                  : t("casePage.activities.caption", { count: v.activities.length })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("casePage.activities.type")}</th>
                  <th scope="col">{t("casePage.activities.date")}</th>
                  <th scope="col">{t("casePage.activities.duration")}</th>
                  <th scope="col">{t("casePage.activities.participants")}</th>
                  {can.readInternal ? (
                    <th scope="col">{t("casePage.activities.outcome")}</th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {v.activities.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">{t(`cases.activity.${x.type}`)}</th>
                    <td>{formatDate(x.occurredOn, lang)}</td>
                    <td>{duration(x.durationMinutes, t)}</td>
                    <td>
                      {x.participants.join(", ")}
                      {x.companyParticipants > 0 ? (
                        <>
                          {x.participants.length ? "; " : ""}
                          {t("casePage.activities.fromCompany", { count: x.companyParticipants })}
                        </>
                      ) : null}
                    </td>
                    {can.readInternal ? (
                      <td className="spot-cell--wrap spot-case-text">{x.outcome}</td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {v.activityCount > v.activities.length && !d.show.allActivities ? (
          <p className="utrecht-paragraph">
            <Link
              className="utrecht-link"
              to={moreHref(c.id, { ...d.show, allActivities: true }, "activiteiten")}
            >
              {t("casePage.activities.showAll", {
                count: v.activityCount,
                n: formatNumber(v.activityCount, lang),
              })}
            </Link>
          </p>
        ) : null}
        {can.work ? (
          <p className="utrecht-paragraph">
            <Link className="utrecht-link" to={`/casussen/${c.id}/activiteit`}>
              {t("casePage.next.logActivity")}
            </Link>
          </p>
        ) : null}
      </Section>

      {can.readInternal ? (
        <Section id="uren" title={t("casePage.hours.title")} internal>
          {v.hours.length === 0 ? (
            <p className="utrecht-paragraph">{t("casePage.hours.none")}</p>
          ) : (
            <TableWrap captionId="hours-caption">
              <table className="utrecht-table spot-table">
                <caption id="hours-caption">{t("casePage.hours.caption")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("casePage.hours.person")}</th>
                    <th scope="col">{t("casePage.hours.total")}</th>
                  </tr>
                </thead>
                <tbody>
                  {v.hours.map((h) => (
                    <tr key={h.userId}>
                      <th scope="row">{h.name}</th>
                      <td>{duration(h.minutes, t)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          {can.work ? (
            <p className="utrecht-paragraph">
              <Link className="utrecht-link" to={`/casussen/${c.id}/uren`}>
                {t("casePage.hours.log")}
              </Link>
            </p>
          ) : null}
        </Section>
      ) : null}

      <Section id="taken" title={t("casePage.tasks.title")}>
        {v.tasks.length === 0 ? (
          <p className="utrecht-paragraph">{t("casePage.tasks.none")}</p>
        ) : (
          <ul className="spot-case-tasks">
            {[...openTasks, ...doneTasks].map((x) => (
              <li
                key={x.id}
                className={`spot-case-taskrow${x.status === "done" ? " spot-case-taskrow--done" : ""}${x.status === "open" && overdue(x.dueOn) ? " spot-case-task--overdue" : ""}`}
              >
                <div className="spot-case-taskrow__text">
                  <strong>{x.title}</strong>
                  <br />
                  <span className="spot-case-muted">
                    {x.status === "done"
                      ? t("casePage.tasks.doneOn", {
                          date: x.doneAt ? formatDate(x.doneAt, lang) : "",
                        })
                      : x.dueOn
                        ? t("casePage.tasks.due", { date: formatDate(x.dueOn, lang) })
                        : t("casePage.tasks.noDue")}
                    {x.assignee ? ` · ${x.assignee}` : ""}
                    {x.forCompany ? ` · ${t("casePage.tasks.forCompany")}` : ""}
                  </span>
                  {x.status === "open" && overdue(x.dueOn) ? (
                    <strong className="spot-case-overdue"> {t("casePage.tasks.overdue")}</strong>
                  ) : null}
                </div>
                {can.work ? (
                  <Form
                    method="post"
                    action={`/casussen/${c.id}/taken`}
                    className="spot-inline-form"
                  >
                    <input
                      type="hidden"
                      name="intent"
                      value={x.status === "open" ? "done" : "reopen"}
                    />
                    <input type="hidden" name="taskId" value={x.id} />
                    <button
                      type="submit"
                      className="utrecht-button utrecht-button--secondary-action spot-case-small-button"
                      aria-label={`${t(x.status === "open" ? "casePage.tasks.markDone" : "casePage.tasks.reopen")}: ${x.title}`}
                    >
                      {t(x.status === "open" ? "casePage.tasks.markDone" : "casePage.tasks.reopen")}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {can.work ? (
          <details className="spot-case-disclosure">
            <summary>{t("casePage.tasks.add")}</summary>
            <Form method="post" action={`/casussen/${c.id}/taken`} className="spot-form">
              <input type="hidden" name="intent" value="add" />
              <PlainField
                id="task-title"
                name="title"
                label={t("casePage.tasks.taskTitle")}
                required
                maxLength={200}
              />
              <PlainField
                id="task-due"
                name="dueOn"
                type="date"
                label={t("casePage.tasks.dueOn")}
                optional
              />
              <div className="utrecht-form-field utrecht-form-field--select">
                <div className="utrecht-form-field__label">
                  <label className="utrecht-form-label" htmlFor="task-assignee">
                    {t("casePage.tasks.assignee")}
                    <span className="spot-optional"> ({t("form.optional")})</span>
                  </label>
                </div>
                <div className="utrecht-form-field__input">
                  <select
                    id="task-assignee"
                    name="assigneeId"
                    className="utrecht-select utrecht-select--html-select spot-select"
                  >
                    <option value="">{t("casePage.tasks.nobody")}</option>
                    {v.team.map((m) => (
                      <option key={m.userId} value={m.userId}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <SubmitButton secondary>{t("casePage.tasks.addSubmit")}</SubmitButton>
            </Form>
            <p className="utrecht-paragraph">
              <Link className="utrecht-link" to={`/casussen/${c.id}/taken`}>
                {t("casePage.tasks.fullPage")}
              </Link>
            </p>
          </details>
        ) : null}
      </Section>

      {can.readInternal ? (
        <Section id="notities" title={t("casePage.notes.title")} internal>
          {v.notes.length === 0 ? (
            <p className="utrecht-paragraph">{t("casePage.notes.none")}</p>
          ) : (
            <ul className="spot-case-notes">
              {v.notes.map((n) => (
                <li key={n.id}>
                  <p className="utrecht-paragraph spot-case-text">{n.body}</p>
                  <p className="spot-case-muted">
                    {t("casePage.by", {
                      name: n.author ?? t("casePage.someone"),
                      date: formatDateTime(n.createdAt, lang),
                    })}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {can.work ? (
            <Form method="post" action={`/casussen/${c.id}/notitie`} className="spot-form">
              <PlainTextarea
                id="note-body"
                name="body"
                label={t("casePage.notes.add")}
                rows={3}
                maxLength={5000}
              />
              <SubmitButton secondary>{t("casePage.notes.submit")}</SubmitButton>
            </Form>
          ) : null}
        </Section>
      ) : null}

      <Section id="documenten" title={t("casePage.documents.title")}>
        {v.documents.length === 0 ? (
          <p className="utrecht-paragraph">{t("casePage.documents.none")}</p>
        ) : (
          <ul className="spot-case-docs">
            {v.documents.map((x) => (
              <li key={x.id}>
                <a className="utrecht-link" href={`/casussen/${c.id}/documenten/${x.id}`} download>
                  {x.name}
                </a>{" "}
                <span className="spot-case-muted">
                  ({formatNumber(Math.max(1, Math.round(x.size / 1024)), lang, 0)} kB ·{" "}
                  {t("casePage.by", {
                    name: x.uploadedBy ?? t("casePage.someone"),
                    date: formatDate(x.uploadedAt, lang),
                  })}
                  )
                </span>
                {x.internal ? (
                  <span className="spot-case-badge">{t("casePage.internal")}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {can.work ? (
          <Form
            method="post"
            action={`/casussen/${c.id}/documenten`}
            encType="multipart/form-data"
            className="spot-form"
          >
            <div className="utrecht-form-field">
              <div className="utrecht-form-field__label">
                <label className="utrecht-form-label" htmlFor="document-file">
                  {t("casePage.documents.file")}
                </label>
              </div>
              <div className="utrecht-form-field__input">
                <input
                  id="document-file"
                  name="file"
                  type="file"
                  required
                  className="spot-case-file"
                />
              </div>
            </div>
            <div className="utrecht-form-field utrecht-form-field--checkbox spot-case-check">
              <input
                id="document-internal"
                name="internal"
                type="checkbox"
                className="utrecht-checkbox utrecht-checkbox--html-input"
              />
              <label
                className="utrecht-form-label utrecht-form-label--checkbox"
                htmlFor="document-internal"
              >
                {t("casePage.documents.internal")}
              </label>
            </div>
            <SubmitButton secondary>{t("casePage.documents.upload")}</SubmitButton>
          </Form>
        ) : null}
      </Section>

      <ScansSection loaderData={d} action={a} />
      <MessagesSection loaderData={d} action={a} />

      <Section id="tijdlijn" title={t("casePage.timeline.title")}>
        {v.timeline.length === 0 ? (
          <p className="utrecht-paragraph">{t("casePage.timeline.none")}</p>
        ) : (
          <ol className="spot-case-timeline" reversed>
            {v.timeline.map((e) => {
              const words = describeEvent(e, t, lang, d.scanTitles);
              return (
                <li key={e.id} className={e.internal ? "spot-case-event--internal" : undefined}>
                  <p className="utrecht-paragraph spot-case-event__text">
                    {words.text}
                    {e.internal ? (
                      <span className="spot-case-badge">{t("casePage.internal")}</span>
                    ) : null}
                  </p>
                  {words.detail ? (
                    <p className="utrecht-paragraph spot-case-text">{words.detail}</p>
                  ) : null}
                  <p className="spot-case-muted">
                    <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
                    {e.actor ? ` · ${e.actor}` : ""}
                  </p>
                </li>
              );
            })}
          </ol>
        )}
        {v.timelineCount > v.timeline.length ? (
          <p className="utrecht-paragraph">
            {d.show.allEvents ? (
              t("casePage.timeline.latestOnly", { n: formatNumber(v.timeline.length, lang) })
            ) : (
              <Link
                className="utrecht-link"
                to={moreHref(c.id, { ...d.show, allEvents: true }, "tijdlijn")}
              >
                {t("casePage.timeline.showAll", {
                  count: v.timelineCount,
                  n: formatNumber(v.timelineCount, lang),
                })}
              </Link>
            )}
          </p>
        ) : null}
      </Section>
    </div>
  );
}

/** The case page showing more of its long lists, back at the list asked for. */
function moreHref(
  id: string,
  show: { allActivities: boolean; allEvents: boolean },
  at: "activiteiten" | "tijdlijn",
): string {
  const p = new URLSearchParams();
  if (show.allActivities) p.set("activiteiten", "alle");
  if (show.allEvents) p.set("tijdlijn", "alle");
  return `/casussen/${id}?${p}#${at}`;
}

function Stepper({ phase }: { phase: Phase }) {
  const { t } = useT();
  const current = phaseNumber(phase);
  return (
    <div className="spot-case-stepper-wrap">
      <ol className="spot-case-stepper" aria-label={t("casePage.stepper")}>
        {WORK_PHASES.map((p, i) => (
          <li
            key={p}
            aria-current={p === phase ? "step" : undefined}
            className={`spot-case-step${p === phase ? " spot-case-step--current" : current !== null && i < current ? " spot-case-step--past" : ""}`}
          >
            <span className="spot-case-step__number" aria-hidden="true">
              {i}
            </span>
            <span className="spot-case-step__label">
              {t(`cases.phase.${p}`)}
              {current !== null && i < current ? (
                <span className="spot-visually-hidden"> ({t("casePage.stepDone")})</span>
              ) : null}
            </span>
          </li>
        ))}
      </ol>
      {isEndPhase(phase) ? (
        <p className="utrecht-paragraph spot-case-ended">
          {t("casePage.ended", { phase: t(`cases.phase.${phase}`) })}
        </p>
      ) : null}
    </div>
  );
}

function PlainField({
  id,
  name,
  label,
  type = "text",
  required,
  optional,
  maxLength,
}: {
  id: string;
  name: string;
  label: string;
  type?: "text" | "date";
  required?: boolean;
  optional?: boolean;
  maxLength?: number;
}) {
  const { t } = useT();
  return (
    <div className="utrecht-form-field utrecht-form-field--text">
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
          {optional ? <span className="spot-optional"> ({t("form.optional")})</span> : null}
        </label>
      </div>
      <div className="utrecht-form-field__input">
        <input
          id={id}
          name={name}
          type={type}
          required={required}
          maxLength={maxLength}
          className="utrecht-textbox utrecht-textbox--html-input"
        />
      </div>
    </div>
  );
}

function PlainTextarea({
  id,
  name,
  label,
  rows,
  maxLength,
}: {
  id: string;
  name: string;
  label: string;
  rows: number;
  maxLength: number;
}) {
  return (
    <div className="utrecht-form-field utrecht-form-field--textarea">
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      <div className="utrecht-form-field__input">
        <textarea
          id={id}
          name={name}
          rows={rows}
          required
          maxLength={maxLength}
          className="utrecht-textarea utrecht-textarea--html-textarea spot-textarea"
        />
      </div>
    </div>
  );
}

type LoaderData = Route.ComponentProps["loaderData"];
interface PartProps {
  loaderData: LoaderData;
  action: ActionResult | null;
}

function DetailsSection({ loaderData: d, action: a }: PartProps) {
  const { t } = useT();
  const c = d.view.case;
  const mine = a?.form === "details" ? a : null;
  const conflict = mine?.conflict;
  const [form, fields] = useForm<z.input<typeof caseDetailsSchema>>({
    id: "details",
    lastResult: mine?.result ?? undefined,
    defaultValue: {
      title: c.title,
      question: c.question,
      problem: c.problem ?? "",
      problemKind: c.problem_kind ?? "",
      theme: c.theme ?? "",
    },
    constraint: formConstraints.caseDetails,
  });
  const labels = [
    { field: fields.title, label: t("casePage.details.caseTitle") },
    { field: fields.question, label: t("casePage.details.question") },
    { field: fields.problemKind, label: t("casePage.details.problemKind") },
    { field: fields.problem, label: t("casePage.details.problem") },
    { field: fields.theme, label: t("casePage.details.theme") },
  ];
  const problemHeading = c.problem_kind
    ? t(`cases.problemKind.${c.problem_kind}`)
    : t("casePage.details.problem");
  return (
    <Section id="vraag" title={t("casePage.details.title")}>
      <h3 className="utrecht-heading-3">{t("casePage.details.question")}</h3>
      <p className="utrecht-paragraph spot-case-text spot-case-quote">{c.question}</p>
      <h3 className="utrecht-heading-3">{problemHeading}</h3>
      <p className="utrecht-paragraph spot-case-text">
        {c.problem ? (
          c.problem
        ) : (
          <span className="spot-hint">{t("casePage.details.noProblem")}</span>
        )}
      </p>
      {d.abilities.work ? (
        <details className="spot-case-disclosure" open={mine !== null}>
          <summary>{t("casePage.details.edit")}</summary>
          {conflict ? <ConflictNotice conflict={conflict} kind="details" /> : null}
          <Form
            method="post"
            {...getFormProps(form)}
            action={`/casussen/${c.id}`}
            className="spot-form"
            preventScrollReset
          >
            <ErrorSummary
              fields={labels}
              formErrors={
                conflict ? undefined : [...(form.errors ?? []), ...(fields.version.errors ?? [])]
              }
            />
            <input type="hidden" name="intent" value="details" />
            <input type="hidden" name="version" value={conflict?.version ?? c.version} />
            <Field field={fields.title} label={t("casePage.details.caseTitle")} />
            <TextareaField
              field={fields.question}
              label={t("casePage.details.question")}
              rows={4}
            />
            <RadioGroupField
              field={fields.problemKind}
              legend={t("casePage.details.problemKind")}
              options={PROBLEM_KINDS.map((k) => ({ value: k, label: t(`cases.problemKind.${k}`) }))}
            />
            <TextareaField
              field={fields.problem}
              label={t("casePage.details.problem")}
              rows={4}
              optional
            />
            <SelectField
              field={fields.theme}
              label={t("casePage.details.theme")}
              placeholder={t("casePage.details.noTheme")}
              options={THEMES.map((x) => ({ value: x, label: t(`theme.${x}`) }))}
              optional
            />
            <SubmitButton>
              {t(conflict ? "casePage.details.saveAgain" : "casePage.details.save")}
            </SubmitButton>
          </Form>
        </details>
      ) : null}
    </Section>
  );
}

function ConflictNotice({ conflict, kind }: { conflict: ConflictInfo; kind: "details" | "phase" }) {
  const { t, lang } = useT();
  const cur = conflict.current;
  const dash = t("casePage.none");
  return (
    <div
      className="utrecht-alert utrecht-alert--warning spot-alert spot-alert--warning"
      role="alert"
    >
      <h3 className="utrecht-heading-3">{t("casePage.conflict.title")}</h3>
      <p className="utrecht-paragraph">{t("cases.problem.conflict")}</p>
      <p className="utrecht-paragraph">
        {conflict.at
          ? t("casePage.conflict.changedBy", {
              name: conflict.by ?? t("casePage.someone"),
              date: formatDateTime(conflict.at, lang),
            })
          : null}
      </p>
      <h4 className="utrecht-heading-4">{t("casePage.conflict.now")}</h4>
      <dl className="spot-dl">
        {kind === "details" ? (
          <>
            <dt>{t("casePage.details.caseTitle")}</dt>
            <dd className="spot-case-text">{cur.title}</dd>
            <dt>{t("casePage.details.question")}</dt>
            <dd className="spot-case-text">{cur.question}</dd>
            <dt>{t("casePage.details.problemKind")}</dt>
            <dd>{cur.problemKind ? t(`cases.problemKind.${cur.problemKind}`) : dash}</dd>
            <dt>{t("casePage.details.problem")}</dt>
            <dd className="spot-case-text">{cur.problem || dash}</dd>
            <dt>{t("casePage.details.theme")}</dt>
            <dd>{cur.theme ? t(`theme.${cur.theme}`) : dash}</dd>
          </>
        ) : null}
        <dt>{t("casePage.phase")}</dt>
        <dd>{t(`cases.phaseNumbered.${cur.phase}`)}</dd>
      </dl>
      <p className="utrecht-paragraph">{t("casePage.conflict.yours")}</p>
    </div>
  );
}

function PhaseSection({ loaderData: d, action: a }: PartProps) {
  const { t, lang } = useT();
  const c = d.view.case;
  const phase = c.phase as Phase;
  const mine = a?.form === "phase" ? a : null;
  const conflict = mine?.conflict;
  const [form, fields] = useForm<z.input<ReturnType<typeof casePhaseSchema>>>({
    id: "phase",
    lastResult: mine?.result ?? undefined,
    constraint: formConstraints.casePhase,
  });
  const options = PHASES.filter((p) => p !== phase).map((p) => ({
    value: p,
    label: phaseChangeNeedsReason(phase, p)
      ? t("casePage.phaseSection.withReason", { phase: t(`cases.phaseNumbered.${p}`) })
      : t(`cases.phaseNumbered.${p}`),
  }));
  return (
    <Section id="fase" title={t("casePage.phaseSection.title")}>
      <p className="utrecht-paragraph">
        {t("casePage.phaseSection.now", { phase: t(`cases.phaseNumbered.${phase}`) })}{" "}
        {t("casePage.phaseSection.since", { date: formatDate(c.phase_changed_at, lang) })}
      </p>
      {c.close_reason ? (
        <p className="utrecht-paragraph spot-case-text">
          {t("casePage.event.reason", { reason: c.close_reason })}
        </p>
      ) : null}
      {d.abilities.phase ? (
        <details className="spot-case-disclosure" open={mine !== null}>
          <summary>{t("casePage.phaseSection.change")}</summary>
          {conflict ? <ConflictNotice conflict={conflict} kind="phase" /> : null}
          <Form
            method="post"
            {...getFormProps(form)}
            action={`/casussen/${c.id}`}
            className="spot-form"
            preventScrollReset
          >
            <ErrorSummary
              fields={[
                { field: fields.phase, label: t("casePage.phaseSection.to") },
                { field: fields.reason, label: t("casePage.phaseSection.reason") },
              ]}
              formErrors={
                conflict ? undefined : [...(form.errors ?? []), ...(fields.version.errors ?? [])]
              }
            />
            <input type="hidden" name="intent" value="phase" />
            <input type="hidden" name="version" value={conflict?.version ?? c.version} />
            <SelectField
              field={fields.phase}
              label={t("casePage.phaseSection.to")}
              placeholder={t("casePage.phaseSection.choose")}
              options={options}
            />
            <TextareaField
              field={fields.reason}
              label={t("casePage.phaseSection.reason")}
              description={t("casePage.phaseSection.reasonHelp")}
              rows={3}
            />
            <SubmitButton>{t("casePage.phaseSection.submit")}</SubmitButton>
          </Form>
        </details>
      ) : null}
      <h3 className="utrecht-heading-3">{t("casePage.phaseSection.history")}</h3>
      <TableWrap captionId="phase-history-caption">
        <table className="utrecht-table spot-table">
          <caption id="phase-history-caption" className="spot-visually-hidden">
            {t("casePage.phaseSection.history")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("casePage.phaseSection.when")}</th>
              <th scope="col">{t("casePage.phaseSection.step")}</th>
              <th scope="col">{t("casePage.phaseSection.who")}</th>
              <th scope="col">{t("casePage.phaseSection.why")}</th>
            </tr>
          </thead>
          <tbody>
            {[...d.view.phaseHistory].reverse().map((h) => (
              <tr key={`${h.at}-${h.to}`}>
                <td>{formatDateTime(h.at, lang)}</td>
                <th scope="row">
                  {h.from
                    ? t("casePage.phaseSection.fromTo", {
                        from: t(`cases.phaseNumbered.${h.from}`),
                        to: t(`cases.phaseNumbered.${h.to}`),
                      })
                    : t("casePage.phaseSection.start", { to: t(`cases.phaseNumbered.${h.to}`) })}
                </th>
                <td>{h.by ?? t("casePage.someone")}</td>
                <td className="spot-cell--wrap spot-case-text">{h.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </Section>
  );
}

function TeamSection({ loaderData: d, action: a }: PartProps) {
  const { t } = useT();
  const c = d.view.case;
  const role = d.role;
  const mine = a?.form === "member" ? a : null;
  const removeErrors = a?.form === "remove" ? a.result?.error?.[""] : undefined;
  // When the add form is not on the page (no role chosen in the address), its problems are
  // shown above the role choice instead.
  const formShown = role !== null && d.suggestions.length > 0;
  const memberErrors =
    mine && !formShown
      ? Object.values(mine.result?.error ?? {}).flatMap((e) => e ?? [])
      : undefined;
  const only = d.suggestions.length === 1 ? d.suggestions[0] : undefined;
  const [form, fields] = useForm<z.input<typeof caseMemberAddSchema>>({
    id: "member",
    lastResult: mine?.result ?? undefined,
    defaultValue: {
      userId: only?.userId ?? "",
      level: only?.studentLevel ?? "",
      institution: only?.studentInstitution ?? "",
    },
    constraint: formConstraints.caseMemberAdd,
  });
  // With JavaScript: choosing a student fills in their level and institution from their profile.
  const prefill = (userId: string) => {
    const s = d.suggestions.find((x) => x.userId === userId);
    if (!s || role !== "student") return;
    // The fields are uncontrolled and the server validates: setting the value is enough.
    const set = (name: string, value: string) => {
      const el = document.forms.namedItem(form.id)?.elements.namedItem(name);
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.value = value;
    };
    if (s.studentLevel) set(fields.level.name, s.studentLevel);
    if (s.studentInstitution) set(fields.institution.name, s.studentInstitution);
  };
  return (
    <Section id="team" title={t("casePage.team.title")}>
      {d.view.team.length === 0 ? (
        <p className="utrecht-paragraph">{t("casePage.team.none")}</p>
      ) : (
        <ul className="spot-case-team">
          {d.view.team.map((m) => (
            <li key={m.userId}>
              <div>
                <strong>{m.name}</strong> — {t(`cases.role.${m.role}`)}
                {m.role === "student" && (m.studentLevel || m.studentInstitution) ? (
                  <span className="spot-case-muted">
                    {" "}
                    ({[m.studentLevel, m.studentInstitution].filter(Boolean).join(", ")})
                  </span>
                ) : null}
                {m.userId === d.me.id ? (
                  <span className="spot-case-muted"> ({t("casePage.team.you")})</span>
                ) : null}
              </div>
              {d.abilities.team ? (
                <Form
                  method="post"
                  action={`/casussen/${c.id}`}
                  className="spot-inline-form"
                  preventScrollReset
                >
                  <input type="hidden" name="intent" value="member.remove" />
                  <input type="hidden" name="userId" value={m.userId} />
                  <button
                    type="submit"
                    className="utrecht-button utrecht-button--secondary-action spot-case-small-button"
                    aria-label={`${t("casePage.team.remove")}: ${m.name}`}
                  >
                    {t("casePage.team.remove")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <FormProblem errors={removeErrors ?? undefined} />
      {d.abilities.readInternal && d.view.contacts.length > 0 ? (
        <>
          <h3 className="utrecht-heading-3">{t("casePage.team.contacts")}</h3>
          <ul className="utrecht-unordered-list">
            {d.view.contacts.map((p) => (
              <li key={p.userId} className="utrecht-unordered-list__item">
                {p.name} ·{" "}
                <a className="utrecht-link" href={`mailto:${p.email}`}>
                  {p.email}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {d.abilities.team ? (
        <details className="spot-case-disclosure" open={role !== null || mine !== null}>
          <summary>{t("casePage.team.add")}</summary>
          <Form
            method="get"
            action={`/casussen/${c.id}`}
            className="spot-form spot-case-role-pick"
            preventScrollReset
          >
            <div className="utrecht-form-field utrecht-form-field--select">
              <div className="utrecht-form-field__label">
                <label className="utrecht-form-label" htmlFor="team-role">
                  {t("casePage.team.role")}
                </label>
              </div>
              <div className="utrecht-form-field__input">
                <select
                  id="team-role"
                  name="rol"
                  defaultValue={role ?? ""}
                  required
                  className="utrecht-select utrecht-select--html-select spot-select"
                >
                  <option value="">{t("casePage.team.chooseRole")}</option>
                  {CASE_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {t(`cases.role.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <SubmitButton secondary>{t("casePage.team.showPeople")}</SubmitButton>
          </Form>
          <FormProblem errors={memberErrors} />
          {role ? (
            d.suggestions.length === 0 ? (
              <p className="utrecht-paragraph">
                {t("casePage.team.nobody", { role: t(`cases.role.${role}`) })}
              </p>
            ) : (
              <Form
                method="post"
                {...getFormProps(form)}
                action={`/casussen/${c.id}?rol=${role}`}
                className="spot-form"
                preventScrollReset
                onChange={(e) => {
                  const el = e.target;
                  if (
                    el instanceof HTMLInputElement &&
                    el.name === fields.userId.name &&
                    el.checked
                  ) {
                    prefill(el.value);
                  }
                }}
              >
                <ErrorSummary
                  fields={[
                    { field: fields.userId, label: t("casePage.team.person") },
                    { field: fields.level, label: t("casePage.team.level") },
                    { field: fields.institution, label: t("casePage.team.institution") },
                  ]}
                  formErrors={form.errors}
                />
                <input type="hidden" name="intent" value="member.add" />
                <input type="hidden" name="role" value={role} />
                <RadioGroupField
                  field={fields.userId}
                  legend={t("casePage.team.personAs", { role: t(`cases.role.${role}`) })}
                  description={t("casePage.team.suggestionHelp")}
                  options={d.suggestions.map((s) => ({
                    value: s.userId,
                    label: [
                      s.name,
                      t("casePage.team.load", { count: s.caseload }),
                      d.view.case.theme
                        ? t("casePage.team.themeCases", { count: s.themeCases })
                        : null,
                      role === "student" && (s.studentLevel || s.studentInstitution)
                        ? [s.studentLevel, s.studentInstitution].filter(Boolean).join(", ")
                        : null,
                    ]
                      .filter(Boolean)
                      .join(" · "),
                  }))}
                />
                {role === "student" ? (
                  <>
                    <SelectField
                      field={fields.level}
                      label={t("casePage.team.level")}
                      placeholder={t("casePage.team.chooseLevel")}
                      options={STUDENT_LEVELS.map((l) => ({
                        value: l,
                        label: t(`cases.studentLevel.${l}`),
                      }))}
                    />
                    <Field
                      field={fields.institution}
                      label={t("casePage.team.institution")}
                      description={t("casePage.team.institutionHelp")}
                    />
                  </>
                ) : null}
                <SubmitButton>{t("casePage.team.addSubmit")}</SubmitButton>
              </Form>
            )
          ) : null}
        </details>
      ) : null}
    </Section>
  );
}

function ScansSection({ loaderData: d, action: a }: PartProps) {
  const { t, lang } = useT();
  const c = d.view.case;
  const mine = a?.form === "linkScan" ? a : null;
  const [form, fields] = useForm<z.input<typeof caseLinkScanSchema>>({
    id: "link-scan",
    lastResult: mine?.result ?? undefined,
    constraint: formConstraints.caseLinkScan,
  });
  const scanLabel = (s: { instrumentId: string; completedAt: string | null }) =>
    s.completedAt
      ? t("casePage.scans.label", {
          scan: d.scanTitles[s.instrumentId] ?? s.instrumentId,
          date: formatDate(s.completedAt, lang),
        })
      : (d.scanTitles[s.instrumentId] ?? s.instrumentId);
  return (
    <Section id="scans" title={t("casePage.scans.title")}>
      {d.view.scans.length === 0 ? (
        <p className="utrecht-paragraph">{t("casePage.scans.none")}</p>
      ) : (
        <ul className="utrecht-unordered-list">
          {d.view.scans.map((s) => (
            <li key={s.id} className="utrecht-unordered-list__item">
              {s.status === "completed" ? (
                <Link className="utrecht-link" to={`/scan/${s.id}/resultaat`}>
                  {scanLabel(s)}
                </Link>
              ) : (
                <>
                  {scanLabel(s)} ({t("casePage.scans.notDone")})
                </>
              )}
              {s.level ? <span className="spot-case-muted"> · {s.level}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {mine && d.linkableScans.length === 0 ? (
        <FormProblem errors={Object.values(mine.result?.error ?? {}).flatMap((e) => e ?? [])} />
      ) : null}
      {d.abilities.work && d.linkableScans.length > 0 ? (
        <Form
          method="post"
          {...getFormProps(form)}
          action={`/casussen/${c.id}`}
          className="spot-form"
          preventScrollReset
        >
          <input type="hidden" name="intent" value="linkScan" />
          <SelectField
            field={fields.responseId}
            label={t("casePage.scans.link")}
            placeholder={t("casePage.scans.choose")}
            options={d.linkableScans.map((s) => ({ value: s.id, label: scanLabel(s) }))}
          />
          <SubmitButton secondary>{t("casePage.scans.linkSubmit")}</SubmitButton>
        </Form>
      ) : null}
    </Section>
  );
}

function MessagesSection({ loaderData: d, action: a }: PartProps) {
  const { t, lang } = useT();
  const c = d.view.case;
  const mine = a?.form === "message" ? a : null;
  const [form, fields] = useForm<z.input<typeof caseMessageSchema>>({
    id: "message",
    lastResult: mine?.result ?? undefined,
    constraint: formConstraints.caseMessage,
  });
  return (
    <Section id="berichten" title={t("casePage.messages.title")}>
      <p className="utrecht-paragraph">
        {t("casePage.messages.intro", { company: d.view.company.name })}
      </p>
      {d.view.messages.length === 0 ? (
        <p className="utrecht-paragraph">{t("casePage.messages.none")}</p>
      ) : (
        <ol className="spot-case-thread">
          {d.view.messages.map((m) => (
            <li
              key={m.id}
              className={`spot-case-message ${m.fromCompany ? "spot-case-message--company" : "spot-case-message--team"}`}
            >
              <p className="spot-case-message__meta">
                <strong>{m.author ?? t("casePage.someone")}</strong>{" "}
                <span className="spot-case-message__side">
                  (
                  {t(
                    m.fromCompany ? "casePage.messages.fromCompany" : "casePage.messages.fromTeam",
                  )}
                  )
                </span>{" "}
                · <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang)}</time>
              </p>
              <p className="utrecht-paragraph spot-case-text">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      {d.abilities.message ? (
        <Form
          method="post"
          {...getFormProps(form)}
          action={`/casussen/${c.id}`}
          className="spot-form"
          preventScrollReset
        >
          <FormProblem errors={form.errors} />
          <input type="hidden" name="intent" value="message" />
          <TextareaField
            field={fields.body}
            label={t("casePage.messages.reply")}
            description={t("casePage.messages.replyHelp")}
            rows={4}
          />
          <SubmitButton>{t("casePage.messages.send")}</SubmitButton>
        </Form>
      ) : null}
    </Section>
  );
}
