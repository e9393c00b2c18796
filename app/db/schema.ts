/**
 * Table types for Kysely. Portable subset (see docs/decisions/002-database-layer.md):
 * ids and timestamps are text (ISO 8601 UTC), booleans are integers 0/1, JSON is text.
 */
import type { Generated, Insertable, Selectable, Updateable } from "kysely";

export interface MetaTable {
  key: string;
  value: string;
}

export interface CompanyTable {
  id: string;
  name: string;
  kvk_number: string | null;
  kind: "sme" | "provider" | "partner" | "institution";
  sbi_section: string | null;
  employees: number | null;
  postcode: string | null;
  cbs_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface StoryTable {
  id: string;
  company_id: string | null;
  theme: string;
  title_nl: string;
  title_en: string;
  summary_nl: string;
  summary_en: string;
  published_at: string | null;
  created_at: string;
}

export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  template: string;
  /** queued: waiting for SMTP; sent: accepted by SMTP; kept: no SMTP configured; failed: gave up */
  status: "queued" | "sent" | "kept" | "failed";
  message_id: string | null;
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface JobTable {
  id: string;
  kind: string;
  payload: string;
  /** queued → running → done | failed (after max_attempts) */
  status: "queued" | "running" | "done" | "failed";
  run_at: string;
  attempts: Generated<number>;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  /** Optional idempotency key: a second job with the same key is not created. */
  unique_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  app_meta: MetaTable;
  companies: CompanyTable;
  stories: StoryTable;
  mail_outbox: MailOutboxTable;
  jobs: JobTable;
}

export type Company = Selectable<CompanyTable>;
export type NewCompany = Insertable<CompanyTable>;
export type CompanyUpdate = Updateable<CompanyTable>;
export type Story = Selectable<StoryTable>;
export type MailRecord = Selectable<MailOutboxTable>;
export type Job = Selectable<JobTable>;
