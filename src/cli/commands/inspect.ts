/**
 * `opsmetrics inspect FILE`: what an analyst runs first on a new export. Prints the detected profile,
 * the column behind each field with its present / empty / unparseable counts, the span of creation
 * times in the input's zone, and the first rows, so a wrong zone, date format or mapping shows up
 * before any figure is trusted.
 */
import { createInspector, type InspectResult } from '../../ingest/inspect.js';
import { ExitCode } from '../../errors.js';
import { openTicketFile, resolveInputSettings, type InputFlags } from '../input.js';
import { withEngineFallback, writeStdout } from '../io.js';
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
  // Read on the fast CSV engine, and again on the reference reader if it gives way mid-file.
  const { result: inspected, note } = await withEngineFallback(async (engine, stdin) => {
    const opened = await openTicketFile(file, settings, config.report.timezone ?? 'UTC', () => {}, engine, stdin, 'inspect');
    const inspector = createInspector(opened.records.header, {
      file,
      profile: opened.profile,
      map: settings.map,
      inputTimezone: opened.inputTimezone,
      ...(opened.dateFormat === undefined ? {} : { dateFormat: opened.dateFormat }),
      nullTokens: settings.nullTokens,
    });
    const { account } = await opened.records.feed((cells, line) => inspector.add(cells, line), opened.profile.name);
    return { warning: opened.warning, account, result: inspector.result() };
  });
  const { warning, account, result } = inspected;
  for (const line of [note, warning]) if (line) process.stderr.write(`${line}\n`);
  if (flags.format === 'json') {
    await writeStdout(`${JSON.stringify({ file, encoding: account.encoding, delimiter: account.delimiter, ...result }, null, 2)}\n`);
  } else {
    await writeStdout(formatInspection(file, result, account.encoding, account.delimiter));
  }
  return ExitCode.ok;
}
