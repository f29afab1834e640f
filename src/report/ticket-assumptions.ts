/**
 * The `assumptions` of a ticket report (see assumptions.ts): the resolution instant with the
 * tickets each fallback resolved, the zone of offset-less timestamps, the date formats, and what
 * the run warned about.
 */
import { counted, emptiedOf, ofTotal } from './assumptions.js';
import type { Assumption, Assumptions, FileMapping, InputAccounting } from './model.js';
import type { DateFormats } from '../ingest/date-columns.js';
import type { MetricContext } from '../metrics/types.js';

/** What ingest knows that the report states (the `assumptions` section). */
export interface TicketIngestFacts {
  mapping: FileMapping[];
  /** Warnings printed on standard error (offset-less timestamps, a header that looks like data). */
  warnings: readonly string[];
  dateFormats: DateFormats;
  /** The input zone the user named, or undefined (the profile's, else the report zone). */
  inputTimezone: string | undefined;
  /** The tickets were folded from event logs. */
  events: boolean;
}

/** The report options the statements read. */
interface TicketReportOptions {
  asOf: number;
  inputTimezone: string;
  resolutionInstant?: 'solved_or_closed' | 'solved' | undefined;
  resolutionInstantGiven?: boolean | undefined;
}

type Ingest = Pick<InputAccounting, 'issues'>;

/** The column a field was read from in the first file that maps it, for statements. */
function columnOf(facts: TicketIngestFacts, field: string): string {
  const column = facts.mapping.find((m) => m.columns[field] !== undefined)?.columns[field];
  return column === undefined ? field : `${field} (${column})`;
}

/** The resolution instant and how many of the window's tickets each fallback resolved. */
function resolutionStatement(
  ctx: MetricContext,
  options: TicketReportOptions,
  facts: TicketIngestFacts,
  windowStart: number,
  windowEnd: number,
): Assumption | null {
  const { table } = ctx;
  const present = table.present;
  const hasSolved = present.has('solved');
  const hasClosed = present.has('closed');
  const hasDuration = present.has('full_resolution_duration');
  if (!hasSolved && !hasClosed && !hasDuration) return null;
  const { created, solved, closed } = table.instants;
  const duration = table.durations.full_resolution_duration;
  const asOf = options.asOf;
  let tickets = 0;
  let byClosed = 0;
  let byDuration = 0;
  for (let i = 0; i < table.length; i++) {
    const c = created[i] as number;
    if (!(c >= windowStart && c < windowEnd)) continue;
    tickets++;
    if (!Number.isNaN(solved[i] as number)) continue;
    if ((closed[i] as number) < asOf) byClosed++;
    else if (!Number.isNaN(duration[i] as number)) byDuration++;
  }
  const given = options.resolutionInstantGiven === true;
  const parts: string[] = [];
  if (options.resolutionInstant === 'solved') {
    parts.push(`resolution instant: ${columnOf(facts, 'solved')} only (--resolution-instant solved)`);
    if (hasClosed) {
      parts.push(
        `${ofTotal(byClosed, tickets, 'tickets')} closed without it count as unresolved and are not in the backlog`,
      );
    }
  } else {
    const first = hasSolved ? columnOf(facts, 'solved') : hasClosed ? columnOf(facts, 'closed') : null;
    const fallbacks: string[] = [];
    if (hasSolved && hasClosed)
      fallbacks.push(`else ${columnOf(facts, 'closed')} for ${ofTotal(byClosed, tickets, 'tickets')}`);
    if (hasDuration) {
      fallbacks.push(`else created + the export's full resolution time for ${ofTotal(byDuration, tickets, 'tickets')}`);
    }
    parts.push(`resolution instant: ${first ?? "created + the export's full resolution time"}`, ...fallbacks);
  }
  return counted(
    'resolution_instant',
    parts.join(', '),
    options.resolutionInstant === 'solved' ? byClosed : byClosed + byDuration,
    !given,
  );
}

/** The zone offset-less timestamps were read in, and who named it. */
function zoneStatement(options: TicketReportOptions, facts: TicketIngestFacts): Assumption {
  const named = facts.inputTimezone !== undefined;
  return counted(
    'input_timezone',
    `timestamps without an offset are read in ${options.inputTimezone}` +
      (named ? ' (--input-tz / input.timezone)' : " (no input zone named: the profile's, else the report zone)"),
    undefined,
    !named,
  );
}

/** The date formats of the run, when any was named. */
function formatStatement(facts: TicketIngestFacts): Assumption {
  const { formats, byColumn } = facts.dateFormats;
  const own = Object.entries(byColumn).map(([name, list]) => `${name}: ${list.join(', then ')}`);
  const text =
    formats.length === 0 && own.length === 0
      ? "dates: ISO 8601, or the profile's format"
      : `dates: ${formats.length > 0 ? formats.join(', then ') : "ISO 8601, or the profile's format"}` +
        (own.length > 0 ? `; ${own.join('; ')}` : '');
  return counted('date_formats', text, undefined, formats.length === 0 && own.length === 0);
}

/** The assumptions of a ticket report over the window [windowStart, windowEnd). */
export function ticketAssumptions(
  ctx: MetricContext,
  options: TicketReportOptions,
  facts: TicketIngestFacts,
  ingest: Ingest,
  windowStart: number,
  windowEnd: number,
): Assumptions {
  const statements: Assumption[] = [];
  if (!facts.events) {
    const resolution = resolutionStatement(ctx, options, facts, windowStart, windowEnd);
    if (resolution !== null) statements.push(resolution);
  }
  statements.push(zoneStatement(options, facts), formatStatement(facts));
  for (const warning of facts.warnings) {
    if (warning.startsWith('opsmetrics: warning: ')) {
      statements.push(counted('warning', warning.slice('opsmetrics: warning: '.length), undefined, true));
    }
  }
  return { mapping: facts.mapping, statements, emptied: emptiedOf(ingest.issues) };
}
