import { loadCaseFor } from "~/modules/cases/access.server";
import { isCaseId } from "~/modules/cases/cases.server";
import { getDocument } from "~/modules/cases/queries.server";
import { attachmentDisposition } from "~/modules/cases/work.server";
import type { Route } from "./+types/case-document";

const notFound = () => new Response("Not Found", { status: 404 });

/**
 * A case document as a download, for whoever may read the case (the company's members too);
 * an internal document only for staff who may read the internal parts. Anything else, an
 * unknown document or one of another case, is a 404.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { rt, row, abilities } = await loadCaseFor(request, params.id, "case.read");
  if (!isCaseId(params.docId)) throw notFound();
  const doc = await getDocument(rt.db, row.id, params.docId);
  if (!doc || (doc.internal === 1 && !abilities.readInternal)) throw notFound();
  const content = new Uint8Array(doc.content);
  return new Response(content, {
    headers: {
      "Content-Type": doc.media_type,
      "Content-Disposition": attachmentDisposition(doc.name),
      "Content-Length": String(content.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
