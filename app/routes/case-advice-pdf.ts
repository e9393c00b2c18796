import { getLang } from "~/i18n/lang.server";
import { loadAdviceCaseFor } from "~/modules/advice/access.server";
import { sharedVersionByNumber } from "~/modules/advice/advice.server";
import { advicePdfFilename, buildAdvicePdf } from "~/modules/advice/advice-pdf.server";
import type { Route } from "./+types/case-advice-pdf";

/**
 * A shared advice version as a PDF: `/casussen/:id/advies/2.pdf`. The case team and
 * coordinators may get any shared version, the company's members too (they only ever see
 * shared versions; drafts have no PDF). Anyone else, and a version that does not exist, 404.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt } = await loadAdviceCaseFor(request, params.id, "advice.read", "advice.decide");
  const m = /^([1-9]\d{0,5})\.pdf$/.exec(params.versie ?? "");
  if (!m) throw new Response("Not Found", { status: 404 });
  const version = await sharedVersionByNumber(rt.db, params.id, Number(m[1]));
  if (!version) throw new Response("Not Found", { status: 404 });
  const { config } = rt;
  const pdf = await buildAdvicePdf(version.snapshot, {
    lang: getLang(request),
    branding: {
      siteName: config.region.branding.name,
      regionName: config.region.name,
      publicUrl: config.publicUrl,
    },
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${advicePdfFilename(version.snapshot, config.region.branding.name)}"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
    },
  });
}
