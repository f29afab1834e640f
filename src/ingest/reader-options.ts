/** What the ticket row reader (normalize.ts) is given, and what it gives back. */
import type { ComplaintClassifier } from '../complaints/classifier.js';
import type { DimField } from '../model/ticket.js';
import type { ColumnPlan } from './columns.js';
import type { DateFormats } from './date-columns.js';
import type { IssueSink } from './issues.js';
import type { TicketProfile } from './profiles/index.js';
import type { DateColumnSample } from './samples.js';
import type { LanePlan } from './sink.js';
import type { DecimalSeparator } from './values.js';

export type BadValuePolicy = 'reject' | 'null';

export interface NormalizeOptions {
  /** File name for issues (`-` for stdin). */
  file: string;
  profile: TicketProfile;
  /** User mapping (name -> column header), overriding the profile's columns. */
  map: Readonly<Record<string, string>>;
  /** Dimension names requested with `--by`: standard fields, mapped extras, or header names. */
  by: readonly string[];
  inputTimezone: string;
  /** The profile's date format (ISO 8601 when absent), for columns the run names no format for. */
  dateFormat?: string;
  /** The run's date formats (`--date-format`, config `input.date_format(s)`): lists per column, tried in order. */
  dateFormats?: DateFormats | undefined;
  /** Fields the profile must not map (`--map field=`, `--unmap`). */
  unmap?: readonly string[] | undefined;
  /** The number columns of the config's metrics (`metrics:`). */
  numbers?: readonly { id: string; column: string; unitMs: number | null }[] | undefined;
  nullTokens: readonly string[];
  onBadValue: BadValuePolicy;
  /** Declared decimal separator of number cells; undefined reads only unambiguous forms (see values.ts). */
  decimal?: DecimalSeparator | undefined;
  /**
   * Longest plausible duration in days (config input.max_duration_days, default 3650); longer is an impossible_value.
   */
  maxDurationDays?: number | undefined;
  onIssue: IssueSink;
  /** Sets each ticket's complaint classes from its subject, category and tags (src/complaints). */
  classifier?: ComplaintClassifier;
  /**
   * The dimension fields the command uses besides those of `by` (always read): another mapped
   * dimension, an extra column mapped for `--by` but not grouped by, and the subject unless
   * `order_ref` is here, is not read, as if it were not mapped.
   * The profile's follow-up field and the classifier's fields are read whatever this says.
   * Undefined: every mapped field is read.
   */
  dims?: ReadonlySet<DimField> | undefined;
}

/**
 * Prepares the reader of one file and returns the per-record function.
 * The returned function writes the record into the builder's table or reports why it could not.
 */
export interface RowReader {
  plan: ColumnPlan;
  /** Reads one record's cells into the sink (or reports why it cannot). */
  read: (cells: readonly string[], line: number) => void;
  /** How the fast engine reads the same fields from bytes (engine/byte-lane.ts). */
  lane: LanePlan;
  /** Whether the file has an id column (rows without one are numbered by file and line). */
  hasId: boolean;
  /** The file's date columns with their parsers (for the checks of samples.ts). */
  dateColumns: (DateColumnSample & { column: number })[];
}
