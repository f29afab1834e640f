/** Builds a ticket table from a small event log through the real fold (src/ingest/events/), for metric unit tests. */
import { TicketTable } from '../../src/engine/ticket-table.js';
import { EventFolder } from '../../src/ingest/events/folder.js';
import { compileVocabulary } from '../../src/ingest/events-vocabulary.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { eventsGeneric } from '../../src/ingest/profiles/events/generic.js';

export const EVENT_HEADER = ['case', 'timestamp', 'activity', 'status', 'resource', 'team', 'role', 'public'];

export interface EventRow {
  case: string;
  /** `HH:MM` on 2025-03-03 (a Monday), UTC. */
  at: string;
  activity: string;
  status?: string;
  agent?: string;
  team?: string;
  role?: string;
  public?: 'true' | 'false';
}

/** Epoch ms of `HH:MM` on 2025-03-03 UTC, the day of every EventRow. */
export const on = (hhmm: string): number => Date.parse(`2025-03-03T${hhmm}:00Z`);

/**
 * One row per event, in file order; the cases become table rows in order of first appearance. `header`: the
 * columns the log has (a subset of EVENT_HEADER), all by default.
 */
export function foldEvents(
  rows: readonly EventRow[],
  header: readonly string[] = EVENT_HEADER,
): { table: TicketTable; issues: RowIssue[] } {
  const table = new TicketTable(4);
  const issues: RowIssue[] = [];
  const folder = new EventFolder(table, { vocabulary: compileVocabulary({}) });
  const reader = folder.file(header, {
    file: 'log.csv',
    profile: eventsGeneric,
    map: {},
    inputTimezone: 'UTC',
    nullTokens: [''],
    onIssue: (issue) => issues.push(issue),
  });
  rows.forEach((r, k) => {
    const cells: Record<string, string> = {
      case: r.case,
      timestamp: new Date(on(r.at)).toISOString(),
      activity: r.activity,
      status: r.status ?? '',
      resource: r.agent ?? '',
      team: r.team ?? '',
      role: r.role ?? '',
      public: r.public ?? '',
    };
    reader.read(
      header.map((column) => cells[column] ?? ''),
      k + 2,
    );
  });
  folder.finish();
  return { table, issues };
}
