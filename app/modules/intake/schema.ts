/**
 * The intake request form ("hulpvraag") and the coordinator's actions, shared by browser and
 * server. Messages are i18n keys (catalog "intake").
 */
import { z } from "zod";
import {
  HEARD_VIA,
  INTAKE_PREFERENCES,
  normalisePostcode,
  QUESTION_MAX,
  REPLY_MAX,
} from "./form-limits";

export * from "./form-limits";

const text = (required: string, max: number, tooLong: string) =>
  z.string({ error: required }).trim().min(1, required).max(max, tooLong);

export const intakeSchema = z.object({
  question: text("intake.error.questionRequired", QUESTION_MAX, "intake.error.questionTooLong"),
  contactName: text("intake.error.nameRequired", 120, "intake.error.nameTooLong"),
  email: z
    .string({ error: "intake.error.emailRequired" })
    .trim()
    .min(1, "intake.error.emailRequired")
    .max(254, "intake.error.emailInvalid")
    .email("intake.error.emailInvalid"),
  phone: z
    .string()
    .trim()
    .max(30, "intake.error.phoneInvalid")
    .regex(/^\+?[0-9][0-9 ()-]{5,}$/, "intake.error.phoneInvalid")
    .optional(),
  companyName: text("intake.error.companyRequired", 200, "intake.error.companyTooLong"),
  kvkNumber: z
    .string()
    .transform((v) => v.replace(/[\s.]/g, ""))
    .pipe(z.string().regex(/^\d{8}$/, "intake.error.kvkFormat"))
    .optional(),
  sector: z
    .string()
    .regex(/^[A-Z]$/, "intake.error.sectorUnknown")
    .optional(),
  employees: z
    .number({
      error: (issue) =>
        issue.input === undefined
          ? "intake.error.employeesRequired"
          : "intake.error.employeesWhole",
    })
    .int("intake.error.employeesWhole")
    .min(1, "intake.error.employeesMin")
    .max(1_000_000, "intake.error.employeesMax"),
  postcode: z
    .string({ error: "intake.error.postcodeRequired" })
    .trim()
    .min(1, "intake.error.postcodeRequired")
    .regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, "intake.error.postcodeFormat")
    .transform(normalisePostcode),
  heardVia: z.enum(HEARD_VIA, { error: "intake.error.heardViaUnknown" }).optional(),
  heardViaDetail: z.string().trim().max(200, "intake.error.detailTooLong").optional(),
  preference: z.enum(INTAKE_PREFERENCES, { error: "intake.error.preferenceRequired" }),
  scan: z.string().max(64).optional(),
});
export type IntakeInput = z.output<typeof intakeSchema>;

/** The coordinator's buttons on one request. */
export const handleSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept") }),
  z.object({
    intent: z.literal("answer"),
    reply: text("intake.error.replyRequired", REPLY_MAX, "intake.error.replyTooLong"),
  }),
  z.object({
    intent: z.literal("decide"),
    /** "in:GM0402" (in the region, that municipality) or "out". */
    decision: z.string().regex(/^(in:GM\d{4}|out)$/, "intake.error.decisionUnknown"),
  }),
]);
