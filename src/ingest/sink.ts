/**
 * Where a ticket reader's rows go (TicketSink, the engine's TicketBuilder is one), and how the fast
 * engine's byte lane reads the same fields from bytes (LanePlan): what the reference reader hands
 * the engine, and nothing of the engine.
 */
import type { DimColumn } from '../model/dictionary.js';
import type { DimField, TicketRows } from '../model/ticket.js';
import type { MappedField } from './fields.js';
import type { ZeroRule } from './row-rules.js';
import type { ValueResult } from './values.js';
import type { ColumnDates } from './date-columns.js';
import type { FieldResult } from '../complaints/classifier.js';
import type { ComplaintField } from '../complaints/rules.js';

export interface RowCounts {
  /** Rows turned into tickets (including ones that replaced an earlier row with the same id). */
  accepted: number;
  rejected: number;
  nulled: number;
  /** Earlier rows superseded by a later row with the same id. */
  duplicate: number;
}

/**
 * Where the rows of one run go, across its files: the table, the index that finds the earlier row of
 * an id (duplicate rows fold into one ticket), and the row counts. The engine's TicketBuilder is one.
 */
export interface TicketSink {
  readonly table: TicketRows;
  readonly byId: {
    get(id: string): number | undefined;
    set(row: number): void;
  };
  readonly counts: RowCounts;
}

/** How the fast engine's byte lane reads the same fields as `read`, with the same parsing functions. */
export interface LanePlan {
  file: string;
  /** The fields in reading order; a date column has its parsers (`dates`). */
  fields: readonly { column: number; header: string; target: MappedField; dates?: ColumnDates | undefined }[];
  nulls: ReadonlySet<string>;
  /** The input zone: the timestamps of ISO-only date columns are parsed from bytes in it. */
  isoZone?: string | undefined;
  /** A duration, or a configured metric's number, from its text. */
  parseDuration: (text: string, target: Extract<MappedField, { kind: 'duration' | 'number' }>) => ValueResult;
  parseCount: (text: string) => ValueResult;
  subjectCode: (text: string) => number;
  /** {@link subjectCode} of a subject given as its UTF-8 bytes (not escaped), or -1 when only its text can tell. */
  subjectCodeBytes: (buf: Buffer, s: number, e: number) => number;
  dimColumns: ReadonlyMap<DimField, DimColumn>;
  extraColumns: readonly { column: number; dim: DimColumn }[];
  followUp: { field: string; values: ReadonlySet<string> } | undefined;
  zeroRules: readonly ZeroRule[];
  maxDurationDays: number | undefined;
  plausibleYears: readonly [number, number] | undefined;
  /** Complaint classification of the row's text fields, in field order, as `read` does it. */
  classifier: LaneClassifier | undefined;
}

/** The classifier as the byte lane sees it: `classify(row, field, text)`, or a text's result applied later. */
export interface LaneClassifier {
  readonly fields: ReadonlySet<string>;
  /** Fields whose results no ASCII digit of the text changes (ComplaintClassifier.digitBlind). */
  readonly digitBlind: ReadonlySet<string>;
  /** The classes in bit order, their rules as written, and whether matched texts are kept: to compile them again. */
  readonly plan: {
    classes: { name: string; any: string[]; fields: ComplaintField[] }[];
    explain: boolean;
  };
  classify(row: number, field: string, text: string): void;
  /** The classes of a trimmed text of `field`, cached by text when `cache` (the lane caches by bytes or by code). */
  resultOf(field: string, text: string, cache: boolean): FieldResult;
  /** Does for `row` what `classify(row, field, text)` does, given `resultOf(field, text)`. */
  apply(row: number, field: string, result: FieldResult): void;
}
