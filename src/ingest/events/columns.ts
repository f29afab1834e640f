/**
 * Which column of an event file feeds which event field: the user's mapping first, then the
 * profile's candidate names (the first present wins), and whether the file is a case log (a case id
 * column) or a conversation export (message ids and reply links: docs/events.md).
 */
import { usageError } from '../../errors.js';
import { headerIndex, headerKey } from '../profiles/index.js';
import { EVENT_FIELDS, type EventField, type EventProfile } from '../profiles/types.js';

export interface EventColumnPlan {
  /** Event field -> column index. */
  columns: Partial<Record<EventField, number>>;
  /** Fields the user mapped (the others were picked from the column names). */
  mapped: ReadonlySet<EventField>;
  /** Conversations: cases are built from `id` and `parent` (no case column). */
  threaded: boolean;
  /** The activity every row has when the file has no activity or status column (`message`), if any. */
  defaultActivity: string | undefined;
}

/** The fields that only matter in a conversation export, or in a case log. */
const THREAD_ONLY: readonly EventField[] = ['id', 'parent'];

function columnsNote(header: readonly string[]): string {
  return `${header.slice(0, 30).join(', ')}${header.length > 30 ? ', …' : ''}`;
}

/**
 * Resolves each event field to a column of the header; a field mapped to `''` (`--map agent=`) to none.
 * @throws AppError (usage) for a mapping naming no event field or a missing column, and for a file
 * without a case id (or a reply link and message id), a timestamp, or an activity, status or role
 * @example
 * import { eventsGeneric } from '../profiles/events/generic.js';
 * // The generic profile picks the columns by their names: time is the timestamp, event the activity.
 * planEventColumns(['case', 'time', 'event'], eventsGeneric, {}).columns
 * // { case: 0, timestamp: 1, activity: 2 }
 */
export function planEventColumns(
  header: readonly string[],
  profile: EventProfile,
  map: Readonly<Record<string, string>>,
): EventColumnPlan {
  const index = headerIndex(header);
  const columns: Partial<Record<EventField, number>> = {};
  const mapped = new Set<EventField>();
  /** Fields mapped to no column (`--map agent=`): the profile picks no column for them. */
  const off = new Set<string>();
  for (const [field, name] of Object.entries(map)) {
    if (!(EVENT_FIELDS as readonly string[]).includes(field)) {
      throw usageError('bad_mapping', `"${field}" is not an event field`, {
        where: `--map ${field}=…`,
        hint:
          `Event fields: ${EVENT_FIELDS.join(', ')} (docs/events.md). ` +
          'Other columns need no mapping: --by "<column>".',
      });
    }
    if (name.trim() === '') {
      off.add(field);
      continue;
    }
    const column = index.get(headerKey(name));
    if (column === undefined) {
      throw usageError(
        'mapped_column_missing',
        `the mapping ${field}=${name} names a column that is not in the header`,
        {
          where: `--map ${field}=${name}`,
          hint: `Columns in this file: ${columnsNote(header)}`,
        },
      );
    }
    columns[field as EventField] = column;
    mapped.add(field as EventField);
  }
  for (const [field, candidates] of Object.entries(profile.columns) as [EventField, readonly string[]][]) {
    if (mapped.has(field) || off.has(field)) continue;
    const taken = new Set(Object.values(columns));
    const column = candidates.map((c) => index.get(headerKey(c))).find((i) => i !== undefined && !taken.has(i));
    if (column !== undefined) columns[field] = column;
  }
  if (mapped.has('case') && mapped.has('parent')) {
    throw usageError('bad_mapping', 'map either case (a case id column) or parent (reply links), not both', {
      where: '--map parent=…',
      hint: 'A log with a case id needs no reply links; a conversation export without one is built from id and parent.',
    });
  }
  // A case column makes a case log unless the user asked for reply links.
  const threaded = mapped.has('parent') || (columns.case === undefined && columns.parent !== undefined);
  if (threaded) delete columns.case;
  else for (const field of THREAD_ONLY) if (!mapped.has(field)) delete columns[field];
  const missing = (threaded ? (['id', 'timestamp'] as const) : (['case', 'timestamp'] as const)).filter(
    (f) => columns[f] === undefined,
  );
  if (missing.length > 0) {
    throw usageError('event_mapping_missing', `no column gives the event ${missing.join(' and ')}`, {
      hint:
        `Map it with --map ${missing.map((f) => `${f}="<column>"`).join(',')} or under events.map in the config` +
        `${threaded ? ' (a conversation export needs the message id beside the reply link)' : ''}. ` +
        `Columns: ${header.slice(0, 20).join(', ')}`,
    });
  }
  const hasWhat =
    columns.activity !== undefined ||
    columns.status !== undefined ||
    profile.activity !== undefined ||
    profile.pivot !== undefined;
  const speaks = columns.role !== undefined || columns.inbound !== undefined || threaded;
  if (!hasWhat && !speaks) {
    throw usageError('event_mapping_missing', 'no column gives the activity or the status of an event', {
      hint:
        'Map one with --map activity="<column>" or --map status="<column>" (or role / inbound for a file ' +
        `of messages). Columns: ${header.slice(0, 20).join(', ')}`,
    });
  }
  return {
    columns,
    mapped,
    threaded,
    defaultActivity: profile.activity ?? (hasWhat ? undefined : 'message'),
  };
}
