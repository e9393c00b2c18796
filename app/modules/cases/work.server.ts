/**
 * Reading for the team's work pages (/casussen/:id/activiteit, uren, taken, notitie,
 * documenten) and checking uploaded documents. Small queries: each page reads only what it
 * shows.
 */
import type { DB } from "~/db/database.server";
import { DOCUMENT_TYPES } from "./cases.server";
import type { CaseRole } from "./model";

export interface TeamOption {
  userId: string;
  name: string;
  role: CaseRole | null;
}

/**
 * The people who can take part in an activity or get a task: the team, and the person at the
 * keyboard when they are not on it (a coordinator helping out).
 */
export async function teamOptions(
  db: DB,
  caseId: string,
  me: { id: string; name: string },
): Promise<TeamOption[]> {
  const team = await db
    .selectFrom("case_members")
    .innerJoin("users", "users.id", "case_members.user_id")
    .select(["users.id", "users.name", "case_members.case_role"])
    .where("case_members.case_id", "=", caseId)
    .orderBy("case_members.added_at")
    .execute();
  const options: TeamOption[] = team.map((m) => ({
    userId: m.id,
    name: m.name,
    role: m.case_role as CaseRole,
  }));
  if (!options.some((o) => o.userId === me.id)) {
    options.unshift({ userId: me.id, name: me.name, role: null });
  }
  return options;
}

export interface RecentActivity {
  id: string;
  type: string;
  occurredOn: string;
  durationMinutes: number;
  loggedBy: string | null;
}

/** The last activities of a case (the activity page shows what is already there). */
export async function recentActivities(
  db: DB,
  caseId: string,
  limit = 10,
): Promise<RecentActivity[]> {
  const rows = await db
    .selectFrom("case_activities")
    .leftJoin("users", "users.id", "case_activities.logged_by")
    .select([
      "case_activities.id",
      "case_activities.type",
      "case_activities.occurred_on",
      "case_activities.duration_minutes",
      "users.name as logged_by",
    ])
    .where("case_activities.case_id", "=", caseId)
    .orderBy("case_activities.occurred_on", "desc")
    .orderBy("case_activities.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    occurredOn: r.occurred_on,
    durationMinutes: Number(r.duration_minutes),
    loggedBy: r.logged_by ?? null,
  }));
}

export interface TimeEntry {
  id: string;
  workedOn: string;
  minutes: number;
  description: string;
}

/** My hours on a case, newest first, and everyone's total. */
export async function hoursOverview(
  db: DB,
  caseId: string,
  userId: string,
): Promise<{ mine: TimeEntry[]; perPerson: { userId: string; name: string; minutes: number }[] }> {
  const [mine, perPerson] = await Promise.all([
    db
      .selectFrom("case_time_entries")
      .select(["id", "worked_on", "minutes", "description"])
      .where("case_id", "=", caseId)
      .where("user_id", "=", userId)
      .orderBy("worked_on", "desc")
      .orderBy("created_at", "desc")
      .limit(200)
      .execute(),
    db
      .selectFrom("case_time_entries")
      .innerJoin("users", "users.id", "case_time_entries.user_id")
      .select(["users.id", "users.name"])
      .select((eb) => eb.fn.sum<number>("case_time_entries.minutes").as("minutes"))
      .where("case_time_entries.case_id", "=", caseId)
      .groupBy(["users.id", "users.name"])
      .orderBy("users.name")
      .execute(),
  ]);
  return {
    mine: mine.map((e) => ({
      id: e.id,
      workedOn: e.worked_on,
      minutes: Number(e.minutes),
      description: e.description,
    })),
    perPerson: perPerson.map((p) => ({
      userId: p.id,
      name: p.name,
      minutes: Number(p.minutes ?? 0),
    })),
  };
}

export interface TaskRow {
  id: string;
  title: string;
  dueOn: string | null;
  assignee: string | null;
  forCompany: boolean;
  status: "open" | "done";
  doneAt: string | null;
  doneBy: string | null;
}

/** All tasks of a case: open ones first (soonest due first), then the done ones. */
export async function caseTasks(db: DB, caseId: string): Promise<TaskRow[]> {
  const rows = await db
    .selectFrom("case_tasks")
    .leftJoin("users as a", "a.id", "case_tasks.assignee_id")
    .leftJoin("users as d", "d.id", "case_tasks.done_by")
    .select([
      "case_tasks.id",
      "case_tasks.title",
      "case_tasks.due_on",
      "a.name as assignee",
      "case_tasks.for_company",
      "case_tasks.status",
      "case_tasks.done_at",
      "d.name as done_by",
      "case_tasks.created_at",
    ])
    .where("case_tasks.case_id", "=", caseId)
    .orderBy("case_tasks.created_at")
    .limit(1000)
    .execute();
  const tasks = rows.map((t) => ({
    id: t.id,
    title: t.title,
    dueOn: t.due_on,
    assignee: t.assignee ?? null,
    forCompany: t.for_company === 1,
    status: t.status,
    doneAt: t.done_at,
    doneBy: t.done_by ?? null,
  }));
  const open = tasks
    .filter((t) => t.status === "open")
    .sort((a, b) => (a.dueOn ?? "9999").localeCompare(b.dueOn ?? "9999"));
  const done = tasks
    .filter((t) => t.status === "done")
    .sort((a, b) => (b.doneAt ?? "").localeCompare(a.doneAt ?? ""));
  return [...open, ...done];
}

