import { getLang } from "~/i18n/lang.server";
import { loadScanFor } from "~/modules/scans/access.server";
import { COMPARISON_MIN_GROUP } from "~/modules/scans/responses.server";
import { buildResult } from "~/modules/scans/result.server";
import { buildResultPdf, resultPdfFilename } from "~/modules/scans/result-pdf.server";
import type { Route } from "./+types/scan-result-pdf";

/**
 * The result as a PDF download, for whoever may read the result (scan.read); anyone else, and
 * a scan that is not finished, gets a 404.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, response } = await loadScanFor(request, params.id, "scan.read");
  if (response.status !== "completed") throw new Response("Not Found", { status: 404 });
  const lang = getLang(request);
  const result = await buildResult(rt.db, response, lang);
  const { config } = rt;
  const pdf = await buildResultPdf(result, {
    lang,
    minGroup: COMPARISON_MIN_GROUP,
    branding: {
      siteName: config.region.branding.name,
      regionName: config.region.name,
      publicUrl: config.publicUrl,
    },
  });
  const filename = resultPdfFilename(result, config.region.branding.name);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Content-Length": String(pdf.length),
      // A personal result: never kept by a shared cache.
      "Cache-Control": "private, no-store",
    },
  });
}
