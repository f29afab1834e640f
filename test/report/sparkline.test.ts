/**
 * The terminal's one-line trends. Expected bars worked out by hand: a value v of [min, max] gets bar
 * floor((v - min) / (max - min) * 8), capped at the eighth.
 */
import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/report/renderers/sparkline.js';

describe('sparkline', () => {
  it('scales values between their minimum and maximum', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, null, 5])).toBe('▄ ▄');
    expect(sparkline([])).toBe('');
    expect(sparkline([null, Number.NaN])).toBe('  ');
  });

  it('draws more periods than a call can take arguments (Math.min(...values) threw past ~120k)', () => {
    // 200,000 periods: values 0..199,999, so the first is the lowest bar and the last the highest.
    const values = Array.from({ length: 200_000 }, (_, i) => i);
    const line = sparkline(values);
    expect([...line]).toHaveLength(200_000);
    expect(line.startsWith('▁')).toBe(true);
    expect(line.endsWith('█')).toBe(true);
  });
});
