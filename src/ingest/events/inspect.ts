/**
 * `opsmetrics inspect --events LOG`: how an event log is read, before a report is trusted on it
 * (docs/events.md): which column feeds which event field and whether it was mapped or picked from
 * the column names, how many rows have a value, are empty, or hold a timestamp that does not parse,
 * the cases (or conversations) and the time span, and the vocabulary's reading of the most frequent
 * activities and statuses (which became a reply, solved, closed, waiting, open...), so that a wrong
 * guess is seen before the report. Pure: the header and records in, a plain object out.
 */
import { compileDateParser } from '../../calendar/date-format.js';
import { formatInstant } from '../../calendar/zone.js';
import { GROUP_OF_MEANING, type EventMeaning, type Vocabulary } from '../events-vocabulary.js';
import { EVENT_FIELDS, type EventField, type EventProfile } from '../profiles/types.js';
import { nullTest } from '../values.js';
import { planEventColumns } from './columns.js';
import { EventMeanings } from './meanings.js';
import { normalizeMessageId } from './threads.js';

export interface EventFieldInspection {
  field: EventField;
  column: string;
  /** `mapped` by the user, or `auto`: picked from the column names. */
  how: 'mapped' | 'auto';
  present: number;
  empty: number;
  /** Timestamps (timestamp, opened) that do not parse with the options given. */
  unparseable: number;
}

export interface TextReading {
  text: string;
  rows: number;
  /** The vocabulary meaning, or null when the vocabulary does not know the text. */
  meaning: EventMeaning | null;
  /** What the fold does with it, in words: `agent reply`, `status group solved`, `working state (open)`... */
  reading: string;
}

export interface EventInspection {
  profile: string;
  /** `cases` (a case id column) or `conversations` (message ids and reply links). */
  kind: 'cases' | 'conversations';
  fields: EventFieldInspection[];
  /** Columns no event field reads (usable with --by). */
  unmapped: string[];
  rows: number;
  /** Distinct case ids, or for conversations distinct messages. */
  cases: number;
  /** Earliest and latest event, ISO 8601 in the input's zone; null without a readable timestamp. */
  span: { from: string | null; to: string | null; timezone: string };
  /** The most frequent activities and statuses (at most `top` each), with the vocabulary's reading. */
  activities: TextReading[];
  statuses: TextReading[];
}

export interface EventInspectOptions {
  profile: EventProfile;
  map: Readonly<Record<string, string>>;
  vocabulary: Vocabulary;
  inputTimezone: string;
  dateFormat?: string | undefined;
  nullTokens: readonly string[];
  /** Texts shown per table (default 15). */
  top?: number;
}

/** What the fold does with an activity or status of this meaning (null: not in the vocabulary). */
function readingOf(meaning: EventMeaning | undefined, isStatus: boolean): string {
  if (meaning === undefined)
    return isStatus ? 'working state (status group open)' : 'an activity (no status, no message)';
  const group = GROUP_OF_MEANING[meaning];
  if (meaning === 'agent_reply') return 'agent reply (a public message unless public says no)';
  if (meaning === 'customer_message') return 'customer message';
  if (meaning === 'message') return 'message (whose: the role or inbound column)';
  if (meaning === 'created') return 'creation of the case (status group new)';
  if (meaning === 'cancelled') return 'cancellation (status group closed; events.cancelled says if it resolves)';
  if (meaning === 'assigned') return 'assignment (agent and team from their columns)';
  return `status group ${group?.replace('_', '-') ?? 'open'}${meaning === 'reopened' ? ' (reopened)' : ''}`;
}

