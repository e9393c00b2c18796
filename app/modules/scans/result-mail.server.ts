/**
 * The result by email (template "scanResult"): level and overall score, the scores per part and
 * the three biggest opportunities with first steps as plain text, and a link to the result page.
 */
import type { DB } from "~/db/database.server";
import { formatNumber } from "~/i18n/format";
import type { Lang } from "~/i18n/i18n";
import type { Logger } from "~/logger.server";
import { type MailSettings, type OutgoingMail, queueMail } from "~/modules/mail/mail.server";
import { renderMail } from "~/modules/mail/templates.server";
import { normalizeEmail } from "~/modules/users/users.server";
import type { ScanResult } from "./result.server";

export interface ResultMailDeps {
  db: DB;
  mail: MailSettings;
  publicUrl: string;
  siteName: string;
  logger?: Logger;
}

export function renderResultMail(
  result: ScanResult,
  {
    to,
    lang,
    publicUrl,
    siteName,
  }: { to: string; lang: Lang; publicUrl: string; siteName: string },
): OutgoingMail {
  const one = (n: number) => formatNumber(n, lang, 1);
  const scores = result.dimensions.map((d) => `- ${d.label}: ${one(d.score)}`).join("\n");
  const opportunities = result.opportunities
    .map((o, i) =>
      [`${i + 1}. ${o.label} (${one(o.score)})`, ...o.steps.map((s) => `   - ${s}`)].join("\n"),
    )
    .join("\n");
  return renderMail("scanResult", {
    to,
    lang,
    siteName,
    values: {
      name: "",
      scan: result.title,
      level: result.level.label,
      score: one(result.overall),
      scores,
      opportunities,
      link: `${publicUrl}/scan/${result.id}/resultaat`,
    },
  });
}

/** Queue the result mail to `email`. */
export async function sendResultMail(
  deps: ResultMailDeps,
  result: ScanResult,
  email: string,
  lang: Lang,
): Promise<void> {
  const mail = renderResultMail(result, {
    to: normalizeEmail(email),
    lang,
    publicUrl: deps.publicUrl,
    siteName: deps.siteName,
  });
  await queueMail(deps.db, deps.mail, mail, deps.logger);
}
