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

export const ROLES = [
  "entrepreneur",
  "coordinator",
  "expert",
  "student",
  "provider",
  "partner",
  "steering",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES_REQUIRING_2FA: readonly Role[] = ["coordinator", "expert", "admin"];

export interface UserTable {
  id: string;
  /** Lower-cased. */
  email: string;
  name: string;
  password_hash: string | null;
  email_verified_at: string | null;
  disabled_at: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  /** The last TOTP time step used, so a code cannot be used twice. */
  totp_last_step: number | null;
  student_level: "mbo" | "hbo" | "wo" | null;
  student_institution: string | null;
  is_demo: Generated<number>;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: string;
  role: Role;
  granted_by: string | null;
  granted_at: string;
}

export interface MembershipTable {
  user_id: string;
  company_id: string;
  role: "owner" | "colleague";
  created_at: string;
}

export interface SessionTable {
  /** sha256 of the cookie's token: a leaked table gives no usable session. */
  id: string;
  user_id: string;
  /** 1 while the second factor is still to be given. */
  mfa_pending: Generated<number>;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export type TokenKind =
  | "login_link"
  | "verify_email"
  | "reset_password"
  | "invite"
  | "email_change"
  | "scan_resume";

export interface AuthTokenTable {
  id: string;
  token_hash: string;
  kind: TokenKind;
  user_id: string | null;
  email: string;
  payload: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  used_at: string | null;
  created_at: string;
}

export interface RateLimitTable {
  key: string;
  window_start: string;
  count: number;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  result: "ok" | "denied" | "failed";
  details: string | null;
}

export interface ScanResponseTable {
  id: string;
  instrument_id: string;
  instrument_version: number;
  status: "in_progress" | "completed";
  /** JSON of Scores, recomputable from answers + instrument version. */
  scores: string | null;
  overall: number | null;
  level: string | null;
  user_id: string | null;
  company_id: string | null;
  lang: "nl" | "en";
  email: string | null;
  sbi_section: string | null;
  size_band: string | null;
  cbs_code: string | null;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface ScanOwnerTable {
  token_hash: string;
  response_id: string;
  created_at: string;
}

export interface ScanAnswerTable {
  response_id: string;
  question_id: string;
  /** JSON of one AnswerValue (app/modules/scans/answers.ts), as validated when given. */
  value: string;
  answered_at: string;
}

export interface IntakeRequestTable {
  id: string;
  response_id: string | null;
  company_id: string | null;
  user_id: string | null;
  question: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  company_name: string;
  kvk_number: string | null;
  kvk_checked: Generated<number>;
  sbi_section: string | null;
  employees: number;
  legal_form: string | null;
  postcode: string;
  cbs_code: string | null;
  eligibility: "eligible" | "ineligible" | "ambiguous";
  eligibility_reasons: string | null;
  heard_via: string | null;
  heard_via_detail: string | null;
  intake_preference: "media-park" | "online";
  lang: "nl" | "en";
  status: "new" | "accepted" | "answered";
  handled_by: string | null;
  handled_at: string | null;
  reply: string | null;
  created_at: string;
}

export interface Database extends CaseTables, AdviceTables {
  scan_responses: ScanResponseTable;
  scan_answers: ScanAnswerTable;
  scan_owners: ScanOwnerTable;
  intake_requests: IntakeRequestTable;
  users: UserTable;
  user_roles: UserRoleTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  auth_tokens: AuthTokenTable;
  recovery_codes: RecoveryCodeTable;
  rate_limits: RateLimitTable;
  audit_log: AuditLogTable;
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
export type User = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type ScanResponse = Selectable<ScanResponseTable>;
export type IntakeRequest = Selectable<IntakeRequestTable>;

// Cases (migration 0004). Phase, role and type vocabularies live in app/modules/cases/model.ts.
export interface CaseTable {
  id: string;
  /** Human reference shown to people, e.g. "C-2026-0042". */
  reference: string;
  company_id: string;
  intake_request_id: string | null;
  title: string;
  question: string;
  problem: string | null;
  problem_kind: "problem" | "opportunity" | null;
  theme: string | null;
  phase: string;
  close_reason: string | null;
  /** Incremented by every change of the case's own fields: the optimistic-lock version. */
  version: Generated<number>;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
  phase_changed_at: string;
  last_activity_at: string | null;
}

export interface CasePhaseChangeTable {
  id: string;
  case_id: string;
  from_phase: string | null;
  to_phase: string;
  reason: string | null;
  changed_by: string | null;
  changed_at: string;
}

export interface CaseMemberTable {
  case_id: string;
  user_id: string;
  case_role: string;
  student_level: "mbo" | "hbo" | "wo" | null;
  student_institution: string | null;
  added_by: string | null;
  added_at: string;
}

export interface CaseScanTable {
  case_id: string;
  response_id: string;
  linked_by: string | null;
  linked_at: string;
}

export interface CaseActivityTable {
  id: string;
  case_id: string;
  type: string;
  /** A date (YYYY-MM-DD). */
  occurred_on: string;
  duration_minutes: number;
  /** People from the company who took part (trainings count these). */
  company_participants: Generated<number>;
  outcome: string;
  logged_by: string | null;
  created_at: string;
}

export interface CaseActivityParticipantTable {
  activity_id: string;
  user_id: string;
}

export interface CaseTimeEntryTable {
  id: string;
  case_id: string;
  user_id: string;
  worked_on: string;
  minutes: number;
  description: string;
  created_at: string;
}

export interface CaseTaskTable {
  id: string;
  case_id: string;
  title: string;
  due_on: string | null;
  assignee_id: string | null;
  status: "open" | "done";
  /** Set for tasks the journey configuration created (one per case and key). */
  journey_key: string | null;
  /** 1: something the entrepreneur is asked to do (shown in their view). */
  for_company: Generated<number>;
  created_by: string | null;
  created_at: string;
  done_at: string | null;
  done_by: string | null;
}

export interface CaseNoteTable {
  id: string;
  case_id: string;
  author_id: string | null;
  body: string;
  created_at: string;
}

export interface CaseMessageTable {
  id: string;
  case_id: string;
  author_id: string | null;
  from_company: number;
  body: string;
  created_at: string;
}

export interface CaseDocumentTable {
  id: string;
  case_id: string;
  name: string;
  media_type: string;
  size: number;
  content: Uint8Array;
  internal: number;
  uploaded_by: string | null;
  uploaded_at: string;
}

export interface CaseEventTable {
  id: string;
  case_id: string;
  at: string;
  actor_id: string | null;
  kind: string;
  internal: number;
  /** JSON with the event's details (see app/modules/cases/timeline.ts). */
  data: string;
}

export interface CaseTables {
  cases: CaseTable;
  case_phase_changes: CasePhaseChangeTable;
  case_members: CaseMemberTable;
  case_scans: CaseScanTable;
  case_activities: CaseActivityTable;
  case_activity_participants: CaseActivityParticipantTable;
  case_time_entries: CaseTimeEntryTable;
  case_tasks: CaseTaskTable;
  case_notes: CaseNoteTable;
  case_messages: CaseMessageTable;
  case_documents: CaseDocumentTable;
  case_events: CaseEventTable;
}
export type CaseRow = Selectable<CaseTable>;

// Advice and roadmap (migration 0006). The catalogue type lives in app/modules/advice/catalogue.ts.
export interface AdviceActionTable {
  /** A slug, e.g. "offsite-backup". */
  id: string;
  theme: string;
  /** JSON of the CatalogueAction without id and theme. */
  data: string;
  active: Generated<number>;
  /** Optimistic lock for edits of the catalogue. */
  version: Generated<number>;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AdviceTable {
  id: string;
  /** One advice per case. */
  case_id: string;
  situation: Generated<string>;
  /** The problem or opportunity, in the team's own words. */
  problem: Generated<string>;
  next_steps: Generated<string>;
  /** Optimistic lock of the text fields (situation, problem, next_steps). */
  version: Generated<number>;
  /** When every action of a shared version was first decided (the one "advice delivered"). */
  delivered_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
}

export interface AdviceItemTable {
  id: string;
  advice_id: string;
  /** Catalogue slug, or null for a custom action. */
  action_id: string | null;
  position: number;
  title: string;
  description: Generated<string>;
  /** Whole euros, >= 0, min <= max. */
  cost_once_min: Generated<number>;
  cost_once_max: Generated<number>;
  cost_monthly_min: Generated<number>;
  cost_monthly_max: Generated<number>;
  /** Dates (YYYY-MM-DD); end_on is after start_on. */
  start_on: string;
  end_on: string;
  /** JSON array of advice_items ids this item waits for. */
  depends_on: Generated<string>;
  effect: Generated<string>;
  indicator: Generated<string>;
  owner: Generated<string>;
  /** Why it was proposed (from the proposal's triggers). */
  reason: Generated<string>;
  /** Per-item optimistic lock. */
  version: Generated<number>;
  updated_by: string | null;
  updated_at: string;
}

export interface AdviceVersionTable {
  id: string;
  advice_id: string;
  /** 1, 2, … per advice. */
  number: number;
  /** JSON of the shared snapshot (see app/modules/advice/advice.server.ts AdviceSnapshot). */
  snapshot: string;
  shared_by: string | null;
  shared_at: string;
}

export interface AdviceDecisionTable {
  version_id: string;
  /** The item's id inside the version's snapshot. */
  item_id: string;
  decision: "accepted" | "declined" | "later";
  /** Required for "declined". */
  reason: string | null;
  decided_by: string | null;
  decided_at: string;
}

export interface RealisationItemTable {
  id: string;
  case_id: string;
  version_id: string | null;
  item_id: string;
  title: string;
  status: "planned" | "in_progress" | "done";
  /** 0–100. */
  progress: Generated<number>;
  note: Generated<string>;
  start_on: string | null;
  end_on: string | null;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: string;
}

export interface AdviceTables {
  advice_actions: AdviceActionTable;
  advices: AdviceTable;
  advice_items: AdviceItemTable;
  advice_versions: AdviceVersionTable;
  advice_decisions: AdviceDecisionTable;
  realisation_items: RealisationItemTable;
}
export type AdviceActionRow = Selectable<AdviceActionTable>;
export type AdviceRow = Selectable<AdviceTable>;
export type AdviceItemRow = Selectable<AdviceItemTable>;
export type AdviceVersionRow = Selectable<AdviceVersionTable>;
export type AdviceDecisionRow = Selectable<AdviceDecisionTable>;
export type RealisationItemRow = Selectable<RealisationItemTable>;