/**
 * Starts the inspection of one event file: feed every record to `add`, then call `result`.
 * @throws AppError (usage) as the report's reader does (a mapping naming a missing column...)
 * @example
 * import { compileVocabulary } from '../events-vocabulary.js';
 * import { eventsGeneric } from '../profiles/events/generic.js';
 * const vocabulary = compileVocabulary();
 * const read = { profile: eventsGeneric, map: {}, vocabulary, inputTimezone: 'UTC', nullTokens: [''] };
 * const inspector = createEventInspector(['case', 'time', 'event'], read);
 * inspector.add(['C1', '2025-01-06T09:00:00Z', 'created'], 2);
 * inspector.result().activities[0].reading // 'creation of the case (status group new)'
 */
export function createEventInspector(
  header: readonly string[],
  options: EventInspectOptions,
): { add: (cells: readonly string[], line: number) => void; result: () => EventInspection } {
  const plan = planEventColumns(header, options.profile, options.map);
  const fields = (Object.entries(plan.columns) as [EventField, number][]).sort(
    ([a], [b]) => EVENT_FIELDS.indexOf(a) - EVENT_FIELDS.indexOf(b),
  );
  const isNull = nullTest(new Set(options.nullTokens.map((t) => t.trim().toLowerCase())));
  const parse = compileDateParser({
    ...(options.dateFormat === undefined ? {} : { format: options.dateFormat }),
    timeZone: options.inputTimezone,
    option: '--date-format',
  });
  const meanings = new EventMeanings(options.vocabulary);
  const present = new Float64Array(fields.length);
  const unparseable = new Float64Array(fields.length);
  const activities = new Map<string, number>();
  const statuses = new Map<string, number>();
  const cases = new Set<string>();
  let rows = 0;
  let from = Infinity;
  let to = -Infinity;
  const text = (cells: readonly string[], column: number | undefined) => {
    if (column === undefined) return '';
    const value = (cells[column] ?? '').trim();
    return isNull(value) ? '' : value;
  };
  const count = (counts: Map<string, number>, value: string) => {
    if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
  };

  const add = (cells: readonly string[]): void => {
    rows++;
    fields.forEach(([field, column], k) => {
      const value = text(cells, column);
      if (value === '') return;
      if (field === 'timestamp' || field === 'opened') {
        const at = parse(value);
        if (Number.isNaN(at)) {
          unparseable[k]!++;
          return;
        }
        if (field === 'timestamp') {
          from = Math.min(from, at);
          to = Math.max(to, at);
        }
      }
      present[k]!++;
    });
    const id = plan.threaded ? normalizeMessageId(text(cells, plan.columns.id)) : text(cells, plan.columns.case);
    if (id !== '') cases.add(id);
    count(activities, plan.defaultActivity ?? text(cells, plan.columns.activity));
    count(statuses, text(cells, plan.columns.status));
  };

  const top = options.top ?? 15;
  const readings = (counts: Map<string, number>, isStatus: boolean): TextReading[] =>
    [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .map(([value, n]) => {
        const meaning = isStatus ? meanings.status(value).meaning : meanings.activity(value).meaning;
        return { text: value, rows: n, meaning: meaning ?? null, reading: readingOf(meaning, isStatus) };
      });

  const result = (): EventInspection => {
    const used = new Set(fields.map(([, column]) => column));
    return {
      profile: options.profile.name,
      kind: plan.threaded ? 'conversations' : 'cases',
      fields: fields.map(([field, column], k) => ({
        field,
        column: header[column] ?? '',
        how: plan.mapped.has(field) ? 'mapped' : 'auto',
        present: present[k] as number,
        empty: rows - (present[k] as number) - (unparseable[k] as number),
        unparseable: unparseable[k] as number,
      })),
      unmapped: header.filter((_, k) => !used.has(k)),
      rows,
      cases: cases.size,
      span: {
        from: from === Infinity ? null : formatInstant(from, options.inputTimezone),
        to: to === -Infinity ? null : formatInstant(to, options.inputTimezone),
        timezone: options.inputTimezone,
      },
      activities: readings(activities, false),
      statuses: readings(statuses, true),
    };
  };
  return { add, result };
}
