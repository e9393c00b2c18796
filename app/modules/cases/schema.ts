/**
 * Form schemas of the case pages, shared by browser and server (Conform + Zod). Messages are
 * i18n keys. Dates are YYYY-MM-DD; "today" is the date in the Netherlands.
 */
import { z } from "zod";
import { THEMES } from "~/modules/reference/themes";
import {
  CASE_TEXT_MAX,
  CASE_TITLE_MAX,
  HOURS_DESCRIPTION_MAX,
  INSTITUTION_MAX,
  MAX_COMPANY_PARTICIPANTS,
  MESSAGE_MAX,
  NEW_CASE_QUESTION_MAX,
  NOTE_MAX,
  OUTCOME_MAX,
  PHASE_REASON_MAX,
  phaseChangeNeedsReason,
  TASK_TITLE_MAX,
  todayIso,
  totalMinutes,
  yearsAfter,
} from "./form-limits";
import {
  ACTIVITY_TYPES,
  CASE_ROLES,
  EARLIEST_DATE,
  MAX_MINUTES,
  PHASES,
  type Phase,
  PROBLEM_KINDS,
  STUDENT_LEVELS,
} from "./model";

export * from "./form-limits";

const isRealDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A date of work done: a real date, not before the programme, not after today. */
function workDate(p: string) {
  return z
    .string({ error: `${p}.dateRequired` })
    .trim()
    .min(1, `${p}.dateRequired`)
    .refine(isRealDate, `${p}.dateInvalid`)
    .refine((v) => !isRealDate(v) || v >= EARLIEST_DATE, `${p}.dateTooEarly`)
    .refine((v) => !isRealDate(v) || v <= todayIso(), `${p}.dateFuture`);
}

const minutes = (p: string, required: string) =>
  z
    .number({
      error: (issue) => (issue.input === undefined ? required : `${p}.minutesWhole`),
    })
    .int(`${p}.minutesWhole`)
    .min(1, `${p}.minutesMin`)
    .max(MAX_MINUTES, `${p}.minutesMax`);

const text = (required: string, max: number, tooLong: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, tooLong);

const E = "caseWork.error";

export const activitySchema = z
  .object({
    type: z.enum(ACTIVITY_TYPES, {
      error: (issue) => (issue.input === undefined ? `${E}.typeRequired` : `${E}.typeUnknown`),
    }),
    occurredOn: workDate(E),
    durationMinutes: minutes(E, `${E}.durationRequired`),
    companyParticipants: z
      .number({
        error: (issue) =>
          issue.input === undefined ? `${E}.companyRequired` : `${E}.companyWhole`,
      })
      .int(`${E}.companyWhole`)
      .min(0, `${E}.companyMin`)
      .max(MAX_COMPANY_PARTICIPANTS, `${E}.companyMax`),
    participantIds: z
      .array(z.string())
      .max(50, "cases.problem.notOnTeam")
      .refine((list) => list.every((id) => UUID.test(id)), "cases.problem.notOnTeam")
      .default([]),
    outcome: text(`${E}.outcomeRequired`, OUTCOME_MAX, `${E}.outcomeTooLong`),
  })
  .refine((v) => v.type !== "training" || v.companyParticipants >= 1, {
    path: ["companyParticipants"],
    message: `${E}.companyTraining`,
  });
export type ActivityForm = z.output<typeof activitySchema>;

/** Hours: `minutes` alone (the case page's short form) or hours and minutes. */
export const hoursSchema = z
  .object({
    workedOn: workDate(E),
    hours: z
      .number({ error: `${E}.hoursWhole` })
      .int(`${E}.hoursWhole`)
      .min(0, `${E}.hoursWhole`)
      .max(24, `${E}.minutesMax`)
      .optional(),
    minutes: z
      .number({ error: `${E}.minutesWhole` })
      .int(`${E}.minutesWhole`)
      .min(0, `${E}.minutesWhole`)
      .max(MAX_MINUTES, `${E}.minutesMax`)
      .optional(),
    description: text(`${E}.descriptionRequired`, HOURS_DESCRIPTION_MAX, `${E}.descriptionTooLong`),
  })
  .superRefine((v, ctx) => {
    const total = totalMinutes(v);
    if (total < 1)
      ctx.addIssue({ code: "custom", path: ["minutes"], message: `${E}.timeRequired` });
    else if (total > MAX_MINUTES) {
      ctx.addIssue({ code: "custom", path: ["minutes"], message: `${E}.minutesMax` });
    }
  });

/** A due date: a real date from today on, at most three years ahead. */
const dueDate = z
  .string()
  .trim()
  .refine(isRealDate, `${E}.dateInvalid`)
  .refine((v) => !isRealDate(v) || v >= todayIso(), `${E}.duePast`)
  .refine((v) => !isRealDate(v) || v <= yearsAfter(todayIso(), 3), `${E}.dueTooLate`);

const returnPath = z.string().max(2000).optional();

export const taskSchema = z.discriminatedUnion(
  "intent",
  [
    z
      .object({
        intent: z.literal("add"),
        title: text(`${E}.titleRequired`, TASK_TITLE_MAX, `${E}.titleTooLong`),
        dueOn: dueDate.optional(),
        assigneeId: z.string().regex(UUID, "cases.problem.notOnTeam").optional(),
        forCompany: z.boolean().optional(),
        terug: returnPath,
      })
      .refine((v) => !(v.forCompany && v.assigneeId), {
        path: ["assigneeId"],
        message: `${E}.assigneeOrCompany`,
      }),
    z.object({
      intent: z.enum(["done", "reopen"]),
      taskId: z.string({ error: `${E}.taskUnknown` }).regex(UUID, `${E}.taskUnknown`),
      terug: returnPath,
    }),
  ],
  { error: `${E}.badRequest` },
);

