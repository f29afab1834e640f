/**
 * The zone offsets behind zoneOffsetMs / wallToEpoch (zone.ts `HourCache`, now with a direct-mapped
 * front array of 4096 hour slots before the per-hour Map) must be the offsets the zone data gives,
 * for every millisecond, whatever was asked before: hours that share a front slot (h and h + 4096k),
 * hours with a step (DST, half-hour Lord Howe, Apia skipping a day), negative years, the ends of the
 * ECMAScript range.
 *
 * The expected values are computed here without zone.ts: the offset is the runtime's zone data read
 * uncached at that very millisecond (`tzOffset`, as zone.ts documents), and a wall reading is turned
 * into an instant by the documented rule (an overlap takes the earlier instant, a gap moves forward
 * by its length), found by trying the offsets of the surrounding days.
 */
import { tzOffset } from '@date-fns/tz/tzOffset';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallToEpoch, zoneOffsetMs } from '../../src/calendar/zone.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const FRONT = 4096;
/** zone.ts answers NaN outside ±(8.64e15 - 2 days). */
const LIMIT = 8.64e15 - 2 * DAY;

const ZONES = [
  'America/New_York',
  'Australia/Lord_Howe',
  'Pacific/Apia',
  'America/St_Johns',
  'Europe/Dublin',
  'Europe/Amsterdam',
  'Asia/Kathmandu',
  'UTC',
];

/** The zone's offset at `ms` straight from the zone data (ms east of UTC, whole seconds). */
function truth(zone: string, ms: number): number {
  return zone === 'UTC' ? 0 : Math.round(tzOffset(zone, new Date(ms)) * MINUTE);
}

/** The instant at which clocks in `zone` read wall time `wall` (as if UTC ms), by the documented DST rule. */
function wallTruth(zone: string, wall: number): number {
  const before = truth(zone, wall - DAY);
  const after = truth(zone, wall + DAY);
  const real = [before, after].map((offset) => wall - offset).filter((t) => wall - t === truth(zone, t));
  // Both real: an overlap, the earlier instant. Neither: a gap, the offset from before it.
  return real.length > 0 ? Math.min(...real) : wall - before;
}

/** Every instant in [from, to) at which the zone's offset changes (to the millisecond). */
function transitions(zone: string, from: number, to: number): number[] {
  const found: number[] = [];
  for (let t = from; t < to; t += HOUR) {
    if (truth(zone, t) === truth(zone, t + HOUR)) continue;
    let low = t;
    let high = t + HOUR;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (truth(zone, middle) === truth(zone, t)) low = middle;
      else high = middle;
    }
    found.push(high);
  }
  return found;
}

/** ISO text for messages (also for instants Date cannot show). */
const iso = (ms: number): string => (Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms));

function checkInstant(zone: string, ms: number): void {
  const expected = ms >= -LIMIT && ms <= LIMIT ? truth(zone, ms) : NaN;
  expect(zoneOffsetMs(zone, ms), `${zone} offset at ${ms} (${iso(ms)})`).toBe(expected);
}

function checkWall(zone: string, wall: number): void {
  // wallToEpoch(zone, 1970, 1, 1, 0, 0, 0, ms) reads wall time `ms` milliseconds after 1970-01-01 00:00.
  const expected = wall >= -LIMIT && wall <= LIMIT ? wallTruth(zone, wall) : NaN;
  expect(wallToEpoch(zone, 1970, 1, 1, 0, 0, 0, wall), `${zone} wall ${wall} (${iso(wall)})`).toBe(expected);
}

