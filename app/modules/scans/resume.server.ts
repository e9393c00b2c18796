/**
 * Save for later: a link by email that opens the scan on any device (valid 30 days, usable
 * more than once: each use lets that device continue), and one reminder a few days later if
 * the scan is still unfinished.
 */
import type { DB } from "~/db/database.server";
import type { ScanResponse } from "~/db/schema";
import type { Lang } from "~/i18n/i18n";
import { randomToken } from "~/lib/ids.server";
import type { Logger } from "~/logger.server";
import { issueToken, peekToken } from "~/modules/auth/tokens.server";
import { enqueueJob, type JobHandler } from "~/modules/jobs/queue.server";
import { type MailSettings, queueMail } from "~/modules/mail/mail.server";
import { renderMail } from "~/modules/mail/templates.server";
import { normalizeEmail } from "~/modules/users/users.server";
import { latestInstrument } from "./registry.server";
import { addOwner, findResponse } from "./responses.server";

export const SCAN_REMINDER_JOB = "scan.reminder";
export const REMINDER_AFTER_MS = 3 * 86_400_000;

export interface ResumeDeps {
  db: DB;
  mail: MailSettings;
  publicUrl: string;
  siteName: string;
  logger?: Logger;
}

export async function sendResumeLink(
  deps: ResumeDeps,
  response: ScanResponse,
  email: string,
  lang: Lang,
): Promise<void> {
  const to = normalizeEmail(email);
  const title = latestInstrument(response.instrument_id)?.title[lang] ?? response.instrument_id;
  await deps.db.transaction().execute(async (tx) => {
    const token = await issueToken(tx, "scan_resume", {
      email: to,
      payload: { responseId: response.id },
    });
    await tx
      .updateTable("scan_responses")
      .set({ email: to })
      .where("id", "=", response.id)
      .execute();
    const link = `${deps.publicUrl}/scan/hervatten?token=${encodeURIComponent(token)}`;
    await queueMail(
      tx,
      deps.mail,
      renderMail("scanResume", {
        to,
        lang,
        siteName: deps.siteName,
        values: { name: "", scan: title, link },
      }),
      deps.logger,
    );
    // One reminder per response, however often the link is asked for.
    await enqueueJob(tx, {
      kind: SCAN_REMINDER_JOB,
      payload: { responseId: response.id, link, lang },
      runAt: new Date(Date.now() + REMINDER_AFTER_MS),
      uniqueKey: `scan-reminder:${response.id}`,
    });
  });
}

/** Use a resume link: this device gets an owner token for the response. */
export async function resumeWithLink(
  db: DB,
  token: string,
): Promise<
  | { ok: true; responseId: string; ownerToken: string }
  | { ok: false; problem: "invalid" | "expired" | "used" }
> {
  const peek = await peekToken(db, "scan_resume", token);
  if (!peek.ok) return { ok: false, problem: peek.problem };
  const responseId = (peek.record.payload as { responseId?: string } | null)?.responseId;
  const response = responseId ? await findResponse(db, responseId) : undefined;
  if (!response) return { ok: false, problem: "invalid" };
  const ownerToken = randomToken(16);
  await addOwner(db, response.id, ownerToken);
  return { ok: true, responseId: response.id, ownerToken };
}

/** The reminder job: mails once, only if the scan is still unfinished. */
export function scanReminderHandler(deps: ResumeDeps): JobHandler {
  return async (payload) => {
    const { responseId, link, lang } = payload as { responseId: string; link: string; lang: Lang };
    const response = await findResponse(deps.db, responseId);
    if (!response || response.status === "completed" || !response.email) return;
    const title = latestInstrument(response.instrument_id)?.title[lang] ?? response.instrument_id;
    await queueMail(
      deps.db,
      deps.mail,
      renderMail("scanReminder", {
        to: response.email,
        lang,
        siteName: deps.siteName,
        values: { name: "", scan: title, link },
      }),
      deps.logger,
    );
  };
}
