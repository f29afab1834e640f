/**
 * What every part of the page shares, worked out once per page: display units, period facts, the
 * groups with their colors (one color per group on the whole page), the rows that hold the window's
 * and each period's totals, and the goals.
 */
import type { ColumnSpec, MetricValue, Report, ReportRow } from '../../model.js';
import { mainColumn, SMALL_SAMPLE, sampleOf } from '../../meaning.js';
import { neverFilled } from '../../select.js';
import type { Goal } from '../options.js';
import { type PeriodFacts, periodFacts, plainNumber, type UnitTable, unitTable } from './format.js';

/**
 * A fixed palette, told apart with the common color vision deficiencies (Observable 10's first
 * eight): a group's color comes from its place among the page's groups sorted by name, so the same
 * groups get the same colors in every run.
 */
export const PALETTE = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5'];
/** The all-groups line beside group lines, and the one line of a report without groups. */
export const ALL_COLOR = '#1d2330';
/** Charts draw at most this many groups; more become the largest ones, the rest in the tables. */
export const MAX_SERIES = 6;

export interface PageContext {
  report: Report;
  units: UnitTable;
  /** Facts of each period label. */
  periods: Map<string, PeriodFacts>;
  /** Period labels in order. */
  periodLabels: string[];
  grouped: boolean;
  /** Group label of each report row's group, every group once, in report order. */
  groups: string[];
  /** The groups the charts draw (all of them up to MAX_SERIES, else the largest), sorted by name. */
  charted: string[];
  /** Color of each charted group. */
  colors: Map<string, string>;
  /** The whole window over every group, with the previous window (null when not computed). */
  window: ReportRow | null;
  /** Each period over every group: the rows without --by, totals.periods with it (null if absent). */
  periodTotals: ReportRow[] | null;
  /** Each group over the window: the rows without --period, totals.groups with it (null if absent). */
  groupTotals: ReportRow[] | null;
  /** Metrics this input can never fill (left out of the page, listed in the method section). */
  unavailable: Set<string>;
  goals: readonly Goal[];
}

/** A group as one label: `Billing · High`; `All` for the whole. */
export function groupLabel(report: Report, group: Record<string, string | null>): string {
  if (report.window.by.length === 0) return 'All';
  return report.window.by.map((d) => group[d] ?? '(none)').join(' · ');
}

/** Tickets (or orders) created in a row: its volume, to rank groups. */
function volume(row: ReportRow): number {
  const created = row.metrics.created ?? row.metrics.orders;
  return created?.kind === 'count' ? created.value : 0;
}

export function pageContext(report: Report, goals: readonly Goal[]): PageContext {
  const periods = new Map<string, PeriodFacts>();
  const periodLabels: string[] = [];
  for (const row of report.rows) {
    if (periods.has(row.period.label)) continue;
    periods.set(row.period.label, periodFacts(report, row.period));
    periodLabels.push(row.period.label);
  }
  const grouped = report.window.by.length > 0;
  const sizes = new Map<string, number>();
  for (const row of report.rows) {
    const label = groupLabel(report, row.group);
    sizes.set(label, (sizes.get(label) ?? 0) + volume(row));
  }
  const groups = [...sizes.keys()];
  const byName = (a: string, b: string) => a.localeCompare(b, 'en');
  const charted =
    groups.length <= MAX_SERIES
      ? [...groups].sort(byName)
      : [...groups]
          .sort((a, b) => (sizes.get(b) as number) - (sizes.get(a) as number) || byName(a, b))
          .slice(0, MAX_SERIES)
          .sort(byName);
  const colors = new Map(charted.map((g, i) => [g, grouped ? (PALETTE[i % PALETTE.length] as string) : ALL_COLOR]));
  const totals = report.totals;
  const single = report.rows.length === 1 ? (report.rows[0] as ReportRow) : null;
  const period = report.window.period !== null;
  return {
    report,
    units: unitTable(report),
    periods,
    periodLabels,
    grouped,
    groups,
    charted,
    colors,
    window: totals?.window ?? (grouped || period ? null : single),
    periodTotals: period ? (grouped ? (totals?.periods ?? null) : report.rows) : null,
    groupTotals: grouped ? (period ? (totals?.groups ?? null) : report.rows) : null,
    unavailable: neverFilled(report),
    goals,
  };
}

/** The metrics the page shows, each by the column that stands for it: headline metrics this input fills. */
export function shownMetrics(ctx: PageContext): { metric: string; spec: ColumnSpec }[] {
  const seen = new Set<string>();
  const out: { metric: string; spec: ColumnSpec }[] = [];
  for (const spec of ctx.report.columns) {
    if (!spec.headline || seen.has(spec.metric) || ctx.unavailable.has(spec.metric)) continue;
    seen.add(spec.metric);
    const main = mainColumn(ctx.report, spec.metric);
    if (main !== undefined) out.push({ metric: spec.metric, spec: main });
  }
  return out;
}

/** Whether a figure rests on too few tickets to read much into. */
export function smallSample(value: MetricValue | undefined): boolean {
  const n = sampleOf(value);
  return n !== null && n < SMALL_SAMPLE;
}

/** The goal of a column's figure, in the number the page plots (see shownNumber), with its text. */
export function goalOf(
  ctx: PageContext,
  spec: ColumnSpec,
  unit: 'minutes' | 'hours' | null,
): { value: number; label: string } | undefined {
  const goal = ctx.goals.find((g) => g.metric === spec.metric && g.figure === spec.figure);
  if (goal === undefined) return undefined;
  const target = goal.target;
  const display = ctx.units.get(spec.metric) ?? (unit === 'hours' ? 'h' : 'min');
  let value: number;
  let shown: string;
  if (target.kind === 'percent') {
    value = target.fraction * 100;
    shown = `${plainNumber(value)}%`;
  } else if (target.kind === 'duration') {
    value = target.ms / 60_000 / (display === 'min' ? 1 : display === 'h' ? 60 : 1440);
    shown = `${plainNumber(value, 2)} ${display}`;
  } else {
    value = target.value;
    shown = plainNumber(value, 2);
  }
  const op = goal.op === '>=' ? '≥' : goal.op === '<=' ? '≤' : goal.op;
  return { value, label: `goal ${op} ${shown}` };
}
