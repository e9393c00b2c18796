/**
 * Building blocks of the administration pages (/beheer/…): the administration menu and a
 * table wrapper that scrolls sideways on narrow screens and can be scrolled by keyboard.
 */
import type { ReactNode } from "react";
import { Link, NavLink } from "react-router";
import { useT } from "~/i18n/use-t";
import adminCss from "~/styles/admin.css?url";

/** For the `links` export of every administration route. */
export const adminLinks = () => [{ rel: "stylesheet", href: adminCss }];

export interface AdminNavAbilities {
  users: boolean;
  invite: boolean;
  audit: boolean;
  mail: boolean;
}

export function AdminNav({ can }: { can: AdminNavAbilities }) {
  const { t } = useT();
  const items = [
    can.users ? { to: "/beheer/gebruikers", label: t("admin.nav.users") } : null,
    can.invite ? { to: "/beheer/uitnodigen", label: t("admin.nav.invite") } : null,
    can.audit ? { to: "/beheer/audit", label: t("admin.nav.audit") } : null,
    can.mail ? { to: "/beheer/mail", label: t("admin.nav.mail") } : null,
  ].filter((i) => i !== null);
  return (
    <nav aria-label={t("admin.nav.label")} className="spot-admin-nav">
      <ul className="spot-admin-nav__list">
        <li>
          <Link className="utrecht-link spot-admin-nav__link" to="/mijn">
            {t("admin.nav.portal")}
          </Link>
        </li>
        {items.map((i) => (
          <li key={i.to}>
            <NavLink className="utrecht-link spot-admin-nav__link" to={i.to}>
              {i.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * A table in a region that scrolls sideways when it does not fit (320 px screens). The region
 * is focusable so keyboard users can scroll it, and is named by the table's caption.
 */
export function TableWrap({ captionId, children }: { captionId: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y: a div (the agreed wrapper) as a named region, focusable so keyboard users can scroll it (WCAG 2.1.1)
    <div className="spot-table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      {children}
    </div>
  );
}

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="spot-visually-hidden">{children}</span>;
}

/** A labelled filter control (GET forms) with its description and error message. */
export function FilterField({
  id,
  label,
  description,
  error,
  children,
}: {
  id: string;
  label: string;
  description?: string;
  error?: string;
  children: (aria: { "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}) {
  const describedBy =
    [description ? `${id}-description` : null, error ? `${id}-error` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  return (
    <div className={`utrecht-form-field${error ? " utrecht-form-field--invalid" : ""}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      {description ? (
        <div
          className="utrecht-form-field__description utrecht-form-field-description"
          id={`${id}-description`}
        >
          {description}
        </div>
      ) : null}
      {error ? (
        <div
          className="utrecht-form-field__error-message utrecht-form-field-error-message"
          id={`${id}-error`}
        >
          {error}
        </div>
      ) : null}
      <div className="utrecht-form-field__input">
        {children({ "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      </div>
    </div>
  );
}

/** "Previous · page x of y · next" under a paged list (plain links: works without JavaScript). */
export function Pager({
  page,
  pageCount,
  hrefFor,
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
}) {
  const { t } = useT();
  if (pageCount <= 1) return null;
  return (
    <nav className="spot-pager" aria-label={t("admin.pager.label")}>
      {page > 1 ? (
        <Link
          className="utrecht-link spot-pager__link"
          to={hrefFor(Math.min(page - 1, pageCount))}
          rel="prev"
        >
          {t("admin.pager.previous")}
        </Link>
      ) : null}
      <span>{t("admin.pager.pageOf", { page, pages: pageCount })}</span>
      {page < pageCount ? (
        <Link className="utrecht-link spot-pager__link" to={hrefFor(page + 1)} rel="next">
          {t("admin.pager.next")}
        </Link>
      ) : null}
    </nav>
  );
}
