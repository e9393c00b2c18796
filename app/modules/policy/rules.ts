/**
 * The authorization policy: one typed vocabulary of actions and one rule set per resource.
 * Every loader, action, resource route and export asks `can()` / `assertCan()`; the UI gets
 * ability flags computed here (`abilities()`), never its own copy of a rule.
 *
 * Add a rule: add the action to its resource's rule set below, use it in the route, and add
 * its expectations to the truth-table test (tests/unit/policy.test.ts) and the route × role
 * matrix (tests/server/route-matrix.test.ts).
 */
import type { Role } from "~/db/schema";
import { type CaseRole, PHASE_CASE_ROLES, WORKING_CASE_ROLES } from "~/modules/cases/model";
import { type Actor, hasRole, isSignedIn } from "./actor";

/** Resources that rules look at. */
export interface UserResource {
  id: string;
  roles: readonly Role[];
}
export interface CompanyResource {
  id: string;
}
/** A scan response, as the policy sees it. */
export interface ScanResource {
  userId: string | null;
  companyId: string | null;
  /** The request carries this response's owner token (the anonymous respondent's cookie). */
  holdsOwnerToken: boolean;
}

/** A case, as the policy sees it: its company and its team. */
export interface CaseResource {
  companyId: string;
  team: ReadonlyArray<{ userId: string; role: CaseRole }>;
}

type Rule<R> = (actor: Actor, resource: R) => boolean;

/** Roles a coordinator may hand out by invitation; administrators may hand out any role. */
export const COORDINATOR_GRANTABLE: readonly Role[] = [
  "entrepreneur",
  "expert",
  "student",
  "provider",
  "partner",
];

const self = (actor: Actor, user: UserResource) => isSignedIn(actor) && actor.id === user.id;

const roleInCase = (actor: Actor, c: CaseResource): CaseRole | null =>
  isSignedIn(actor) ? (c.team.find((m) => m.userId === actor.id)?.role ?? null) : null;
const inCompany = (actor: Actor, c: CaseResource) =>
  isSignedIn(actor) && actor.companyIds.includes(c.companyId);
const runsCases = (actor: Actor) => hasRole(actor, "admin", "coordinator");

