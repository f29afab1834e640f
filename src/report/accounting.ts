/**
 * The row accounting a run prints on standard error (read = used + outside + duplicate + rejected),
 * and the limits that fail a run on its rows (exit 3): too many rejected rows, or an implausible share
 * of rows folded as duplicates of another row's id, which is what a wrong id mapping looks like
 * (`--map id=Status` folds 7,999 of 8,000 tickets into one, and every figure is then over n = 1).
 */
import type { InputAccounting } from './model.js';
import { safeLine } from './text.js';

/**
 * Default `--max-duplicate-share`: a helpdesk export repeats a ticket id when it was exported twice or
 * as update rows, rarely for more than a few rows; more than half the rows folded away means the id
 * column is not the ticket id. Exports of updates (a version column, ServiceNow's `sys_mod_count`)
 * have no default limit: folding their updates is what they need.
 */
export const DEFAULT_MAX_DUPLICATE_SHARE = 0.5;

/** The row limits of a run. */
export interface RowLimits {
  /** Rejected rows allowed (`--max-bad-rows`). */
  maxBadRows: number;
  /** Largest share (0..1) of the rows read that may be duplicates (`--max-duplicate-share`); 1: no limit. */
  maxDuplicateShare: number;
  /**
   * Where the list of rejected rows is, for the message past `maxBadRows`: `see --rejects FILE for the
   * list` by default; a SQL engine, which lists none, says how to get it.
   */
  rejectsList?: string | undefined;
}

/** Why the rows fail the run (exit 3): its error code (src/errors.ts) and the line that says it. */
export interface RowsProblem {
  code: 'too_many_rejected' | 'too_many_duplicates';
  message: string;
}

const percent = (share: number) => `${Number((share * 100).toFixed(1))}%`;

/**
 * The rows' verdict against the limits: rejected rows over `maxBadRows` first, then a duplicate share
 * over `maxDuplicateShare`; null when the rows are fine.
 * @example
 * // 8,000 rows of which 6,000 repeat another row's id: 75% folded away, over the default 50%
 * const skipped = { outside_period: 0, duplicate: 6000, blank: 0 };
 * const input = { files: [], read: 8000, used: 2000, skipped, rejected: 0, nulled: 0, issues: [] };
 * const problem = rowsProblem(input, { maxBadRows: 0, maxDuplicateShare: DEFAULT_MAX_DUPLICATE_SHARE });
 * [problem.code, problem.message.split(':')[0]]
 * // ['too_many_duplicates',
 * //  '6000 of 8000 rows (75%) repeat the id of another row and were folded into it, ' +
 * //    'more than --max-duplicate-share 50%']
 * @example
 * // 3 rejected rows allowed by --max-bad-rows 5, no duplicates: the rows are fine
 * const skipped = { outside_period: 0, duplicate: 0, blank: 0 };
 * rowsProblem({ files: [], read: 100, used: 97, skipped, rejected: 3, nulled: 0, issues: [] }, 5) // null
 */
export function rowsProblem(input: InputAccounting, limits: number | RowLimits): RowsProblem | null {
  const { maxBadRows, maxDuplicateShare, rejectsList } =
    typeof limits === 'number'
      ? { maxBadRows: limits, maxDuplicateShare: DEFAULT_MAX_DUPLICATE_SHARE, rejectsList: undefined }
      : limits;
  if (input.rejected > maxBadRows && input.rejected >= input.read) {
    // Allowing every row to be rejected would give an empty report: the issues' hints are the fix.
    return {
      code: 'too_many_rejected',
      message:
        `every row (${input.rejected}) was rejected: no report written (exit 3). ` +
        `The hints above say what to change (usually --date-format, --input-tz or a --map).`,
    };
  }
  if (input.rejected > maxBadRows) {
    return {
      code: 'too_many_rejected',
      message:
        `${input.rejected} rejected rows exceed --max-bad-rows ${maxBadRows}: no report written (exit ` +
        `3). Fix the rows, or allow them with --max-bad-rows ${input.rejected} ` +
        `(${rejectsList ?? 'see --rejects FILE for the list'}).`,
    };
  }
  const duplicates = input.skipped.duplicate;
  const share = input.read === 0 ? 0 : duplicates / input.read;
  if (share > maxDuplicateShare) {
    return {
      code: 'too_many_duplicates',
      message:
        `${duplicates} of ${input.read} rows (${percent(share)}) repeat the id of another row and were folded ` +
        `into it, more than --max-duplicate-share ${percent(maxDuplicateShare)}: no report written (exit 3). ` +
        'A column that is not the ticket id was probably mapped to id: check it with `opsmetrics inspect FILE` ' +
        'and --map id="<ticket id column>"; an export of updates needs --max-duplicate-share 100.',
    };
  }
  return null;
}

/**
 * The accounting line, one line per issue summary (with its hint), and the verdict on the rows
 * against the limits (`rowsProblem`); control characters stripped (values echo the input).
 * `limits` as a number is `--max-bad-rows` with the default duplicate share.
 */
export function summaryLines(input: InputAccounting, limits: number | RowLimits): string[] {
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
      (s.folded === undefined ? '' : `; ${s.folded} event rows folded into their cases`) +
      (s.deleted === undefined ? '' : `; ${s.deleted} deleted tickets left out`),
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
    // The lines it was found on, `…` when there were more; none when none are known (a SQL engine's issues).
    const listed = issue.samples.length === 0 ? '' : ` [${where}${issue.count > issue.samples.length ? ', …' : ''}]`;
    lines.push(
      `  ${issue.action} ${issue.count}: ${issue.code}${issue.column ? ` in "${issue.column}"` : ''}: ` +
        `${issue.message}${listed}`,
    );
    if (issue.hint) lines.push(`    hint: ${issue.hint}`);
  }
  const problem = rowsProblem(input, limits);
  if (problem !== null) lines.push(`opsmetrics: ${problem.message}`);
  // Messages and samples echo cell values: a value must not move the cursor or recolor the terminal.
  // A line cannot start a CI workflow command either (`::error::` in a value).
  return lines.map(safeLine);
}
