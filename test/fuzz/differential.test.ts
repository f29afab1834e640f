/**
 * Differential fuzzing: two ways of reading the same input must give the same report.
 *
 * 1. The fast engine (byte lane, with or without its reading thread, any read size) and the reference
 *    reader (csv-parse) write byte-identical JSON reports, for CSV, CSV.gz, JSON and NDJSON inputs,
 *    damaged rows mixed in, CRLF or LF, the field size limit hit or not, under generated configs.
 * 2. One export written as CSV, CSV.gz, JSON or NDJSON, as one file or split over two files (of any
 *    formats), gives the same figures and row accounting as one CSV file.
 *
 * Each property is shown able to fail: the same checker run against a planted bug must find it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../dist/engine/ticket-ids.js';
import { fuzz, mustFind, timeoutOf } from './budget.js';
import { configArb, damageArb, type Export, exportArb, tableOf, WINDOW } from './exports.js';
import { comparable, encode, type EngineChoice, type InputFormat, runReport, type Table } from './harness.js';

interface Case {
  exp: Export;
  config: Record<string, unknown>;
  configFormat: 'yaml' | 'json';
  table: Table;
  format: InputFormat;
  lineEnd: string;
  thread: EngineChoice;
  maxFieldBytes: number | undefined;
  window: boolean;
}

/** An export with damaged rows mixed in, a config, a format, how the fast engine reads, a field limit. */
const caseArb: fc.Arbitrary<Case> = exportArb().chain((exp) =>
  fc
    .record({
      config: configArb(exp),
      configFormat: fc.constantFrom<'yaml' | 'json'>('yaml', 'json'),
      damage: fc.array(fc.tuple(fc.nat(), damageArb), { maxLength: 4 }),
      // Mostly CSV: JSON and NDJSON are read by one reader whatever the engine.
      format: fc.constantFrom<InputFormat>('csv', 'csv', 'csv.gz', 'json', 'ndjson'),
      lineEnd: fc.constantFrom('\n', '\r\n'),
      // The reading thread costs a worker start (about 0.2 s here): an eighth of the cases.
      thread: fc.oneof(
        { weight: 7, arbitrary: fc.constant<EngineChoice>({ reader: 'fast', thread: 'off' }) },
        {
          weight: 1,
          arbitrary: fc
            .integer({ min: 3, max: 300 })
            .map<EngineChoice>((chunk) => ({ reader: 'fast', thread: 'on', chunk })),
        },
      ),
      // Mostly no limit (the default 10 MiB); else one a record or a JSON value may pass or break.
      maxFieldBytes: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.integer({ min: 40, max: 1200 }) },
      ),
      window: fc.boolean(),
    })
    .map(({ config, configFormat, damage, format, lineEnd, thread, maxFieldBytes, window }) => {
      const rows = [...tableOf(exp).rows];
      for (const [at, cells] of damage) rows.splice(at % (rows.length + 1), 0, cells);
      return {
        exp,
        config,
        configFormat,
        table: { header: tableOf(exp).header, rows },
        format,
        lineEnd,
        thread,
        maxFieldBytes,
        window,
      };
    }),
);

/** Inputs under `npm test`, and shares of `npm run fuzz`'s time (test/fuzz/budget.ts). */
const ENGINES = { ci: 30, share: 0.5 };
const FORMATS = { ci: 25, share: 0.5 };

type Reader = (c: Case, engine: EngineChoice) => Promise<string>;

/** The real pipeline: the case's bytes read with `engine`, the JSON report (or the error) as text. */
const real: Reader = async (c, engine) =>
  comparable(
    await runReport({
      files: [{ bytes: encode(c.table, c.format, c.lineEnd), format: c.format }],
      config: c.config,
      configFormat: c.configFormat,
      engine,
      ...(c.window ? { flags: { ...WINDOW } } : {}),
      ...(c.maxFieldBytes === undefined ? {} : { maxFieldBytes: c.maxFieldBytes }),
    }),
  );

/** The checker: the fast engine, as the case reads it, and the reference reader agree byte for byte. */
const enginesAgree = (read: Reader) =>
  fc.asyncProperty(caseArb, async (c) => {
    const fast = await read(c, c.thread);
    const reference = await read(c, { reader: 'reference', thread: 'off' });
    expect(fast).toBe(reference);
  });

/** Runs `fn` with ticket id `target` unseen by the id index's byte lookup (the fast engine's lane only). */
async function withLaneMissing<T>(target: string, fn: () => Promise<T>): Promise<T> {
  const original = IdIndex.prototype.findBytes;
  const bytes = Buffer.from(target);
  IdIndex.prototype.findBytes = function (h, buf, s, e) {
    if (e - s === bytes.length && Buffer.compare(Buffer.from(buf.subarray(s, e)), bytes) === 0) return -1;
    return original.call(this, h, buf, s, e);
  };
  try {
    return await fn();
  } finally {
    IdIndex.prototype.findBytes = original;
  }
}

