import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import { z } from "zod";
import { ROLES } from "~/db/schema";
import { formatDateTime } from "~/i18n/format";
import { useT } from "~/i18n/use-t";
import { requestInfo, requireAbility } from "~/modules/auth/auth.server";
import { can } from "~/modules/policy/rules";
import {
  adminAbilities,
  disableUser,
  enableUser,
  endUserSession,
  getUserForAdmin,
  grantableRoles,
  grantRole,
  isPlausibleId,
  mayRevoke,
  revokeRole,
} from "~/modules/users/admin.server";
import { runtime } from "~/runtime.server";
import { AdminNav, adminLinks, TableWrap, VisuallyHidden } from "~/ui/admin";
import { Alert } from "~/ui/form";
import type { Route } from "./+types/admin-user";

export const meta: Route.MetaFunction = ({ data }) => [
  { title: `${data?.user.name ?? "Gebruiker"} | SPOT 035` },
];
export const links: Route.LinksFunction = adminLinks;

/** One schema for the page's buttons; each form says what it does in `intent`. */
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("grant"), role: z.enum(ROLES) }),
  z.object({ intent: z.literal("revoke"), role: z.enum(ROLES) }),
  z.object({ intent: z.literal("disable") }),
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("end-session"), session: z.string().regex(/^[0-9a-f]{64}$/) }),
]);

/** What the page says after a change (`?gedaan=…`). */
const NOTICES = [
  "rol-gegeven",
  "rol-afgenomen",
  "uitgezet",
  "aangezet",
  "sessie-beeindigd",
  "niets-veranderd",
] as const;
type Notice = (typeof NOTICES)[number];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor, session } = await requireAbility(request, "user.list");
  if (!isPlausibleId(params.id)) throw new Response("Not Found", { status: 404 });
  const rt = await runtime();
  const user = await getUserForAdmin(rt.db, actor, params.id, {
    idleMs: rt.config.sessionIdleMs,
  });
  const resource = { id: user.id, roles: user.roles };
  const notice = new URL(request.url).searchParams.get("gedaan");
  return {
    user,
    isSelf: actor.id === user.id,
    currentSessionId: session.id,
    grantable: grantableRoles(actor).filter((r) => !user.roles.includes(r)),
    revocable: user.roles.filter((r) => mayRevoke(actor, user.id, r)),
    canDisable: can(actor, "user.disable", resource),
    canEndSessions: can(actor, "user.sessions.end", resource),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
    nav: adminAbilities(actor),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { actor } = await requireAbility(request, "user.list");
  if (!isPlausibleId(params.id)) throw new Response("Not Found", { status: 404 });
  const { db } = await runtime();
  const submission = parseWithZod(await request.formData(), { schema: actionSchema });
  if (submission.status !== "success") {
    return data({ error: "admin.user.badRequest" }, { status: 400 });
  }
  const ctx = { db, actor, ip: requestInfo(request, context).ip };
  const v = submission.value;
  try {
    let notice: Notice;
    let changed: boolean;
    if (v.intent === "grant") {
      ({ changed } = await grantRole(ctx, params.id, v.role));
      notice = "rol-gegeven";
    } else if (v.intent === "revoke") {
      ({ changed } = await revokeRole(ctx, params.id, v.role));
      notice = "rol-afgenomen";
    } else if (v.intent === "disable") {
      ({ changed } = await disableUser(ctx, params.id));
      notice = "uitgezet";
    } else if (v.intent === "enable") {
      ({ changed } = await enableUser(ctx, params.id));
      notice = "aangezet";
    } else {
      ({ changed } = await endUserSession(ctx, params.id, v.session));
      notice = "sessie-beeindigd";
    }
    return redirect(
      `/beheer/gebruikers/${params.id}?gedaan=${changed ? notice : "niets-veranderd"}`,
      303,
    );
  } catch (e) {
    // Not allowed (or the person does not exist): say so on the page. The loader then shows a
    // 404 page if the person is unknown.
    if (e instanceof Response && e.status === 404) {
      return data({ error: "admin.user.notAllowed" }, { status: 404 });
    }
    throw e;
  }
}

