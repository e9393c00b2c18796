/**
 * Autosave of one answer: what the scan page sends while someone answers (with JavaScript).
 *
 * One function behind two doors: the resource route `POST /scan/:id/antwoord`
 * (app/routes/scan-answer.ts, used by the dev server and by anyone going through React Router)
 * and the production server's short path (server/main.ts), which calls it directly without
 * React Router's request pipeline, because autosaves are the most frequent request there is.
 * Either way the policy decides (loadScanFor → scan.answer) and the answer is checked like any
 * other (saveAnswer).
 */

import type { DB } from "~/db/database.server";
import type { ScanResponse } from "~/db/schema";
import { loadScanFor } from "./access.server";
import { AnswerError } from "./answers";
import { isEmptyInput, readAnswer } from "./form-values";
import { allQuestions } from "./instrument";
import { instrumentFor, loadAnswers, progressOf, saveAnswer } from "./responses.server";

export interface AutosaveResult {
  saved: boolean;
  /** A catalog key for a problem with the answer (shown at the question), or null. */
  error: string | null;
  /** How many questions are answered now (the progress bar). */
  answered?: number;
  /** Where to go instead (the scan was finished meanwhile). */
  location?: string;
}

/** The form values an autosave reads: a FormData or the URL-encoded body as URLSearchParams. */
type FormValues = Pick<FormData, "get" | "getAll">;

export async function autosaveAnswer(
  request: Request,
  scanId: string,
  form: FormValues,
): Promise<{ status: number; body: AutosaveResult }> {
  let loaded: Awaited<ReturnType<typeof loadScanFor>>;
  try {
    loaded = await loadScanFor(request, scanId, "scan.answer");
  } catch (e) {
    if (e instanceof Response) return { status: e.status, body: { saved: false, error: null } };
    throw e;
  }
  const { rt, response } = loaded;
  if (response.status === "completed") {
    return {
      status: 409,
      body: { saved: false, error: null, location: `/scan/${response.id}/resultaat` },
    };
  }
  const saved = await saveAutosave(rt.db, response, form);
  if (!saved.body.saved) return saved;
  const answered = progressOf(
    instrumentFor(response),
    await loadAnswers(rt.db, response.id),
  ).answered;
  return { status: 200, body: { saved: true, error: null, answered } };
}

/**
 * The answer in `form` saved as it stands (a half-filled grid too): what both the autosave
 * endpoint and the question page's own autosave intent do. An empty answer saves nothing.
 */
export async function saveAutosave(
  db: DB,
  response: ScanResponse,
  form: FormValues,
): Promise<{ status: number; body: AutosaveResult }> {
  const qid = String(form.get("question") ?? "");
  const q = allQuestions(instrumentFor(response)).find((x) => x.id === qid);
  if (!q) return { status: 400, body: { saved: false, error: "scan.error.unknownQuestion" } };
  const raw = readAnswer(q, form as FormData);
  if (isEmptyInput(q, raw)) return { status: 200, body: { saved: false, error: null } };
  try {
    await saveAnswer(db, response, q.id, raw, { partial: true });
  } catch (e) {
    if (e instanceof AnswerError) return { status: 400, body: { saved: false, error: e.problem } };
    throw e;
  }
  return { status: 200, body: { saved: true, error: null } };
}
