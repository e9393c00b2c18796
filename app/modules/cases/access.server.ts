/**
 * The one way routes get a case: loads it and asks the policy. An unknown id, a malformed
 * id and someone else's case all answer 404.
 */

import { requireUser } from "~/modules/auth/auth.server";
import type { Action } from "~/modules/policy/rules";
import { can } from "~/modules/policy/rules";
import { runtime } from "~/runtime.server";
import { caseResource, findCase } from "./cases.server";

type CaseAction =
  | "case.read"
  | "case.readInternal"
  | "case.work"
  | "case.phase"
  | "case.team"
  | "case.message";

export async function loadCaseFor(request: Request, id: string | undefined, action: CaseAction) {
  const auth = await requireUser(request);
  const rt = await runtime();
  const row = id ? await findCase(rt.db, id) : undefined;
  if (!row) throw new Response("Not Found", { status: 404 });
  const resource = await caseResource(rt.db, row);
  if (!can(auth.actor, action satisfies Action, resource)) {
    throw new Response("Not Found", { status: 404 });
  }
  const abilities = {
    readInternal: can(auth.actor, "case.readInternal", resource),
    work: can(auth.actor, "case.work", resource),
    phase: can(auth.actor, "case.phase", resource),
    team: can(auth.actor, "case.team", resource),
    message: can(auth.actor, "case.message", resource),
  };
  return { rt, auth, actor: auth.actor, row, resource, abilities };
}
