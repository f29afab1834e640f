/**
 * `opsmetrics inspect FILE`: what an analyst runs first on a new export. Prints the detected profile,
 * the column behind each field with its present / empty / unparseable counts, the span of creation
 * times in the input's zone, and the first rows, so a wrong zone, date format or mapping shows up
 * before any figure is trusted.
 */
import type { InspectResult } from '../../ingest/inspect.js';
import type { EventFileInspection } from '../../api/inspect.js';
import { ExitCode } from '../../errors.js';
import {
  engineFromEnv,
  inspectEventFiles,
  inspectFile,
  loadConfig,
  resolveInputOptions,
  resolveOrderFlags,
  type ReportFlags,
} from '../../index.js';
import { safeLines, stripControl } from '../../report/text.js';
import { writeStdout } from '../io.js';

export interface InspectFlags
  extends Pick<
    ReportFlags,
    | 'config'
    | 'profile'
    | 'map'
    | 'unmap'
    | 'inputTz'
    | 'dateFormat'
    | 'header'
    | 'columns'
    | 'nullToken'
    | 'delimiter'
    | 'encoding'
    | 'events'
    | 'ordersProfile'
    | 'ordersMap'
    | 'ordersInputTz'
    | 'ordersDateFormat'
    | 'promiseTz'
  > {
  format?: 'table' | 'json';
  /** Inspect the file as an order export (with the `--orders-*` options). */
  orders?: boolean;
}

/** The human-readable inspection: fields with counts, the created range, sample values per mapped column. */
export function formatInspection(file: string, r: InspectResult, encoding: string, delimiter: string | null): string {
  const lines: string[] = [];
  lines.push(
    `${file}: profile ${r.profile}, ` +
      `${encoding}${delimiter ? `, delimiter '${delimiter === '\t' ? '\\t' : delimiter}'` : ''}`,
  );
  lines.push(
    r.kind === 'orders'
      ? `rows ${r.rows}, orders ${r.tickets}, folded ${r.folded} (rows of an order already read: line items, joined ` +
          `rows), rejected ${r.rejected} (no order id)`
      : `rows ${r.rows}, tickets ${r.tickets}, folded ${r.folded} ` +
          `(same id), rejected ${r.rejected} (no id or creation time)`,
  );
  lines.push(`created from ${r.created.min ?? '-'} to ${r.created.max ?? '-'} (${r.created.timezone})`);
  lines.push('');
  const head = ['field', 'column', 'by', 'present', 'empty', 'unparseable', ...r.samples.map((s) => `line ${s.line}`)];
  const body = r.fields.map((f) =>
    [
      f.field,
      f.header,
      f.by,
      String(f.present),
      String(f.empty),
      String(f.unparseable + (f.impossible ? ` (+${f.impossible} impossible)` : '')),
      ...r.samples.map((s) => s.cells[f.header] ?? ''),
    ].map(stripControl),
  );
  // Cells, hints and column names echo the data: no control character may reach the terminal, and no
  // line may start a CI workflow command (`x\n::error::forged` in a cell).
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((row) => (row[k] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => c.padEnd(widths[k] ?? 0))
      .join('  ')
      .trimEnd();
  lines.push(line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line));
  for (const { column, hint } of r.hints) lines.push('', `${stripControl(column)}: ${hint}`);
  if (r.switchedOff.length > 0)
    lines.push('', `switched off (the profile would map them): ${r.switchedOff.map(stripControl).join(', ')}`);
  if (r.unmapped.length) {
    lines.push('');
    lines.push(
      `unmapped columns (use with --by "<column>", or --map name=<column>): ${r.unmapped.map(stripControl).join(', ')}`,
    );
  }
  return `${lines.map(safeLines).join('\n')}\n`;
}

/** Pads the cells of `rows` into aligned columns under `head`. */
function aligned(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((row) => (row[k] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => c.padEnd(widths[k] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The human-readable inspection of an event log (`inspect --events`). */
export function formatEventInspection({ file, encoding, delimiter, result: r }: EventFileInspection): string {
  const lines: string[] = [];
  const what = r.kind === 'conversations' ? 'messages (conversations built from reply links)' : 'cases';
  lines.push(
    `${file}: event profile ${r.profile}, ${encoding}` +
      `${delimiter ? `, delimiter '${delimiter === '\t' ? '\\t' : delimiter}'` : ''}`,
  );
  lines.push(`rows ${r.rows}, ${what} ${r.cases}`);
  lines.push(`events from ${r.span.from ?? '-'} to ${r.span.to ?? '-'} (${r.span.timezone})`, '');
  lines.push(
    ...aligned(
      ['field', 'column', 'how', 'present', 'empty', 'unparseable'],
      r.fields.map((f) => [
        f.field,
        f.column,
        f.how === 'mapped' ? 'mapped' : 'auto (by its name)',
        String(f.present),
        String(f.empty),
        String(f.unparseable),
      ]),
    ),
  );
  for (const [title, texts] of [
    ['activities', r.activities],
    ['statuses', r.statuses],
  ] as const) {
    if (texts.length === 0) continue;
    lines.push('', `most frequent ${title} and how the vocabulary reads them (events.vocabulary changes it):`);
    lines.push(
      ...aligned(
        [title.replace(/ies$/, 'y').replace(/es$/, ''), 'rows', 'read as'],
        texts.map((t) => [t.text, String(t.rows), t.reading]),
      ),
    );
  }
  if (r.unmapped.length) {
    lines.push('', `unmapped columns (use with --by "<column>", or --map field=<column>): ${r.unmapped.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runInspect(file: string, flags: InspectFlags, env: NodeJS.ProcessEnv): Promise<number> {
  const config = await loadConfig(flags.config);
  const { orders: asOrders, ...rest } = flags;
  // `--map orders.field=…` names the file inspected as orders.
  const input = resolveInputOptions({ ...rest, ...(asOrders === true ? { orders: [file] } : {}) }, config);
  if (flags.events !== undefined && flags.events.length > 0) {
    const { files, note } = await inspectEventFiles(
      flags.events,
      input,
      config,
      config.report.timezone ?? 'UTC',
      engineFromEnv(env),
    );
    if (note) process.stderr.write(`${note}\n`);
    if (flags.format === 'json') await writeStdout(`${JSON.stringify(files, null, 2)}\n`);
    else await writeStdout(files.map(formatEventInspection).join('\n'));
    return ExitCode.ok;
  }
  const orders = asOrders === true ? resolveOrderFlags(rest, config, []) : undefined;
  const { result, encoding, delimiter, warnings, note } = await inspectFile(
    file,
    input,
    config.report.timezone ?? 'UTC',
    engineFromEnv(env),
    orders,
  );
  for (const line of [note, ...warnings]) if (line) process.stderr.write(`${safeLines(line)}\n`);
  if (flags.format === 'json') {
    await writeStdout(`${JSON.stringify({ file, encoding, delimiter, ...result }, null, 2)}\n`);
  } else {
    await writeStdout(formatInspection(file, result, encoding, delimiter));
  }
  return ExitCode.ok;
}
