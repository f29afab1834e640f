/**
 * The SQL commands as a user runs them: `report --engine duckdb` prints the figures `report` prints;
 * `opsmetrics sql` prints a statement that DuckDB and PostgreSQL (PGlite) run to the JS engine's
 * figures; `--dbt` writes a model and schema.yml that run too; what SQL cannot do is refused with
 * exit 2, naming the option.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPglite } from '../helpers/pglite.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { openDuckdb, postgresRunner, type SqlRow } from '../../src/sql/run.js';
import { readSheets } from '../helpers/xlsx.js';
import { randomExport } from '../sql/random.js';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'om-sql-e2e-'));

/** CSV text as rows of cells (no quoted commas in these outputs). */
const csvRows = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.split(','));

/** Equal cells: the same text, or numbers within `tolerance` (the CSV writes 4 decimals). */
function sameCsv(a: string, b: string, tolerance = 1e-9): string[] {
  const x = csvRows(a);
  const y = csvRows(b);
  const out: string[] = [];
  if (x.length !== y.length) out.push(`rows ${x.length} vs ${y.length}`);
  x.forEach((row, i) => {
    row.forEach((cell, k) => {
      const other = y[i]?.[k] ?? '';
      const equal =
        cell === other ||
        (cell !== '' &&
          other !== '' &&
          Math.abs(Number(cell) - Number(other)) <= tolerance * Math.max(1, Math.abs(Number(cell))));
      if (!equal) out.push(`row ${i} ${x[0]?.[k]}: ${cell} vs ${other}`);
    });
  });
  return out;
}

