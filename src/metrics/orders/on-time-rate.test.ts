/** On-time rate: orders delivered (or fulfilled) by the promise / those delivered with a promise. */
import { describe, expect, it } from 'vitest';
import { createOrderContext } from './context.js';
import { byCreation, orderOptions, orderTableOf, shopContext, WHOLE } from '../../../test/helpers/orders.js';
import { onTimeRate } from './on-time-rate.js';

describe('on_time_rate', () => {
  it('the shop: #1001 and #1006 on time, #1002 late; open, cancelled and promise-less orders left out -> 2 / 3', () => {
    const ctx = shopContext();
    expect(onTimeRate.compute(ctx, byCreation(ctx.table), WHOLE)).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 3,
      value: 2 / 3,
    });
  });

  it('on the fulfilment event: #1001, #1002 (Fri 16:30 < Sat 0h), #1004, #1006 all by the promise -> 4 / 4', () => {
    const ctx = shopContext({ onTimeEvent: 'fulfilled' });
    expect(onTimeRate.compute(ctx, byCreation(ctx.table), WHOLE)).toMatchObject({ numerator: 4, denominator: 4 });
  });

  it('an event exactly at the promise is on time', () => {
    const table = orderTableOf([
      {
        id: 'A',
        created: '2025-10-06T00:00:00Z',
        delivered: '2025-10-08T00:00:00Z',
        promised: '2025-10-08T00:00:00Z',
      },
    ]);
    const ctx = createOrderContext(table, orderOptions(), null);
    expect(onTimeRate.compute(ctx, byCreation(table), WHOLE)).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('without a promise column: created + N business days (the end of the Nth whole weekday after creation)', () => {
    // created Tuesday 08:00 (under way: not counted), 2 days -> the end of Thursday; delivered Thursday 20:00: on
    // time; the other, created the same hour and delivered Friday 01:00: late
    const table = orderTableOf([
      { id: 'A', created: '2025-10-14T08:00:00Z', delivered: '2025-10-16T20:00:00Z' },
      { id: 'B', created: '2025-10-14T08:00:00Z', delivered: '2025-10-17T01:00:00Z' },
    ]);
    const ctx = createOrderContext(table, orderOptions({ promiseDays: 2 }), null);
    expect(ctx.promiseAt[0]).toBe(Date.parse('2025-10-17T00:00:00Z'));
    expect(onTimeRate.compute(ctx, byCreation(table), WHOLE)).toMatchObject({ numerator: 1, denominator: 2 });
  });

  it('is unavailable without the event column or any promise', () => {
    const noDelivered = createOrderContext(
      orderTableOf([{ id: 'A', created: '2025-10-06T00:00:00Z', promised: '2025-10-08T00:00:00Z' }]),
      orderOptions(),
      null,
    );
    expect(onTimeRate.unavailable(noDelivered)).toBe('no delivered column: map delivered');
    const noPromise = createOrderContext(
      orderTableOf([{ id: 'A', created: '2025-10-06T00:00:00Z', delivered: '2025-10-08T00:00:00Z' }]),
      orderOptions(),
      null,
    );
    expect(onTimeRate.unavailable(noPromise)).toMatch(/^no promise: map a promised/);
  });
});
