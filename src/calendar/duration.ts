/**
 * Duration text as written in SLA targets and check thresholds: `30m`, `4h`, `2d`, `1h30m`, `1.5h`,
 * `45s`, `1m30s`. Units: `d` (24 hours), `h`, `m` (also `min`), `s` (also `sec`), largest first,
 * each at most once. Seconds are for chat and phone targets, which are set in seconds.
 */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
const DURATION_RE =
  /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)(?:min|m))?(?:(\d+(?:\.\d+)?)(?:sec|s))?$/;

/**
 * Milliseconds of a duration text, or null when it is not one (a bare number has no unit and is
 * refused: `4` could mean minutes or hours). Spaces between parts are allowed (`1h 30m`).
 * @example parseDuration('1h30m') // 5_400_000
 * @example parseDuration('2d') // 172_800_000
 * @example parseDuration('45s') // 45_000
 * @example parseDuration('4') // null
 */
export function parseDuration(text: string): number | null {
  const match = DURATION_RE.exec(text.trim().toLowerCase().replace(/\s+/g, ''));
  if (!match || match.slice(1).every((part) => part === undefined)) return null;
  const part = (value: string | undefined, unit: keyof typeof UNIT_MS) =>
    value === undefined ? 0 : Number(value) * UNIT_MS[unit];
  return Math.round(part(match[1], 'd') + part(match[2], 'h') + part(match[3], 'm') + part(match[4], 's'));
}

/**
 * True when a duration text counts in seconds (`45s`, `1m30s`): a threshold written so is shown in seconds.
 * @example hasSeconds('45s') // true
 * @example hasSeconds('4h') // false
 */
export function hasSeconds(text: string): boolean {
  return /\d(?:sec|s)$/.test(text.trim().toLowerCase().replace(/\s+/g, ''));
}
