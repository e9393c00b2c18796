/**
 * The action catalogue on the server: the file reference/actions.json (validated at start; a bad
 * file stops the start with the reason), loading it into `advice_actions` when that table is
 * empty, and the reads and versioned edits of the catalogue editor (/beheer/acties).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "kysely";
import type { DB } from "~/db/database.server";
import type { AdviceActionRow } from "~/db/schema";
import { nowIso } from "~/lib/ids.server";
import { listInstruments } from "~/modules/scans/registry.server";
import {
  actionData,
  actionFromData,
  type CatalogueAction,
  CatalogueError,
  type CatalogueIssue,
  type CatalogueRefs,
  checkCatalogue,
  parseCatalogue,
  refsFrom,
} from "./catalogue";

export const CATALOGUE_FILE = "reference/actions.json";
const INITIATIVES_FILE = "reference/initiatives.json";

let refsCache: CatalogueRefs | undefined;

/** What a catalogue may refer to: the latest instrument versions and reference/initiatives.json. */
export function catalogueRefs(root = process.cwd()): CatalogueRefs {
  if (refsCache && root === process.cwd()) return refsCache;
  let ids: string[];
  try {
    const raw = JSON.parse(readFileSync(path.resolve(root, INITIATIVES_FILE), "utf8")) as {
      initiatives: { id: string }[];
    };
    ids = raw.initiatives.map((i) => i.id);
  } catch (e) {
    throw new CatalogueError(
      `cannot read ${INITIATIVES_FILE} (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  const refs = refsFrom(listInstruments(), ids);
  if (root === process.cwd()) refsCache = refs;
  return refs;
}

/** Read and validate the catalogue file; throws CatalogueError with every problem named. */
export function loadCatalogueFile(
  file = CATALOGUE_FILE,
  root = process.cwd(),
  refs = catalogueRefs(root),
): CatalogueAction[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.resolve(root, file), "utf8"));
  } catch (e) {
    throw new CatalogueError(`cannot read ${file} (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseCatalogue(raw, refs, file);
}

/**
 * Load the catalogue file into `advice_actions` when the table is empty (first start, demo seed).
 * The file is always validated, so a broken file stops the start even when the table is filled.
 * Returns the number of actions inserted.
 */
export async function importCatalogueIfEmpty(
  db: DB,
  options: { file?: string; root?: string } = {},
): Promise<number> {
  const actions = loadCatalogueFile(options.file, options.root);
  const row = await db
    .selectFrom("advice_actions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  if (Number(row.n) > 0) return 0;
  const now = nowIso();
  await db.transaction().execute(async (tx) => {
    for (const a of actions) {
      await tx
        .insertInto("advice_actions")
        .values({
          id: a.id,
          theme: a.theme,
          data: JSON.stringify(actionData(a)),
          active: 1,
          version: 1,
          updated_by: null,
          created_at: now,
          updated_at: now,
        })
        // Two instances starting at once: the second one's rows already exist.
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    }
  });
  return actions.length;
}

export interface CatalogueEntry {
  action: CatalogueAction;
  active: boolean;
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

function toEntry(r: AdviceActionRow): CatalogueEntry {
  return {
    action: actionFromData(r.id, r.theme, JSON.parse(r.data)),
    active: r.active === 1,
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/** Every catalogue entry (active and inactive), ordered by theme and id. */
export async function listCatalogue(db: DB): Promise<CatalogueEntry[]> {
  const rows = await db
    .selectFrom("advice_actions")
    .selectAll()
    .orderBy("theme")
    .orderBy("id")
    .execute();
  return rows.map(toEntry);
}

/** The active actions: what proposals are made from. */
export async function activeCatalogue(db: DB): Promise<CatalogueAction[]> {
  const rows = await db
    .selectFrom("advice_actions")
    .selectAll()
    .where("active", "=", 1)
    .orderBy("id")
    .execute();
  return rows.map((r) => toEntry(r).action);
}

export async function getCatalogueEntry(db: DB, id: string): Promise<CatalogueEntry | undefined> {
  const row = await db
    .selectFrom("advice_actions")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? toEntry(row) : undefined;
}

export type CatalogueSaveResult =
  | { ok: true; version: number }
  | { ok: false; problem: "notFound" }
  | { ok: false; problem: "exists" }
  | { ok: false; problem: "conflict"; current: CatalogueEntry }
  | { ok: false; problem: "invalid"; issues: CatalogueIssue[] };

/** Check one action against the references and the rest of the catalogue (prerequisites, cycles). */
async function checkAgainstCatalogue(
  db: DB,
  action: CatalogueAction,
  refs: CatalogueRefs,
): Promise<CatalogueIssue[]> {
  const others = (await listCatalogue(db)).map((e) => e.action).filter((a) => a.id !== action.id);
  const all = [...others, action];
  const idx = all.length - 1;
  // Only the issues of this action (others were valid when saved), plus any cycle.
  return checkCatalogue(all, refs)
    .filter((i) => i.path[0] === idx || i.path.length === 0)
    .map((i) => ({ ...i, path: i.path.slice(1) }));
}

/** Save an edited action, when `expectedVersion` is still the stored one (optimistic lock). */
export async function updateCatalogueAction(
  db: DB,
  input: { action: CatalogueAction; active: boolean; expectedVersion: number; userId: string },
  refs = catalogueRefs(),
): Promise<CatalogueSaveResult> {
  const current = await getCatalogueEntry(db, input.action.id);
  if (!current) return { ok: false, problem: "notFound" };
  if (current.version !== input.expectedVersion) return { ok: false, problem: "conflict", current };
  const issues = await checkAgainstCatalogue(db, input.action, refs);
  if (issues.length) return { ok: false, problem: "invalid", issues };
  const res = await db
    .updateTable("advice_actions")
    .set({
      theme: input.action.theme,
      data: JSON.stringify(actionData(input.action)),
      active: input.active ? 1 : 0,
      version: sql<number>`version + 1`,
      updated_by: input.userId,
      updated_at: nowIso(),
    })
    .where("id", "=", input.action.id)
    .where("version", "=", input.expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    const now = await getCatalogueEntry(db, input.action.id);
    return now
      ? { ok: false, problem: "conflict", current: now }
      : { ok: false, problem: "notFound" };
  }
  return { ok: true, version: input.expectedVersion + 1 };
}

/** Add a new action to the catalogue (active). */
export async function createCatalogueAction(
  db: DB,
  input: { action: CatalogueAction; active?: boolean; userId: string },
  refs = catalogueRefs(),
): Promise<CatalogueSaveResult> {
  if (await getCatalogueEntry(db, input.action.id)) return { ok: false, problem: "exists" };
  const issues = await checkAgainstCatalogue(db, input.action, refs);
  if (issues.length) return { ok: false, problem: "invalid", issues };
  const now = nowIso();
  try {
    await db
      .insertInto("advice_actions")
      .values({
        id: input.action.id,
        theme: input.action.theme,
        data: JSON.stringify(actionData(input.action)),
        active: input.active === false ? 0 : 1,
        version: 1,
        updated_by: input.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
  } catch {
    // Someone else created the same id in between.
    return { ok: false, problem: "exists" };
  }
  return { ok: true, version: 1 };
}
