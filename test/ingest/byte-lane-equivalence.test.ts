/**
 * The byte lane (byte-lane.ts: quick cache, word-wise hash, numeric (number, code) table, lazy
 * dictionary strings, plain-digit counts and durations, null tokens by length, the '#' finder) and
 * the id index (ticket.ts: dense array for canonical decimal ids beside the hash table) must leave the
 * ticket table exactly as the reference `read` of normalize.ts leaves it, for every input: same
 * rows, ids, lines, values, dictionary values and codes (each value once), issues and counts. Rows the
 * lane hands to `read` midway, values first interned by `read` (string path) and then met as bytes
 * (and the other way round), several files on one table, numeric-looking values ("007" / "7" / "0",
 * 15 and 16 digits), duplicate ids ascending, descending and sparse, null tokens, KELVIN SIGN.
 *
 * Expected values come from the reference path only: the same records given to `read` as strings, or
 * the whole file read with OPSMETRICS_ENGINE=reference (csv-parse).
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteRecord } from '../../src/engine/byte-record.js';
import { ScanState, scanRecord } from '../../src/engine/scanner.js';
import type { RowIssue } from '../../src/ingest/issues.js';
import { createRowReader } from '../../src/ingest/normalize.js';
import { TicketBuilder } from '../../src/engine/ticket-builder.js';
import { ticketRecordSink } from '../../src/engine/ticket-reader.js';
import { generic } from '../../src/ingest/profiles/tickets/generic.js';
import { COUNT_FIELDS, DURATION_FIELDS, INSTANT_FIELDS } from '../../src/model/ticket.js';
import { Dictionary, TicketTable, type LazyText } from '../../src/engine/ticket-table.js';
import { runCli } from '../e2e/helpers.js';
import { readBuilt } from '../helpers/built-read.js';

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-lane-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Snapshots of a ticket table, comparable with toEqual.

interface TableLike {
  length: number;
  ids: { get(row: number): string };
  lines: ArrayLike<number>;
  instants: Record<string, ArrayLike<number>>;
  durations: Record<string, ArrayLike<number>>;
  counts: Record<string, ArrayLike<number>>;
  dims: Map<string, { codes: ArrayLike<number>; dictionary: { values: string[] } }>;
  followUp: ArrayLike<number>;
}

function snapshotTable(table: TableLike) {
  const rows: Record<string, unknown>[] = [];
  const dims = [...table.dims.entries()];
  for (let i = 0; i < table.length; i++) {
    const row: Record<string, unknown> = { id: table.ids.get(i), line: table.lines[i] };
    for (const f of INSTANT_FIELDS) if (!Number.isNaN(table.instants[f]?.[i])) row[f] = table.instants[f]?.[i];
    for (const f of DURATION_FIELDS) if (!Number.isNaN(table.durations[f]?.[i])) row[f] = table.durations[f]?.[i];
    for (const f of COUNT_FIELDS) if (table.counts[f]?.[i] !== -1) row[f] = table.counts[f]?.[i];
    for (const [name, column] of dims) {
      const code = column.codes[i] as number;
      if (code !== 0) row[name] = `${code}:${column.dictionary.values[code]}`;
    }
    if (table.followUp[i] === 1) row.followUp = true;
    rows.push(row);
  }
  const dictionaries: Record<string, string[]> = {};
  for (const [name, column] of dims)
    if (column.dictionary.values.length > 1) dictionaries[name] = [...column.dictionary.values];
  return { rows, dictionaries };
}

/** Each dictionary holds each value once (codes unique and consistent). */
function expectUniqueDictionaries(dictionaries: Record<string, string[]>): void {
  for (const [name, values] of Object.entries(dictionaries)) {
    const seen = new Map<string, number>();
    values.forEach((value, code) => {
      if (code === 0) return;
      expect(seen.has(value), `${name}: "${value}" has codes ${seen.get(value)} and ${code}`).toBe(false);
      seen.set(value, code);
    });
  }
}

const issueView = (i: RowIssue) => ({
  code: i.code,
  file: i.file,
  line: i.line,
  column: i.column,
  value: i.value,
  action: i.action,
  message: i.message,
  cells: i.cells,
});

// ---------------------------------------------------------------------------------------------
// Dictionary: lazy codes and interned strings interleaved.

class FakeLazy implements LazyText {
  readonly texts = new Map<number, string>();
  calls = 0;
  text(code: number): string {
    this.calls++;
    const text = this.texts.get(code);
    if (text === undefined) throw new Error(`no text for code ${code}`);
    return text;
  }
  find(text: string): number {
    for (const [code, value] of this.texts) if (value === text) return code;
    return -1;
  }
}

