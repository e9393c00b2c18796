/**
 * The authorization policy as truth tables: for every action, every role, an anonymous
 * visitor and a person with two roles, the expected answer is written out below. Any change
 * to a rule in app/modules/policy/rules.ts changes an answer and fails this test; a new action
 * without rows here fails too. Change the table on purpose, together with the rule.
 */
import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "~/db/schema";
import type { CaseRole } from "~/modules/cases/model";
import { type Actor, ANONYMOUS } from "~/modules/policy/actor";
import { assertCan } from "~/modules/policy/policy.server";
import { ACTIONS, type Action, can } from "~/modules/policy/rules";

// The columns of every row, in this order.
const COLUMNS = [
  "anonymous",
  "entrepreneur",
  "coordinator",
  "expert",
  "student",
  "provider",
  "partner",
  "steering",
  "admin",
  "entrepreneur+steering",
] as const;
type Column = (typeof COLUMNS)[number];

const Y = true;
const N = false;
type Row = readonly [
  boolean,
  boolean,
  boolean,
  boolean,
  boolean,
  boolean,
  boolean,
  boolean,
  boolean,
  boolean,
];

/** Every signed-in actor is a member of this company (and of no other). */
const OWN_COMPANY = "company-own";
const OTHER_COMPANY = "company-other";
const OTHER_USER = "user-other";

function actorFor(column: Column): Actor {
  if (column === "anonymous") return ANONYMOUS;
  const roles = column.split("+") as Role[];
  return {
    kind: "user",
    id: `user-${column}`,
    email: `${column}@example.org`,
    name: column,
    roles: new Set(roles),
    companyIds: [OWN_COMPANY],
    isDemo: false,
  };
}

/** "Self" is the actor's own user id (an anonymous visitor has none: any id). */
const selfOf = (actor: Actor) => ({
  id: actor.kind === "user" ? actor.id : "user-anonymous",
  roles: actor.kind === "user" ? [...actor.roles] : [],
});
const other = () => ({ id: OTHER_USER, roles: ["entrepreneur"] as Role[] });

/** A case of `company` with the actor on its team in `role` (or not on it). */
const caseOf = (a: Actor, company: string, role?: CaseRole) => ({
  companyId: company,
  team: [
    { userId: OTHER_USER, role: "expert" as CaseRole },
    ...(role && a.kind === "user" ? [{ userId: a.id, role }] : []),
  ],
});

interface Case {
  label: string;
  ask(actor: Actor): boolean;
  expected: Row;
}

