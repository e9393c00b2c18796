/**
 * The journey as configuration (config/journey.json, named by the region's `journeyFile`):
 * per phase the activities we expect and the tasks made automatically when a case enters it.
 * A region changes its process by editing the file; no code changes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ACTIVITY_TYPES, PHASES, type Phase } from "./model";

const taskSchema = z.object({
  key: z.string().regex(/^[a-z0-9-]+$/),
  title: z.object({ nl: z.string().min(1), en: z.string().min(1) }),
  dueInWorkingDays: z.number().int().min(0).max(365),
  assignTo: z.enum(["lead", "coordinator", "company", "nobody"]),
});

const phaseSchema = z.object({
  expectedActivities: z.array(z.enum(ACTIVITY_TYPES)),
  tasks: z.array(taskSchema),
});

export const journeySchema = z
  .object({
    staleAfterDays: z.number().int().min(1).max(365),
    phases: z.record(z.enum(PHASES), phaseSchema),
  })
  .superRefine((j, ctx) => {
    for (const p of PHASES) {
      if (!j.phases[p]) ctx.addIssue({ code: "custom", path: ["phases", p], message: "missing" });
    }
    const keys = new Set<string>();
    for (const [p, phase] of Object.entries(j.phases)) {
      for (const t of phase?.tasks ?? []) {
        if (keys.has(t.key)) {
          ctx.addIssue({ code: "custom", path: ["phases", p], message: `task key ${t.key} twice` });
        }
        keys.add(t.key);
      }
    }
  });

export type Journey = {
  staleAfterDays: number;
  phases: Record<Phase, z.infer<typeof phaseSchema>>;
};
export type JourneyTask = z.infer<typeof taskSchema>;

export class JourneyError extends Error {}

export function parseJourney(raw: unknown, file = "journey"): Journey {
  const parsed = journeySchema.safeParse(raw);
  if (!parsed.success) {
    throw new JourneyError(
      `${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data as Journey;
}

export function loadJourney(file: string, root = process.cwd()): Journey {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path.resolve(root, file), "utf8"));
  } catch (e) {
    throw new JourneyError(`cannot read ${file} (${e instanceof Error ? e.message : String(e)})`);
  }
  return parseJourney(raw, file);
}

/** A date (YYYY-MM-DD) `days` working days (Monday–Friday) after `from`. */
export function addWorkingDays(from: Date, days: number): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  // A task due "in 0 days" on a weekend is due the next Monday.
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
