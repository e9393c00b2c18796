/**
 * Reading one question's answer from a submitted form. Field names:
 *   single, scale, number, text → "<questionId>"; multi → "<questionId>" (repeated)
 *   graded-rows and per-row → "<questionId>.<rowId>" (repeated for per-row with multiple ticks)
 */
import type { Question } from "./instrument";

export function fieldName(q: Question, rowId?: string): string {
  return rowId ? `${q.id}.${rowId}` : q.id;
}

export function readAnswer(q: Question, form: FormData): unknown {
  const str = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : undefined);
  switch (q.type) {
    case "single":
      return str(form.get(q.id));
    case "multi":
      return form.getAll(q.id).filter((v): v is string => typeof v === "string");
    case "graded-rows": {
      const out: Record<string, string> = {};
      for (const r of q.rows) {
        const v = str(form.get(fieldName(q, r.id)));
        if (v !== undefined && v !== "") out[r.id] = v;
      }
      return out;
    }
    case "per-row": {
      if (q.multiple) {
        const out: Record<string, string[]> = {};
        for (const r of q.rows)
          out[r.id] = form
            .getAll(fieldName(q, r.id))
            .filter((v): v is string => typeof v === "string");
        return out;
      }
      const out: Record<string, string> = {};
      for (const r of q.rows) {
        const v = str(form.get(fieldName(q, r.id)));
        if (v !== undefined && v !== "") out[r.id] = v;
      }
      return out;
    }
    case "scale":
    case "number":
    case "text":
      return str(form.get(q.id)) ?? "";
  }
}

/** Whether the form holds nothing at all for this question (nothing typed or chosen). */
export function isEmptyInput(q: Question, value: unknown): boolean {
  if (value === undefined || value === "") return true;
  if (q.type === "graded-rows" || (q.type === "per-row" && !q.multiple))
    return Object.keys(value as object).length === 0;
  return false;
}
