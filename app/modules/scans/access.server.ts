/**
 * The one way routes get a scan response: loads it and asks the policy (scan.read or
 * scan.answer). Anything else — unknown id, someone else's response — is a 404.
 */
import type { ScanResponse } from "~/db/schema";
import { readCookie } from "~/lib/cookies";
import { getAuth } from "~/modules/auth/auth.server";
import { ANONYMOUS } from "~/modules/policy/actor";
import { can } from "~/modules/policy/rules";
import { runtime } from "~/runtime.server";
import {
  addOwnerToken,
  claimResponse,
  findResponse,
  ownerTokenFor,
  ownsByToken,
  SCAN_OWNER_COOKIE,
} from "./responses.server";

export async function loadScanFor(
  request: Request,
  id: string,
  action: "scan.read" | "scan.answer",
) {
  const rt = await runtime();
  const auth = await getAuth(request);
  const response = await findResponse(rt.db, id);
  if (!response) throw new Response("Not Found", { status: 404 });
  const token = ownerTokenFor(readCookie(request, SCAN_OWNER_COOKIE), response.id);
  const resource = {
    userId: response.user_id,
    companyId: response.company_id,
    holdsOwnerToken: await ownsByToken(rt.db, response, token),
  };
  // Someone who still owes the second factor (or its set-up) has no staff rights yet.
  const actor = auth.pendingSecondFactor || auth.mustSetUpTwoFactor ? ANONYMOUS : auth.actor;
  if (!can(actor, action, resource)) throw new Response("Not Found", { status: 404 });
  return {
    rt,
    auth,
    response,
    ownsIt: resource.holdsOwnerToken || (actor.kind === "user" && actor.id === response.user_id),
  };
}

export function ownerCookie(
  request: Request,
  response: ScanResponse,
  token: string,
  https: boolean,
): string {
  const value = addOwnerToken(readCookie(request, SCAN_OWNER_COOKIE), response.id, token);
  return `${SCAN_OWNER_COOKIE}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${60 * 86_400}${https ? "; Secure" : ""}`;
}

/**
 * After a log-in: scans this device took anonymously become the person's (and their first
 * company's), so they show under Mijn SPOT and count for the company's progress.
 */
export async function claimScansOnThisDevice(request: Request, userId: string): Promise<number> {
  const rt = await runtime();
  const cookie = readCookie(request, SCAN_OWNER_COOKIE);
  if (!cookie) return 0;
  const companyId =
    (
      await rt.db
        .selectFrom("memberships")
        .select("company_id")
        .where("user_id", "=", userId)
        .orderBy("created_at")
        .executeTakeFirst()
    )?.company_id ?? null;
  let claimed = 0;
  for (const pair of cookie.split(",").slice(0, 20)) {
    const [id, token] = pair.split(":");
    if (!id || !token) continue;
    const response = await findResponse(rt.db, id);
    if (!response || response.user_id) continue;
    if (!(await ownsByToken(rt.db, response, token))) continue;
    await claimResponse(rt.db, response.id, userId, companyId);
    claimed++;
  }
  return claimed;
}