export default function AdminUser({ loaderData, actionData }: Route.ComponentProps) {
  const { t, lang } = useT();
  const { user, isSelf, grantable, revocable, canDisable, canEndSessions, notice, nav } =
    loaderData;
  const yesNo = (v: boolean) => (v ? t("admin.user.yes") : t("admin.user.no"));
  return (
    <>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/beheer/gebruikers">
          {t("admin.user.back")}
        </Link>
      </p>
      <h1 className="utrecht-heading-1">{user.name}</h1>
      <AdminNav can={nav} />
      {notice ? (
        <Alert type="ok">
          <p className="utrecht-paragraph">{t(`admin.user.notice.${notice}`)}</p>
        </Alert>
      ) : null}
      {actionData?.error ? (
        <Alert type="error">
          <p className="utrecht-paragraph">{t(actionData.error)}</p>
        </Alert>
      ) : null}

      <section aria-labelledby="details-title" className="spot-section">
        <h2 id="details-title" className="utrecht-heading-2">
          {t("admin.user.details")}
        </h2>
        <dl className="spot-dl">
          <dt>{t("admin.user.email")}</dt>
          <dd>{user.email}</dd>
          <dt>{t("admin.user.verified")}</dt>
          <dd>{yesNo(user.verified)}</dd>
          <dt>{t("admin.user.twoFactor")}</dt>
          <dd>{user.twoFactor ? t("admin.user.on") : t("admin.user.off")}</dd>
          <dt>{t("admin.user.demo")}</dt>
          <dd>{yesNo(user.isDemo)}</dd>
          <dt>{t("admin.user.status")}</dt>
          <dd>
            {user.disabled && user.disabledAt
              ? t("admin.user.disabledSince", { date: formatDateTime(user.disabledAt, lang) })
              : t("admin.users.statusActive")}
          </dd>
          <dt>{t("admin.user.lastLogin")}</dt>
          <dd>
            {user.lastLoginAt ? formatDateTime(user.lastLoginAt, lang) : t("admin.users.never")}
          </dd>
          <dt>{t("admin.user.created")}</dt>
          <dd>{formatDateTime(user.createdAt, lang)}</dd>
          {user.studentLevel ? (
            <>
              <dt>{t("admin.user.studentLevel")}</dt>
              <dd>{t(`admin.level.${user.studentLevel}`)}</dd>
            </>
          ) : null}
          {user.studentInstitution ? (
            <>
              <dt>{t("admin.user.institution")}</dt>
              <dd>{user.studentInstitution}</dd>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="roles-title" className="spot-section">
        <h2 id="roles-title" className="utrecht-heading-2">
          {t("admin.user.roles")}
        </h2>
        {user.roles.length === 0 ? (
          <p className="utrecht-paragraph">{t("admin.user.noRoles")}</p>
        ) : (
          <ul className="spot-role-list">
            {user.roles.map((r) => (
              <li key={r}>
                <span className="spot-role-list__name">{t(`role.${r}`)}</span>
                {revocable.includes(r) ? (
                  <Form method="post" className="spot-inline-form">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="role" value={r} />
                    <button
                      type="submit"
                      className="utrecht-button utrecht-button--secondary-action"
                    >
                      {t("admin.user.revoke")}
                      <VisuallyHidden>: {t(`role.${r}`)}</VisuallyHidden>
                    </button>
                  </Form>
                ) : isSelf && r === "admin" ? (
                  <span className="spot-hint">{t("admin.user.ownAdmin")}</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {grantable.length > 0 ? (
          <Form method="post" className="spot-inline-actions">
            <input type="hidden" name="intent" value="grant" />
            <div className="utrecht-form-field">
              <div className="utrecht-form-field__label">
                <label className="utrecht-form-label" htmlFor="grant-role">
                  {t("admin.user.grantLabel")}
                </label>
              </div>
              <div className="utrecht-form-field__input">
                <select
                  id="grant-role"
                  name="role"
                  className="utrecht-select utrecht-select--html-select"
                >
                  {grantable.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <button type="submit" className="utrecht-button utrecht-button--primary-action">
              {t("admin.user.grant")}
            </button>
          </Form>
        ) : null}
        <p className="utrecht-paragraph spot-hint">{t("admin.user.rolesHelp")}</p>
      </section>

      <section aria-labelledby="access-title" className="spot-section">
        <h2 id="access-title" className="utrecht-heading-2">
          {t("admin.user.access")}
        </h2>
        {canDisable ? (
          user.disabled ? (
            <>
              <p className="utrecht-paragraph">{t("admin.user.enableHelp")}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="enable" />
                <button type="submit" className="utrecht-button utrecht-button--primary-action">
                  {t("admin.user.enable")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <p className="utrecht-paragraph">{t("admin.user.disableHelp")}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="disable" />
                <button type="submit" className="utrecht-button utrecht-button--secondary-action">
                  {t("admin.user.disable")}
                </button>
              </Form>
            </>
          )
        ) : (
          <p className="utrecht-paragraph">
            {isSelf ? t("admin.user.ownAccount") : t("admin.user.cannotDisable")}
          </p>
        )}
      </section>

      <section aria-labelledby="companies-title" className="spot-section">
        <h2 id="companies-title" className="utrecht-heading-2">
          {t("admin.user.companies")}
        </h2>
        {user.memberships.length === 0 ? (
          <p className="utrecht-paragraph">{t("admin.user.noCompanies")}</p>
        ) : (
          <TableWrap captionId="companies-caption">
            <table className="spot-table">
              <caption id="companies-caption">
                {t("admin.user.companiesCaption", { name: user.name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("admin.user.company")}</th>
                  <th scope="col">{t("admin.user.membership")}</th>
                </tr>
              </thead>
              <tbody>
                {user.memberships.map((m) => (
                  <tr key={m.companyId}>
                    <th scope="row">{m.companyName}</th>
                    <td>{t(`admin.membership.${m.role}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      <section aria-labelledby="sessions-title" className="spot-section">
        <h2 id="sessions-title" className="utrecht-heading-2">
          {t("admin.user.sessions")}
        </h2>
        {user.sessions.length === 0 ? (
          <p className="utrecht-paragraph">{t("admin.user.noSessions")}</p>
        ) : (
          <TableWrap captionId="sessions-caption">
            <table className="spot-table">
              <caption id="sessions-caption">
                {t("admin.user.sessionsCaption", { name: user.name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("admin.user.sessionStarted")}</th>
                  <th scope="col">{t("admin.user.sessionLastSeen")}</th>
                  <th scope="col">{t("admin.user.sessionIp")}</th>
                  <th scope="col">{t("admin.user.sessionDevice")}</th>
                  {canEndSessions ? (
                    <th scope="col">
                      <VisuallyHidden>{t("admin.user.sessionAction")}</VisuallyHidden>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {user.sessions.map((s, i) => (
                  <tr key={s.id}>
                    <th scope="row" className="spot-cell--nowrap">
                      {formatDateTime(s.createdAt, lang)}
                    </th>
                    <td className="spot-cell--nowrap">{formatDateTime(s.lastSeenAt, lang)}</td>
                    <td>{s.ip || "—"}</td>
                    <td className="spot-cell--wrap">
                      {s.userAgent || t("admin.user.unknownDevice")}
                      {s.id === loaderData.currentSessionId ? (
                        <>
                          {" "}
                          <span className="spot-status spot-status--muted">
                            {t("admin.user.thisSession")}
                          </span>
                        </>
                      ) : null}
                    </td>
                    {canEndSessions ? (
                      <td>
                        <Form method="post" className="spot-inline-form">
                          <input type="hidden" name="intent" value="end-session" />
                          <input type="hidden" name="session" value={s.id} />
                          <button
                            type="submit"
                            className="utrecht-button utrecht-button--secondary-action"
                          >
                            {t("admin.user.endSession")}
                            <VisuallyHidden>
                              {t("admin.user.endSessionWhich", {
                                n: i + 1,
                                date: formatDateTime(s.createdAt, lang),
                              })}
                            </VisuallyHidden>
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      {nav.audit ? (
        <p className="utrecht-paragraph">
          <Link className="utrecht-link" to={`/beheer/audit?doel=${encodeURIComponent(user.id)}`}>
            {t("admin.user.auditLink")}
          </Link>
        </p>
      ) : null}
    </>
  );
}
