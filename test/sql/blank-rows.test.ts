/**
 * Blank rows on the SQL path, counted as the JS reader counts them: countBlankRecords (the pass that
 * counts what DuckDB drops without a trace) against the CSV reader's own count on seeded exports full
 * of blank lines, rows of empty cells, quoted fields with blank lines inside them, CRLF and a byte
 * order mark; and a PostgreSQL text table, where the statement itself finds the rows of empty cells.
 */
import { freshPglite } from '../helpers/pglite.js';
import { describe, expect, it } from 'vitest';
import { sqlTicketReport } from '../../src/api/sql.js';
import { countBlankRecords } from '../../src/ingest/blank-records.js';
import { openRecordSource } from '../../src/ingest/records.js';
import { loadConfig, resolveTicketRun } from '../../src/index.js';
import { summaryLines } from '../../src/report/accounting.js';
import { postgresRunner } from '../../src/sql/run.js';

/** A seeded export of `rows` lines drawn from blank and data forms, with `delimiter` and line breaks `eol`. */
function blankyExport(seed: number, rows: number, delimiter: string, eol: string, bom: boolean): string {
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const d = delimiter;
  const forms = [
    () => `${Math.floor(rand() * 1e6)}${d}2025-11-03T09:00:00Z${d}x`,
    () => `7${d}"quoted${d} with ""quotes"""${d}y`,
    () => `8${d}"two${eol}${eol}paragraphs"${d}z`,
    () => `${d}${d}`,
    () => `${d}${d}${d}`,
    () => '',
    () => '   ',
    () => `""${d}""${d}""`,
    () => ` ${d}\t${d} `,
    () => `"${eol}"${d}${d}`,
    () => `9${d}${d}`,
  ];
  const lines: string[] = [];
  for (let k = 0; k < Math.floor(rand() * 3); k++) lines.push(rand() < 0.5 ? '' : `${d}${d}`);
  lines.push(`id${d}created${d}note`);
  for (let k = 0; k < rows; k++) lines.push((forms[Math.floor(rand() * forms.length)] as () => string)());
  const text = lines.join(eol) + (rand() < 0.5 ? eol : '');
  return bom ? `\ufeff${text}` : text;
}

/** The JS reader's count of blank records, reading every record. */
async function jsBlank(text: string, delimiter: string): Promise<number> {
  const bytes = (async function* () {
    yield Buffer.from(text);
  })();
  const source = await openRecordSource(bytes, {
    name: 'x.csv',
    delimiter,
    encoding: 'utf-8',
    onIssue: () => {},
    maxFieldBytes: 1 << 20,
  });
  for await (const _ of source.records);
  return source.stats().blank;
}

describe('countBlankRecords', () => {
  const cases = [...Array(40).keys()].map((seed) => [
    seed,
    seed % 2 === 0 ? ',' : ';',
    seed % 3 === 0 ? '\r\n' : '\n',
    seed % 5 === 0,
  ]);
  it.each(cases)('seed %i (delimiter %s): the JS reader count', async (seed, delimiter, eol, bom) => {
    const text = blankyExport(seed as number, 60, delimiter as string, eol as string, bom as boolean);
    // Split anywhere: a chunk may end inside a CRLF or a doubled quote.
    const bytes = Buffer.from(text);
    const cut = 1 + (((seed as number) * 37) % Math.max(1, bytes.length - 1));
    const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
    const counted = await countBlankRecords(chunks, delimiter as string);
    expect(counted.blank).toBe(await jsBlank(text, delimiter as string));
  });

  it('says how many records to skip to the first data row', async () => {
    expect((await countBlankRecords([Buffer.from('\n,,\nid,a\n1,2\n')], ',')).throughFirst).toBe(3);
    expect((await countBlankRecords([Buffer.from('id,a\n')], ',')).throughFirst).toBe(1);
    expect((await countBlankRecords([Buffer.from('\n\n')], ',')).throughFirst).toBe(0);
  });
});

describe('rows of empty cells in a PostgreSQL text table', () => {
  it('are skipped and counted as blank, not rejected for a missing id', async () => {
    const runner = postgresRunner(await freshPglite());
    await runner.exec('CREATE TABLE tickets (id text, created text, team text)');
    await runner.exec(
      "INSERT INTO tickets VALUES ('1', '2025-11-03T09:00:00Z', 'A'), (NULL, NULL, NULL), ('', ' ', E'\\t'), " +
        "('2', '2025-11-04T09:00:00Z', NULL), (NULL, '2025-11-04T10:00:00Z', 'B')",
    );
    const config = await loadConfig(undefined);
    const run = resolveTicketRun(
      {
        quiet: true,
        profile: 'generic',
        map: ['id=id', 'created=created', 'team=team'],
        inputTz: 'UTC',
        maxBadRows: '5',
      },
      config,
      {},
    );
    const { report } = await sqlTicketReport(
      { engine: 'postgres', files: [], db: 'pglite', table: 'tickets' },
      run,
      config,
      'test',
      { runner },
    );
    await runner.close();
    // Two blank rows; the row with a creation time but no id is a row, rejected.
    expect(report.input).toMatchObject({ read: 3, used: 2, rejected: 1, skipped: { blank: 2 } });
  }, 60_000);
});

describe('the accounting lines of the SQL path', () => {
  const input = {
    files: [{ path: 'a.csv', profile: 'generic', encoding: 'utf-8', delimiter: ',', rows: 3 }],
    read: 3,
    used: 2,
    skipped: { outside_period: 0, duplicate: 0, blank: 2 },
    rejected: 1,
    nulled: 0,
    issues: [
      {
        code: 'missing_required',
        column: 'id',
        count: 1,
        action: 'rejected' as const,
        message: 'a required value is empty',
        hint: 'Every ticket needs an id.',
        samples: [],
      },
    ],
  };

  it('list no lines for an issue without samples (no "[, …]")', () => {
    const lines = summaryLines(input, 5);
    expect(lines[1]).toBe('  rejected 1: missing_required in "id": a required value is empty');
    expect(lines.join('\n')).not.toContain('[');
  });

  it('say where the list of rejected rows is, past --max-bad-rows', () => {
    const sql = summaryLines(input, {
      maxBadRows: 0,
      maxDuplicateShare: 0.5,
      rejectsList: 'run without --engine, with --rejects FILE, for the list of rows',
    });
    expect(sql.at(-1)).toContain('(run without --engine, with --rejects FILE, for the list of rows)');
    expect(summaryLines(input, 0).at(-1)).toContain('(see --rejects FILE for the list)');
  });
});
