/**
 * Pure helpers over an advice's actions, shared by the server (snapshots, PDF) and the pages
 * (totals, the roadmap): dates, totals of cost and time, and the roadmap's layout.
 */

export interface PlanItem {
  id: string;
  actionId: string | null;
  title: string;
  description: string;
  costOnceMin: number;
  costOnceMax: number;
  costMonthlyMin: number;
  costMonthlyMax: number;
  /** YYYY-MM-DD */
  startOn: string;
  endOn: string;
  dependsOn: string[];
  effect: string;
  indicator: string;
  owner: string;
  reason: string;
}

export interface PlanTotals {
  once: { min: number; max: number };
  monthly: { min: number; max: number };
  /** One-off costs plus twelve months. */
  firstYear: { min: number; max: number };
  /** The whole plan: first start, last end, in days and whole weeks (rounded up). */
  startOn: string | null;
  endOn: string | null;
  days: number;
  weeks: number;
}

const DAY = 86_400_000;
const toTime = (d: string) => Date.parse(`${d}T00:00:00Z`);

export function addDays(iso: string, days: number): string {
  return new Date(toTime(iso) + days * DAY).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toTime(to) - toTime(from)) / DAY);
}

export function weeksOf(item: Pick<PlanItem, "startOn" | "endOn">): number {
  return Math.max(1, Math.ceil(daysBetween(item.startOn, item.endOn) / 7));
}

export function planTotals(items: readonly PlanItem[]): PlanTotals {
  const sum = (f: (i: PlanItem) => number) => items.reduce((s, i) => s + f(i), 0);
  const once = { min: sum((i) => i.costOnceMin), max: sum((i) => i.costOnceMax) };
  const monthly = { min: sum((i) => i.costMonthlyMin), max: sum((i) => i.costMonthlyMax) };
  const starts = items.map((i) => i.startOn).sort();
  const ends = items.map((i) => i.endOn).sort();
  const startOn = starts[0] ?? null;
  const endOn = ends.at(-1) ?? null;
  const days = startOn && endOn ? Math.max(0, daysBetween(startOn, endOn)) : 0;
  return {
    once,
    monthly,
    firstYear: { min: once.min + 12 * monthly.min, max: once.max + 12 * monthly.max },
    startOn,
    endOn,
    days,
    weeks: Math.ceil(days / 7),
  };
}

/** A cycle in the items' dependencies (item ids), or undefined. */
export function dependencyCycle(
  items: readonly Pick<PlanItem, "id" | "dependsOn">[],
): string[] | undefined {
  const byId = new Map(items.map((i) => [i.id, i]));
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const s = state.get(id);
    if (s === 2) return undefined;
    if (s === 1) return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 1);
    stack.push(id);
    for (const d of byId.get(id)?.dependsOn ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const i of items) {
    const c = visit(i.id);
    if (c) return c;
  }
  return undefined;
}

export interface RoadmapBar {
  id: string;
  title: string;
  row: number;
  /** Offsets in days from the plan's start. */
  from: number;
  to: number;
  dependsOnRows: number[];
}

export interface Roadmap {
  startOn: string;
  days: number;
  bars: RoadmapBar[];
  /** Tick marks: the first of each month (or every week in a plan of up to ten weeks). */
  ticks: { day: number; date: string; kind: "week" | "month" }[];
}

/** The roadmap's layout: one bar per action, in the plan's order, over weeks or months. */
export function roadmap(items: readonly PlanItem[]): Roadmap | null {
  const t = planTotals(items);
  if (!t.startOn || !t.endOn || items.length === 0) return null;
  const start = t.startOn;
  const days = Math.max(7, t.days);
  const rowOf = new Map(items.map((i, n) => [i.id, n]));
  const bars = items.map((i, n) => ({
    id: i.id,
    title: i.title,
    row: n,
    from: daysBetween(start, i.startOn),
    to: Math.max(daysBetween(start, i.startOn) + 1, daysBetween(start, i.endOn)),
    dependsOnRows: i.dependsOn.map((d) => rowOf.get(d)).filter((r): r is number => r !== undefined),
  }));
  const ticks: Roadmap["ticks"] = [];
  if (days <= 70) {
    for (let d = 0; d <= days; d += 7)
      ticks.push({ day: d, date: addDays(start, d), kind: "week" });
  } else {
    let d = new Date(`${start}T00:00:00Z`);
    d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    for (;;) {
      const iso = d.toISOString().slice(0, 10);
      const off = daysBetween(start, iso);
      if (off > days) break;
      ticks.push({ day: off, date: iso, kind: "month" });
      d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    }
  }
  return { startOn: start, days, bars, ticks };
}
