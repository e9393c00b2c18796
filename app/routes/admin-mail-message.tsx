import { Link } from "react-router";
import { formatDateTime } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { requireAbility } from "~/modules/auth/auth.server";
import { findOutboxMail } from "~/modules/mail/outbox.server";
import { adminAbilities, isPlausibleId } from "~/modules/users/admin.server";
import { runtime } from "~/runtime.server";
import { AdminNav, adminLinks } from "~/ui/admin";
import type { Route } from "./+types/admin-mail-message";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.mail.subject ?? "E-mail"} | SPOT 035` },
];
export const links: Route.LinksFunction = adminLinks;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "mail.outbox.read");
  if (!isPlausibleId(params.id)) throw new Response("Not Found", { status: 404 });
  const rt = await runtime();
  const mail = await findOutboxMail(rt.db, params.id);
  if (!mail) throw new Response("Not Found", { status: 404 });
  return {
    // The text body only: the HTML version is never shown (it is not ours to trust here).
    mail: {
      id: mail.id,
      to: mail.to_address,
      subject: mail.subject,
      template: mail.template,
      status: mail.status,
      createdAt: mail.created_at,
      sentAt: mail.sent_at,
      error: mail.error,
      text: mail.text_body,
    },
    origin: new URL(rt.config.publicUrl).origin,
    nav: adminAbilities(actor),
  };
}

/**
 * The text with our own links made clickable (so the demo can follow an invitation or log-in
 * link); everything else stays plain text.
 */
function TextWithLinks({ text, origin }: { text: string; origin: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) => {
        let own = false;
        if (i % 2 === 1) {
          try {
            own = new URL(part).origin === origin;
          } catch {
            own = false;
          }
        }
        return own ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
          <a key={i} className="utrecht-link" href={part}>
            {part}
          </a>
        ) : (
          part
        );
      })}
    </>
  );
}

export default function AdminMailMessage({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { mail, origin, nav } = loaderData;
  return (
    <>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/beheer/mail">
          {t("admin.mail.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{mail.subject}</h1>
      <AdminNav can={nav} />
      <dl className="spot-dl">
        <dt>{t("admin.mail.colTo")}</dt>
        <dd>{mail.to}</dd>
        <dt>{t("admin.mail.colTemplate")}</dt>
        <dd>
          <code className="utrecht-code">{mail.template}</code>
        </dd>
        <dt>{t("admin.mail.colStatus")}</dt>
        <dd>{t(`admin.mail.status.${mail.status}`)}</dd>
        <dt>{t("admin.mail.colCreated")}</dt>
        <dd>{formatDateTime(mail.createdAt, lang)}</dd>
        <dt>{t("admin.mail.colSent")}</dt>
        <dd>{mail.sentAt ? formatDateTime(mail.sentAt, lang) : t("admin.mail.notSent")}</dd>
        {mail.error ? (
          <>
            <dt>{t("admin.mail.error")}</dt>
            <dd>{mail.error}</dd>
          </>
        ) : null}
      </dl>
      <h2 className="utrecht-heading-2" id="body-title">
        {t("admin.mail.body")}
      </h2>
      <pre className="spot-pre">
        <TextWithLinks text={mail.text} origin={origin} />
      </pre>
      {mail.status === "kept" ? (
        <p className="utrecht-paragraph spot-hint">{t("admin.mail.keptHelp")}</p>
      ) : null}
    </>
  );
}