// biome-ignore format: the table is aligned by hand, one column per actor
const TABLE: { [A in Action]: Case[] } = {
  //                                                   anon  ent  coo  exp  stu  pro  par  ste  adm  ent+ste
  "account.manage": [
    { label: "own account", ask: (a) => can(a, "account.manage"), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
  ],
  "portal.view": [
    { label: "Mijn SPOT", ask: (a) => can(a, "portal.view"), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
  ],
  "user.list": [
    { label: "list people", ask: (a) => can(a, "user.list"), expected: [N, N, N, N, N, N, N, N, Y, N] },
  ],
  "user.read": [
    { label: "self", ask: (a) => can(a, "user.read", selfOf(a)), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "other", ask: (a) => can(a, "user.read", other()), expected: [N, N, N, N, N, N, N, N, Y, N] },
  ],
  "user.invite": [
    { label: "invite", ask: (a) => can(a, "user.invite"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "user.role.grant": [
    { label: "entrepreneur", ask: (a) => can(a, "user.role.grant", "entrepreneur"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "coordinator", ask: (a) => can(a, "user.role.grant", "coordinator"), expected: [N, N, N, N, N, N, N, N, Y, N] },
    { label: "expert", ask: (a) => can(a, "user.role.grant", "expert"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "student", ask: (a) => can(a, "user.role.grant", "student"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "provider", ask: (a) => can(a, "user.role.grant", "provider"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "partner", ask: (a) => can(a, "user.role.grant", "partner"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "steering", ask: (a) => can(a, "user.role.grant", "steering"), expected: [N, N, N, N, N, N, N, N, Y, N] },
    { label: "admin", ask: (a) => can(a, "user.role.grant", "admin"), expected: [N, N, N, N, N, N, N, N, Y, N] },
  ],
  "user.role.revoke": [
    { label: "entrepreneur", ask: (a) => can(a, "user.role.revoke", "entrepreneur"), expected: [N, N, N, N, N, N, N, N, Y, N] },
    { label: "coordinator", ask: (a) => can(a, "user.role.revoke", "coordinator"), expected: [N, N, N, N, N, N, N, N, Y, N] },
    { label: "expert", ask: (a) => can(a, "user.role.revoke", "expert"), expected: [N, N, N, N, N, N, N, N, Y, N] },
    { label: "student", ask: (a) => can(a, "user.role.revoke", "student"), expected: [N, N, N, N, N, N, N, N, Y, N] },
    { label: "provider", ask: (a) => can(a, "user.role.revoke", "provider"), expected: [N, N, N, N, N, N, N, N, Y, N] },
    { label: "partner", ask: (a) => can(a, "user.role.revoke", "partner"), expected: [N, N, N, N, N, N, N, N, Y, N] },
    { label: "steering", ask: (a) => can(a, "user.role.revoke", "steering"), expected: [N, N, N, N, N, N, N, N, Y, N] },
    { label: "admin", ask: (a) => can(a, "user.role.revoke", "admin"), expected: [N, N, N, N, N, N, N, N, Y, N] },
  ],
  "user.disable": [
    { label: "self", ask: (a) => can(a, "user.disable", selfOf(a)), expected: [N, N, N, N, N, N, N, N, N, N] },
    { label: "other", ask: (a) => can(a, "user.disable", other()), expected: [N, N, N, N, N, N, N, N, Y, N] },
  ],
  "user.sessions.end": [
    { label: "self", ask: (a) => can(a, "user.sessions.end", selfOf(a)), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "other", ask: (a) => can(a, "user.sessions.end", other()), expected: [N, N, N, N, N, N, N, N, Y, N] },
  ],
  "company.read": [
    { label: "member", ask: (a) => can(a, "company.read", { id: OWN_COMPANY }), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "non-member", ask: (a) => can(a, "company.read", { id: OTHER_COMPANY }), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "scan.read": [
    { label: "holds the owner token", ask: (a) => can(a, "scan.read", { userId: null, companyId: null, holdsOwnerToken: true }), expected: [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "own scan", ask: (a) => can(a, "scan.read", { userId: selfOf(a).id, companyId: null, holdsOwnerToken: false }), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "own company's scan", ask: (a) => can(a, "scan.read", { userId: OTHER_USER, companyId: OWN_COMPANY, holdsOwnerToken: false }), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "another company's scan", ask: (a) => can(a, "scan.read", { userId: OTHER_USER, companyId: OTHER_COMPANY, holdsOwnerToken: false }), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "anonymous scan, no token", ask: (a) => can(a, "scan.read", { userId: null, companyId: null, holdsOwnerToken: false }), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "scan.answer": [
    { label: "holds the owner token", ask: (a) => can(a, "scan.answer", { userId: null, companyId: null, holdsOwnerToken: true }), expected: [Y, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "own scan", ask: (a) => can(a, "scan.answer", { userId: selfOf(a).id, companyId: null, holdsOwnerToken: false }), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "colleague's scan", ask: (a) => can(a, "scan.answer", { userId: OTHER_USER, companyId: OWN_COMPANY, holdsOwnerToken: false }), expected: [N, N, N, N, N, N, N, N, N, N] },
  ],
  "intake.list": [
    { label: "intake requests", ask: (a) => can(a, "intake.list"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "intake.handle": [
    { label: "accept or answer", ask: (a) => can(a, "intake.handle"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "case.list": [
    { label: "the pipeline", ask: (a) => can(a, "case.list"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "case.create": [
    { label: "new case", ask: (a) => can(a, "case.create"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "case.listOwn": [
    { label: "my cases and tasks", ask: (a) => can(a, "case.listOwn"), expected: [N, N, Y, Y, Y, Y, Y, N, N, N] },
  ],
  "case.read": [
    { label: "another company's case", ask: (a) => can(a, "case.read", caseOf(a, OTHER_COMPANY)), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "own company's case", ask: (a) => can(a, "case.read", caseOf(a, OWN_COMPANY)), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "on the team (frontrunner)", ask: (a) => can(a, "case.read", caseOf(a, OTHER_COMPANY, "frontrunner")), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
  ],
  "case.readInternal": [
    { label: "own company's case, not on team", ask: (a) => can(a, "case.readInternal", caseOf(a, OWN_COMPANY)), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "on the team as student", ask: (a) => can(a, "case.readInternal", caseOf(a, OTHER_COMPANY, "student")), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "on the team as frontrunner", ask: (a) => can(a, "case.readInternal", caseOf(a, OTHER_COMPANY, "frontrunner")), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "case.work": [
    { label: "own company's case, not on team", ask: (a) => can(a, "case.work", caseOf(a, OWN_COMPANY)), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "on the team as expert", ask: (a) => can(a, "case.work", caseOf(a, OTHER_COMPANY, "expert")), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "on the team as frontrunner", ask: (a) => can(a, "case.work", caseOf(a, OTHER_COMPANY, "frontrunner")), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "case.phase": [
    { label: "on the team as lead", ask: (a) => can(a, "case.phase", caseOf(a, OTHER_COMPANY, "lead")), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "on the team as student", ask: (a) => can(a, "case.phase", caseOf(a, OTHER_COMPANY, "student")), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "own company's case", ask: (a) => can(a, "case.phase", caseOf(a, OWN_COMPANY)), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "case.team": [
    { label: "on the team as lead", ask: (a) => can(a, "case.team", caseOf(a, OTHER_COMPANY, "lead")), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "case.message": [
    { label: "own company's case", ask: (a) => can(a, "case.message", caseOf(a, OWN_COMPANY)), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "another company's case", ask: (a) => can(a, "case.message", caseOf(a, OTHER_COMPANY)), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "on the team (frontrunner)", ask: (a) => can(a, "case.message", caseOf(a, OTHER_COMPANY, "frontrunner")), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
  ],
  "advice.edit": [
    { label: "another company's case", ask: (a) => can(a, "advice.edit", caseOf(a, OTHER_COMPANY)), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "own company's case, not on team", ask: (a) => can(a, "advice.edit", caseOf(a, OWN_COMPANY)), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "on the team as student", ask: (a) => can(a, "advice.edit", caseOf(a, OTHER_COMPANY, "student")), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "on the team as frontrunner", ask: (a) => can(a, "advice.edit", caseOf(a, OTHER_COMPANY, "frontrunner")), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "advice.read": [
    { label: "another company's case", ask: (a) => can(a, "advice.read", caseOf(a, OTHER_COMPANY)), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "own company's case, not on team (drafts are the team's)", ask: (a) => can(a, "advice.read", caseOf(a, OWN_COMPANY)), expected: [N, N, Y, N, N, N, N, N, Y, N] },
    { label: "on the team as frontrunner", ask: (a) => can(a, "advice.read", caseOf(a, OTHER_COMPANY, "frontrunner")), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
  ],
  "advice.decide": [
    { label: "own company's case", ask: (a) => can(a, "advice.decide", caseOf(a, OWN_COMPANY)), expected: [N, Y, Y, Y, Y, Y, Y, Y, Y, Y] },
    { label: "another company's case", ask: (a) => can(a, "advice.decide", caseOf(a, OTHER_COMPANY)), expected: [N, N, N, N, N, N, N, N, N, N] },
    { label: "on the team as lead, not in the company", ask: (a) => can(a, "advice.decide", caseOf(a, OTHER_COMPANY, "lead")), expected: [N, N, N, N, N, N, N, N, N, N] },
  ],
  "catalogue.edit": [
    { label: "action catalogue", ask: (a) => can(a, "catalogue.edit"), expected: [N, N, Y, N, N, N, N, N, Y, N] },
  ],
  "audit.read": [
    { label: "audit log", ask: (a) => can(a, "audit.read"), expected: [N, N, N, N, N, N, N, N, Y, N] },
  ],
  "mail.outbox.read": [
    { label: "mail outbox", ask: (a) => can(a, "mail.outbox.read"), expected: [N, N, N, N, N, N, N, N, Y, N] },
  ],
  "report.read": [
    { label: "reports", ask: (a) => can(a, "report.read"), expected: [N, N, Y, N, N, N, N, Y, Y, Y] },
  ],
};

const show = (b: boolean) => (b ? "allow" : "deny");

describe("policy truth table", () => {
  it("has rows for exactly the actions in ACTIONS", () => {
    const missing = ACTIONS.filter((a) => !(a in TABLE) || TABLE[a].length === 0);
    expect(
      missing,
      `actions without a row in the truth table (add them to tests/unit/policy.test.ts): ${missing.join(", ")}`,
    ).toEqual([]);
    const unknown = Object.keys(TABLE).filter((a) => !(ACTIONS as string[]).includes(a));
    expect(unknown, "rows for actions that no longer exist").toEqual([]);
  });

  it("covers every role in the columns and in the grant/revoke rows", () => {
    for (const role of ROLES) expect(COLUMNS as readonly string[]).toContain(role);
    expect(TABLE["user.role.grant"].map((c) => c.label)).toEqual([...ROLES]);
    expect(TABLE["user.role.revoke"].map((c) => c.label)).toEqual([...ROLES]);
  });

  for (const action of Object.keys(TABLE) as Action[]) {
    for (const c of TABLE[action]) {
      it(`${action} (${c.label})`, () => {
        const actual = COLUMNS.map((col) => show(c.ask(actorFor(col))));
        const expected = c.expected.map(show);
        // Compare column by column, so the message names the actor whose answer changed.
        const diff = COLUMNS.flatMap((col, i) =>
          actual[i] === expected[i] ? [] : [`${col}: expected ${expected[i]}, got ${actual[i]}`],
        );
        expect(diff, `${action} (${c.label})`).toEqual([]);
      });
    }
  }
});

describe("assertCan", () => {
  it("answers a denied action with a 404 (what you may not see does not exist for you)", () => {
    let thrown: unknown;
    try {
      assertCan(actorFor("entrepreneur"), "audit.read");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });

  it("lets an allowed action through", () => {
    expect(() => assertCan(actorFor("admin"), "audit.read")).not.toThrow();
    expect(() => assertCan(actorFor("student"), "company.read", { id: OWN_COMPANY })).not.toThrow();
  });
});
