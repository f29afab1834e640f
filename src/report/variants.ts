/**
 * `report --events LOG --variants`: the variant list of an event log as its own output, one row per
 * distinct activity sequence of the cases created in the window (docs/events.md, "Variants"):
 * rank, cases, share, median case duration, steps, the sequence. Every variant, unless `--top N`;
 * repeats kept unless `--variants-collapse-repeats`. Rendered as CSV/TSV (one row per variant),
 * JSON, NDJSON, Markdown or a terminal table.
 */
import { usageError } from '../errors.js';
import type { Tickets } from '../model/ticket.js';
import { variantRows, type VariantRow } from '../metrics/events/variants.js';
import { QUANTILE_METHOD } from '../metrics/summarize.js';
import { csvTextCell, formatCsvNumber } from './renderers/csv.js';
import { stripControl } from './text.js';

export interface VariantListOptions {
  /** The window, epoch ms, half-open; null: from the first case / to as-of. */
  since: number | null;
  until: number | null;
  asOf: number;
  collapseRepeats: boolean;
  /** Only the first N variants (null: all). */
  top: number | null;
}

export interface VariantList {
  kind: 'variants';
  definitions: {
    variant: string;
    collapse_repeats: boolean;
    top: number | null;
    median_duration: string;
    order: string;
    quantile_method: string;
  };
  /** Cases created in the window, and the distinct variants among them (all, whatever `top`). */
  cases: number;
  count: number;
  variants: (VariantRow & { rank: number; steps: number })[];
}

/**
 * The variant list of an event log's table (null when the input was no event log).
 * @example
 * import { loadTickets, resolveTicketRun } from 'opsmetrics';
 * // fixtures/events/log.csv read as `report --events` reads it
 * const config = { input: {}, report: {}, schedules: {} };
 * const run = resolveTicketRun({ events: ['fixtures/events/log.csv'] }, config, {});
 * const loaded = await loadTickets([], run, config, { version: '0' });
 * const window = { since: null, until: null, asOf: loaded.options.asOf };
 * const list = variantList(loaded.table, { ...window, collapseRepeats: false, top: 2 });
 * [list.cases, list.count, list.variants.length]
 * // [4, 4, 2]
 */
export function variantList(table: Tickets, options: VariantListOptions): VariantList | null {
  const data = table.events;
  if (data === undefined) return null;
  const created = table.instants.created;
  let first = Infinity;
  for (let i = 0; i < table.length; i++) first = Math.min(first, created[i] as number);
  const start = options.since ?? (first === Infinity ? options.asOf : first);
  const end = options.until ?? options.asOf;
  const inWindow: number[] = [];
  for (let i = 0; i < table.length; i++) {
    const c = created[i] as number;
    if (c >= start && c < end) inWindow.push(i);
  }
  const cases = Int32Array.from(inWindow);
  const { count, rows } = variantRows(data, cases, options.collapseRepeats ? 'collapsed' : 'full', options.top);
  return {
    kind: 'variants',
    definitions: {
      variant:
        'the activity sequence of a case (activity, else status, else agent reply / internal note / customer ' +
        'message), every event in time order' +
        (options.collapseRepeats ? ', consecutive repeats counted once' : ', repeats kept, nothing cut'),
      collapse_repeats: options.collapseRepeats,
      top: options.top,
      median_duration: 'median over the variant’s cases of the last event minus the first, hours',
      order: 'most cases first, ties by the sequence (code-unit order)',
      quantile_method: QUANTILE_METHOD,
    },
    cases: cases.length,
    count,
    variants: rows.map((row, k) => ({ rank: k + 1, steps: row.sequence.length, ...row })),
  };
}

const SEPARATOR = ' > ';

/** The columns of the tabular forms. */
const HEADER = ['rank', 'cases', 'share_pct', 'median_duration_h', 'steps', 'variant'];

function cells(row: VariantList['variants'][number]): (string | number | null)[] {
  return [row.rank, row.cases, row.share * 100, row.median_duration_h, row.steps, row.sequence.join(SEPARATOR)];
}

/**
 * The variant list in `format` (`table`, `csv`, `tsv`, `json`, `ndjson`, `markdown`).
 * @throws AppError (usage) for another format
 */
export function renderVariantList(
  list: VariantList,
  format: string,
  options: { delimiter?: string; excel?: boolean; formulaEscape?: boolean } = {},
): string {
  if (format === 'json') return `${JSON.stringify(list, null, 2)}\n`;
  if (format === 'ndjson') {
    const lines = list.variants.map((v) => JSON.stringify({ type: 'variant', ...v }));
    const { variants: _, ...summary } = list;
    return `${[...lines, JSON.stringify({ type: 'summary', ...summary })].join('\n')}\n`;
  }
  if (format === 'csv' || format === 'tsv') {
    const delimiter = format === 'tsv' ? '\t' : (options.delimiter ?? ',');
    const eol = options.excel ? '\r\n' : '\n';
    const text = (value: string | number | null) =>
      typeof value === 'number'
        ? formatCsvNumber(value)
        : value === null
          ? ''
          : csvTextCell(value, { delimiter, formulaEscape: options.formulaEscape ?? true });
    const lines = [HEADER.join(delimiter), ...list.variants.map((row) => cells(row).map(text).join(delimiter))];
    return `${options.excel ? '\uFEFF' : ''}${lines.join(eol)}${eol}`;
  }
  const number = (value: string | number | null, digits: number) =>
    typeof value === 'number' ? value.toFixed(digits) : (value ?? '—');
  const shown = list.variants.map((row) => [
    String(row.rank),
    String(row.cases),
    `${number(row.share * 100, 1)}%`,
    `${number(row.median_duration_h, 1)} h`,
    String(row.steps),
    stripControl(row.sequence.join(SEPARATOR)),
  ]);
  const title =
    `${list.count} variants over ${list.cases} cases` +
    (list.variants.length < list.count ? ` (the ${list.variants.length} most frequent)` : '') +
    (list.definitions.collapse_repeats ? ', consecutive repeats counted once' : '');
  const head = ['rank', 'cases', 'share', 'median duration', 'steps', 'variant'];
  if (format === 'markdown') {
    const pipes = (cell: string) => cell.replace(/\|/g, '\\|');
    const rule = head.map((_, k) => (k < 5 ? '---:' : '---')).join('|');
    const body = shown.map((row) => `| ${row.map(pipes).join(' | ')} |`).join('\n');
    return `# Variants\n\n${title}.\n\n| ${head.join(' | ')} |\n|${rule}|\n${body}\n`;
  }
  if (format !== 'table') {
    throw usageError('bad_option', `--variants cannot be written as ${format}`, {
      where: '--format',
      hint: 'Use table, csv, tsv, json, ndjson or markdown.',
    });
  }
  const widths = head.map((h, k) => Math.max(h.length, ...shown.map((row) => (row[k] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, k) => (k === row.length - 1 ? cell : k < 5 ? cell.padStart(widths[k]!) : cell.padEnd(widths[k]!)))
      .join('  ');
  return `${title}\n\n${[line(head), line(widths.map((w) => '-'.repeat(w))), ...shown.map(line)].join('\n')}\n`;
}
