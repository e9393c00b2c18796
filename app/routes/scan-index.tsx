import { redirect } from "react-router";
import { loadScanFor } from "~/modules/scans/access.server";
import { instrumentFor, loadAnswers, progressOf } from "~/modules/scans/responses.server";
import type { Route } from "./+types/scan-index";

/** /scan/:id goes to where the respondent left off, or to the result. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, response } = await loadScanFor(request, params.id, "scan.read");
  if (response.status === "completed") throw redirect(`/scan/${response.id}/resultaat`);
  const answers = await loadAnswers(rt.db, response.id);
  const progress = progressOf(instrumentFor(response), answers);
  throw redirect(`/scan/${response.id}/vraag/${progress.firstOpen + 1}`);
}

export default function ScanIndex() {
  return null;
}
