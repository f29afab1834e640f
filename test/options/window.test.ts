/**
 * Relative windows and zones. "Now" is fixed: Wednesday 2025-11-26 12:00 UTC. Expected instants by
 * hand: New York is UTC-5 in November (EST), Berlin UTC+1 (CET); ISO weeks start on Monday.
 */
import { describe, expect, it } from 'vitest';
import { lastWindow, relativeInstant } from '../../src/options/relative.js';
import { resolveInputOptions, resolveWindow } from '../../src/options/resolve.js';
import type { Config } from '../../src/options/schema.js';

const NOW = Date.UTC(2025, 10, 26, 12);
const config = (over: Partial<Config> = {}): Config => ({ input: {}, report: {}, schedules: {}, ...over });

describe('relativeInstant', () => {
  it.each([
    ['today', 'UTC', Date.UTC(2025, 10, 26)],
    ['yesterday', 'UTC', Date.UTC(2025, 10, 25)],
    ['now', 'UTC', NOW],
    ['7 days ago', 'UTC', Date.UTC(2025, 10, 19)],
    ['2 weeks ago', 'UTC', Date.UTC(2025, 10, 12)],
    ['this week', 'UTC', Date.UTC(2025, 10, 24)],
    ['last week', 'UTC', Date.UTC(2025, 10, 17)],
    ['this month', 'UTC', Date.UTC(2025, 10, 1)],
    ['last month', 'UTC', Date.UTC(2025, 9, 1)],
    ['monday last week', 'UTC', Date.UTC(2025, 10, 17)],
    ['Friday this week', 'UTC', Date.UTC(2025, 10, 28)],
    ['last friday', 'UTC', Date.UTC(2025, 10, 21)],
    ['last wednesday', 'UTC', Date.UTC(2025, 10, 19)],
    // Midnight on the zone's clocks: 05:00 UTC in New York, 23:00 UTC the day before in Berlin.
    ['monday last week', 'America/New_York', Date.UTC(2025, 10, 17, 5)],
    ['today', 'Europe/Berlin', Date.UTC(2025, 10, 25, 23)],
  ])('%s in %s', (text, zone, expected) => {
    expect(relativeInstant(text, zone, NOW, 'monday')).toBe(expected);
  });

  it('starts weeks on Sunday when asked', () => {
    expect(relativeInstant('this week', 'UTC', NOW, 'sunday')).toBe(Date.UTC(2025, 10, 23));
  });

  it('is null for a date', () => {
    expect(relativeInstant('2025-11-17', 'UTC', NOW, 'monday')).toBeNull();
  });
});

describe('lastWindow', () => {
  it.each([
    ['week', Date.UTC(2025, 10, 17), Date.UTC(2025, 10, 24)],
    ['7d', Date.UTC(2025, 10, 19), Date.UTC(2025, 10, 26)],
    ['7 days', Date.UTC(2025, 10, 19), Date.UTC(2025, 10, 26)],
    ['day', Date.UTC(2025, 10, 25), Date.UTC(2025, 10, 26)],
    ['4w', Date.UTC(2025, 9, 27), Date.UTC(2025, 10, 24)],
    ['month', Date.UTC(2025, 9, 1), Date.UTC(2025, 10, 1)],
  ])('--last %s', (span, since, until) => {
    expect(lastWindow(span, 'UTC', NOW, 'monday')).toEqual({ since, until });
  });

  it('spans a DST change in the report zone: the week of 2025-11-02 in New York has 169 hours', () => {
    const now = Date.UTC(2025, 10, 5, 12);
    const { since, until } = lastWindow('week', 'America/New_York', now, 'monday');
    // Monday 2025-10-27 00:00 EDT (04:00 UTC) to Monday 2025-11-03 00:00 EST (05:00 UTC).
    expect(since).toBe(Date.UTC(2025, 9, 27, 4));
    expect(until).toBe(Date.UTC(2025, 10, 3, 5));
  });

  it.each(['fortnight', '0d', '-1w', 'week2'])('refuses %s', (span) => {
    expect(() => lastWindow(span, 'UTC', NOW, 'monday')).toThrow(expect.objectContaining({ where: '--last' }));
  });
});

describe('resolveWindow', () => {
  it('gives --last week from the instant it is passed', () => {
    const window = resolveWindow({ last: 'week', tz: 'Europe/Berlin' }, config(), NOW);
    expect(window.since).toBe(Date.UTC(2025, 10, 16, 23));
    expect(window.until).toBe(Date.UTC(2025, 10, 23, 23));
  });

  it('reads --since "monday last week" and --until "this week"', () => {
    const window = resolveWindow({ since: 'monday last week', until: 'this week' }, config(), NOW);
    expect([window.since, window.until]).toEqual([Date.UTC(2025, 10, 17), Date.UTC(2025, 10, 24)]);
  });

  it('refuses a relative window without the current instant, and --last beside --since', () => {
    expect(() => resolveWindow({ last: 'week' }, config())).toThrow(expect.objectContaining({ where: '--last' }));
    expect(() => resolveWindow({ since: 'yesterday' }, config())).toThrow(
      expect.objectContaining({ code: 'bad_boundary' }),
    );
    expect(() => resolveWindow({ last: 'week', since: '2025-11-01' }, config(), NOW)).toThrow(
      expect.objectContaining({ code: 'bad_option', where: '--last' }),
    );
  });

  it('reports in the input zone when no report zone is given', () => {
    expect(resolveWindow({ inputTz: 'America/New_York' }, config()).timezone).toBe('America/New_York');
    expect(resolveWindow({}, config({ input: { timezone: 'Europe/Berlin' } })).timezone).toBe('Europe/Berlin');
    expect(resolveWindow({ inputTz: 'America/New_York', tz: 'UTC' }, config()).timezone).toBe('UTC');
    expect(resolveWindow({ inputTz: 'America/New_York' }, config({ report: { timezone: 'UTC' } })).timezone).toBe(
      'UTC',
    );
    expect(resolveWindow({}, config()).timezone).toBe('UTC');
    // --since is then read on the input zone's calendar: 2025-11-17 00:00 in New York.
    expect(resolveWindow({ inputTz: 'America/New_York', since: '2025-11-17' }, config()).since).toBe(
      Date.UTC(2025, 10, 17, 5),
    );
  });

  it.each([
    ['EST', 'America/New_York'],
    ['pst', 'America/Los_Angeles'],
    ['CET', 'Europe/Berlin'],
  ])('refuses the abbreviation %s, naming %s', (zone, meant) => {
    let caught: unknown;
    try {
      resolveWindow({ tz: zone }, config());
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'fixed_offset_zone', where: '--tz', exitCode: 2 });
    expect((caught as { hint: string }).hint).toContain(meant);
    expect(() => resolveInputOptions({ inputTz: zone }, config())).toThrow(
      expect.objectContaining({ code: 'fixed_offset_zone', where: '--input-tz' }),
    );
  });

  it('takes EST as a fixed offset with --allow-fixed-offset', () => {
    expect(resolveWindow({ tz: 'EST', allowFixedOffset: true, since: '2025-07-01' }, config()).since).toBe(
      Date.UTC(2025, 6, 1, 5),
    );
  });
});
