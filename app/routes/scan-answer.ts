import { autosaveAnswer } from "~/modules/scans/autosave.server";
import type { Route } from "./+types/scan-answer";

/**
 * `POST /scan/:id/antwoord`: the autosave of one answer (JSON). The production server answers
 * this path itself with the same function, without React Router's pipeline (server/main.ts);
 * this route serves it everywhere else (the dev server). Without JavaScript nothing posts
 * here: the question's own form saves the answer on "Next".
 */
export async function action({ request, params }: Route.ActionArgs) {
  const form = await request.formData();
  const { status, body } = await autosaveAnswer(request, params.id, form);
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export function loader() {
  // Only the autosave posts here; there is no page.
  throw new Response("Not Found", { status: 404 });
}