export const noteSchema = z.object({
  body: text(`${E}.noteRequired`, NOTE_MAX, `${E}.noteTooLong`),
});

export const documentSchema = z.object({
  file: z.instanceof(File, { error: `${E}.fileRequired` }),
  internal: z.boolean().optional(),
});

// ---------------------------------------------------------------------------------------------
// The staff case page (/casussen/:id): its own forms. Messages are i18n keys (catalog
// "casePage" for form errors, "cases.problem.*" for domain problems).

const caseVersion = z
  .number({ error: "casePage.error.version" })
  .int("casePage.error.version")
  .min(1, "casePage.error.version")
  .max(1_000_000_000, "casePage.error.version");

const someId = (required: string) =>
  z.string({ error: required }).trim().min(1, required).max(64, required);

export const caseDetailsSchema = z.object({
  intent: z.literal("details"),
  version: caseVersion,
  title: z
    .string({ error: "casePage.error.titleRequired" })
    .trim()
    .min(1, "casePage.error.titleRequired")
    .max(CASE_TITLE_MAX, "casePage.error.titleTooLong"),
  question: z
    .string({ error: "casePage.error.questionRequired" })
    .trim()
    .min(1, "casePage.error.questionRequired")
    .max(CASE_TEXT_MAX, "casePage.error.textTooLong"),
  problem: z.string().trim().max(CASE_TEXT_MAX, "casePage.error.textTooLong").optional(),
  problemKind: z.enum(PROBLEM_KINDS, { error: "casePage.error.problemKindUnknown" }).optional(),
  theme: z.enum(THEMES, { error: "casePage.error.themeUnknown" }).optional(),
});

/** A phase change from the case's current phase: a known other phase, a reason when needed. */
export function casePhaseSchema(current: Phase) {
  return z
    .object({
      intent: z.literal("phase"),
      version: caseVersion,
      phase: z.enum(PHASES, { error: "casePage.error.phaseUnknown" }),
      reason: z.string().trim().max(PHASE_REASON_MAX, "casePage.error.reasonTooLong").optional(),
    })
    .superRefine((v, ctx) => {
      if (v.phase === current) {
        ctx.addIssue({ code: "custom", path: ["phase"], message: "cases.problem.samePhase" });
      } else if (phaseChangeNeedsReason(current, v.phase) && !v.reason) {
        ctx.addIssue({
          code: "custom",
          path: ["reason"],
          message: "casePage.error.reasonRequired",
        });
      }
    });
}

export const caseMemberAddSchema = z
  .object({
    intent: z.literal("member.add"),
    role: z.enum(CASE_ROLES, { error: "casePage.error.roleUnknown" }),
    userId: someId("casePage.error.personRequired"),
    level: z.enum(STUDENT_LEVELS, { error: "casePage.error.levelRequired" }).optional(),
    institution: z
      .string()
      .trim()
      .max(INSTITUTION_MAX, "casePage.error.institutionTooLong")
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role !== "student") return;
    if (!v.level) {
      ctx.addIssue({ code: "custom", path: ["level"], message: "casePage.error.levelRequired" });
    }
    if (!v.institution) {
      ctx.addIssue({
        code: "custom",
        path: ["institution"],
        message: "casePage.error.institutionRequired",
      });
    }
  });

export const caseMemberRemoveSchema = z.object({
  intent: z.literal("member.remove"),
  userId: someId("casePage.error.personRequired"),
});

export const caseMessageSchema = z.object({
  intent: z.literal("message"),
  body: z
    .string({ error: "casePage.error.messageRequired" })
    .trim()
    .min(1, "casePage.error.messageRequired")
    .max(MESSAGE_MAX, "casePage.error.messageTooLong"),
});

export const caseLinkScanSchema = z.object({
  intent: z.literal("linkScan"),
  responseId: someId("casePage.error.scanRequired"),
});

// ---------------------------------------------------------------------------------------------
// A new case opened by a coordinator (/casussen/nieuw). Messages: catalog "casesList".

export const newCaseSchema = z.object({
  companyId: z
    .string({ error: "casesList.new.error.companyRequired" })
    .trim()
    .regex(UUID, "casesList.new.error.companyUnknown"),
  title: z
    .string({ error: "casesList.new.error.titleRequired" })
    .trim()
    .min(1, "casesList.new.error.titleRequired")
    .max(CASE_TITLE_MAX, "casesList.new.error.titleTooLong"),
  question: z
    .string({ error: "casesList.new.error.questionRequired" })
    .trim()
    .min(1, "casesList.new.error.questionRequired")
    .max(NEW_CASE_QUESTION_MAX, "casesList.new.error.questionTooLong"),
  theme: z.enum(THEMES, { error: "casesList.new.error.themeUnknown" }).optional(),
});

// ---------------------------------------------------------------------------------------------
// The entrepreneur's case page (/mijn/casus/:id): a message to the team. Messages: "myCase".

export const myCaseMessageSchema = z.object({
  body: z
    .string({ error: "myCase.error.bodyRequired" })
    .trim()
    .min(1, "myCase.error.bodyRequired")
    .max(MESSAGE_MAX, "myCase.error.bodyTooLong"),
});