describe('Dictionary with lazy strings', () => {
  it('interleaves addLazy and intern from two sources and keeps one code per value', () => {
    const d = new Dictionary();
    const a = new FakeLazy();
    const b = new FakeLazy();
    const lazy = (source: FakeLazy, text: string) => {
      const code = d.addLazy(source);
      source.texts.set(code, text);
      return code;
    };
    expect(lazy(a, '7')).toBe(1);
    expect(lazy(a, 'x')).toBe(2);
    expect(a.calls).toBe(0);
    // A string-path intern of a lazy value finds its code, without making the pending strings.
    expect(d.intern('7')).toBe(1);
    expect(d.intern('007')).toBe(3);
    expect(a.calls).toBe(0);
    expect(lazy(a, 'y')).toBe(4);
    expect(lazy(b, 'z')).toBe(5);
    expect(d.intern('y')).toBe(4);
    expect(d.intern('z')).toBe(5);
    expect(d.intern('x')).toBe(2);
    expect(d.size).toBe(5);
    expect(d.values).toEqual(['', '7', 'x', '007', 'y', 'z']);
    expect(d.value(0)).toBeNull();
    expect(d.value(3)).toBe('007');
    expect(lazy(b, 'w')).toBe(6);
    expect(d.value(6)).toBe('w');
    expect(d.intern('w')).toBe(6);
  });

  it('asks the source once for a lazy value the string path interns, then finds it in its own map', () => {
    const d = new Dictionary();
    const a = new FakeLazy();
    let finds = 0;
    const find = a.find.bind(a);
    a.find = (text: string) => {
      finds++;
      return find(text);
    };
    for (const text of ['Billing', 'Shipping', 'Returns']) a.texts.set(d.addLazy(a), text);
    expect(d.intern('Shipping')).toBe(2);
    expect(d.intern('Shipping')).toBe(2);
    expect(d.intern('Shipping')).toBe(2);
    expect(finds).toBe(1);
    // The other pending strings are still made from the source, once, in code order.
    expect(d.values).toEqual(['', 'Billing', 'Shipping', 'Returns']);
    expect(a.calls).toBe(2);
    expect(d.intern('Returns')).toBe(3);
    expect(d.intern('Refunds')).toBe(4);
  });
});

// ---------------------------------------------------------------------------------------------
// The lane against `read`, record by record.

const HEADER = [
  'id',
  'created',
  'first_reply',
  'solved',
  'frt',
  'res',
  'reopens',
  'replies',
  'team',
  'customer',
  'status',
  'subject',
  'region',
  'seg',
];
const MAP = {
  id: 'id',
  created: 'created',
  first_reply: 'first_reply',
  solved: 'solved',
  first_reply_minutes: 'frt',
  full_resolution_hours: 'res',
  reopens: 'reopens',
  agent_replies: 'replies',
  team: 'team',
  customer: 'customer',
  status: 'status',
  subject: 'subject',
  segment: 'seg',
};
const BY = ['region', 'segment'];

const specialDims = [
  '',
  ' ',
  'N/A',
  'n/a',
  'NULL',
  'Null',
  'unknown',
  'UNKNOWN',
  '\u212Anown',
  'un\u212Anown',
  '-',
  'k',
  'K',
  '\u212A',
  ' A',
  'A ',
  '\u00a0A',
  'A\u3000',
  'q"x',
  'a,b',
  'line\nbreak',
  '7',
  '007',
  '0',
  '00',
  '070',
  '70',
  '999999999999999',
  '100000000000000',
  '1000000000000000',
  '9999999999999999',
  '123456789012345',
  '0123456789012345',
  'é',
  '日本',
  '#1',
  'x#2',
  // Beyond 2^53 two texts are one double: only 15 digits may be looked up by their number.
  '9007199254740992',
  '9007199254740993',
  '90071992547409921',
  '90071992547409920',
];
const dimValue = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 3000 }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 99 }).map((n) => `0${n}`) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1e15 - 1 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom(...specialDims) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('Alpha', 'beta', 'GAMMA', 'Ünï', 'a'), fc.integer({ min: 0, max: 40 }))
      .map(([w, n]) => `${w}${n}`),
  },
);
const idSpecials = [
  '007',
  '7',
  '0',
  '00',
  ' 12',
  '12 ',
  '"12"',
  'N/A',
  'unknown',
  '',
  '-',
  'AB-1',
  'ab-1',
  '\u212A',
  '1234567890123456',
  '999999999999999',
  '1e3',
  '+5',
  '9007199254740992',
  '9007199254740993',
];
/**
 * Mostly `common` (rows the lane reads itself), sometimes one of `rare` (rows it must hand to `read`, or edge values).
 */
const mostly = (common: readonly string[], rare: readonly string[]) =>
  fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...common) }, { weight: 2, arbitrary: fc.constantFrom(...rare) });
