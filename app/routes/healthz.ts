import { health } from "~/runtime.server";

/** Liveness and readiness: 200 with the database status, 503 when the database is unreachable. */
export async function loader() {
  const h = await health();
  return Response.json(
    { status: h.ok ? "ok" : "unavailable", database: h.database, dialect: h.dialect ?? null },
    { status: h.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