describe('differential fuzzing', () => {
  it(
    'fast engine (thread on/off, any read size) and reference reader write the same JSON report',
    async () => {
      await fuzz('engines agree', enginesAgree(real), ENGINES);
    },
    timeoutOf(0.5),
  );

  it('finds a planted fast-engine bug: the byte lane folds no duplicate of id 17', async () => {
    const found = await withLaneMissing('17', () => mustFind('engines agree', enginesAgree(real), ENGINES));
    expect(found.found, `not found in ${found.after} inputs`).toBe(true);
  });

  it('finds a planted fast-engine bug: the first data row of a CRLF file lost', async () => {
    const dropOne: Reader = (c, engine) =>
      real(
        engine.reader === 'fast' && c.lineEnd === '\r\n'
          ? { ...c, table: { ...c.table, rows: c.table.rows.slice(1) } }
          : c,
        engine,
      );
    const found = await mustFind('engines agree', enginesAgree(dropOne), ENGINES);
    expect(found.found, `not found in ${found.after} inputs`).toBe(true);
  });

  /** One input file of a run: rows of the export's table in a format, numbers as JSON literals or not. */
  interface Part {
    rows: readonly (readonly string[])[];
    format: InputFormat;
    numbers: boolean;
  }

  /** The figures and row counts of a run over `parts`, without what depends on the files (names, encodings, lines). */
  const figures = async (exp: Export, config: Record<string, unknown>, parts: readonly Part[]) => {
    const header = tableOf(exp).header;
    const out = await runReport({
      files: parts.map((p) => ({
        bytes: encode({ header, rows: p.rows }, p.format, '\n', p.numbers),
        format: p.format,
      })),
      config,
      flags: { ...WINDOW },
    });
    if (out.report === undefined) return { error: out.error?.code };
    const { read, rejected, nulled, used, skipped } = out.report.input;
    return { read, rejected, nulled, used, skipped, rows: out.report.rows, totals: out.report.totals ?? null };
  };

  type Figures = typeof figures;
  /** The export as one CSV file, and as one or two files (split at a row) in any formats: same figures. */
  const formatsAgree = (read: Figures) =>
    fc.asyncProperty(
      exportArb().chain((exp) => fc.tuple(fc.constant(exp), configArb(exp))),
      fc.constantFrom<InputFormat>('csv', 'csv.gz', 'json', 'ndjson'),
      fc.constantFrom<InputFormat>('csv', 'csv.gz', 'json', 'ndjson'),
      fc.boolean(),
      fc.option(fc.nat()),
      async ([exp, config], first, second, numbers, split) => {
        const rows = tableOf(exp).rows;
        const at = split === null || rows.length < 2 ? rows.length : 1 + (split % (rows.length - 1));
        const parts: Part[] = [{ rows: rows.slice(0, at), format: first, numbers }];
        if (at < rows.length) parts.push({ rows: rows.slice(at), format: second, numbers });
        expect(await read(exp, config, parts)).toEqual(
          await read(exp, config, [{ rows, format: 'csv', numbers: false }]),
        );
      },
    );

  it(
    'one export as CSV, CSV.gz, JSON or NDJSON, whole or split over two files, gives the same figures',
    async () => {
      await fuzz('formats agree', formatsAgree(figures), FORMATS);
    },
    timeoutOf(0.5),
  );

  it('finds a planted JSON reader bug: a team cell with a space read without it', async () => {
    const squeeze: Figures = (exp, config, parts) =>
      figures(
        exp,
        config,
        parts.map((p) =>
          p.format === 'json' || p.format === 'ndjson'
            ? { ...p, rows: p.rows.map((cells) => cells.map((cell, i) => (i === 4 ? cell.replace(' ', '') : cell))) }
            : p,
        ),
      );
    const found = await mustFind('formats agree', formatsAgree(squeeze), FORMATS);
    expect(found.found, `not found in ${found.after} inputs`).toBe(true);
  });

  it('finds a planted bug: the first row of a second input file lost', async () => {
    const lossy: Figures = (exp, config, parts) =>
      figures(
        exp,
        config,
        parts.map((p, i) => (i === 1 ? { ...p, rows: p.rows.slice(1) } : p)),
      );
    const found = await mustFind('formats agree', formatsAgree(lossy), FORMATS);
    expect(found.found, `not found in ${found.after} inputs`).toBe(true);
  });
});
