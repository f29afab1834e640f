/**
 * `opsmetrics inspect FILE`: what an analyst runs first on a new export. Prints the detected profile,
 * the column behind each field with its present / empty / unparseable counts, the span of creation
 * times in the input's zone, and the first rows, so a wrong zone, date format or mapping shows up
 * before any figure is trusted.
 */
import { createInspector, type InspectResult } from '../../ingest/inspect.js';
import { ExitCode } from '../../errors.js';
import { openTicketFile, resolveInputSettings, type InputFlags } from '../input.js';
import { writeStdout } from '../io.js';
import { loadConfig } from './report.js';

export interface InspectFlags extends InputFlags {
  config?: string;
  format?: 'table' | 'json';
}

/** The human-readable inspection: fields with counts, the created range, sample values per mapped column. */
export function formatInspection(file: string, r: InspectResult, encoding: string, delimiter: string | null): string {
  const lines: string[] = [];
  lines.push(`${file}: profile ${r.profile}, ${encoding}${delimiter ? `, delimiter '${delimiter === '\t' ? '\\t' : delimiter}'` : ''}`);
  lines.push(`rows ${r.rows}, tickets ${r.tickets}, folded ${r.folded} (same id), rejected ${r.rejected} (no id or creation time)`);
  lines.push(`created from ${r.created.min ?? '-'} to ${r.created.max ?? '-'} (${r.created.timezone})`);
  lines.push('');
  const head = ['field', 'column', 'present', 'empty', 'unparseable', ...r.samples.map((s) => `line ${s.line}`)];
  const body = r.fields.map((f) => [
    f.field, f.header, String(f.present), String(f.empty), String(f.unparseable + (f.impossible ? ` (+${f.impossible} impossible)` : '')),
    ...r.samples.map((s) => s.cells[f.header] ?? ''),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((row) => (row[k] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, k) => c.padEnd(widths[k] ?? 0)).join('  ').trimEnd();
  lines.push(line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line));
  for (const { column, hint } of r.hints) lines.push('', `${column}: ${hint}`);
  if (r.unmapped.length) {
    lines.push('');
    lines.push(`unmapped columns (use with --by "<column>", or --map name=<column>): ${r.unmapped.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runInspect(file: string, flags: InspectFlags): Promise<number> {
  const config = await loadConfig(flags.config);
  const settings = resolveInputSettings(flags, config.input);
  const opened = await openTicketFile(file, settings, config.report.timezone ?? 'UTC', () => {});
  const inspector = createInspector(opened.source.header, {
    file,
    profile: opened.profile,
    map: settings.map,
    inputTimezone: opened.inputTimezone,
    ...(opened.dateFormat === undefined ? {} : { dateFormat: opened.dateFormat }),
    nullTokens: settings.nullTokens,
  });
  for await (const record of opened.source.records) inspector.add(record.cells, record.line);
  const result = inspector.result();
  if (opened.warning) process.stderr.write(`${opened.warning}\n`);
  if (flags.format === 'json') {
    await writeStdout(`${JSON.stringify({ file, encoding: opened.source.encoding, delimiter: opened.source.delimiter, ...result }, null, 2)}\n`);
  } else {
    await writeStdout(formatInspection(file, result, opened.source.encoding, opened.source.delimiter));
  }
  return ExitCode.ok;
}
