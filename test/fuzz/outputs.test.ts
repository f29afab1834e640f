/**
 * Fuzzing what comes out: `check` verdicts and the renderers, over generated exports and configs.
 *
 * - `check`: every judged result agrees with the report's own figure for its metric, statistic,
 *   period and group (`value` is the report's figure; pass exactly when `value op target` holds),
 *   and the exit code follows from the results (3 with an error, else 1 with a failure, else 0).
 * - Renderers: every output format renders every generated report (damaged rows mixed in) without
 *   throwing; CSV has a record per report row; JSON reads back as the report; and the accounting
 *   identity read = used + outside the window + duplicate + rejected holds.
 *
 * Each property is shown able to fail: the same checker run against a planted bug must find it.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzz, mustFind, timeoutOf } from './budget.js';
import { configArb, damageArb, type Export, exportArb, tableOf, thresholdArb, WINDOW } from './exports.js';
import { api, type CheckOutcome, encode, type RunOutcome, runCheck, runReport } from './harness.js';

/** Inputs under `npm test`, and shares of `npm run fuzz`'s time (test/fuzz/budget.ts). */
const CHECK = { ci: 20, share: 0.5 };
const RENDER = { ci: 10, share: 0.5 };

/** What the properties saw under `npm test`: a property that judged nothing would pass vacuously. */
const seen = { judged: 0, rendered: 0 };

const expectFound = (found: { found: boolean; after: number }) =>
  expect(found.found, `the planted bug survived ${found.after} inputs`).toBe(true);

const csvOf = (exp: Export) => [{ bytes: encode(tableOf(exp), 'csv'), format: 'csv' as const }];

// ---------------------------------------------------------------------------------------------
// check against the report.

/** A config without `report.by` (a threshold without `by` judges the whole window), and 1 to 3 thresholds. */
const checkCaseArb = exportArb().chain((exp) =>
  fc.tuple(
    fc.constant(exp),
    configArb(exp).map((config) => {
      const { by: _by, ...report } = config.report as Record<string, unknown>;
      return { ...config, report };
    }),
    fc.array(thresholdArb, { minLength: 1, maxLength: 3 }),
  ),
);

type Checker = (exp: Export, config: Record<string, unknown>, thresholds: string[]) => Promise<CheckOutcome>;
const realCheck: Checker = (exp, config, thresholds) =>
  runCheck({ files: csvOf(exp), config, flags: { ...WINDOW } }, thresholds, 1);

const holds = (value: number, op: string, target: number): boolean =>
  op === '<=' ? value <= target : op === '>=' ? value >= target : op === '<' ? value < target : value > target;

type Row = {
  period: { label: string };
  group: Record<string, unknown>;
  metrics: Record<string, Record<string, unknown>>;
};

const checkAgreesWithReport = (check: Checker) =>
  fc.asyncProperty(checkCaseArb, async ([exp, config, thresholds]) => {
    const judged = await check(exp, config, thresholds);
    if (judged.check === undefined) return;
    const reports = new Map<string, RunOutcome>();
    for (const by of [undefined, 'team']) {
      reports.set(
        by ?? '',
        await runReport({ files: csvOf(exp), config, flags: { ...WINDOW, ...(by === undefined ? {} : { by }) } }),
      );
    }
    const { results, exit_code } = judged.check.outcome;
    seen.judged += results.filter((r) => r.status === 'pass' || r.status === 'fail').length;
    for (const result of results) {
      const report = reports.get(Object.keys(result.group).join(','))?.report;
      expect(report, result.name).toBeDefined();
      const row = ((report?.rows ?? []) as unknown as Row[]).find(
        (r) =>
          r.period.label === (result.period?.label ?? 'all') &&
          JSON.stringify(r.group) === JSON.stringify(result.group),
      );
      const metric = row?.metrics[result.metric];
      const figure =
        metric === undefined ? null : (metric[result.stat === 'value' ? 'value' : result.stat] as number | null);
      if (result.status === 'pass' || result.status === 'fail') {
        expect(figure, `${result.name}: the report's figure`).not.toBeNull();
        expect(result.value as number, result.name).toBeCloseTo(figure as number, 6);
        // A figure on the target itself is left out: rounding may fall either side.
        if (Math.abs((figure as number) - result.target) > 1e-6)
          expect(result.status, result.name).toBe(holds(figure as number, result.op, result.target) ? 'pass' : 'fail');
      }
      expect(result.fails_run, result.name).toBe(result.status === 'error' || result.status === 'fail');
    }
    const expectedExit = results.some((r) => r.status === 'error') ? 3 : results.some((r) => r.fails_run) ? 1 : 0;
    expect(exit_code).toBe(expectedExit);
  });

