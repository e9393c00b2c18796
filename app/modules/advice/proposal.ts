/**
 * The proposal engine: which catalogue actions fit a company, why, and in which order.
 * Pure: everything comes in as a ProposalInput (see proposal.server.ts buildProposalInput).
 *
 * Triggers (catalogue.ts) and their weights:
 *  - answer: an answer on a scan question shows the gap                         weight 1
 *  - dimension: a dimension score below the threshold                           weight 1 + (below − score) / below  (1…2)
 *  - keyword: a word of the entrepreneur's question                             weight 1
 *  - sector: the company's SBI section                                          weight 0.5
 * An action is proposed when at least one trigger fires, except when the company already has it:
 * an answer trigger with `otherwiseHas` whose question was answered without the gap, and no
 * answer trigger of the action firing (direct evidence of a gap beats evidence of having it).
 * An action with `minEmployees` is not proposed to a company known to be smaller.
 *
 * Ranking — expected effect against cost:
 *   effectWeight  = Σ weights of the fired triggers × 1.2 when the company's sector is in `sectors`
 *   firstYearCost = (costOnce.min + costOnce.max) / 2 + 12 × (costMonthly.min + costMonthly.max) / 2
 *   costFactor    = 1 + log2(1 + firstYearCost / 250)      (€0 → 1, €250 → 2, €750 → 3, €3,750 → 5)
 *   score         = effectWeight / costFactor
 * Sorted by score (high first); ties: lower effort first, then lower first-year cost, then id.
 * Then prerequisites are placed before the action that needs them: a prerequisite that was not
 * proposed itself is pulled in (with the reason "needed before …") unless the company already
 * has it.
 */
import type {
  CatalogueAction,
  Lang,
  ProposalInput,
  Proposed,
  ProposedReason,
  Trigger,
} from "./catalogue";

const EFFORT_RANK = { low: 0, medium: 1, high: 2 } as const;
const SECTOR_FIT = 1.2;

export function firstYearCost(a: Pick<CatalogueAction, "costOnce" | "costMonthly">): number {
  return (a.costOnce.min + a.costOnce.max) / 2 + (12 * (a.costMonthly.min + a.costMonthly.max)) / 2;
}

export function costFactor(a: Pick<CatalogueAction, "costOnce" | "costMonthly">): number {
  return 1 + Math.log2(1 + firstYearCost(a) / 250);
}

/** Lowercase, accents removed, anything but letters and digits becomes one space. */
export function normalizeText(s: string): string {
  return ` ${s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()} `;
}

/**
 * The first keyword found in the (normalised) text. Words of up to 3 characters ("ai", "crm")
 * must be whole words; longer ones match at the start of a word ("webshop" → "webshops").
 */
export function findKeyword(text: string, words: readonly string[]): string | undefined {
  for (const w of words) {
    const n = normalizeText(w).trim();
    if (!n) continue;
    const needle = n.replace(/ /g, "").length <= 3 ? ` ${n} ` : ` ${n}`;
    if (text.includes(needle)) return w;
  }
  return undefined;
}

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) =>
    values[k] === undefined ? m : String(values[k]),
  );
}

type AnswerOutcome = "fires" | "has" | "unknown";

/** Evaluate an answer trigger on the stored answers. */
export function evaluateAnswer(
  t: Extract<Trigger, { kind: "answer" }>,
  answers: ProposalInput["answers"],
): AnswerOutcome {
  const raw = answers[t.instrument]?.[t.question];
  if (raw === undefined || raw === null) return "unknown";
  let v: unknown = raw;
  if (t.row) {
    if (typeof raw !== "object" || Array.isArray(raw)) return "unknown";
    v = (raw as Record<string, unknown>)[t.row];
    if (v === undefined || v === null || v === "") return "unknown";
  }
  const checks: boolean[] = [];
  if (t.equals) {
    if (typeof v !== "string") return "unknown";
    checks.push(t.equals.includes(v));
  }
  if (t.includes || t.excludes) {
    const list = Array.isArray(v) ? v : typeof v === "string" ? [v] : undefined;
    if (!list) return "unknown";
    if (t.includes) checks.push(t.includes.some((o) => list.includes(o)));
    if (t.excludes) checks.push(!t.excludes.some((o) => list.includes(o)));
  }
  if (t.atMost !== undefined || t.atLeast !== undefined) {
    if (typeof v !== "number") return "unknown";
    if (t.atMost !== undefined) checks.push(v <= t.atMost);
    if (t.atLeast !== undefined) checks.push(v >= t.atLeast);
  }
  if (checks.length === 0) return "unknown";
  if (checks.every(Boolean)) return "fires";
  return t.otherwiseHas ? "has" : "unknown";
}

interface Evaluation {
  reasons: ProposedReason[];
  weight: number;
  answerFired: boolean;
  has: boolean;
}

