/** The invitation form (/beheer/uitnodigen). Messages are i18n keys; the server validates. */
import { z } from "zod";
import { ROLES } from "~/db/schema";
import { STUDENT_LEVELS as LEVELS } from "~/modules/cases/model";

/** The student fields are needed when the student role is ticked (also in a half-valid form). */
const isStudent = (v: { roles?: unknown }) =>
  Array.isArray(v.roles) ? v.roles.includes("student") : v.roles === "student";

/** Messages are i18n keys. Which roles this person may give is checked in the action. */
export const inviteSchema = z
  .object({
    name: z
      .string({ error: "admin.invite.nameRequired" })
      .trim()
      .min(1, "admin.invite.nameRequired")
      .max(120, "admin.invite.nameTooLong"),
    email: z
      .string({ error: "admin.invite.emailRequired" })
      .trim()
      .min(1, "admin.invite.emailRequired")
      .max(254, "admin.invite.emailTooLong")
      .email("admin.invite.emailInvalid"),
    roles: z
      .array(z.string(), { error: "admin.invite.rolesRequired" })
      .min(1, "admin.invite.rolesRequired")
      .max(ROLES.length, "admin.invite.roleUnknown")
      .refine(
        (roles) => roles.every((r) => (ROLES as readonly string[]).includes(r)),
        "admin.invite.roleUnknown",
      ),
    studentLevel: z.enum(LEVELS, { error: "admin.invite.levelRequired" }).optional(),
    studentInstitution: z.string().trim().max(200, "admin.invite.institutionTooLong").optional(),
  })
  // Checked even while other fields still have errors, so every message shows at once.
  .refine((v) => !isStudent(v) || Boolean(v.studentLevel), {
    path: ["studentLevel"],
    message: "admin.invite.levelRequired",
    when: () => true,
  })
  .refine((v) => !isStudent(v) || Boolean(v.studentInstitution), {
    path: ["studentInstitution"],
    message: "admin.invite.institutionRequired",
    when: () => true,
  });
