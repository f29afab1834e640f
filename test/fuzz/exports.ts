/**
 * fast-check arbitraries for the fuzz properties: ticket exports (ids with duplicates and edge values,
 * timestamps in UTC, with offsets, in the input zone or day-first, statuses, teams, messy text cells),
 * configs (mapping, zones, date formats, business hours, SLA targets, checks) and `check` thresholds.
 *
 * A generated export is a model (`Ticket[]`) plus how it is written; `tableOf` writes it as cells, so
 * that a property can change the model (shuffle, duplicate, rename, add rows) and know what it did.
 * Every generated row is valid (the figures an oracle needs: rows read = rows written, none
 * rejected); `damage` adds rows that are not, for the properties that only compare two readings.
 */
import fc from 'fast-check';
import type { Table } from './harness.js';

/**
 * The window the generated tickets fall in: 2025-10-20 (a Monday) to 2025-12-01, UTC; it holds the
 * end of summer time in Europe (10-26) and in the USA (11-02), so local times repeat an hour.
 */
export const WINDOW = { since: '2025-10-20', until: '2025-12-01' } as const;
const WINDOW_START = Date.UTC(2025, 9, 20);
const WINDOW_END = Date.UTC(2025, 11, 1);
const MINUTE = 60_000;

/**
 * Ticket ids of every kind the id index treats apart (ticket-ids.ts: dense array for canonical
 * decimals, hash table for the rest): small and zero-padded decimals, 15 to 20 digits, above 2^53,
 * prefixed, case variants, non-ASCII, padded with a space, holding a comma or a quote.
 */
export const EDGE_IDS = [
  '0',
  '1',
  '7',
  '17',
  '007',
  '00',
  '10',
  '100000',
  '999999999999999',
  '1234567890123456',
  '9007199254740993',
  '9007199254740992',
  '18446744073709551617',
  'T-17',
  't-17',
  'ZD#4',
  'Ωmega',
  '-1',
  '1e3',
  '1.0',
  ' 7',
  'a,b',
  'q"1',
] as const;

/** A ticket id as the reader keys it: cells are read without their surrounding spaces (` 7` is `7`). */
export const idKey = (id: string): string => id.trim();

export const idArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_IDS) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 60 }).map(String) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/) },
);

/** Team names: plain, look-alikes, spaces inside, quotes, commas, line breaks, formula starts, non-ASCII. */
export const TEAMS = [
  'Billing',
  'billing',
  'Sales',
  'Tier 2',
  'R&D',
  'Ops, EU',
  'x"y',
  '=cmd',
  'Zürich',
  '支援',
  'a\nb',
];
export const teamArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...TEAMS) },
  { weight: 1, arbitrary: fc.constant('') },
);

export const STATUSES = ['new', 'open', 'pending', 'solved', 'closed', 'Solved', ''] as const;

/** One ticket as the export states it; times in epoch ms (null: empty cell). */
export interface Ticket {
  id: string;
  created: number;
  firstReplyMinutes: number | null;
  solvedMinutes: number | null;
  team: string;
  customer: string;
  status: string;
  replies: number | null;
  reopens: number | null;
  subject: string;
}

/** How an export writes its times: one style per file, as real exports do. */
export type DateStyle = 'utc' | 'offset' | 'local' | 'day-first';

export interface Export {
  tickets: Ticket[];
  dateStyle: DateStyle;
  /** The zone times without an offset are read in (config `input.timezone`). */
  zone: 'UTC' | 'Europe/Berlin' | 'America/New_York' | 'Asia/Kolkata';
  /** Offset in minutes written after `offset`-style times. */
  offsetMinutes: number;
}

const messyText = fc.oneof(
  fc.constantFrom('Refund please', 'where is my order', 'Bill "urgent"', 'a,b', '  padded  ', '=1+1', 'naïve', ''),
  fc.string({ maxLength: 12 }),
);