// ---------------------------------------------------------------------------------------------
// Renderers and the accounting identity.

/** An export with damaged rows mixed in, a config, with or without the window. */
const renderCaseArb = exportArb().chain((exp) =>
  fc.record({
    exp: fc.constant(exp),
    config: configArb(exp),
    damage: fc.array(fc.tuple(fc.nat(), damageArb), { maxLength: 4 }),
    window: fc.boolean(),
  }),
);

type RenderCase = { exp: Export; config: Record<string, unknown>; damage: [number, string[]][]; window: boolean };
type Reporter = (c: RenderCase) => Promise<RunOutcome>;
type Render = typeof api.render;

const realReport: Reporter = (c) => {
  const rows = [...tableOf(c.exp).rows];
  for (const [at, cells] of c.damage) rows.splice(at % (rows.length + 1), 0, cells);
  return runReport({
    files: [{ bytes: encode({ header: tableOf(c.exp).header, rows }, 'csv'), format: 'csv' }],
    config: c.config,
    flags: c.window ? { ...WINDOW } : {},
  });
};

const rendersAndAccounts = (report: Reporter, render: Render) =>
  fc.asyncProperty(renderCaseArb, async (c) => {
    const out = await report(c);
    if (out.report === undefined) return;
    seen.rendered++;
    const { read, used, rejected, skipped } = out.report.input;
    expect(read, 'read = used + outside the window + duplicate + rejected').toBe(
      used + skipped.outside_period + skipped.duplicate + rejected,
    );
    for (const format of api.OUTPUT_FORMATS) {
      const data = await render(out.report, format, { sink: 'file' });
      expect(data.length, format).toBeGreaterThan(0);
      if (format === 'csv') {
        const records = parse(data as string, { relax_column_count: false, bom: true }) as string[][];
        expect(records.length, 'CSV: a header and a record per report row').toBe(out.report.rows.length + 1);
      }
      if (format === 'json') expect(JSON.parse(data as string)).toEqual(JSON.parse(JSON.stringify(out.report)));
    }
  });

describe('output fuzzing', () => {
  it(
    'check judges the figures the report shows, and its exit code follows from its results',
    async () => {
      seen.judged = 0;
      await fuzz('check agrees with the report', checkAgreesWithReport(realCheck), CHECK);
      expect(seen.judged, 'results judged pass or fail').toBeGreaterThan(10);
    },
    timeoutOf(0.5),
  );

  it('finds a planted bug: check compares >= the wrong way round', async () => {
    const flipped: Checker = async (exp, config, thresholds) => {
      const judged = await realCheck(exp, config, thresholds);
      for (const r of judged.check?.outcome.results ?? []) {
        if (r.op === '>=' && (r.status === 'pass' || r.status === 'fail'))
          r.status = r.status === 'pass' ? 'fail' : 'pass';
      }
      return judged;
    };
    expectFound(await mustFind('check agrees with the report', checkAgreesWithReport(flipped), CHECK));
  });

  it(
    'every renderer renders every report, and read = used + outside + duplicate + rejected',
    async () => {
      seen.rendered = 0;
      await fuzz('renderers and accounting', rendersAndAccounts(realReport, api.render), RENDER);
      expect(seen.rendered, 'reports rendered').toBeGreaterThan(5);
    },
    timeoutOf(0.5),
  );

  it('finds a planted bug: a duplicate row also counted as used', async () => {
    const doubleCount: Reporter = async (c) => {
      const out = await realReport(c);
      if (out.report !== undefined && out.report.input.skipped.duplicate > 0) out.report.input.used += 1;
      return out;
    };
    expectFound(await mustFind('renderers and accounting', rendersAndAccounts(doubleCount, api.render), RENDER));
  });

  it('finds a planted bug: the CSV renderer loses its last row', async () => {
    const lossy: Render = async (report, format, options) => {
      const data = await api.render(report, format, options);
      return format === 'csv' ? (data as string).replace(/\r?\n[^\n]*\n?$/, '\n') : data;
    };
    expectFound(await mustFind('renderers and accounting', rendersAndAccounts(realReport, lossy), RENDER));
  });
});
