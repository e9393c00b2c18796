import { useT } from "~/i18n/use-t";
import { runtime } from "~/runtime.server";
import type { Route } from "./+types/privacy";

export const meta: Route.MetaFunction = ({ matches }) => [
  {
    title:
      (matches[0]?.data as { lang?: string })?.lang === "en"
        ? "Privacy statement | SPOT 035"
        : "Privacyverklaring | SPOT 035",
  },
];

export async function loader() {
  const { config } = await runtime();
  return { email: config.region.branding.contactEmail };
}

const SECTIONS = ["what", "why", "share", "keep", "cookies", "rights"] as const;

export default function Privacy({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  return (
    <>
      <h1 className="utrecht-heading-1">{t("privacy.title")}</h1>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t("privacy.lead")}</p>
      {SECTIONS.map((s) => (
        <section key={s} aria-labelledby={`privacy-${s}`}>
          <h2 id={`privacy-${s}`} className="utrecht-heading-2">
            {t(`privacy.${s}Heading`)}
          </h2>
          <p className="utrecht-paragraph">{t(`privacy.${s}Body`, { email: loaderData.email })}</p>
        </section>
      ))}
    </>
  );
}