/** A ticket created inside the window (at least a day from its edges, whatever zone reads it). */
export const ticketArb = (ids: fc.Arbitrary<string> = idArb): fc.Arbitrary<Ticket> =>
  fc
    .record({
      id: ids,
      created: fc
        .integer({ min: (WINDOW_START + 86_400_000) / MINUTE, max: (WINDOW_END - 86_400_000) / MINUTE })
        .map((m) => m * MINUTE),
      firstReplyMinutes: fc.option(fc.integer({ min: 0, max: 4 * 1440 }), { freq: 3 }),
      solvedMinutes: fc.option(fc.integer({ min: 0, max: 20 * 1440 }), { freq: 3 }),
      team: teamArb,
      customer: fc.constantFrom('a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', ''),
      status: fc.constantFrom(...STATUSES),
      replies: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 4 }),
      reopens: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 4 }),
      subject: messyText,
    })
    // A first reply after the resolution is an impossible value (the row is rejected): not a valid row.
    .map((t) =>
      t.firstReplyMinutes !== null && t.solvedMinutes !== null && t.firstReplyMinutes > t.solvedMinutes
        ? { ...t, firstReplyMinutes: t.solvedMinutes, solvedMinutes: t.firstReplyMinutes }
        : t,
    );

/**
 * The ids of one export: each edge id with probability 1/2, plus a few others, at
 * least one. Rows take their ids from this pool, so most ids repeat (duplicates fold) and each edge
 * id repeats in about a third of the exports.
 */
export const idPoolArb: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.array(fc.boolean(), { minLength: EDGE_IDS.length, maxLength: EDGE_IDS.length }),
    fc.uniqueArray(idArb, { minLength: 1, maxLength: 3 }),
  )
  .map(([mask, more]) => [...new Set([...EDGE_IDS.filter((_, i) => mask[i]), ...more])]);