function evaluate(a: CatalogueAction, input: ProposalInput, lang: Lang, text: string): Evaluation {
  const reasons: ProposedReason[] = [];
  let weight = 0;
  let answerFired = false;
  let has = false;
  for (const t of a.triggers) {
    switch (t.kind) {
      case "answer": {
        const out = evaluateAnswer(t, input.answers);
        if (out === "fires") {
          answerFired = true;
          weight += 1;
          reasons.push({
            kind: "answer",
            text: t.reason[lang],
            instrument: t.instrument,
            question: t.question,
          });
        } else if (out === "has") has = true;
        break;
      }
      case "dimension": {
        const score = input.dimensions[t.instrument]?.[t.dimension];
        if (typeof score !== "number" || !Number.isFinite(score) || score >= t.below) break;
        weight += 1 + (t.below - Math.max(0, score)) / t.below;
        reasons.push({
          kind: "dimension",
          text: fill(t.reason[lang], { score: Math.round(score), below: t.below }),
          instrument: t.instrument,
          dimension: t.dimension,
          score,
        });
        break;
      }
      case "keyword": {
        const word = findKeyword(text, t.words);
        if (!word) break;
        weight += 1;
        reasons.push({ kind: "keyword", text: fill(t.reason[lang], { word }), word });
        break;
      }
      case "sector": {
        if (!input.sector || !t.sections.includes(input.sector)) break;
        weight += 0.5;
        reasons.push({ kind: "sector", text: t.reason[lang] });
        break;
      }
    }
  }
  // One line per distinct text (two questions may give the same reason).
  const seen = new Set<string>();
  const unique = reasons.filter((r) => !seen.has(r.text) && seen.add(r.text));
  return { reasons: unique, weight, answerFired, has };
}

const PREREQUISITE_REASON = {
  nl: "Nodig voordat je begint met: {title}.",
  en: "Needed before: {title}.",
};

/** Rank the catalogue's actions for one company. See the header for the rules and formula. */
export function proposeActions(
  input: ProposalInput,
  catalogue: readonly CatalogueAction[],
  lang: Lang,
): Proposed[] {
  const text = normalizeText(input.question ?? "");
  const tooSmall = (a: CatalogueAction) =>
    a.minEmployees !== undefined && input.employees !== null && input.employees < a.minEmployees;
  const evaluations = new Map<string, Evaluation>();
  const proposed = new Map<string, Proposed>();
  for (const a of catalogue) {
    const e = evaluate(a, input, lang, text);
    evaluations.set(a.id, e);
    if (tooSmall(a)) continue;
    if (e.has && !e.answerFired) continue;
    if (e.reasons.length === 0) continue;
    const fit = input.sector && a.sectors?.includes(input.sector) ? SECTOR_FIT : 1;
    const effectWeight = e.weight * fit;
    const cf = costFactor(a);
    proposed.set(a.id, {
      action: a,
      reasons: e.reasons,
      reason: "",
      effectWeight,
      costFactor: cf,
      score: effectWeight / cf,
      firstYearCost: firstYearCost(a),
    });
  }
  const ranked = [...proposed.values()].sort(
    (x, y) =>
      y.score - x.score ||
      EFFORT_RANK[x.action.effort] - EFFORT_RANK[y.action.effort] ||
      x.firstYearCost - y.firstYearCost ||
      x.action.id.localeCompare(y.action.id),
  );

  const byId = new Map(catalogue.map((a) => [a.id, a]));
  const out: Proposed[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (p: Proposed) => {
    if (placed.has(p.action.id) || visiting.has(p.action.id)) return;
    visiting.add(p.action.id);
    for (const pre of p.action.prerequisites) {
      const req: ProposedReason = {
        kind: "prerequisite",
        text: fill(PREREQUISITE_REASON[lang], { title: p.action.title[lang] }),
        requiredBy: p.action.id,
      };
      let q = proposed.get(pre);
      if (!q) {
        const a = byId.get(pre);
        const e = evaluations.get(pre);
        // Already there (the answers say so), not fitting the company, or not in the catalogue.
        if (!a || !e || (e.has && !e.answerFired) || tooSmall(a)) continue;
        q = {
          action: a,
          reasons: [],
          reason: "",
          effectWeight: 0,
          costFactor: costFactor(a),
          score: 0,
          firstYearCost: firstYearCost(a),
        };
        proposed.set(pre, q);
      }
      if (!q.reasons.some((r) => r.kind === "prerequisite" && r.requiredBy === p.action.id))
        q.reasons.push(req);
      place(q);
    }
    visiting.delete(p.action.id);
    placed.add(p.action.id);
    out.push(p);
  };
  for (const p of ranked) place(p);
  for (const p of out) p.reason = p.reasons.map((r) => r.text).join("\n");
  return out;
}
