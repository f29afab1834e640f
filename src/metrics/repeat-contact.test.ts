/** Repeat contact rate (industry CRR) and repeat customer rate, on tickets with and without customers. */
import { describe, expect, it } from 'vitest';
import { DAY, metricOver, referenceContext, referenceOptions } from './reference.js';
import { repeatContactRate, repeatCustomerRate } from './repeat-contact.js';

describe('repeat_contact_rate', () => {
  it('is tickets whose customer wrote in the previous 7 days, plus follow-ups of closed tickets / created', () => {
    const tickets = [
      { id: '1', created: 0, customer: 'a' },
      { id: '2', created: 3 * DAY, customer: 'a' }, // a wrote 3 days before: repeat
      { id: '3', created: 20 * DAY, customer: 'a' }, // a's previous ticket 17 days before: no
      { id: '4', created: DAY, customer: 'b' },
      { id: '5', created: 2 * DAY }, // no customer: never linked
      { id: '6', created: 4 * DAY, follow_up: 1 }, // Zendesk `Via: Closed ticket`, no customer: repeat
    ];
    // 2 / 6
    expect(metricOver(repeatContactRate, tickets)).toEqual({
      kind: 'rate',
      numerator: 2,
      denominator: 6,
      value: 1 / 3,
    });
  });

  it('window edge: exactly 7 days after counts, 1 ms more does not; a 0-day window takes only the same instant', () => {
    const tickets = [
      { created: 0, customer: 'a' },
      { created: 7 * DAY, customer: 'a' }, // repeat
      { created: 0, customer: 'b' },
      { created: 7 * DAY + 1, customer: 'b' }, // not
    ];
    expect(metricOver(repeatContactRate, tickets)).toMatchObject({ numerator: 1, denominator: 4 });
    expect(metricOver(repeatContactRate, tickets, referenceOptions({ repeatWindowDays: 0 }))).toMatchObject({
      numerator: 0,
    });
  });

  it('of two simultaneous tickets the later row is the repeat (also with a 0-day window)', () => {
    const tickets = [
      { id: 'first', created: DAY, customer: 'a' },
      { id: 'second', created: DAY, customer: 'a' },
    ];
    const ctx = referenceContext(tickets, referenceOptions({ repeatWindowDays: 0 }));
    expect(Array.from(ctx.flag('is_repeat'))).toEqual([0, 1]);
    expect(metricOver(repeatContactRate, tickets, referenceOptions({ repeatWindowDays: 0 }))).toMatchObject({
      numerator: 1,
      denominator: 2,
    });
  });

  it('with --repeat-same category, only a ticket of the same category repeats', () => {
    const tickets = [
      { created: 0, customer: 'a', category: 'billing' },
      { created: DAY, customer: 'a', category: 'shipping' },
      { created: 2 * DAY, customer: 'a', category: 'billing' },
    ];
    // any category: tickets 2 and 3 repeat; same category: only 3 (billing after billing)
    expect(metricOver(repeatContactRate, tickets)).toMatchObject({ numerator: 2 });
    expect(metricOver(repeatContactRate, tickets, referenceOptions({ repeatSame: 'category' }))).toMatchObject({
      numerator: 1,
    });
  });

  it('the earlier ticket may lie before the period: the flag looks at every ticket', () => {
    // a period from day 5 holds only the second ticket; its customer wrote on day 1
    const tickets = [
      { created: DAY, customer: 'a' },
      { created: 6 * DAY, customer: 'a' },
    ];
    const ctx = referenceContext(tickets, referenceOptions());
    expect(ctx.flag('is_repeat')[1]).toBe(1);
  });

  it('is unavailable without a customer column', () => {
    expect(metricOver(repeatContactRate, [{ created: 0, follow_up: 1 }])).toEqual({
      kind: 'unavailable',
      reason: 'no customer column: map customer (requester id or email)',
    });
  });
});

describe('repeat_customer_rate', () => {
  it('is customers with a repeat ticket / customers who wrote, each customer once', () => {
    const tickets = [
      { created: 0, customer: 'a' },
      { created: DAY, customer: 'a' }, // a's first repeat
      { created: 2 * DAY, customer: 'a' }, // a's second: a still counts once
      { created: 0, customer: 'b' },
      { created: 0, customer: 'c' },
      { created: 3 * DAY }, // no customer: not a customer
      { created: 3 * DAY, follow_up: 1 }, // a follow-up without a customer: not a customer either
    ];
    // customers a, b, c; with a repeat: a -> 1 / 3
    expect(metricOver(repeatCustomerRate, tickets)).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 3,
      value: 1 / 3,
    });
  });

  it('counts a customer whose only ticket in the cohort is a repeat of an earlier one', () => {
    const tickets = [
      { created: DAY, customer: 'a' },
      { created: 6 * DAY, customer: 'a' },
      { created: 6 * DAY, customer: 'b' },
    ];
    const ctx = referenceContext(tickets, referenceOptions());
    // the cohort is the second week's two tickets: a (a repeat of day 1) and b -> 1 / 2
    const cohort = Int32Array.of(1, 2);
    expect(repeatCustomerRate.compute?.(ctx, cohort, { start: 5 * DAY, end: 12 * DAY, groupTickets: cohort })).toEqual({
      kind: 'rate',
      numerator: 1,
      denominator: 2,
      value: 0.5,
    });
  });

  it('is null over tickets without customers', () => {
    const ctx = referenceContext([{ created: 0, customer: 'a' }, { created: 0 }], referenceOptions());
    expect(
      repeatCustomerRate.compute?.(ctx, Int32Array.of(1), { start: 0, end: DAY, groupTickets: Int32Array.of(1) }),
    ).toEqual({
      kind: 'rate',
      numerator: 0,
      denominator: 0,
      value: null,
    });
  });
});
