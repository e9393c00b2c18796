/**
 * How advice routes get their case: loaded and checked against the policy. An unknown or
 * malformed id and a case the person may not see answer 404, like every case route.
 */
import { requireUser } from "~/modules/auth/auth.server";
import { caseResource, findCase } from "~/modules/cases/cases.server";
import { can } from "~/modules/policy/rules";
import { runtime } from "~/runtime.server";

type AdviceAction = "advice.edit" | "advice.read" | "advice.decide";

/** Allowed when the person may do ANY of `actions`. */
export async function loadAdviceCaseFor(
  request: Request,
  id: string | undefined,
  ...actions: AdviceAction[]
) {
  const auth = await requireUser(request);
  const rt = await runtime();
  const row = id ? await findCase(rt.db, id) : undefined;
  if (!row) throw new Response("Not Found", { status: 404 });
  const resource = await caseResource(rt.db, row);
  if (!actions.some((a) => can(auth.actor, a, resource))) {
    throw new Response("Not Found", { status: 404 });
  }
  const abilities = {
    edit: can(auth.actor, "advice.edit", resource),
    read: can(auth.actor, "advice.read", resource),
    decide: can(auth.actor, "advice.decide", resource),
    work: can(auth.actor, "case.work", resource),
  };
  return { rt, auth, actor: auth.actor, row, resource, abilities };
}
