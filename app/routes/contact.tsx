import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { runtime } from "~/runtime.server";
import type { Route } from "./+types/contact";

export const meta: Route.MetaFunction = () => [{ title: "Contact | SPOT 035" }];

export async function loader({ request }: Route.LoaderArgs) {
  const { config } = await runtime();
  const b = config.region.branding;
  return {
    email: b.contactEmail,
    phone: b.contactPhone ?? null,
    address: b.address,
    place: config.region.meetingPlace[getLang(request)],
  };
}

export default function Contact({ loaderData }: Route.ComponentProps) {
  const { t } = useT();
  const { email, phone, address, place } = loaderData;
  return (
    <>
      <h1 className="utrecht-heading-1">{t("contact.title")}</h1>
      <p className="utrecht-paragraph utrecht-paragraph--lead">{t("contact.lead")}</p>
      <dl className="spot-dl">
        <dt>{t("contact.emailLabel")}</dt>
        <dd>
          <a className="utrecht-link" href={`mailto:${email}`}>
            {email}
          </a>
        </dd>
        {phone ? (
          <>
            <dt>{t("contact.phoneLabel")}</dt>
            <dd>
              <a className="utrecht-link" href={`tel:${phone.replace(/\s+/g, "")}`}>
                {phone}
              </a>
            </dd>
          </>
        ) : null}
        <dt>{t("contact.visitLabel")}</dt>
        <dd>{address}</dd>
      </dl>
      <p className="utrecht-paragraph">{t("contact.visitBody", { place })}</p>
      <p className="utrecht-paragraph">{t("contact.responseTime")}</p>
    </>
  );
}