const rowSpec = fc.record({
  idKind: fc.constantFrom('seq', 'seq', 'seq', 'seq', 'dup', 'near', 'far', 'special'),
  idPick: fc.nat(),
  idSpecial: fc.constantFrom(...idSpecials),
  far: fc.integer({ min: 0, max: 1e15 - 1 }),
  created: mostly(
    [
      '2025-01-02T10:00:00Z',
      '2025-01-02 10:00:00',
      '2025-03-09 02:30:00',
      '2025-11-02 01:30:00',
      '2025-01-02T10:00:00+05:30',
      '2025-01-02T10:00:00-0800',
    ],
    ['2025-01-02 10:00', '', 'bad', ' 2025-01-02T10:00:00Z', 'N/A', '2025-02-30T10:00:00Z', '2025-01-02T10:00:00.5Z'],
  ),
  first_reply: mostly(
    ['2025-01-02T11:00:00Z', '', '2025-01-02 23:00:00'],
    ['2025-01-01T00:00:00Z', '2025-01-09T00:00:00Z', '2045-01-01T00:00:00Z', 'k'],
  ),
  solved: mostly(['2025-01-03T10:00:00Z', '', 'n/a', 'N/A'], ['2025-01-02T10:30:00Z', '2025-01-02T10:00:00Z']),
  frt: mostly(
    ['5', '0', '', '0012', '60', '123456789012345'],
    ['5256000', '5256001', '99999999999', '1234567890123456', '1,5', ' 3', '"4"', '-1', '1.5', 'N/A', 'k', '1 234'],
  ),
  res: mostly(['2', '0', '', '007'], ['87600', '87601', '2.5', '1,000']),
  reopens: mostly(
    ['0', '1', '', '007', '2147483648', '99999999999', '123456789012345'],
    ['9999999999999999', '9007199254740993', '-1', '1.0', 'x', '1,000'],
  ),
  replies: mostly(['0', '3', '', '10'], ['-', 'unknown']),
  team: dimValue,
  customer: dimValue,
  status: fc.constantFrom('open', 'Open', 'OPEN', 'solved', '', 'unknown', '\u212Anown', 'closed'),
  subject: fc.constantFrom(
    '',
    'hello',
    'Where is #1234',
    '#12 and #13',
    're: #9, #10',
    '#',
    'N/A',
    ' #3 ',
    'q"#4"',
    '##5',
    'no',
  ),
  region: dimValue,
  seg: dimValue,
});

interface LaneCase {
  rows: string[][];
  /** Per row: true to give it to the lane as bytes, false to `read` as strings. */
  viaBytes: boolean[];
  /** Row indices where a new file (a new reader on the same table) starts. */
  files: number[];
  nulls: string[];
  inputTimezone: string;
  onBadValue: 'reject' | 'null';
}

const laneCase = fc
  .record({
    specs: fc.array(rowSpec, { minLength: 1, maxLength: 250 }),
    base: fc.integer({ min: 0, max: 2e6 }),
    descending: fc.boolean(),
    step: fc.constantFrom(1, 1, 3, 1000),
    mix: fc.constantFrom('bytes', 'bytes', 'mixed', 'strings-first'),
    mixSeed: fc.nat(),
    files: fc.array(fc.nat({ max: 250 }), { maxLength: 2 }),
    nulls: fc.constantFrom(['', 'NULL', 'N/A'], ['', 'unknown', 'n/a', '-', 'k']),
    inputTimezone: fc.constantFrom('UTC', 'America/New_York'),
    onBadValue: fc.constantFrom<'reject' | 'null'>('reject', 'null'),
  })
  .map(({ specs, base, descending, step, mix, mixSeed, files, nulls, inputTimezone, onBadValue }): LaneCase => {
    const ids: string[] = [];
    const rows = specs.map((s, i) => {
      let id: string;
      if (s.idKind === 'seq') id = String(descending ? base + step * (specs.length - i) : base + step * i);
      else if (s.idKind === 'dup' && ids.length > 0) id = ids[s.idPick % ids.length] as string;
      else if (s.idKind === 'near') id = String(base + (s.idPick % (4 * specs.length + 10)));
      else if (s.idKind === 'far') id = String(s.far);
      else id = s.idSpecial;
      ids.push(id);
      return [
        id,
        s.created,
        s.first_reply,
        s.solved,
        s.frt,
        s.res,
        s.reopens,
        s.replies,
        s.team,
        s.customer,
        s.status,
        s.subject,
        s.region,
        s.seg,
      ];
    });
    const viaBytes = rows.map((_, i) =>
      mix === 'bytes'
        ? true
        : mix === 'strings-first'
          ? i >= rows.length / 3
          : ((i + 1) * 2654435761 + mixSeed) % 5 !== 0,
    );
    return {
      rows,
      viaBytes,
      files: [...new Set(files)].sort((a, b) => a - b),
      nulls: [...nulls],
      inputTimezone,
      onBadValue,
    };
  });

