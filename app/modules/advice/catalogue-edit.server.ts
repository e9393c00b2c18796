/**
 * The catalogue editor's form handling, shared by /beheer/acties/:id and /beheer/acties/nieuw:
 * parse with the form schema (field errors → 400), parse the rules, check the references and
 * save with the optimistic version check (conflict → 409 with the current values).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseWithZod } from "@conform-to/zod/v4";
import type { DB } from "~/db/database.server";
import type { Lang } from "~/i18n/i18n";
import type { CatalogueIssue } from "./catalogue";
import {
  type CatalogueEntry,
  createCatalogueAction,
  listCatalogue,
  updateCatalogueAction,
} from "./catalogue.server";
import {
  type ActionFormResult,
  actionFormSchema,
  actionFromForm,
  fieldOfIssue,
  parseTriggers,
} from "./catalogue-form";

export type HandleResult =
  | { ok: true; id: string }
  | { ok: false; status: 400 | 404 | 409; body: ActionFormResult };

const issueKey = (i: CatalogueIssue) => {
  const f = fieldOfIssue(i.path);
  return f === "prerequisites"
    ? "actions.error.unknownPrerequisite"
    : f === "triggers"
      ? "actions.error.triggers"
      : f === "subsidies" || f === "trainings"
        ? "actions.error.unknownInitiative"
        : "actions.error.references";
};

export async function handleActionForm(
  db: DB,
  formData: FormData,
  opts: {
    id: string | null;
    userId: string;
    lang: Lang;
    userName: (id: string) => Promise<string | null>;
  },
): Promise<HandleResult> {
  const submission = parseWithZod(formData, { schema: actionFormSchema });
  const empty: Omit<ActionFormResult, "result"> = { details: [], problem: null, current: null };
  if (submission.status !== "success") {
    return { ok: false, status: 400, body: { result: submission.reply(), ...empty } };
  }
  const v = submission.value;
  const id = opts.id ?? v.id;
  if (!id) {
    return {
      ok: false,
      status: 400,
      body: {
        result: submission.reply({ fieldErrors: { id: ["actions.error.id"] } }),
        ...empty,
      },
    };
  }
  const triggers = parseTriggers(v.triggers);
  if (!triggers.ok) {
    return {
      ok: false,
      status: 400,
      body: {
        result: submission.reply({ fieldErrors: { triggers: ["actions.error.triggers"] } }),
        ...empty,
        details: triggers.details,
      },
    };
  }
  const action = actionFromForm(id, v, triggers.triggers);
  const saved =
    opts.id === null
      ? await createCatalogueAction(db, { action, active: v.active === "on", userId: opts.userId })
      : await updateCatalogueAction(db, {
          action,
          active: v.active === "on",
          expectedVersion: v.version ?? 0,
          userId: opts.userId,
        });
  if (saved.ok) return { ok: true, id };
  switch (saved.problem) {
    case "invalid": {
      const fieldErrors: Record<string, string[]> = {};
      for (const i of saved.issues) {
        const f = fieldOfIssue(i.path);
        fieldErrors[f] = [...new Set([...(fieldErrors[f] ?? []), issueKey(i)])];
      }
      return {
        ok: false,
        status: 400,
        body: {
          result: submission.reply({ fieldErrors }),
          ...empty,
          details: saved.issues
            .slice(0, 8)
            .map((i) => (i.path.length ? `${i.path.join(".")} — ${i.message}` : i.message)),
        },
      };
    }
    case "exists":
      return {
        ok: false,
        status: 409,
        body: {
          result: submission.reply({ fieldErrors: { id: ["actions.edit.exists"] } }),
          ...empty,
          problem: "exists",
        },
      };
    case "notFound":
      return {
        ok: false,
        status: 404,
        body: { result: submission.reply(), ...empty, problem: "notFound" },
      };
    case "conflict":
      return {
        ok: false,
        status: 409,
        body: {
          result: submission.reply(),
          details: [],
          problem: "conflict",
          current: await currentSummary(saved.current, opts.lang, opts.userName),
        },
      };
  }
}

async function currentSummary(
  e: CatalogueEntry,
  lang: Lang,
  userName: (id: string) => Promise<string | null>,
): Promise<NonNullable<ActionFormResult["current"]>> {
  const a = e.action;
  return {
    version: e.version,
    updatedAt: e.updatedAt,
    updatedBy: e.updatedBy ? await userName(e.updatedBy) : null,
    title: a.title[lang],
    costOnce: `${a.costOnce.min}–${a.costOnce.max}`,
    costMonthly: `${a.costMonthly.min}–${a.costMonthly.max}`,
    durationWeeks: a.durationWeeks,
    active: e.active,
  };
}

/** Choices for the form: other actions (prerequisites) and initiatives (schemes). */
export async function formChoices(db: DB, lang: Lang, exceptId: string | null) {
  const actions = (await listCatalogue(db))
    .filter((e) => e.action.id !== exceptId)
    .map((e) => ({ value: e.action.id, label: e.action.title[lang] }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  return { actions, initiatives: initiativeChoices() };
}

let initiatives: { value: string; label: string }[] | undefined;
function initiativeChoices() {
  if (!initiatives) {
    const raw = JSON.parse(
      readFileSync(path.resolve(process.cwd(), "reference/initiatives.json"), "utf8"),
    ) as { initiatives: { id: string; name: string; kind: string }[] };
    initiatives = raw.initiatives
      .map((i) => ({ value: i.id, label: i.name }))
      .sort((a, b) => a.label.localeCompare(b.label, "nl"));
  }
  return initiatives;
}
