/**
 * Email texts, in the recipient's language, from the i18n catalogs (keys under "mail.").
 * Plain text first (what most people read); a simple HTML version with the same content.
 */
import { getT, type Lang } from "~/i18n/i18n";
import type { OutgoingMail } from "./mail.server";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Escaped text with its line breaks kept (lists in an intro, the signature). */
const lines = (s: string) => esc(s).replace(/\n/g, "<br>");

export interface TemplateInput {
  to: string;
  lang: Lang;
  siteName: string;
  /** Values for the template's placeholders ({{name}}, {{link}}, …). */
  values: Record<string, string>;
}

/**
 * Build a message from `mail.<template>.subject`, `.intro`, optional `.action` (button text for
 * values.link) and `.outro`.
 */
export function renderMail(
  template: string,
  { to, lang, siteName, values }: TemplateInput,
): OutgoingMail {
  const t = getT(lang);
  const v = { ...values, site: siteName };
  const subject = t(`mail.${template}.subject`, v);
  const intro = t(`mail.${template}.intro`, v);
  const outro = t(`mail.${template}.outro`, v);
  const greeting = values.name ? t("mail.greeting", v) : t("mail.greetingNoName", v);
  const signature = t("mail.signature", v);
  const link = values.link;
  const action = link ? t(`mail.${template}.action`, v) : "";
  const text = [
    greeting,
    "",
    intro,
    ...(link ? ["", `${action}: ${link}`] : []),
    "",
    outro,
    "",
    signature,
  ].join("\n");
  const html = `<!doctype html><html lang="${lang}"><body style="font-family:Arial,Helvetica,sans-serif;color:#1c1c1c;line-height:1.5">
<p>${esc(greeting)}</p><p>${lines(intro)}</p>
${link ? `<p><a href="${esc(link)}" style="display:inline-block;background:#0b4f6c;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${esc(action)}</a></p><p style="font-size:14px;color:#4d4d4d">${esc(link)}</p>` : ""}
<p>${lines(outro)}</p><p>${lines(signature)}</p></body></html>`;
  return { to, subject, text, html, template };
}
