/**
 * Everything a result page, its PDF and its email show, computed once from a completed
 * response: levels and meanings, dimensions, the three biggest opportunities with first
 * steps, tips triggered by answers, the comparison group and progress since the last scan.
 */
import type { DB } from "~/db/database.server";
import type { ScanResponse } from "~/db/schema";
import type { Lang } from "~/i18n/i18n";
import { conditionHolds } from "./answers";
import { comparisonGroup, instrumentFor, loadAnswers, previousResponse } from "./responses.server";
import { type Scores, score } from "./scoring";

export interface DimensionResult {
  id: string;
  label: string;
  score: number;
  meaning: string;
  theme: string | null;
  groupAverage: number | null;
  previous: number | null;
}

export interface ScanResult {
  id: string;
  instrumentId: string;
  title: string;
  completedAt: string;
  overall: number;
  level: { id: string; label: string; description: string };
  levelLabel: string;
  levels: { id: string; label: string; max: number | null }[];
  dimensions: DimensionResult[];
  opportunities: { id: string; label: string; score: number; steps: string[] }[];
  tips: string[];
  comparison: { size: number; overall: number } | null;
  previous: { completedAt: string; overall: number; level: string } | null;
  companyId: string | null;
}

export async function buildResult(db: DB, response: ScanResponse, lang: Lang): Promise<ScanResult> {
  const inst = instrumentFor(response);
  const answers = await loadAnswers(db, response.id);
  // Scores are stored, but recomputing from the raw answers keeps them exact for this version.
  const scores: Scores = score(inst, answers);
  const [group, prev] = await Promise.all([
    comparisonGroup(db, response),
    previousResponse(db, response),
  ]);
  const prevScores = prev?.scores ? (JSON.parse(prev.scores) as Scores) : null;
  const level = inst.scoring.levels.find((l) => l.id === scores.level)!;
  const dimensions: DimensionResult[] = inst.scoring.dimensions.map((d) => {
    const value = scores.dimensions[d.id] ?? 0;
    const band = d.meaning.find((m) => value <= m.max) ?? d.meaning.at(-1)!;
    return {
      id: d.id,
      label: d.label[lang],
      score: value,
      meaning: band.text[lang],
      theme: d.theme ?? null,
      groupAverage: group ? (group.dimensions[d.id] ?? null) : null,
      previous: prevScores ? (prevScores.dimensions[d.id] ?? null) : null,
    };
  });
  const opportunities = [...inst.scoring.dimensions]
    .map((d) => ({ d, value: scores.dimensions[d.id] ?? 0 }))
    .sort((a, b) => a.value - b.value)
    .slice(0, 3)
    .map(({ d, value }) => ({
      id: d.id,
      label: d.label[lang],
      score: value,
      steps: d.firstSteps.map((s) => s[lang]),
    }));
  const tips = inst.scoring.tips
    .filter((t) => conditionHolds(t.when, answers))
    .map((t) => t.text[lang]);
  return {
    id: response.id,
    instrumentId: inst.id,
    title: inst.title[lang],
    completedAt: response.completed_at ?? response.updated_at,
    overall: scores.overall,
    level: { id: level.id, label: level.label[lang], description: level.description[lang] },
    levelLabel: inst.scoring.levelLabel[lang],
    levels: inst.scoring.levels.map((l) => ({
      id: l.id,
      label: l.label[lang],
      max: l.max ?? null,
    })),
    dimensions,
    opportunities,
    tips,
    comparison: group ? { size: group.size, overall: group.overall } : null,
    previous:
      prev && prevScores
        ? { completedAt: prev.completed_at!, overall: prevScores.overall, level: prevScores.level }
        : null,
    companyId: response.company_id,
  };
}