/** Quoted when it must be, and padded cells of even length too (quoted and unquoted padding both occur). */
const quoteCell = (cell: string) =>
  /[",\r\n]/.test(cell) || (cell !== cell.trim() && cell.length % 2 === 0) ? `"${cell.replaceAll('"', '""')}"` : cell;

/**
 * The rows as one CSV buffer, scanned by the fast engine's scanner, each record then laid out as the
 * reading thread's batches lay it out: its cells at an offset (`first`) in arrays shared with other
 * records, all records reading the same buffer.
 */
function byteRecords(rows: string[][]): ByteRecord[] {
  const text = rows.map((cells) => cells.map(quoteCell).join(',')).join('\n');
  const buf = Buffer.from(`${text}\n`, 'utf8');
  const state = new ScanState(0x2c);
  const scanned = new ByteRecord();
  const lines = { breaks: 0 };
  const starts: number[] = [];
  const ends: number[] = [];
  const escaped: number[] = [];
  const firsts: number[] = [];
  const counts: number[] = [];
  let pos = 0;
  // Junk cells in front, so that `first` is never 0.
  starts.push(0, 0, 0);
  ends.push(1, 1, 1);
  escaped.push(1, 1, 1);
  while (pos < buf.length) {
    const next = scanRecord(buf, pos, buf.length, state, true, scanned, lines);
    expect(next).toBeGreaterThan(pos);
    firsts.push(starts.length);
    counts.push(scanned.count);
    for (let k = 0; k < scanned.count; k++) {
      starts.push(scanned.starts[k] as number);
      ends.push(scanned.ends[k] as number);
      escaped.push(scanned.escaped[k] as number);
    }
    pos = next;
  }
  expect(firsts.length).toBe(rows.length);
  const startArray = Int32Array.from(starts);
  const endArray = Int32Array.from(ends);
  const escapedArray = Uint8Array.from(escaped);
  return rows.map((cells, i) => {
    const record = new ByteRecord();
    record.buf = buf;
    record.starts = startArray;
    record.ends = endArray;
    record.escaped = escapedArray;
    record.first = firsts[i] as number;
    record.count = counts[i] as number;
    record.line = i + 2;
    // The scanner's reading is the reference reader's reading (property-tested in fast-csv.test.ts).
    expect(record.cells()).toEqual(cells);
    return record;
  });
}

/** Reads the case into a new table: `bytes` through the lane where the case says so, else all through `read`. */
function readCase(c: LaneCase, useLane: boolean) {
  const table = new TicketTable(16);
  const builder = new TicketBuilder(table);
  const issues: RowIssue[] = [];
  const records = byteRecords(c.rows);
  let reader: ReturnType<typeof ticketRecordSink> | undefined;
  c.rows.forEach((cells, i) => {
    if (reader === undefined || c.files.includes(i)) {
      const rowReader = createRowReader(HEADER, builder, {
        file: `f${c.files.filter((f) => f <= i).length}.csv`,
        profile: generic,
        map: MAP,
        by: BY,
        inputTimezone: c.inputTimezone,
        nullTokens: c.nulls,
        onBadValue: c.onBadValue,
        onIssue: (issue) => issues.push(issue),
      });
      reader = ticketRecordSink(rowReader, builder);
      expect(reader.readBytes).toBeDefined();
    }
    if (useLane && c.viaBytes[i]) (reader.readBytes as (r: ByteRecord) => void)(records[i] as ByteRecord);
    else reader.read([...cells], i + 2);
  });
  return { ...snapshotTable(table), issues: issues.map(issueView), counts: { ...builder.counts } };
}

describe('byte lane against the reference read, record by record', () => {
  it('leaves the table, dictionaries, issues and counts exactly as read does (property)', () => {
    fc.assert(
      fc.property(laneCase, (c) => {
        const expected = readCase(c, false);
        const actual = readCase(c, true);
        expectUniqueDictionaries(actual.dictionaries);
        expect(actual).toEqual(expected);
      }),
      { numRuns: 120 },
    );
  });

  it(
    'keeps codes unique with thousands of values (quick cache off, ' +
      'tables rehashed) met first as strings, then as bytes, and back',
    () => {
      const rows: string[][] = [];
      for (let i = 0; i < 6000; i++) {
        const numeric = String((i * 7919) % 2500);
        const word = `w${(i * 104729) % 1800}`;
        const big = String(1e14 + ((i * 31) % 900));
        const padded = `0${i % 300}`;
        rows.push([
          String(i % 5 === 4 ? Math.floor(i / 2) : 100000 + i),
          '2025-01-02T10:00:00Z',
          '',
          '',
          String(i % 90),
          '',
          String(i % 4),
          '',
          i % 3 === 0 ? numeric : word,
          i % 2 === 0 ? big : padded,
          i % 11 === 0 ? ' open' : 'open',
          i % 13 === 0 ? `#${i}` : 'x',
          i % 4 === 0 ? padded : numeric,
          i % 6 === 0 ? '' : word,
        ]);
      }
      const c: LaneCase = {
        rows,
        // Long stretches of strings, then bytes, then alternating, so each path meets values the other added.
        viaBytes: rows.map((_, i) => (i < 700 ? false : i < 2500 ? true : i < 3200 ? false : i % 2 === 0)),
        files: [4000],
        nulls: ['', 'NULL', 'N/A'],
        inputTimezone: 'UTC',
        onBadValue: 'reject',
      };
      const expected = readCase(c, false);
      const actual = readCase(c, true);
      expectUniqueDictionaries(actual.dictionaries);
      expect(actual.dictionaries).toEqual(expected.dictionaries);
      expect(actual).toEqual(expected);
    },
  );

  it('keeps apart values that one double cannot tell apart (16 and 17 digits) and "007" / "7" / "0" / "00"', () => {
    const values = [
      '9007199254740992',
      '9007199254740993',
      '90071992547409921',
      '90071992547409920',
      '007',
      '7',
      '0',
      '00',
      '999999999999999',
      '1000000000000000',
      // Same length mod 8, first byte and last byte, one a prefix of the other (the quick cache's key).
      '12',
      '1200000002',
      'a1',
      'a1a1a1a1a1',
      'x',
      'x0000000x',
      'Ab',
      'Ab000000b',
      'Ab000000b000000b',
    ];
    const rows = Array.from({ length: 200 }, (_, i) => {
      const v = values[i % values.length] as string;
      const w = values[(i * 3) % values.length] as string;
      return [String(1000 + i), '2025-01-02T10:00:00Z', '', '', '5', '', '1', '', v, w, '', '', v, w];
    });
    for (const viaBytes of [rows.map(() => true), rows.map((_, i) => i % 4 === 1)]) {
      const c: LaneCase = { rows, viaBytes, files: [], nulls: ['', 'N/A'], inputTimezone: 'UTC', onBadValue: 'reject' };
      const expected = readCase(c, false);
      const actual = readCase(c, true);
      expectUniqueDictionaries(actual.dictionaries);
      expect(actual).toEqual(expected);
    }
  });

  it(
    'folds duplicate ids exactly as read does: ascending, ' + 'descending, sparse, dense and hashed, "007" beside "7"',
    () => {
      const idLists: string[][] = [
        [
          ...Array.from({ length: 3000 }, (_, i) => String(i + 1)),
          ...Array.from({ length: 300 }, (_, i) => String(3000 - i * 7)),
        ],
        [...Array.from({ length: 3000 }, (_, i) => String(500000 - i)), '500000', '497001', '499999'],
        [
          '1',
          '900000000000',
          '7',
          '007',
          '0',
          '00',
          '1',
          '900000000000',
          '450000000000',
          '007',
          '7',
          '00',
          '0',
          '999999999999999',
          '1000000000000000',
          '999999999999999',
          '1000000000000000',
          '9007199254740992',
          '9007199254740993',
          '9007199254740993',
        ],
        Array.from({ length: 2000 }, (_, i) =>
          String(i % 3 === 0 ? i * 1_000_003 : i % 3 === 1 ? 5_000_000 - i : `T-${i % 700}`),
        ),
        // Jumps that make the dense array grow to exactly the ids' range, down and up, then repeats.
        ['300000', '100000', '100000', '300000', '250000', '250000', '100001', '99999', '300000', '100000'],
        ['100000', '300000', '300000', '100000', '362143', '362143', '37858', '37858', '100000', '300000'],
        // Growing down past 0 would need negative slots; and a range that turns sparse midway.
        [
          ...Array.from({ length: 1500 }, (_, i) => String(3000 - 2 * i)),
          ...Array.from({ length: 1500 }, (_, i) => String(3000 - 2 * i)),
        ],
        [
          ...Array.from({ length: 2000 }, (_, i) => String(i * 150)),
          ...Array.from({ length: 2000 }, (_, i) => String(i * 150 + (i % 2))),
        ],
      ];
      for (const ids of idLists) {
        const rows = ids.map((id, i) => [
          id,
          '2025-01-02T10:00:00Z',
          '',
          '',
          String(i % 50),
          '',
          '',
          '',
          `t${i % 5}`,
          '',
          '',
          '',
          '',
          '',
        ]);
        for (const viaBytes of [rows.map(() => true), rows.map((_, i) => i % 3 !== 0)]) {
          const c: LaneCase = {
            rows,
            viaBytes,
            files: [],
            nulls: ['', 'N/A'],
            inputTimezone: 'UTC',
            onBadValue: 'reject',
          };
          const expected = readCase(c, false);
          const actual = readCase(c, true);
          expect(actual.counts).toEqual(expected.counts);
          expect(actual).toEqual(expected);
          // And independently of the id index (which `read` uses too): one ticket per distinct id, in
          // order of first appearance, holding the values and line of its last row.
          const last = new Map<string, number>();
          for (const [i, id] of ids.entries()) last.set(id, i);
          expect(actual.rows.map((r) => r.id)).toEqual([...last.keys()]);
          expect(actual.rows.map((r) => r.line)).toEqual([...last.values()].map((i) => i + 2));
          expect(actual.rows.map((r) => r.first_reply_duration)).toEqual(
            [...last.values()].map((i) => (i % 50) * 60_000),
          );
          expect(actual.counts).toEqual({
            accepted: ids.length,
            rejected: 0,
            nulled: 0,
            duplicate: ids.length - last.size,
          });
        }
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Whole files: the fast engine (on its reading thread, small chunks) against csv-parse + read.

/** A generated ticket CSV with damage: ragged rows, blank lines, bad values, quoting, duplicates. */
function ticketCsv(seed: number, rows: number): string {
  let s = seed >>> 0;
  const random = () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s = (s ^ (s >>> 12)) >>> 0;
    return s / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const dim = () => {
    const x = random();
    if (x < 0.3) return String(Math.floor(random() * 600));
    if (x < 0.38) return `0${Math.floor(random() * 60)}`;
    if (x < 0.42) return String(Math.floor(random() * 1e15));
    if (x < 0.47)
      return pick([
        'N/A',
        'null',
        '',
        ' A',
        '"B, C"',
        '"x""y"',
        '\u212Aelvin',
        '\u00a0Z',
        'Ünï',
        '7',
        '007',
        '0',
        '00',
        '1000000000000000',
      ]);
    return `${pick(['Alpha', 'beta', 'GAMMA'])}${Math.floor(random() * 40)}`;
  };
  const base = 1000 + Math.floor(random() * 1e6);
  const out = ['id,created,first_reply,solved,frt,reopens,team,customer,subject,region'];
  for (let i = 0; i < rows; i++) {
    const r = random();
    const id =
      r < 0.04
        ? pick(['007', '7', '0', String(base), 'AB-3', ' 12', 'N/A', ''])
        : r < 0.12
          ? String(base + Math.floor(random() * (i + 1)))
          : r < 0.16
            ? String(Math.floor(random() * 1e15))
            : String(seed % 2 === 0 ? base + i : base + 3 * rows - i);
    const day = 1 + Math.floor(random() * 27);
    const hour = Math.floor(random() * 22);
    const at = (d: number, h: number) =>
      `2025-03-${String(d).padStart(2, '0')} ` +
      `${String(h).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00`;
    const created = random() < 0.02 ? pick(['', 'bad', '2025-03-09 02:30:00', '2025-11-02 01:30:00']) : at(day, hour);
    const cells = [
      id,
      created,
      random() < 0.8 ? at(day, hour + 1) : '',
      random() < 0.7 ? at(Math.min(28, day + 1), 23) : pick(['', 'N/A', '2025-02-01 00:00:00']),
      pick(['5', '0', '', '12', '0012', '5', '5', '99999999999', ' 3', '"4"']),
      pick(['0', '1', '', '007', '0', '1', '-1', '2147483648']),
      dim(),
      dim(),
      pick(['', 'hello', 'Where is #1234', '"#12, #13"', '#']),
      dim(),
    ];
    const damage = random();
    if (damage < 0.01) out.push(pick(['', ' ', ',,', ' , ']));
    if (damage > 0.993) cells.splice(4);
    else if (damage > 0.986) cells.push('', '');
    else if (damage > 0.982) cells.push('surplus');
    out.push(cells.join(','));
  }
  const eol = seed % 3 === 0 ? '\r\n' : '\n';
  return (seed % 5 === 0 ? '\uFEFF' : '') + out.join(eol) + (seed % 4 === 0 ? '' : eol);
}

/**
 * Reads `files` (one or several, in order, into one table) in this process with the built engines
 * (dist/: the reading thread cannot start from src/).
 */
async function ingestBuilt(
  files: string | string[],
  engine: 'reference' | 'fast',
  env: Record<string, string>,
  options: { idle?: boolean } = {},
) {
  const [
    { createRowReader: createBuilt },
    { TicketBuilder: Builder },
    { ticketRecordSink: sinkOf },
    { generic: genericBuilt },
    { TicketTable: Table },
  ] = await Promise.all([
    import('../../dist/ingest/normalize.js'),
    import('../../dist/engine/ticket-builder.js'),
    import('../../dist/engine/ticket-reader.js'),
    import('../../dist/ingest/profiles/tickets/generic.js'),
    import('../../dist/engine/ticket-table.js'),
  ]);
  {
    const issues: RowIssue[] = [];
    const table = new Table(16);
    const builder = new Builder(table);
    let read = 0;
    let blank = 0;
    for (const file of typeof files === 'string' ? [files] : files) {
      const counted = await readBuilt(
        file,
        engine,
        env,
        (i) => issues.push(i),
        (header) => {
          const rowReader = createBuilt(header, builder, {
            file,
            profile: genericBuilt,
            map: Object.fromEntries(CLI_MAP.map((m) => m.split('='))),
            by: ['region'],
            inputTimezone: 'America/New_York',
            nullTokens: ['', 'NULL', 'N/A', 'unknown'],
            onBadValue: 'reject',
            onIssue: (i) => issues.push(i),
          });
          const reader = sinkOf(rowReader, builder);
          if (engine === 'fast') expect(reader.cellPlan).toBeDefined();
          // Without the main thread's idle work, the reading thread alone sets the rows ahead (see the two-file test).
          return { sink: options.idle === false ? { ...reader, idle: undefined } : reader, read: reader.read };
        },
      );
      read += counted.read;
      blank += counted.blank;
    }
    return {
      read,
      blank,
      counts: { ...builder.counts },
      ...snapshotTable(table as unknown as TableLike),
      issues: issues.map(issueView),
    };
  }
}

const byLineAndCode = (a: ReturnType<typeof issueView>, b: ReturnType<typeof issueView>) =>
  a.line - b.line || `${a.code}${a.column}`.localeCompare(`${b.code}${b.column}`);

describe('fast engine on its reading thread against the reference engine, whole table in process', () => {
  it(
    'gives the same table when a batch holds thousands ' + 'of records (cell pass results for each in the batch)',
    async () => {
      const file = join(dir, 'big-batch.csv');
      writeFileSync(file, ticketCsv(11, 12_000));
      const reference = await ingestBuilt(file, 'reference', {});
      const single = await ingestBuilt(file, 'fast', { OPSMETRICS_SCAN_THREAD: 'off' });
      for (const chunk of [1 << 20, 65_536]) {
        const threaded = await ingestBuilt(file, 'fast', {
          OPSMETRICS_SCAN_THREAD: 'on',
          OPSMETRICS_SCAN_CHUNK_BYTES: String(chunk),
        });
        expect(threaded).toEqual(single);
        expectUniqueDictionaries(threaded.dictionaries);
        expect({ ...threaded, issues: [...threaded.issues].sort(byLineAndCode) }).toEqual({
          ...reference,
          issues: [...reference.issues].sort(byLineAndCode),
        });
        expect(threaded.issues).toEqual(reference.issues);
      }
      // Enough rows get through (counts over 2^31-1 in the generated data are rejected since that limit).
      expect(reference.rows.length).toBeGreaterThan(6000);
    },
  );

  it(
    'gives the same table from two files, the second ' + 'appending to the first and superseding some of its rows',
    async () => {
      // The reading thread sets each batch's rows to "missing" ahead of the main thread (TicketTable.rowPlan),
      // the second time from a table that already has rows, and with ids the second file repeats.
      const first = join(dir, 'first.csv');
      const second = join(dir, 'second.csv');
      writeFileSync(first, ticketCsv(21, 9000));
      writeFileSync(second, ticketCsv(22, 7000));
      const reference = await ingestBuilt([first, second], 'reference', {});
      for (const idle of [true, false]) {
        const threaded = await ingestBuilt(
          [first, second],
          'fast',
          { OPSMETRICS_SCAN_THREAD: 'on', OPSMETRICS_SCAN_CHUNK_BYTES: String(65_536) },
          { idle },
        );
        expect(
          { ...threaded, issues: [...threaded.issues].sort(byLineAndCode) },
          `main thread's idle work ${idle ? 'on' : 'off'}`,
        ).toEqual({ ...reference, issues: [...reference.issues].sort(byLineAndCode) });
      }
      expect(reference.counts.duplicate).toBeGreaterThan(0);
      expect(reference.rows.length).toBeGreaterThan(8000);
    },
  );
});

const CLI_MAP = [
  'id=id',
  'created=created',
  'first_reply=first_reply',
  'solved=solved',
  'first_reply_minutes=frt',
  'reopens=reopens',
  'team=team',
  'customer=customer',
  'subject=subject',
];

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  rejects: string;
}

async function cli(file: string, env: NodeJS.ProcessEnv, tag: string): Promise<CliRun> {
  const rejects = join(dir, `${tag}-rejects.csv`);
  const args = [
    'report',
    file,
    ...CLI_MAP.flatMap((m) => ['--map', m]),
    '--by',
    'team,customer,region',
    '--format',
    'json',
    '--max-bad-rows',
    '1000000',
    '--input-tz',
    'America/New_York',
    '--rejects',
    rejects,
  ];
  const result = await runCli(args, {
    env: { OPSMETRICS_SCAN_THREAD: '', OPSMETRICS_SCAN_CHUNK_BYTES: '', OPSMETRICS_ENGINE: '', ...env },
  });
  let text = '';
  try {
    text = readFileSync(rejects, 'utf8');
  } catch {
    text = '';
  }
  return { ...result, rejects: text };
}

/** The JSON report with the issue summaries in a fixed order (a readable diff when only the order differs). */
function reportWithSortedIssues(stdout: string): unknown {
  const report = JSON.parse(stdout) as { input: { issues: { code: string; column: string | null; action: string }[] } };
  report.input.issues.sort((a, b) =>
    `${a.code}\u0000${a.column}\u0000${a.action}`.localeCompare(`${b.code}\u0000${b.column}\u0000${b.action}`),
  );
  return report;
}

const sortedLines = (text: string) => text.split('\n').sort();

describe('fast engine on its reading thread against the reference engine, whole files through the CLI', () => {
  // Both seeds, and the three runs of each, side by side: each run writes its own rejects file.
  // 1,000 rows (2,500 until the suite was made faster; the report of each group of every row was most of
  // the time): each file still holds every issue code and action the 2,500 had (ten kinds: ragged rows,
  // bad numbers, impossible values in four columns, missing ids and creation times, dates that need a
  // format, duplicate ids), blank lines, over 400 rejected rows, and is ~92 KB: ~180 chunks of 509
  // bytes, ~23 of 4,093.
  it.concurrent.each([
    [1, 1000, 509],
    [6, 1000, 4093],
  ])(
    'seed %i: same JSON report, tickets, groups, issues and rejected rows (%i rows, chunks of %i bytes)',
    async (seed, rows, chunk) => {
      const file = join(dir, `tickets-${seed}.csv`);
      writeFileSync(file, ticketCsv(seed, rows));
      const [reference, threaded, single] = await Promise.all([
        cli(file, { OPSMETRICS_ENGINE: 'reference' }, `r${seed}`),
        cli(file, { OPSMETRICS_SCAN_THREAD: 'on', OPSMETRICS_SCAN_CHUNK_BYTES: String(chunk) }, `t${seed}`),
        cli(file, { OPSMETRICS_SCAN_THREAD: 'off' }, `s${seed}`),
      ]);
      expect(reference.code, reference.stderr).toBe(0);
      // The thread changes nothing at all.
      expect(threaded).toEqual(single);
      expect(threaded.code).toBe(reference.code);
      expect(reportWithSortedIssues(threaded.stdout)).toEqual(reportWithSortedIssues(reference.stdout));
      expect(sortedLines(threaded.rejects)).toEqual(sortedLines(reference.rejects));
      // Byte for byte, issue order included.
      expect(threaded.stdout).toBe(reference.stdout);
      expect(threaded.stderr).toBe(reference.stderr);
      expect(threaded.rejects).toBe(reference.rejects);
    },
  );

  // Until 6391a0f the reference reader reported a ragged row when csv-parse parsed it, ahead of the
  // issues of earlier rows the row reader had not reached yet, while the fast engine reports in line
  // order: the JSON `input.issues` list, the stderr summary and the rejects file differed in order.
  it('lists issues in the same order as the reference engine (a ragged row after a row with a bad value)', async () => {
    const file = join(dir, 'order.csv');
    writeFileSync(
      file,
      'id,created,first_reply,solved,frt,reopens,team,customer,subject,region\n1,2025-01-02 ' +
        '10:00:00,,,5,-1,A,1,,r\n2,2025-01-02 10:00:00\n3,2025-01-02 10:00:00,,,5,1,A,1,,r\n',
    );
    const [reference, fast] = await Promise.all([
      cli(file, { OPSMETRICS_ENGINE: 'reference' }, 'order-r'),
      cli(file, { OPSMETRICS_SCAN_THREAD: 'on', OPSMETRICS_SCAN_CHUNK_BYTES: '16' }, 'order-f'),
    ]);
    expect(fast.stdout).toBe(reference.stdout);
    expect(fast.stderr).toBe(reference.stderr);
    expect(fast.rejects).toBe(reference.rejects);
  });
});