/** Internal notes, newest first. */
export async function caseNotes(db: DB, caseId: string) {
  const rows = await db
    .selectFrom("case_notes")
    .leftJoin("users", "users.id", "case_notes.author_id")
    .select(["case_notes.id", "users.name as author", "case_notes.body", "case_notes.created_at"])
    .where("case_notes.case_id", "=", caseId)
    .orderBy("case_notes.created_at", "desc")
    .limit(500)
    .execute();
  return rows.map((n) => ({
    id: n.id,
    author: n.author ?? null,
    body: n.body,
    createdAt: n.created_at,
  }));
}

/** Documents of a case without their content; internal ones only for `internal`. */
export async function caseDocuments(db: DB, caseId: string, internal: boolean) {
  let q = db
    .selectFrom("case_documents")
    .leftJoin("users", "users.id", "case_documents.uploaded_by")
    .select([
      "case_documents.id",
      "case_documents.name",
      "case_documents.media_type",
      "case_documents.size",
      "case_documents.internal",
      "users.name as uploaded_by",
      "case_documents.uploaded_at",
    ])
    .where("case_documents.case_id", "=", caseId);
  if (!internal) q = q.where("case_documents.internal", "=", 0);
  const rows = await q.orderBy("case_documents.uploaded_at", "desc").limit(500).execute();
  return rows.map((d) => ({
    id: d.id,
    name: d.name,
    mediaType: d.media_type,
    size: Number(d.size),
    internal: d.internal === 1,
    uploadedBy: d.uploaded_by ?? null,
    uploadedAt: d.uploaded_at,
  }));
}

// ---------------------------------------------------------------------------------------------
// Uploaded documents

/** File name extensions we take, and the media type each is stored with. */
const EXTENSION_TYPES: Record<string, string> = Object.fromEntries([
  ...Object.entries(DOCUMENT_TYPES).map(([type, ext]) => [ext, type]),
  ["jpeg", "image/jpeg"],
]);
export const DOCUMENT_EXTENSIONS = Object.keys(EXTENSION_TYPES).sort();

const startsWith = (bytes: Uint8Array, magic: number[]) =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // docx, xlsx, pptx are zip files

/** Plain text: valid UTF-8 without NUL bytes (no program or image renamed to .txt). */
function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The content matches what the file's name says it is. */
function contentFits(ext: string, bytes: Uint8Array): boolean {
  switch (ext) {
    case "pdf":
      return startsWith(bytes, PDF);
    case "png":
      return startsWith(bytes, PNG);
    case "jpg":
    case "jpeg":
      return startsWith(bytes, JPEG);
    case "docx":
    case "xlsx":
    case "pptx":
      return startsWith(bytes, ZIP);
    case "txt":
    case "csv":
      return isText(bytes);
    default:
      return false;
  }
}

export const DOCUMENT_NAME_MAX = 120;

/**
 * A file name safe to store and show: the last path part, no control characters or
 * characters that file systems refuse, spaces collapsed, at most 120 characters with the
 * extension kept.
 */
export function sanitiseFileName(raw: string, ext: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  let name = base
    .normalize("NFC")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, "");
  const dot = name.lastIndexOf(".");
  let stem = dot > 0 ? name.slice(0, dot).trim() : name;
  if (!stem) stem = "document";
  const suffix = `.${ext}`;
  stem = Array.from(stem)
    .slice(0, DOCUMENT_NAME_MAX - suffix.length)
    .join("")
    .trim();
  name = `${stem}${suffix}`;
  return name;
}

export type UploadCheck =
  | { ok: true; name: string; mediaType: string; content: Uint8Array }
  | { ok: false; problem: "empty" | "type" | "content" };

/**
 * Check an uploaded file: an allowed extension, content that fits it (magic bytes for PDF,
 * PNG, JPEG and the office formats; valid text for .txt and .csv), not empty. The media type
 * stored is ours, from the extension, never the browser's.
 */
export function checkUpload(fileName: string, bytes: Uint8Array): UploadCheck {
  if (bytes.byteLength === 0) return { ok: false, problem: "empty" };
  const m = /\.([A-Za-z0-9]{1,8})\s*$/.exec(fileName);
  const ext = m ? m[1]!.toLowerCase() : "";
  const mediaType = EXTENSION_TYPES[ext];
  if (!mediaType) return { ok: false, problem: "type" };
  if (!contentFits(ext, bytes)) return { ok: false, problem: "content" };
  const storedExt = ext === "jpeg" ? "jpg" : ext;
  return { ok: true, name: sanitiseFileName(fileName, storedExt), mediaType, content: bytes };
}

/**
 * A Content-Disposition header for a download: a plain ASCII `filename` for old clients and
 * the exact name as `filename*` (RFC 5987/6266).
 */
export function attachmentDisposition(name: string): string {
  const ascii =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]/g, "_")
      .replace(/["\\%;]/g, "_")
      .trim() || "document";
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
