/** Unfulfilled age (hours): as-of minus creation for orders neither cancelled nor fulfilled (nor shipped). */
import { describe, expect, it } from 'vitest';
import { byCreation, OFFICE, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { unfulfilledAge } from './unfulfilled-age.js';

describe('unfulfilled_age', () => {
  it('the shop at Wed 15th 0h: #1005 (Fri 12:00) 108 h, #1007 (Tue 08:00) 16 h; #1003 cancelled is left out', () => {
    const ctx = shopContext();
    expect(unfulfilledAge.compute(ctx, byCreation(ctx.table), WHOLE)).toMatchObject({
      kind: 'duration',
      unit: 'hours',
      n: 2,
      mean: 62,
      median: 62,
      min: 16,
      max: 108,
    });
  });

  it('an order fulfilled after as-of is still unfulfilled at as-of', () => {
    // as-of Tue 7th 12:00: #1001 (fulfilled Tue 16:00) has waited since Mon 10:00 -> 26 h; #1002 (created
    // 11:00) 1 h; later orders are in the table but created after as-of: the cohort is the first two
    const ctx = shopContext({ asOf: Date.parse('2025-10-07T12:00:00Z') });
    expect(unfulfilledAge.compute(ctx, Int32Array.of(0, 1), WHOLE)).toMatchObject({ n: 2, min: 1, max: 26 });
  });

  it('in business hours (Mon-Fri 09:00-17:00): #1005 Fri 12:00 -> Wed 0h = 5 + 8 + 8 = 21 h', () => {
    const ctx = shopContext({ schedule: OFFICE });
    expect(unfulfilledAge.compute(ctx, Int32Array.of(4), WHOLE)).toMatchObject({ n: 1, median: 21 });
  });
});
