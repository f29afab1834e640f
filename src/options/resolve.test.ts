/** The new input options of issue #19, validated where every option is (resolve.ts, schema.ts). */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { parseConfig } from './schema.js';
import {
  resolveColumns,
  resolveDateFormats,
  resolveInputOptions,
  resolveOrderFlags,
  splitUnmapped,
} from './resolve.js';

const empty = { input: {}, report: {}, schedules: {} };
const fails = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('did not fail');
};

describe('mappings the user undoes', () => {
  it('splits field= and null from the mapping; a later mapping of the field wins', () => {
    expect(splitUnmapped({ agent: '', team: 'Queue', category: null }, ['status'])).toEqual({
      map: { team: 'Queue' },
      unmap: ['status', 'agent', 'category'],
    });
    expect(splitUnmapped({ agent: 'Owner' }, ['agent'])).toEqual({ map: { agent: 'Owner' }, unmap: [] });
  });

  it('takes --map field=, --unmap lists and config null together', () => {
    const config = parseConfig('input:\n  map: { agent: null, team: Queue }\n', 'test');
    const input = resolveInputOptions({ map: ['category='], unmap: ['status,tags'] }, config);
    expect(input.map).toEqual({ team: 'Queue' });
    expect(input.unmap.sort()).toEqual(['agent', 'category', 'status', 'tags']);
    expect(fails(() => resolveInputOptions({ unmap: ['Agent Name'] }, empty))).toMatchObject({
      code: 'bad_mapping',
      where: '--unmap',
    });
  });
});

describe('date formats', () => {
  it('puts flags over the config, list by list and column by column', () => {
    expect(
      resolveDateFormats(['created=d/M/yyyy HH:mm'], ['dd-MMM-yy', 'iso'], { 'Ship Date': 'dd-MMM-yy', created: 'x' }),
    ).toEqual({ formats: ['dd-MMM-yy', 'iso'], byColumn: { 'Ship Date': ['dd-MMM-yy'], created: ['d/M/yyyy HH:mm'] } });
    const config = parseConfig(
      'input:\n  date_format: [dd-MMM-yy, iso]\n  date_formats: { opened_at: d/M/yyyy }\n',
      't',
    );
    expect(resolveInputOptions({}, config).dateFormats).toEqual({
      formats: ['dd-MMM-yy', 'iso'],
      byColumn: { opened_at: ['d/M/yyyy'] },
    });
    expect(resolveInputOptions({}, config).dateFormat).toBe('dd-MMM-yy');
  });
});

describe('files without a header row', () => {
  it('needs --no-header with --columns, or config input.columns', () => {
    expect(resolveColumns({ header: false, columns: 'a, b,c' })).toEqual(['a', 'b', 'c']);
    expect(resolveColumns({}, ['x', 'y'])).toEqual(['x', 'y']);
    expect(resolveColumns({})).toBeUndefined();
    expect(fails(() => resolveColumns({ columns: 'a,b' }))).toMatchObject({ code: 'bad_option', where: '--columns' });
    expect(fails(() => resolveColumns({ header: false }))).toMatchObject({ code: 'bad_option', where: '--no-header' });
  });
});

describe('config', () => {
  it('validates metrics: ids, units and statistics, naming the key', () => {
    const ok = parseConfig('metrics:\n  handle_time: { column: "Handle Time (h)", stat: [p90], unit: hours }\n', 't');
    expect(ok.metrics).toEqual([{ id: 'handle_time', column: 'Handle Time (h)', unit: 'hours', stat: ['p90'] }]);
    expect(fails(() => parseConfig('metrics:\n  frt: { column: x }\n', 't'))).toMatchObject({
      code: 'bad_config',
      where: 'metrics.frt',
    });
    expect(fails(() => parseConfig('metrics:\n  t: { column: x, unit: hours, stat: [sum] }\n', 't'))).toMatchObject({
      code: 'bad_config',
      where: 'metrics.t.stat[0]',
    });
    expect(fails(() => parseConfig('metrics:\n  t: { unit: hours }\n', 't'))).toMatchObject({
      where: 'metrics.t.column',
    });
  });

  it('validates the orders keys: before_created fields and rules, the review scale, the promise zone', () => {
    expect(fails(() => parseConfig('orders:\n  before_created: { created: keep }\n', 't'))).toMatchObject({
      code: 'unknown_key',
      where: 'orders.before_created.created',
    });
    expect(fails(() => parseConfig('orders:\n  before_created: { paid: ignore }\n', 't'))).toMatchObject({
      code: 'bad_config',
    });
    const scale = parseConfig('orders:\n  review_good_min: 3\n  review_bad_max: 3\n', 't');
    expect(fails(() => resolveOrderFlags({}, scale, []))).toMatchObject({ where: 'orders.review_bad_max' });
    expect(fails(() => resolveOrderFlags({ promiseTz: 'Mars/Olympus' }, empty, []))).toMatchObject({
      code: 'bad_timezone',
      where: '--promise-tz',
    });
    const flags = resolveOrderFlags({ tz: 'Europe/Berlin', ordersMap: ['channel='] }, empty, []);
    expect(flags).toMatchObject({ promiseTimezone: 'Europe/Berlin', promiseTimezoneGiven: false, unmap: ['channel'] });
  });
});