describe('zone offsets with the front array (HourCache)', () => {
  it(
    'gives the zone data offset at every minute around transitions, ' +
      'also after aliasing hours (h + 4096) took the front slot',
    () => {
      // Years with steps: DST, Lord Howe's half hour, Apia's skipped day (2011) and DST, St John's
      // -03:30, Amsterdam's +00:19:32 -> +00:20 (1937), Kathmandu's +05:30 -> +05:45 (1986).
      const windows: [string, number, number][] = [
        ['America/New_York', Date.UTC(2024, 0, 1), Date.UTC(2026, 0, 1)],
        ['Australia/Lord_Howe', Date.UTC(2024, 0, 1), Date.UTC(2026, 0, 1)],
        ['Pacific/Apia', Date.UTC(2011, 8, 1), Date.UTC(2012, 5, 1)],
        ['America/St_Johns', Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1)],
        ['Europe/Dublin', Date.UTC(2025, 0, 1), Date.UTC(2026, 0, 1)],
        ['Europe/Amsterdam', Date.UTC(1937, 0, 1), Date.UTC(1938, 0, 1)],
        ['Asia/Kathmandu', Date.UTC(1985, 11, 1), Date.UTC(1986, 1, 1)],
      ];
      for (const [zone, from, to] of windows) {
        const steps = transitions(zone, from, to).slice(0, 4);
        expect(steps.length, zone).toBeGreaterThan(0);
        for (const at of steps) {
          for (let ms = at - 2 * HOUR; ms <= at + 2 * HOUR; ms += MINUTE) {
            // The same front slot by another hour first, then the hour itself, then the other again.
            const alias = ms + FRONT * HOUR * (ms % 2 === 0 ? 1 : -3);
            checkInstant(zone, alias);
            checkInstant(zone, ms);
            checkInstant(zone, alias);
            checkInstant(zone, ms - 1);
            checkInstant(zone, ms + 1);
          }
          // The exact transition millisecond and its neighbours, asked in both orders.
          for (const ms of [at + 1, at, at - 1, at, at + 1]) checkInstant(zone, ms);
        }
      }
    },
  );

  it(
    'reads wall times around transitions (gaps and overlaps) ' +
      'as the documented rule says, whatever the order of asking',
    () => {
      const windows: [string, number, number][] = [
        ['America/New_York', Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)],
        ['Australia/Lord_Howe', Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)],
        ['Pacific/Apia', Date.UTC(2011, 8, 1), Date.UTC(2012, 5, 1)],
        ['Europe/Dublin', Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)],
      ];
      for (const [zone, from, to] of windows) {
        const steps = transitions(zone, from, to);
        expect(steps.length, zone).toBeGreaterThan(0);
        for (const at of steps) {
          const walls: number[] = [];
          const wallAt = at + truth(zone, at - 1);
          for (let wall = wallAt - 3 * HOUR; wall <= wallAt + 3 * HOUR; wall += 7 * MINUTE)
            walls.push(wall, wall + FRONT * HOUR);
          for (const wall of walls) checkWall(zone, wall);
          for (const wall of [...walls].reverse()) checkWall(zone, wall);
        }
      }
    },
  );

  it('gives the zone data offset for any millisecond of the range, negative years and local mean time included', () => {
    const anyMs = fc.oneof(
      fc.integer({ min: -LIMIT - 5 * DAY, max: LIMIT + 5 * DAY }),
      // Years -3000..3000, and hours that share front slots with each other.
      fc.integer({ min: -157_000_000_000_000, max: 32_500_000_000_000 }),
      fc
        .tuple(
          fc.integer({ min: -2_000_000, max: 2_000_000 }),
          fc.integer({ min: -6, max: 6 }),
          fc.integer({ min: 0, max: HOUR - 1 }),
        )
        .map(([hour, k, rest]) => (hour + k * FRONT) * HOUR + rest),
    );
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(anyMs, { minLength: 1, maxLength: 40 }), (zone, list) => {
        for (const ms of list) checkInstant(zone, ms);
        for (const ms of [...list].reverse()) checkInstant(zone, ms);
      }),
      { numRuns: 300 },
    );
  });

  it('reads any wall time as the documented rule says, negative years included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(
          fc.oneof(
            fc.integer({ min: -LIMIT, max: LIMIT }),
            fc.integer({ min: -70_000_000_000_000, max: 32_500_000_000_000 }),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (zone, walls) => {
          for (const wall of walls) checkWall(zone, wall);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('answers NaN outside the range and for NaN, before and after the same slots were filled', () => {
    for (const zone of ['America/New_York', 'UTC']) {
      for (const ms of [NaN, LIMIT + 1, -LIMIT - 1, Infinity, -Infinity, 0, LIMIT, -LIMIT, NaN]) checkInstant(zone, ms);
      expect(wallToEpoch(zone, 1970, 1, 1, 0, 0, 0, NaN)).toBeNaN();
    }
  });
});
