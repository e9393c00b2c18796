import i18nChunks from "virtual:i18n-chunks";
import utrechtCss from "@utrecht/component-library-css/dist/index.css?url";
import type { ReactNode } from "react";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import { shownLang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { useNonce } from "~/lib/nonce";
import { getAuth } from "~/modules/auth/auth.server";
import { can } from "~/modules/policy/rules";
import { runtime } from "~/runtime.server";
import themeCss from "~/styles/theme.css?url";
import { PageContent, SiteFooter, SiteHeader, SkipLink } from "~/ui/layout";
import type { Route } from "./+types/root";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: utrechtCss },
  { rel: "stylesheet", href: themeCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  const { config } = await runtime();
  const b = config.region.branding;
  const auth = await getAuth(request);
  const lang = getLang(request);
  return {
    me:
      auth.actor.kind === "user"
        ? {
            name: auth.actor.name,
            // Staff links in the header (the policy decides; the layout only shows them).
            cases: can(auth.actor, "case.list"),
            work: can(auth.actor, "case.list") || can(auth.actor, "case.listOwn"),
          }
        : null,
    lang,
    // The browser chunk of this language's catalog: preloaded, entry.client awaits it.
    i18nChunks: i18nChunks[lang] ?? [],
    requestId: context?.requestId ?? "",
    site: { name: b.name, contactEmail: b.contactEmail, address: b.address },
  };
}

type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const nonce = useNonce();
  const lang = shownLang(data?.lang ?? "nl");
  const site = data?.site ?? { name: "SPOT 035", contactEmail: "info@spot035.nl", address: "" };
  return (
    <html lang={lang} dir="ltr" className="utrecht-root">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links nonce={nonce} />
        {data?.i18nChunks.map((href) => (
          <link key={href} rel="modulepreload" href={href} nonce={nonce} suppressHydrationWarning />
        ))}
      </head>
      <body className="utrecht-body spot-theme">
        <SkipLink />
        <div className="spot-page">
          <SiteHeader siteName={site.name} me={data?.me ?? null} />
          <main id="main" tabIndex={-1} className="spot-main">
            <PageContent>{children}</PageContent>
          </main>
          <SiteFooter
            siteName={site.name}
            contactEmail={site.contactEmail}
            address={site.address}
          />
        </div>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useT();
  const data = useRouteLoaderData("root") as RootData | undefined;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404) {
    return (
      <>
        <title>{`${t("notFound.title")} | SPOT 035`}</title>
        <h1 className="utrecht-heading-1">{t("notFound.title")}</h1>
        <p className="utrecht-paragraph utrecht-paragraph--lead">{t("notFound.body")}</p>
        <ul className="utrecht-link-list">
          <li className="utrecht-link-list__item">
            <a className="utrecht-link" href="/">
              {t("notFound.home")}
            </a>
          </li>
          <li className="utrecht-link-list__item">
            <a className="utrecht-link" href="/contact">
              {t("notFound.contact")}
            </a>
          </li>
        </ul>
      </>
    );
  }
  const title = status === 413 ? t("error.tooLargeTitle") : t("error.title");
  return (
    <>
      <title>{`${title} | SPOT 035`}</title>
      <h1 className="utrecht-heading-1">{title}</h1>
      <p className="utrecht-paragraph">
        {status === 413 ? t("error.tooLargeBody") : t("error.body")}
      </p>
      {data?.requestId ? (
        <p className="utrecht-paragraph">
          {t("error.reference")} <code className="utrecht-code">{data.requestId}</code>
        </p>
      ) : null}
      <p className="utrecht-paragraph">
        <a className="utrecht-link" href="/">
          {t("notFound.home")}
        </a>
      </p>
    </>
  );
}