describe('report --engine duckdb', () => {
  it('prints the CSV report prints, and says it ran in SQL', async () => {
    const args = ['fixtures/zendesk/tickets.csv', '--input-tz', 'America/New_York', '--tz', 'America/New_York'];
    const flags = ['--period', 'week', '--by', 'priority', '--format', 'csv'];
    const js = await runCli(['report', ...args, ...flags]);
    const sql = await runCli(['report', ...args, ...flags, '--engine', 'duckdb']);
    expect(js.code).toBe(0);
    expect(sql.code).toBe(0);
    expect(sameCsv(js.stdout, sql.stdout)).toEqual([]);
    expect(sql.stderr).toContain('computed in SQL on duckdb');
    expect(sql.stderr).toContain('read 42 rows');
  });

  it.each([
    [['--hours', 'office'], '--hours'],
    [['--complaints'], 'complaint classes'],
    [['--compare', 'previous'], '--compare previous'],
    [['--date-format', 'dd.MM.yyyy'], '--date-format'],
    [['--format', 'html'], '--format html: the HTML page needs complaint classes'],
    [['-o', join(dir, 'weekly.html')], '--format html'],
  ])('refuses %s with exit 2, naming it', async (extra, named) => {
    const config = join(dir, 'office.yml');
    writeFileSync(config, 'schedules:\n  office: { timezone: UTC, hours: { mon: ["09:00-17:00"] } }\n');
    const result = await runCli([
      'report',
      'fixtures/zendesk/tickets.csv',
      '--engine',
      'duckdb',
      '-c',
      config,
      ...extra,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(named);
    expect(result.stdout).toBe('');
  });

  it('refuses business hours from the config (report.hours), in report --engine and sql alike', async () => {
    const config = join(dir, 'hours.yml');
    writeFileSync(
      config,
      'schedules:\n  office: { timezone: UTC, hours: { mon: ["09:00-17:00"] } }\nreport:\n  hours: office\n' +
        'input:\n  profile: generic\n  map: { id: Ticket, created: Opened, first_reply: First Reply, solved: Solved }\n',
    );
    const file = 'fixtures/business-hours/tickets.csv';
    for (const args of [
      ['report', file, '--engine', 'duckdb', '-c', config, '--format', 'csv'],
      ['sql', file, '-c', config],
      ['sql', '--source', 'fivetran-zendesk', '-c', config],
    ]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('business hours (config report.hours: office)');
      expect(result.stdout).toBe('');
    }
  });

  it.each([
    ['--engine-memory', 'lots'],
    ['--engine-memory', '0GB'],
    ['--engine-memory', '-1GB'],
    ['--engine-memory', '150%'],
    ['--engine-memory', '4'],
    ['--engine-threads', '0'],
    ['--engine-threads', '1.5'],
    ['--engine-threads', '0x2'],
    ['--engine-threads', 'two'],
  ])('%s %s is a usage error (exit 2) naming the flag, before anything runs', async (flag, value) => {
    const result = await runCli(['report', 'fixtures/zendesk/tickets.csv', '--engine', 'duckdb', flag, value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${flag} ${value}:`);
    expect(result.stderr).not.toContain('computed in SQL');
    expect(result.stdout).toBe('');
  });

  it('takes a memory limit as a size or a share of the RAM, and threads', async () => {
    const args = [
      'report',
      'fixtures/zendesk/tickets.csv',
      '--engine',
      'duckdb',
      '--input-tz',
      'UTC',
      '--format',
      'csv',
    ];
    for (const extra of [
      ['--engine-memory', '512MB'],
      ['--engine-memory', '1GiB', '--engine-threads', '1'],
      ['--engine-memory', '75%'],
    ]) {
      const result = await runCli([...args, ...extra]);
      expect(result.code, `${extra.join(' ')}: ${result.stderr}`).toBe(0);
    }
  });

  it.each([
    ['duckdb', []],
    ['duckdb', ['--variants']],
    ['postgres', ['--db', 'postgres://localhost/helpdesk', '--table', 'tickets']],
  ])('refuses an event log on %s %s with exit 2, naming what SQL does not compute', async (engine, extra) => {
    // The fold of an event log (cases, handoffs, rework, variants, the process block) is JS only: never ignored.
    const result = await runCli(['report', '--events', 'fixtures/events/log.csv', '--engine', engine, ...extra]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--engine ${engine}: event logs (--events`);
    expect(result.stderr).toContain('SQL computes no case durations, handoffs, rework, variants or process block');
    expect(result.stderr).toContain('Run without --engine');
    expect(result.stdout).toBe('');
  });

  it('leaves the event-log options out of opsmetrics sql', async () => {
    const result = await runCli(['sql', '--dialect', 'duckdb', '--columns', 'id,created', '--case-end', 'solved']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--case-end'");
  });

  it('refuses a JSON export and an export in another encoding, saying how to go on', async () => {
    const json = join(dir, 'tickets.json');
    writeFileSync(json, JSON.stringify([{ id: '1', created: '2025-11-03T09:00:00Z' }]));
    const result = await runCli([
      'report',
      json,
      '--engine',
      'duckdb',
      '--profile',
      'generic',
      '--map',
      'id=id',
      '--map',
      'created=created',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/reads CSV, TSV and Parquet/);
    const latin = await runCli([
      'report',
      'fixtures/broken/windows-1252.csv',
      '--engine',
      'duckdb',
      '-c',
      'fixtures/broken/opsmetrics.config.yml',
    ]);
    expect(latin.code).toBe(2);
    expect(latin.stderr).toMatch(/iconv/);
  });
});

describe("report --engine duckdb with the manager's report options (issue #21)", () => {
  const now = { env: { OPSMETRICS_NOW: '2025-11-26T09:00:00Z' } };
  const args = ['fixtures/zendesk/tickets.csv', '--input-tz', 'America/New_York', '--last', '4w', '-q'];

  it('writes the workbook the JS engine writes (--last, --metrics, --period, --by): every sheet of figures', async () => {
    const flags = ['--period', 'week', '--by', 'priority', '--metrics', 'created,frt,fcr,resolution_rate'];
    const jsFile = join(dir, 'js.xlsx');
    const sqlFile = join(dir, 'sql.xlsx');
    const js = await runCli(['report', ...args, ...flags, '-o', jsFile], now);
    const sql = await runCli(['report', ...args, ...flags, '-o', sqlFile, '--engine', 'duckdb'], now);
    expect(js.code, js.stderr).toBe(0);
    expect(sql.code, sql.stderr).toBe(0);
    const [a, b] = [
      await readSheets(new Uint8Array(readFileSync(jsFile))),
      await readSheets(new Uint8Array(readFileSync(sqlFile))),
    ];
    const figures = ['Summary', 'By period', 'By group', 'By period and group'];
    expect([...b.keys()]).toEqual([...a.keys()]);
    expect([...b.keys()]).toEqual(expect.arrayContaining(figures));
    for (const sheet of figures) {
      const [x, y] = [a.get(sheet) ?? [], b.get(sheet) ?? []];
      expect(y.length, sheet).toBe(x.length);
      // --metrics: only the metrics named, in that order (the Summary's last column is the metric id).
      if (sheet === 'Summary')
        expect(y.slice(1).map((row) => row[8])).toEqual(['created', 'frt', 'fcr', 'resolution_rate']);
      for (const [r, row] of x.entries()) {
        for (const [c, cell] of row.entries()) {
          const other = y[r]?.[c];
          if (typeof cell === 'number' && typeof other === 'number') {
            const tolerance = 1e-9 * Math.max(1, Math.abs(cell));
            expect(Math.abs(cell - other), `${sheet} ${r},${c}`).toBeLessThanOrEqual(tolerance);
          } else {
            expect(other, `${sheet} ${r},${c}`).toEqual(cell);
          }
        }
      }
    }
    // The window --last 4w sets: the four whole weeks before Wednesday 2025-11-26, in New York.
    const byPeriod = a.get('By period') ?? [];
    expect(byPeriod.slice(1).map((row) => row[0])).toEqual(['2025-W44', '2025-W45', '2025-W46', '2025-W47']);
  });

  it('writes the CSV the JS engine writes with --output-decimal comma and --all-columns', async () => {
    const flags = ['--period', 'week', '--metrics', 'frt,fcr', '--output-decimal', 'comma', '--all-columns'];
    const js = await runCli(['report', ...args, ...flags, '--format', 'csv'], now);
    const sql = await runCli(['report', ...args, ...flags, '--format', 'csv', '--engine', 'duckdb'], now);
    expect(js.code, js.stderr).toBe(0);
    expect(sql.code, sql.stderr).toBe(0);
    const asPoint = (text: string) =>
      text
        .split('\n')
        .map((line) =>
          line
            .split(';')
            .map((cell) => (/^-?\d+,\d+$/.test(cell) ? cell.replace(',', '.') : cell))
            .join(','),
        )
        .join('\n');
    expect(js.stdout.split('\n')[0]).toContain(';frt_median_min;');
    expect(js.stdout).toMatch(/;\d+,\d+;/);
    expect(sameCsv(asPoint(js.stdout), asPoint(sql.stdout))).toEqual([]);
  });
});

const COLUMNS = 'id,created,first_reply,solved,priority,team,customer,category,reopens,agent_replies,updated';

/** A source of a dbt schema.yml, as far as the tests read it. */
interface DbtSourceYml {
  name: string;
  database?: string;
  schema: string;
  tables: { name: string; identifier?: string }[];
}

/** A typed table of a random export in a DuckDB or PostgreSQL runner. */
async function typedTable(csv: string) {
  const duck = await openDuckdb();
  const rows = await duck.query(
    `SELECT id, CAST(created AS TIMESTAMPTZ) AS created, CAST(first_reply AS TIMESTAMPTZ) AS first_reply, ` +
      'CAST(solved AS TIMESTAMPTZ) AS solved, priority, team, customer, category, CAST(reopens AS INTEGER) AS reopens, ' +
      `CAST(agent_replies AS INTEGER) AS agent_replies, CAST(updated AS TIMESTAMPTZ) AS updated FROM read_csv('${csv}', all_varchar = true)`,
  );
  await duck.close();
  const lit = (v: unknown) =>
    v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
  return {
    create:
      'CREATE TABLE tickets (id text, created timestamptz, first_reply timestamptz, solved timestamptz, priority text, ' +
      'team text, customer text, category text, reopens integer, agent_replies integer, updated timestamptz)',
    insert: `INSERT INTO tickets VALUES ${rows.map((r) => `(${Object.values(r).map(lit).join(', ')})`).join(',\n')}`,
  };
}

/** The statement's rows as the CSV report's rows: period, group, then the report's columns. */
function asCsv(rows: readonly SqlRow[], header: readonly string[]): string {
  return [
    header.join(','),
    ...rows.map((r) => header.map((k) => (r[k] === null || r[k] === undefined ? '' : String(r[k]))).join(',')),
  ].join('\n');
}

describe('opsmetrics sql', () => {
  const csv = join(dir, 'random.csv');
  writeFileSync(csv, randomExport(31, 300, 'utc'));
  const map = COLUMNS.split(',').flatMap((c) => ['--map', `${c}=${c}`]);
  const flags = ['--period', 'week', '--by', 'team', '--input-tz', 'UTC'];
  // The JS report of the export and its typed table, the same for both dialects: made once.
  let jsWeekly: ReturnType<typeof runCli> | undefined;
  let typed: ReturnType<typeof typedTable> | undefined;
  const weekly = () => {
    jsWeekly ??= runCli(['report', csv, '--profile', 'generic', ...map, ...flags, '--format', 'csv']);
    return jsWeekly;
  };
  const table = () => {
    typed ??= typedTable(csv);
    return typed;
  };

  it.each(['duckdb', 'postgres'] as const)(
    'prints SQL that %s runs to the figures report computes',
    async (dialect) => {
      const out = await runCli(['sql', '--dialect', dialect, '--columns', COLUMNS, ...flags]);
      expect(out.code).toBe(0);
      expect(out.stdout).toMatch(/^-- opsmetrics .*: the ticket report as SQL/);
      const js = await weekly();
      expect(js.code, js.stderr).toBe(0);
      const header = (js.stdout.split('\n')[0] as string).split(',');
      const { create, insert } = await table();
      const runner = dialect === 'duckdb' ? await openDuckdb() : postgresRunner(await freshPglite());
      await runner.exec(create);
      await runner.exec(insert);
      const statement = out.stdout.split(';\n').filter((s) => s.replace(/^--.*$/gm, '').trim() !== '');
      let rows: SqlRow[] = [];
      for (const s of statement) rows = await runner.query(s);
      await runner.close();
      // The statement gives instants as epoch ms: compare the figures, from the team column on.
      const from = header.indexOf('team');
      const sqlCsv = asCsv(rows, header.slice(from));
      const jsCsv = js.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(',').slice(from).join(','))
        .join('\n');
      expect(sameCsv(jsCsv, sqlCsv, 1e-4)).toEqual([]);
    },
    60_000,
  );

  it('writes a dbt model and its schema.yml, and the model runs', async () => {
    const out = join(dir, 'dbt');
    const result = await runCli([
      'sql',
      '--dialect',
      'duckdb',
      '--columns',
      COLUMNS,
      '--period',
      'month',
      '--dbt',
      out,
    ]);
    expect(result.code).toBe(0);
    const model = readFileSync(join(out, 'opsmetrics_ticket_report.sql'), 'utf8');
    expect(model).toMatch(/^\{\{ config\(materialized='table'\) \}\}/);
    expect(model).toContain("{{ source('opsmetrics', 'tickets') }}");
    const schema = parseYaml(readFileSync(join(out, 'schema.yml'), 'utf8')) as {
      sources: { name: string; tables: { name: string }[] }[];
      models: { name: string; columns: { name: string; tests: string[] }[] }[];
    };
    expect(schema.sources[0]?.tables[0]?.name).toBe('tickets');
    const columns = schema.models[0]?.columns ?? [];
    expect(columns.find((c) => c.name === 'period_start_ms')?.tests).toEqual(['not_null', 'unique']);
    expect(columns.find((c) => c.name === 'created')?.tests).toEqual(['not_null']);
    // What dbt compiles: the source macro becomes the table.
    const compiled = model
      .replace(/^\{\{ config.*\}\}$/m, '')
      .replace("{{ source('opsmetrics', 'tickets') }}", 'tickets');
    const { create, insert } = await table();
    const duck = await openDuckdb();
    await duck.exec(create);
    await duck.exec(insert);
    const rows = await duck.query(compiled);
    await duck.close();
    const js = await runCli(['report', csv, '--profile', 'generic', ...map, '--period', 'month', '--format', 'json']);
    const report = JSON.parse(js.stdout) as { input: { used: number }; rows: unknown[] };
    expect(rows.length).toBe(report.rows.length);
    expect(rows.reduce((sum, r) => sum + Number(r.created), 0)).toBe(report.input.used);
  }, 60_000);

  it("declares the table's schema in schema.yml, and the target's schema for an unqualified table", async () => {
    const out = join(dir, 'dbt-schema');
    const qualified = await runCli(['sql', '--columns', COLUMNS, '--table', 'raw.helpdesk.tickets', '--dbt', out]);
    expect(qualified.code, qualified.stderr).toBe(0);
    const yml = parseYaml(readFileSync(join(out, 'schema.yml'), 'utf8')) as { sources: DbtSourceYml[] };
    expect(yml.sources[0]).toMatchObject({ name: 'opsmetrics', database: 'raw', schema: 'helpdesk' });
    expect(yml.sources[0]?.tables.map((t) => t.name)).toEqual(['tickets']);
    const bare = await runCli(['sql', '--columns', COLUMNS, '--dbt', out]);
    expect(bare.code, bare.stderr).toBe(0);
    const yml2 = parseYaml(readFileSync(join(out, 'schema.yml'), 'utf8')) as { sources: DbtSourceYml[] };
    // Without a schema, dbt would look in a schema named after the source: the target's is the one
    // an unqualified name reads.
    expect(yml2.sources[0]?.schema).toBe('{{ target.schema }}');
  });

  it('writes a dbt model of the connector tables that reads each through source(), and it runs', async () => {
    const out = join(dir, 'dbt-fivetran');
    const flags = ['--period', 'week', '--by', 'team'];
    const result = await runCli([
      'sql',
      '--source',
      'fivetran-zendesk',
      '--schema',
      'zendesk',
      '--column-types',
      'naive',
      ...flags,
      '--dbt',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const model = readFileSync(join(out, 'opsmetrics_ticket_report.sql'), 'utf8');
    const yml = parseYaml(readFileSync(join(out, 'schema.yml'), 'utf8')) as { sources: DbtSourceYml[] };
    const source = yml.sources[0] as DbtSourceYml;
    expect(yml.sources.length).toBe(1);
    expect(source.schema).toBe('zendesk');
    // Every table the model reads is declared, under the source it names; every declared table is read.
    const calls = [...model.matchAll(/\{\{ source\('([^']*)', '([^']*)'\) \}\}/g)];
    expect(new Set(calls.map((c) => c[1]))).toEqual(new Set([source.name]));
    const declared = source.tables.map((t) => t.name);
    expect(new Set(calls.map((c) => c[2]))).toEqual(new Set(declared));
    expect(new Set(declared)).toEqual(new Set(['ticket', 'ticket_field_history', 'ticket_comment', 'user', 'group']));
    // No table is named outside source(): the model reads nothing dbt does not know of.
    expect(model).not.toMatch(/"zendesk"\./);
    // What dbt compiles: each source() becomes the schema's table, quoted as schema.yml says.
    const quoted = (t: { name: string; identifier?: string }) => `"${source.schema}"."${t.identifier ?? t.name}"`;
    const compiled = model
      .replace(/^\{\{ config.*\}\}$/m, '')
      .replace(/\{\{ source\('[^']*', '([^']*)'\) \}\}/g, (_m, name: string) =>
        quoted(source.tables.find((t) => t.name === name) as { name: string }),
      );
    const duck = await openDuckdb();
    await duck.exec('CREATE SCHEMA zendesk');
    for (const t of declared) {
      await duck.exec(`CREATE TABLE zendesk."${t}" AS FROM read_csv('fixtures/fivetran-zendesk/${t}.csv')`);
    }
    const rows = await duck.query(compiled);
    await duck.close();
    // The same six tickets worked out by hand, through the JS engine.
    const expected = 'fixtures/fivetran-zendesk/expected-tickets.csv';
    const columns = readFileSync(expected, 'utf8').split('\n')[0] as string;
    const map = columns.split(',').flatMap((c) => ['--map', `${c}=${c}`]);
    const js = await runCli([
      'report',
      expected,
      '--profile',
      'generic',
      ...map,
      '--input-tz',
      'UTC',
      ...flags,
      '--format',
      'csv',
    ]);
    expect(js.code, js.stderr).toBe(0);
    const header = (js.stdout.split('\n')[0] as string).split(',');
    const from = header.indexOf('team');
    const jsCsv = js.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(',').slice(from).join(','))
      .join('\n');
    expect(rows.length).toBeGreaterThan(1);
    expect(sameCsv(jsCsv, asCsv(rows, header.slice(from)), 1e-4)).toEqual([]);
  }, 60_000);

  it('refuses text columns in a dialect that cannot parse them, and asks for columns', async () => {
    const text = await runCli(['sql', 'fixtures/zendesk/tickets.csv', '--dialect', 'bigquery']);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/holds instants as text/);
    const none = await runCli(['sql']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--columns/);
  });
});
