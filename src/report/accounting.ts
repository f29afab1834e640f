/** The row accounting a run prints on standard error: read = used + outside + duplicate + rejected. */
import type { InputAccounting } from './model.js';
import { stripControl } from './text.js';

/**
 * The accounting line, one line per issue summary (with its hint), and the verdict on rejected rows
 * against the limit; control characters stripped (values echo the input).
 */
export function summaryLines(input: InputAccounting, rejectLimit: number): string[] {
  const s = input.skipped;
  const files = input.files
    .map(
      (f) =>
        `${f.path} (${f.profile}, ` +
        `${f.encoding}${f.delimiter ? `, '${f.delimiter === '\t' ? '\\t' : f.delimiter}'` : ''})`,
    )
    .join(', ');
  const lines = [
    `opsmetrics: read ${input.read} rows from ${files}: ${input.used} used, ${s.outside_period} outside the window, ` +
      `${s.duplicate} duplicate${s.duplicate ? ' (folded into the latest row of the same id)' : ''}, ` +
      `${input.rejected} rejected` +
      (input.nulled ? `; ${input.nulled} kept with emptied fields` : '') +
      (s.blank ? `; ${s.blank} blank lines skipped` : '') +
      (s.folded === undefined ? '' : `; ${s.folded} event rows folded into their cases`),
  ];
  const c = input.conversations;
  if (c !== undefined) {
    lines.push(
      `opsmetrics: ${c.conversations} conversations built from ${c.messages} messages by their reply links ` +
        `(${c.orphans} orphan replies, whose parent is not in the input, start their own; ` +
        `${c.cycles} reply cycles broken at their earliest message)`,
    );
  }
  for (const issue of input.issues) {
    const where = issue.samples.map((x) => `${x.file}:${x.line}${x.value === null ? '' : ` "${x.value}"`}`).join(', ');
    lines.push(
      `  ${issue.action} ${issue.count}: ${issue.code}${issue.column ? ` in "${issue.column}"` : ''}: ` +
        `${issue.message} [${where}${issue.count > issue.samples.length ? ', …' : ''}]`,
    );
    if (issue.hint) lines.push(`    hint: ${issue.hint}`);
  }
  if (input.rejected > rejectLimit && input.rejected >= input.read) {
    // Allowing every row to be rejected would give an empty report: the issues' hints are the fix.
    lines.push(
      `opsmetrics: every row (${input.rejected}) was rejected: no report written (exit 3). ` +
        `The hints above say what to change (usually --date-format, --input-tz or a --map).`,
    );
  } else if (input.rejected > rejectLimit) {
    lines.push(
      `opsmetrics: ${input.rejected} rejected rows exceed --max-bad-rows ${rejectLimit}: no report written (exit ` +
        `3). Fix the rows, or allow them with --max-bad-rows ${input.rejected} (see --rejects FILE for the list).`,
    );
  }
  // Messages and samples echo cell values: a value must not move the cursor or recolor the terminal.
  return lines.map(stripControl);
}