/** An export: rows with ids from a pool, its time style and zone. */
export const exportArb = (options: { minRows?: number; maxRows?: number } = {}): fc.Arbitrary<Export> =>
  idPoolArb.chain((pool) =>
    fc.record({
      tickets: fc.array(ticketArb(fc.constantFrom(...pool)), {
        minLength: options.minRows ?? 1,
        maxLength: options.maxRows ?? 40,
        size: 'max',
      }),
      dateStyle: fc.constantFrom<DateStyle>('utc', 'offset', 'local', 'day-first'),
      zone: fc.constantFrom<Export['zone']>('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
      offsetMinutes: fc.constantFrom(0, 60, -300, 330, 765, -600),
    }),
  );

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Wall-clock fields of `ms` in `zone`. */
function wall(ms: number, zone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute'), s: get('second') };
}

/** `ms` written in the export's style. */
export function timeText(ms: number, exp: Pick<Export, 'dateStyle' | 'zone' | 'offsetMinutes'>): string {
  switch (exp.dateStyle) {
    case 'utc':
      return new Date(ms).toISOString().replace('.000Z', 'Z');
    case 'offset': {
      const shifted = new Date(ms + exp.offsetMinutes * MINUTE).toISOString().slice(0, 19);
      const sign = exp.offsetMinutes < 0 ? '-' : '+';
      const abs = Math.abs(exp.offsetMinutes);
      return `${shifted}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    }
    case 'local': {
      const w = wall(ms, exp.zone);
      return `${w.y}-${pad(w.mo)}-${pad(w.d)} ${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
    }
    case 'day-first': {
      const w = wall(ms, exp.zone);
      return `${w.d}/${w.mo}/${w.y} ${pad(w.h)}:${pad(w.mi)}`;
    }
  }
}

/** The export's columns, and the `input.map` that reads them. */
export const HEADER = [
  'Id',
  'Created',
  'First reply',
  'Solved',
  'Team',
  'Customer',
  'Status',
  'Replies',
  'Reopens',
  'Subject',
];
export const MAP = {
  id: 'Id',
  created: 'Created',
  first_reply: 'First reply',
  solved: 'Solved',
  team: 'Team',
  customer: 'Customer',
  status: 'Status',
  agent_replies: 'Replies',
  reopens: 'Reopens',
  subject: 'Subject',
} as const;

export function cellsOf(t: Ticket, exp: Export): string[] {
  const at = (minutes: number | null) => (minutes === null ? '' : timeText(t.created + minutes * MINUTE, exp));
  return [
    t.id,
    timeText(t.created, exp),
    at(t.firstReplyMinutes),
    at(t.solvedMinutes),
    t.team,
    t.customer,
    t.status,
    t.replies === null ? '' : String(t.replies),
    t.reopens === null ? '' : String(t.reopens),
    t.subject,
  ];
}

/** The export as a table of cells. */
export function tableOf(exp: Export): Table {
  return { header: HEADER, rows: exp.tickets.map((t) => cellsOf(t, exp)) };
}

/** The `input:` section that reads `exp` (its zone, and the day-first format when it has one). */
export function inputSection(exp: Export): Record<string, unknown> {
  return {
    profile: 'generic',
    timezone: exp.zone,
    map: { ...MAP },
    ...(exp.dateStyle === 'day-first' ? { date_format: 'd/M/yyyy HH:mm' } : {}),
  };
}

/** Rows a reader must reject or fold, to mix into an export's table: wrong widths, bad values, blank ids. */
export const damageArb: fc.Arbitrary<string[]> = fc.constantFrom<string[]>(
  ['', '2025-11-10T10:00:00Z', '', '', 'Sales', '', '', '', '', ''],
  ['X1', 'yesterday', '', '', 'Sales', '', '', '', '', ''],
  ['X2', '2025-02-30T00:00:00Z', '', '', '', '', '', '', '', ''],
  ['X3', '2025-11-10T10:00:00Z', '', '', 'Sales', '', '', '-2', 'ten', ''],
  ['X4', '2025-11-10T10:00:00Z'],
  ['X5', '2025-11-10T10:00:00Z', '', '', 'Sales', '', '', '', '', '', 'surplus'],
  ['X6', '0201-11-03T10:00:00Z', '', '', '', '', '', '', '', ''],
  ['X7', '2025-11-10T10:00:00Z', '2025-11-09T10:00:00Z', '', '', '', '', '', '', ''],
);

/** Names of the schedules the config arbitrary defines. */
const scheduleArb = fc.record({
  timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
  hours: fc.constantFrom(
    { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'] },
    { mon: ['08:00-12:00', '13:00-18:00'], wed: ['00:00-24:00'], sat: ['10:00-14:00'] },
    { sun: ['22:00-24:00'], mon: ['00:00-06:00'] },
  ),
});

const durationText = fc.oneof(
  fc.integer({ min: 1, max: 72 }).map((h) => `${h}h`),
  fc.integer({ min: 1, max: 600 }).map((m) => `${m}m`),
  fc.integer({ min: 1, max: 10 }).map((d) => `${d}d`),
);

/** Thresholds `check` judges: a metric, a statistic, an operator, a target, sometimes by team. */
export const thresholdArb: fc.Arbitrary<string> = fc
  .record({
    expr: fc.oneof(
      fc.tuple(
        fc.constantFrom('p90(frt)', 'median(frt)', 'mean(resolution_full)', 'p95(resolution_full)'),
        durationText,
      ),
      fc.tuple(
        fc.constantFrom('resolution_rate', 'reopened', 'fcr', 'touch_one'),
        fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`),
      ),
      fc.tuple(fc.constantFrom('created', 'backlog'), fc.integer({ min: 0, max: 40 }).map(String)),
    ),
    op: fc.constantFrom('<=', '>=', '<', '>'),
    by: fc.constantFrom('', ' by team'),
  })
  .map(({ expr: [metric, target], op, by }) => `${metric} ${op} ${target}${by}`);

/** A config for `exp`: its input section, a report section, perhaps business hours, SLA targets, checks. */
export const configArb = (exp: Export): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      report: fc.record(
        {
          timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Pacific/Chatham'),
          week_start: fc.constantFrom('monday', 'sunday'),
          period: fc.constantFrom('day', 'week', 'month'),
          by: fc.constantFrom(['team'], [], ['team', 'status']),
          fcr: fc.constantFrom('one_touch_no_reopen', 'no_customer_followup', 'no_repeat'),
          resolution_rate: fc.constantFrom('cohort', 'throughput'),
          repeat_window_days: fc.integer({ min: 1, max: 30 }),
        },
        { requiredKeys: [] },
      ),
      schedule: fc.option(scheduleArb, { freq: 2 }),
      business: fc.boolean(),
      sla: fc.option(fc.record({ first_reply: durationText, resolution: durationText }), { freq: 2 }),
      checks: fc.option(fc.array(thresholdArb, { minLength: 1, maxLength: 3 }), { freq: 3 }),
      onBadValue: fc.constantFrom('reject', 'null'),
    })
    .map(({ report, schedule, business, sla, checks, onBadValue }) => {
      const config: Record<string, unknown> = {
        input: { ...inputSection(exp), on_bad_value: onBadValue },
        report: { ...report, ...(schedule !== null && business ? { hours: 'support' } : {}) },
      };
      if (schedule !== null) config.schedules = { support: schedule };
      if (sla !== null) {
        config.sla = {
          first_reply:
            schedule === null
              ? { default: sla.first_reply }
              : { default: sla.first_reply, clock: 'business', schedule: 'support' },
          resolution: { default: sla.resolution },
        };
      }
      if (checks !== null) config.checks = checks;
      return config;
    });
