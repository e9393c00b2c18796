/**
 * PostgreSQL for HTTP tests of the real server: the availability check (skipped loudly, or a
 * failure with REQUIRE_POSTGRES=1) and SQL on the admin connection (ADMIN_POSTGRES_URL), e.g.
 * to make a test database unreachable.
 */
import pg from "pg";
import { describe } from "vitest";
import { ADMIN_POSTGRES_URL } from "./db";

const REQUIRE_POSTGRES = process.env.REQUIRE_POSTGRES === "1";

async function checkPostgres(): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: ADMIN_POSTGRES_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => {});
  }
}

export const postgresProblem = await checkPostgres();
if (postgresProblem) {
  const msg = `\n!!! PostgreSQL is not reachable at ${ADMIN_POSTGRES_URL} (${postgresProblem}).\n!!! PostgreSQL server tests are SKIPPED. Set REQUIRE_POSTGRES=1 to make this a failure.\n`;
  if (REQUIRE_POSTGRES) throw new Error(msg);
  console.warn(msg);
}

/** `describe` that is skipped (loudly, see above) when PostgreSQL is not reachable. */
export const describePostgres = postgresProblem ? describe.skip : describe;

/** Run SQL on the admin connection (ADMIN_POSTGRES_URL). */
export async function adminQuery(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_POSTGRES_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}
