/**
 * Row issues: everything the ingest found wrong with a row, as data keyed by `code`. Nothing is
 * dropped silently: every rejected or altered row produces one of these, and the CLI summarizes them
 * (stderr, JSON `input.issues`) and can write them to a rejects file.
 */

/** Every row issue code, with what it means. */
export const ROW_ISSUE_CODES = {
  ragged_row: 'A record with more or fewer cells than the header.',
  bad_quoting: 'Broken CSV quoting (unclosed quote, quote inside an unquoted field).',
  field_too_large: 'A field over the size cap.',
  bad_encoding: 'Bytes that are not valid in the declared encoding.',
  bad_json: 'A JSON/NDJSON line that does not parse, or is not an object.',
  missing_required: 'A required value (id, created) is empty.',
  bad_date: 'A date/time that does not match the expected format.',
  date_format_needed: 'A date/time that is not ISO 8601 while no `--date-format` was given.',
  bad_number: 'A number (count, duration) that does not parse.',
  impossible_value: "A negative count or duration, or an instant before the ticket's creation.",
  unknown_value: 'A value outside a known list (an SLA verdict, a yes/no flag): the field is left empty, the row kept.',
  duplicate_id: 'A later row with the same ticket id replaced an earlier one.',
  bad_header:
    'A header name that had to be changed (empty -> `column_N`, repeated -> `name (2)`; `column` is the new name, ' +
    '`value` the original), or a JSON key first seen after the header was fixed (its values are ignored). ' +
    "Reported once per column, with the header's line or the key's first line.",
  event_before_creation:
    "Event logs: an event earlier than its case's `created` activity (rejected; see docs/events.md).",
  event_out_of_order:
    "Event logs: an event whose timestamp is earlier than the case's previous event in the same file (rejected).",
  reply_orphan:
    'Conversations: a reply whose parent message is not in the input; kept as the start of its own ' +
    'conversation (its link set aside).',
  reply_cycle:
    'Conversations: replies that answer each other in a cycle; the cycle is broken at its earliest ' +
    'message, which starts the conversation.',
} as const satisfies Readonly<Record<string, string>>;

export type RowIssueCode = keyof typeof ROW_ISSUE_CODES;

export type RowIssueAction = 'rejected' | 'nulled' | 'skipped';

export interface RowIssue {
  code: RowIssueCode;
  /** Input file name as given (`-` for stdin). */
  file: string;
  /** 1-based line where the record starts. */
  line: number;
  /** Header name of the offending column, when one is to blame. */
  column: string | null;
  /** The offending value (truncated to 200 characters), when one is to blame. */
  value: string | null;
  /** What happened to the row. */
  action: RowIssueAction;
  /** Human explanation: what is wrong. */
  message: string;
  /** How to fix it. */
  hint?: string;
  /** The raw cells of the record, for the rejects file. */
  cells?: readonly string[];
  /**
   * Rows (lines) this issue stands for, when more than one: a broken quote that swallowed lines 4-7
   * is one issue but four rows lost, and the accounting counts four.
   */
  rows?: number;
}

export type IssueSink = (issue: RowIssue) => void;

export function truncateValue(value: string, max = 200): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
