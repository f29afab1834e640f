/** The event-log options (--variants, --top, --bottleneck-min-cases, --case-end, config events:) as resolved. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { DEFAULT_BOTTLENECK_MIN_CASES, resolveEventLogOptions, type ReportFlags } from './resolve.js';
import { validateConfig } from './schema.js';

const config = (events?: Record<string, unknown>) => validateConfig(events === undefined ? {} : { events });
const events = { events: ['log.csv'] };

describe('resolveEventLogOptions', () => {
  it('states its defaults', () => {
    expect(resolveEventLogOptions({}, config())).toEqual({
      cancelled: 'closed',
      caseAttributes: 'first',
      caseEnd: undefined,
      bottleneckMinCases: DEFAULT_BOTTLENECK_MIN_CASES,
      variants: false,
      collapseRepeats: false,
      top: null,
    });
    expect(DEFAULT_BOTTLENECK_MIN_CASES).toBe(30);
  });

  it('takes the config, and the flags over it', () => {
    const fromConfig = config({
      case_attributes: 'last',
      cancelled: 'unresolved',
      case_end: 'Closed',
      bottleneck_min_cases: 5,
      variants_collapse_repeats: true,
    });
    expect(resolveEventLogOptions({}, fromConfig)).toMatchObject({
      caseAttributes: 'last',
      cancelled: 'unresolved',
      caseEnd: 'Closed',
      bottleneckMinCases: 5,
      collapseRepeats: true,
    });
    const flags: ReportFlags = { ...events, caseAttributes: 'first', caseEnd: 'Done', bottleneckMinCases: '2' };
    expect(resolveEventLogOptions(flags, fromConfig)).toMatchObject({
      caseAttributes: 'first',
      caseEnd: 'Done',
      bottleneckMinCases: 2,
    });
  });

  it.each([
    [{ variants: true } as ReportFlags, '--variants applies to event logs'],
    [{ ...events, top: '5' }, '--top applies to the variant list'],
    [{ ...events, variants: true, top: '0' }, '--top must be a whole number > 0'],
    [{ ...events, variants: true, top: 'ten' }, '--top must be a whole number'],
    [{ ...events, bottleneckMinCases: '-1' }, '--bottleneck-min-cases must be a whole number'],
    [{ ...events, variants: true, format: 'html' }, '--variants cannot be written as html'],
    [{ ...events, variants: true, output: 'variants.html' }, '--variants cannot be written as html'],
  ])('refuses %j (usage, exit 2)', (flags, message) => {
    let error: unknown;
    try {
      resolveEventLogOptions(flags, config());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).exitCode).toBe(2);
    expect((error as AppError).message).toContain(message);
  });
});

describe('config events:', () => {
  it('reads a whole number in the vocabulary as its digits', () => {
    expect(config({ vocabulary: { closed: [7, 'Done'] } }).events?.vocabulary).toEqual({ closed: ['7', 'Done'] });
  });

  it('refuses a number whose spelling is lost, saying to quote it', () => {
    expect(() => config({ vocabulary: { closed: [1.1] } })).toThrow(/events\.vocabulary\.closed\[0\]: must be a text/);
  });

  it.each([
    [{ case_attributes: 'middle' }, 'events.case_attributes'],
    [{ cancelled: 'maybe' }, 'events.cancelled'],
    [{ bottleneck_min_cases: 0 }, 'events.bottleneck_min_cases'],
    [{ variants: true }, 'events.variants'],
  ])('refuses %j naming the key', (section, key) => {
    expect(() => config(section)).toThrow(key);
  });
});