const rules = {
  // Own account (profile, password, 2FA, sessions): any signed-in person.
  "account.manage": ((actor) => isSignedIn(actor)) as Rule<void>,
  // Mijn SPOT (the personal start page): any signed-in person.
  "portal.view": ((actor) => isSignedIn(actor)) as Rule<void>,

  // People (administration).
  "user.list": ((actor) => hasRole(actor, "admin")) as Rule<void>,
  "user.read": ((actor, user) =>
    hasRole(actor, "admin") || self(actor, user)) as Rule<UserResource>,
  "user.invite": ((actor) => hasRole(actor, "admin", "coordinator")) as Rule<void>,
  /** `resource` is the role to give or take. */
  "user.role.grant": ((actor, role) =>
    hasRole(actor, "admin") ||
    (hasRole(actor, "coordinator") && COORDINATOR_GRANTABLE.includes(role))) as Rule<Role>,
  "user.role.revoke": ((actor, role) => hasRole(actor, "admin") && Boolean(role)) as Rule<Role>,
  "user.disable": ((actor, user) =>
    hasRole(actor, "admin") && !self(actor, user)) as Rule<UserResource>,
  "user.sessions.end": ((actor, user) =>
    hasRole(actor, "admin") || self(actor, user)) as Rule<UserResource>,

  // Companies: their members, and the platform's staff.
  "company.read": ((actor, company) =>
    hasRole(actor, "admin", "coordinator") ||
    (isSignedIn(actor) && actor.companyIds.includes(company.id))) as Rule<CompanyResource>,

  // Scan responses: the respondent (by owner token or account), members of its company, and
  // staff (coordinators, administrators; case team members once cases exist).
  "scan.read": ((actor, scan) =>
    scan.holdsOwnerToken ||
    (isSignedIn(actor) &&
      ((scan.userId !== null && scan.userId === actor.id) ||
        (scan.companyId !== null && actor.companyIds.includes(scan.companyId)))) ||
    hasRole(actor, "admin", "coordinator")) as Rule<ScanResource>,
  /** Answering is for the respondent only (staff read, they do not fill in someone's scan). */
  "scan.answer": ((actor, scan) =>
    scan.holdsOwnerToken ||
    (isSignedIn(actor) && scan.userId !== null && scan.userId === actor.id)) as Rule<ScanResource>,

  // Intake requests (help questions): coordinators and administrators handle them.
  "intake.list": ((actor) => hasRole(actor, "admin", "coordinator")) as Rule<void>,
  "intake.handle": ((actor) => hasRole(actor, "admin", "coordinator")) as Rule<void>,

  // Cases. Coordinators and administrators run every case; a team member works on theirs;
  // the company's members follow their own case, without the internal notes.
  /** The pipeline of all cases, new cases, team composition. */
  "case.list": ((actor) => runsCases(actor)) as Rule<void>,
  "case.create": ((actor) => runsCases(actor)) as Rule<void>,
  /** "My cases" and "my tasks": anyone who can be on a case team. */
  "case.listOwn": ((actor) =>
    hasRole(actor, "coordinator", "expert", "student", "partner", "provider")) as Rule<void>,
  "case.read": ((actor, c) =>
    runsCases(actor) || roleInCase(actor, c) !== null || inCompany(actor, c)) as Rule<CaseResource>,
  /** Internal notes, hours, internal documents, the full timeline: staff on the case. */
  "case.readInternal": ((actor, c) => {
    const role = roleInCase(actor, c);
    return runsCases(actor) || (role !== null && WORKING_CASE_ROLES.includes(role));
  }) as Rule<CaseResource>,
  /** Log activities and hours, tasks, notes, documents, edit the question and problem. */
  "case.work": ((actor, c) => {
    const role = roleInCase(actor, c);
    return runsCases(actor) || (role !== null && WORKING_CASE_ROLES.includes(role));
  }) as Rule<CaseResource>,
  "case.phase": ((actor, c) => {
    const role = roleInCase(actor, c);
    return runsCases(actor) || (role !== null && PHASE_CASE_ROLES.includes(role));
  }) as Rule<CaseResource>,
  "case.team": ((actor, _c) => runsCases(actor)) as Rule<CaseResource>,
  /** Messages between the company and the team. */
  "case.message": ((actor, c) =>
    runsCases(actor) || roleInCase(actor, c) !== null || inCompany(actor, c)) as Rule<CaseResource>,

  // Advice (journey phase 2). The team writes the draft; the company's members see shared
  // versions only and decide on them.
  /** Write the draft advice and share versions: the case's working team and coordinators. */
  "advice.edit": ((actor, c) => {
    const role = roleInCase(actor, c);
    return runsCases(actor) || (role !== null && WORKING_CASE_ROLES.includes(role));
  }) as Rule<CaseResource>,
  /** Read the draft and every shared version: the whole case team and coordinators. */
  "advice.read": ((actor, c) =>
    runsCases(actor) || roleInCase(actor, c) !== null) as Rule<CaseResource>,
  /** See the shared versions and decide per action: the company's members. */
  "advice.decide": ((actor, c) => inCompany(actor, c)) as Rule<CaseResource>,
  /** The action catalogue advice is proposed from (/beheer/acties). */
  "catalogue.edit": ((actor) => hasRole(actor, "admin", "coordinator")) as Rule<void>,

  // Platform operation.
  "audit.read": ((actor) => hasRole(actor, "admin")) as Rule<void>,
  "mail.outbox.read": ((actor) => hasRole(actor, "admin")) as Rule<void>,
  "report.read": ((actor) => hasRole(actor, "admin", "coordinator", "steering")) as Rule<void>,
} as const;

export type Action = keyof typeof rules;
type ResourceOf<A extends Action> = Parameters<(typeof rules)[A]>[1];

export const ACTIONS = Object.keys(rules) as Action[];

export function can<A extends Action>(
  actor: Actor,
  action: A,
  ...resource: ResourceOf<A> extends void ? [] : [ResourceOf<A>]
): boolean {
  const rule = rules[action] as Rule<unknown>;
  return rule(actor, resource[0]);
}
