import { index, type RouteConfig, route } from "@react-router/dev/routes";

/**
 * The route table. Every route here is walked by the route × role matrix test
 * (tests/server/route-matrix.test.ts), so a new route must get its expectations there.
 * Paths are Dutch: they are what entrepreneurs see and share.
 */
export default [
  index("routes/home.tsx"),
  route("toegankelijkheid", "routes/accessibility.tsx"),
  route("privacy", "routes/privacy.tsx"),
  route("contact", "routes/contact.tsx"),
  route("hulp", "routes/help.tsx"),
  route("taal", "routes/language.ts"),
  route("healthz", "routes/healthz.ts"),
  route(".well-known/security.txt", "routes/security-txt.ts"),

  // Accounts
  route("aanmelden", "routes/signup.tsx"),
  route("inloggen", "routes/login.tsx"),
  route("inloggen/link", "routes/login-link.tsx"),
  route("inloggen/tweestaps", "routes/login-2fa.tsx"),
  route("uitloggen", "routes/logout.ts"),
  route("email-bevestigen", "routes/verify-email.tsx"),
  route("wachtwoord-vergeten", "routes/forgot-password.tsx"),
  route("wachtwoord-herstellen", "routes/reset-password.tsx"),
  route("mijn", "routes/portal.tsx"),
  route("mijn/casus/:id", "routes/my-case.tsx"),
  route("account", "routes/account.tsx"),
  route("account/wachtwoord", "routes/account-password.tsx"),
  route("account/email", "routes/account-email.tsx"),
  route("account/email/bevestigen", "routes/account-email-confirm.tsx"),
  route("account/sessies", "routes/account-sessions.tsx"),
  route("account/tweestaps", "routes/account-two-factor.tsx"),

  // Administration
  route("beheer/gebruikers", "routes/admin-users.tsx"),
  route("beheer/gebruikers/:id", "routes/admin-user.tsx"),
  route("beheer/uitnodigen", "routes/admin-invite.tsx"),
  route("uitnodiging", "routes/invitation.tsx"),
  route("beheer/audit", "routes/admin-audit.tsx"),
  route("beheer/mail", "routes/admin-mail.tsx"),
  route("beheer/mail/:id", "routes/admin-mail-message.tsx"),

  // Scans
  route("scan", "routes/scans.tsx"),
  route("scan/hervatten", "routes/scan-resume.tsx"),
  route("scan/:id", "routes/scan-index.tsx"),
  route("scan/:id/vraag/:n", "routes/scan-step.tsx"),
  route("scan/:id/antwoord", "routes/scan-answer.ts"),
  route("scan/:id/bewaren", "routes/scan-save.tsx"),
  route("scan/:id/resultaat.pdf", "routes/scan-result-pdf.ts"),
  route("scan/:id/resultaat", "routes/scan-result.tsx"),
  route("scan/:id/mailen", "routes/scan-result-email.tsx"),

  // Intake
  route("hulpvraag", "routes/intake.tsx"),
  route("beheer/aanvragen", "routes/admin-intakes.tsx"),
  route("beheer/aanvragen/:id", "routes/admin-intake.tsx"),
  // The KvK test double (demo mode only; 404 otherwise).
  route("__kvk/v1/basisprofielen/:kvk", "routes/kvk-double.ts"),

  // Cases: the pipeline, a new case, my work.
  route("casussen", "routes/cases.tsx"),
  route("casussen/nieuw", "routes/case-new.tsx"),
  route("werk", "routes/work.tsx"),
  route("casussen/:id", "routes/case.tsx"),

  // Cases: the team's work on one case (forms the case page posts to, and their own pages).
  route("casussen/:id/activiteit", "routes/case-activity.tsx"),
  route("casussen/:id/uren", "routes/case-hours.tsx"),
  route("casussen/:id/taken", "routes/case-tasks.tsx"),
  route("casussen/:id/notitie", "routes/case-note.tsx"),
  route("casussen/:id/documenten", "routes/case-documents.tsx"),
  route("casussen/:id/documenten/:docId", "routes/case-document.ts"),

  // Advice and realisation (journey phases 2 and 3).
  route("casussen/:id/advies", "routes/case-advice.tsx"),
  route("casussen/:id/advies/:versie", "routes/case-advice-pdf.ts"),
  route("casussen/:id/realisatie", "routes/case-realisation.tsx"),
  route("mijn/casus/:id/advies", "routes/my-advice.tsx"),

  // The action catalogue advice is proposed from (administrators, coordinators).
  route("beheer/acties", "routes/admin-actions.tsx"),
  route("beheer/acties/nieuw", "routes/admin-action-new.tsx"),
  route("beheer/acties/:id", "routes/admin-action.tsx"),

  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
