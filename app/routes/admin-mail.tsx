import { data, Link } from "react-router";
import { formatDateTime } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { requireAbility } from "~/modules/auth/auth.server";
import { listOutbox } from "~/modules/mail/outbox.server";
import { adminAbilities, isPlausibleId } from "~/modules/users/admin.server";
import { runtime } from "~/runtime.server";
import { AdminNav, adminLinks, TableWrap } from "~/ui/admin";
import { Alert } from "~/ui/form";
import type { Route } from "./+types/admin-mail";

export const meta: Route.MetaFunction = () => [{ title: "Verstuurde e-mail | SPOT 035" }];
export const links: Route.LinksFunction = adminLinks;

const PAGE_SIZE = 50;
/** A page cursor: the time and id of the last message seen, "<iso time>~<id>". */
const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~(.{1,64})$/;

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAbility(request, "mail.outbox.read");
  const rt = await runtime();
  const voor = new URL(request.url).searchParams.get("voor") ?? "";
  const nav = adminAbilities(actor);
  const smtp = Boolean(rt.mail.smtpUrl);
  const cursor = voor ? CURSOR.exec(voor) : null;
  if (voor && (!cursor || !isPlausibleId(cursor[2]))) {
    return data(
      { items: null, older: null, paged: true, smtp, nav, error: "admin.mail.cursorInvalid" },
      { status: 400 },
    );
  }
  const rows = await listOutbox(rt.db, {
    before: cursor ? { at: cursor[1]!, id: cursor[2]! } : undefined,
    limit: PAGE_SIZE + 1,
  });
  const items = rows.slice(0, PAGE_SIZE);
  const last = items[items.length - 1];
  return {
    items,
    older: rows.length > PAGE_SIZE && last ? `${last.created_at}~${last.id}` : null,
    paged: Boolean(voor),
    smtp,
    nav,
    error: null,
  };
}

const STATUS_CLASS = {
  sent: "spot-status--ok",
  kept: "spot-status--muted",
  queued: "spot-status--muted",
  failed: "spot-status--off",
} as const;

export default function AdminMail({ loaderData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { items, older, paged, smtp, nav, error } = loaderData;
  return (
    <>
      <h1 className="utrecht-heading-1">{t("admin.mail.title")}</h1>
      <AdminNav can={nav} />
      <p className="utrecht-paragraph">{t("admin.mail.lead")}</p>
      {smtp ? null : (
        <Alert type="info">
          <p className="utrecht-paragraph">{t("admin.mail.noSmtp")}</p>
        </Alert>
      )}
      {error ? (
        <Alert type="error">
          <p className="utrecht-paragraph">{t(error)}</p>
          <p className="utrecht-paragraph">
            <Link className="utrecht-link" to="/beheer/mail">
              {t("admin.mail.newest")}
            </Link>
          </p>
        </Alert>
      ) : null}
      {items ? (
        items.length === 0 ? (
          <div className="utrecht-alert utrecht-alert--info spot-alert">
            <p className="utrecht-paragraph">
              {paged ? t("admin.mail.emptyOlder") : t("admin.mail.empty")}
            </p>
            {paged ? (
              <p className="utrecht-paragraph">
                <Link className="utrecht-link" to="/beheer/mail">
                  {t("admin.mail.newest")}
                </Link>
              </p>
            ) : nav.invite ? (
              <p className="utrecht-paragraph">
                <Link className="utrecht-link" to="/beheer/uitnodigen">
                  {t("admin.users.inviteSomeone")}
                </Link>
              </p>
            ) : null}
          </div>
        ) : (
          <>
            <TableWrap captionId="mail-caption">
              <table className="spot-table">
                <caption id="mail-caption">
                  {paged ? t("admin.mail.captionOlder") : t("admin.mail.caption")}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("admin.mail.colSubject")}</th>
                    <th scope="col">{t("admin.mail.colTo")}</th>
                    <th scope="col">{t("admin.mail.colTemplate")}</th>
                    <th scope="col">{t("admin.mail.colStatus")}</th>
                    <th scope="col">{t("admin.mail.colCreated")}</th>
                    <th scope="col">{t("admin.mail.colSent")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((m) => (
                    <tr key={m.id}>
                      <th scope="row" className="spot-cell--wrap">
                        <Link className="utrecht-link" to={`/beheer/mail/${m.id}`}>
                          {m.subject}
                        </Link>
                      </th>
                      <td className="spot-cell--wrap">{m.to_address}</td>
                      <td>
                        <code className="utrecht-code">{m.template}</code>
                      </td>
                      <td>
                        <span className={`spot-status ${STATUS_CLASS[m.status]}`}>
                          {t(`admin.mail.status.${m.status}`)}
                        </span>
                      </td>
                      <td className="spot-cell--nowrap">
                        <time dateTime={m.created_at}>{formatDateTime(m.created_at, lang)}</time>
                      </td>
                      <td className="spot-cell--nowrap">
                        {m.sent_at ? (
                          <time dateTime={m.sent_at}>{formatDateTime(m.sent_at, lang)}</time>
                        ) : (
                          t("admin.mail.notSent")
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
            <nav className="spot-pager" aria-label={t("admin.pager.label")}>
              {paged ? (
                <Link className="utrecht-link spot-pager__link" to="/beheer/mail">
                  {t("admin.mail.newest")}
                </Link>
              ) : null}
              {older ? (
                <Link
                  className="utrecht-link spot-pager__link"
                  to={`/beheer/mail?voor=${encodeURIComponent(older)}`}
                  rel="next"
                >
                  {t("admin.mail.older")}
                </Link>
              ) : (
                <span>{t("admin.mail.noOlder")}</span>
              )}
            </nav>
          </>
        )
      ) : null}
    </>
  );
}
