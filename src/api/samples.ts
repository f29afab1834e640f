/** The warnings a file's first records call for (ingest/samples.ts), for every command that reads exports. */
import { AppError, type ErrorCode } from '../errors.js';
import {
  headerLooksLikeData,
  headerWarning,
  offsetLessValues,
  offsetWarning,
  type DateColumnSample,
} from '../ingest/samples.js';

export interface SampleCheckOptions {
  /** The file was read with `--no-header --columns`: its first row is data by the user's word. */
  columnsGiven: boolean;
  /** An input zone was named (flag, config or the profile's): offset-less timestamps are read in it. */
  zoneGiven: boolean;
  /** The zone offset-less timestamps were read in. */
  zone: string;
  /** The profile's advice on where the export's zone is set. */
  advice?: string | undefined;
  /** The flag that names the input zone. */
  option?: string;
  /** The command's words before the file, for the example of the header warning. */
  command: string;
}

/** The header and zone warnings of one file from its first records. */
export function sampleWarnings(
  file: string,
  header: readonly string[],
  sample: readonly (readonly string[])[],
  dateColumns: readonly (DateColumnSample & { column: number })[],
  options: SampleCheckOptions,
): string[] {
  const warnings: string[] = [];
  if (!options.columnsGiven) {
    const why = headerLooksLikeData(header, sample);
    if (why !== null) warnings.push(headerWarning(file, why, header.length, options.command));
  }
  if (!options.zoneGiven) {
    const found = offsetLessValues(dateColumns, sample);
    if (found.length > 0) warnings.push(offsetWarning(file, found, options.zone, options.advice, options.option));
  }
  return warnings;
}

/** The errors a header row that is really data causes before any row is read. */
const HEADER_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'unknown_export',
  'mapped_column_missing',
  'created_not_mapped',
  'order_id_not_mapped',
]);

/** Whether `error` is one a header row of data would cause (its hint then reads the first records). */
export const isHeaderError = (error: unknown): boolean => error instanceof AppError && HEADER_ERRORS.has(error.code);

/**
 * `error` with the header warning before its hint when the file's first row looks like data (a file
 * exported without a header): its "columns" are values, so no profile or mapping can match them.
 */
export function withHeaderHint(
  error: unknown,
  file: string,
  header: readonly string[],
  sample: readonly (readonly string[])[],
  command: string,
): unknown {
  if (!(error instanceof AppError) || !HEADER_ERRORS.has(error.code)) return error;
  const why = headerLooksLikeData(header, sample);
  if (why === null) return error;
  const advice = headerWarning(file, why, header.length, command).replace(/^opsmetrics: warning: /, '');
  return new AppError(
    error.code,
    error.message,
    {
      hint: `${advice}\n  ${error.hint ?? ''}`.trimEnd(),
      ...(error.where === undefined ? {} : { where: error.where }),
    },
    error.kind,
  );
}
