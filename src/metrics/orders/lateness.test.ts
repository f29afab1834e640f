/** Lateness (hours): event minus promise over the late orders; calendar or business hours. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import { byCreation, OFFICE, orderOptions, orderTableOf, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { lateness } from './lateness.js';

describe('lateness', () => {
  it('the shop: #1002 promised Fri 24:00 (Sat 0h), delivered Mon 12:00 -> 48 + 12 = 60 h', () => {
    const ctx = shopContext();
    expect(lateness.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'duration',
      unit: 'hours',
      n: 1,
      mean: 60,
      median: 60,
      p90: 60,
      p95: 60,
      min: 60,
      max: 60,
    });
  });

  it('in business hours (Mon-Fri 09:00-17:00): Saturday to Monday 12:00 is 3 h', () => {
    const ctx = shopContext({ schedule: OFFICE });
    expect(lateness.compute(ctx, byCreation(ctx.table), WHOLE)).toMatchObject({ n: 1, median: 3 });
  });

  it('n 0 and null figures without late orders', () => {
    const table = orderTableOf([
      {
        id: 'A',
        created: '2025-10-06T00:00:00Z',
        delivered: '2025-10-07T00:00:00Z',
        promised: '2025-10-08T00:00:00Z',
      },
    ]);
    const ctx = createOrderContext(table, orderOptions(), null);
    expect(lateness.compute(ctx, byCreation(table), WHOLE)).toMatchObject({ n: 0, median: null, max: null });
  });
});
