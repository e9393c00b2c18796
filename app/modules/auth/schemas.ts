/**
 * Form schemas for accounts, shared by browser and server. Messages are i18n keys.
 */
import { z } from "zod";

const email = z
  .string({ error: "validation.emailRequired" })
  .trim()
  .min(1, "validation.emailRequired")
  .max(254, "validation.emailTooLong")
  .email("validation.emailInvalid");

const name = z
  .string({ error: "validation.nameRequired" })
  .trim()
  .min(1, "validation.nameRequired")
  .max(120, "validation.nameTooLong");

export const newPassword = z
  .string({ error: "validation.passwordRequired" })
  .min(10, "validation.passwordTooShort")
  .max(200, "validation.passwordTooLong");

export const signUpSchema = z.object({
  name,
  email,
  companyName: z
    .string({ error: "validation.companyRequired" })
    .trim()
    .min(1, "validation.companyRequired")
    .max(200, "validation.companyTooLong"),
  password: newPassword.optional(),
});

export const loginSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("password"),
    email,
    password: z
      .string({ error: "validation.passwordRequired" })
      .min(1, "validation.passwordRequired")
      .max(200, "validation.passwordTooLong"),
  }),
  z.object({ intent: z.literal("link"), email, password: z.string().optional() }),
]);

export const emailOnlySchema = z.object({ email });

export const resetPasswordSchema = z
  .object({
    password: newPassword,
    confirm: z.string({ error: "validation.confirmRequired" }).max(200),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "validation.confirmMismatch",
  });

export const changePasswordSchema = z
  .object({
    current: z.string().max(200).optional(),
    password: newPassword,
    confirm: z.string({ error: "validation.confirmRequired" }).max(200),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "validation.confirmMismatch",
  });

export const changeEmailSchema = z.object({
  email,
  password: z
    .string({ error: "validation.passwordRequired" })
    .min(1, "validation.passwordRequired")
    .max(200),
});

export const codeSchema = z.object({
  code: z
    .string({ error: "validation.codeRequired" })
    .trim()
    .min(1, "validation.codeRequired")
    .max(20, "validation.codeInvalid")
    .regex(/^[0-9a-zA-Z\s-]+$/, "validation.codeInvalid"),
});

export const acceptInviteSchema = z
  .object({
    name,
    password: newPassword,
    confirm: z.string({ error: "validation.confirmRequired" }).max(200),
  })
  .refine((v) => v.password === v.confirm, {
    path: ["confirm"],
    message: "validation.confirmMismatch",
  });

/** Two-factor set-up: the code from the app. */
export const twoFactorConfirmSchema = z.object({
  code: z
    .string({ error: "validation.codeRequired" })
    .trim()
    .min(1, "validation.codeRequired")
    // Six digits, maybe with spaces or dashes between (the regex also caps the length).
    .regex(/^(\d[\s-]?){6}$/, "account.twoFactor.codeFormat"),
});

/** Switching two-factor off: a code or the password. */
export const twoFactorDisableSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[0-9a-zA-Z\s-]{1,20}$/, "validation.codeInvalid")
    .optional(),
  password: z.string().max(200, "validation.passwordTooLong").optional(),
});

export { email as emailField, name as nameField };
