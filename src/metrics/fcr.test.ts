/** First-contact resolution, the three variants named with --fcr. */
import { describe, expect, it } from 'vitest';
import { fcr } from './fcr.js';
import { DAY, HOUR, metricOver, referenceOptions } from './reference.js';

describe('fcr.one_touch_no_reopen (default)', () => {
  it('is resolved, at most 1 agent reply and never reopened / resolved with both counts known', () => {
    // [replies, reopens]: [1, 0] hit, [0, 0] hit, [1, 1] reopened, [2, 0] two replies;
    // [1, -1] and [null, 0] have an unknown count, and the open [1, 0] is not resolved: left out -> 2 / 4
    const counted = [
      [1, 0],
      [0, 0],
      [1, 1],
      [2, 0],
      [1, -1],
      [null, 0],
    ].map(([agent_replies, reopens]) => ({ created: 0, solved: DAY, agent_replies, reopens }));
    const tickets = [...counted, { created: 0, agent_replies: 1, reopens: 0 }];
    expect(metricOver(fcr, tickets)).toEqual({ kind: 'rate', numerator: 2, denominator: 4, value: 0.5 });
  });

  it('is unavailable without both counts', () => {
    expect(metricOver(fcr, [{ created: 0, solved: DAY, agent_replies: 1 }])).toEqual({
      kind: 'unavailable',
      reason: 'fcr.one_touch_no_reopen needs reopens',
    });
    expect(metricOver(fcr, [{ created: 0, solved: DAY }])).toEqual({
      kind: 'unavailable',
      reason: 'fcr.one_touch_no_reopen needs agent_replies and reopens',
    });
  });
});

describe('fcr.no_customer_followup (Freshservice)', () => {
  const options = referenceOptions({ fcrVariant: 'no_customer_followup' });

  it('is resolved with at most 1 customer message / resolved with a known count', () => {
    // messages 1 (the opening one) hit, 0 (an agent-opened ticket) hit, 2 (a follow-up) miss, unknown left out;
    // agent replies and reopens do not matter here -> 2 / 3
    const tickets = [
      { created: 0, solved: DAY, customer_messages: 1, agent_replies: 4, reopens: 2 },
      { created: 0, solved: DAY, customer_messages: 0 },
      { created: 0, solved: DAY, customer_messages: 2 },
      { created: 0, solved: DAY, customer_messages: null },
    ];
    expect(metricOver(fcr, tickets, options)).toEqual({ kind: 'rate', numerator: 2, denominator: 3, value: 2 / 3 });
  });

  it('needs the customer message count', () => {
    expect(metricOver(fcr, [{ created: 0, solved: DAY, agent_replies: 1, reopens: 0 }], options)).toEqual({
      kind: 'unavailable',
      reason: 'fcr.no_customer_followup needs customer_messages (Freshdesk `Customer interactions`)',
    });
  });
});

describe('fcr.no_repeat (call-centre practice)', () => {
  const options = referenceOptions({ fcrVariant: 'no_repeat' });
  const one = { agent_replies: 1, reopens: 0 };

  it('also needs no new ticket from the customer within the window after the resolution', () => {
    const tickets = [
      { id: 'A1', created: 0, solved: DAY, customer: 'a', ...one }, // a writes again on day 3: not FCR
      { id: 'A2', created: 3 * DAY, solved: 3 * DAY + HOUR, customer: 'a', ...one }, // no later ticket: FCR
      { id: 'B1', created: 0, solved: DAY, customer: 'b', ...one }, // b's next ticket 19 days later: FCR
      { id: 'B2', created: 20 * DAY, customer: 'b', ...one }, // open: left out
      { id: 'N1', created: 0, solved: DAY, ...one }, // no customer: counts as not repeated, FCR
    ];
    // counted A1, A2, B1, N1 -> hits A2, B1, N1 -> 3 / 4
    expect(metricOver(fcr, tickets, options)).toEqual({ kind: 'rate', numerator: 3, denominator: 4, value: 0.75 });
    // the same tickets by the default variant: all four counted are one-touch, never reopened -> 4 / 4
    expect(metricOver(fcr, tickets)).toMatchObject({ numerator: 4, denominator: 4 });
  });

  it('window edges: exactly window days after the resolution repeats; at the resolution instant not', () => {
    const solved = DAY;
    const edge = [
      { created: 0, solved, customer: 'a', ...one },
      { created: solved + 7 * DAY, customer: 'a' }, // exactly 7 days after: within the window
      { created: 0, solved, customer: 'b', ...one },
      { created: solved, customer: 'b' }, // opened as the first was solved: not after it
      { created: 0, solved, customer: 'c', ...one },
      { created: solved + 7 * DAY + 1, customer: 'c' }, // 1 ms past the window
    ];
    // counted: the three solved ones; a repeated -> b and c are FCR: 2 / 3
    expect(metricOver(fcr, edge, options)).toMatchObject({ numerator: 2, denominator: 3 });
    // a 0-day window: only a ticket opened at the resolution instant itself would count, and that is not "after"
    expect(metricOver(fcr, edge, referenceOptions({ fcrVariant: 'no_repeat', repeatWindowDays: 0 }))).toMatchObject({
      numerator: 3,
      denominator: 3,
    });
  });

  it('with --repeat-same category, the customer must write about the same category', () => {
    const tickets = [
      { created: 0, solved: DAY, customer: 'a', category: 'billing', ...one },
      { created: 2 * DAY, customer: 'a', category: 'shipping' },
    ];
    expect(metricOver(fcr, tickets, options)).toMatchObject({ numerator: 0, denominator: 1 });
    const sameCategory = referenceOptions({ fcrVariant: 'no_repeat', repeatSame: 'category' });
    expect(metricOver(fcr, tickets, sameCategory)).toMatchObject({ numerator: 1, denominator: 1 });
  });

  it('needs a customer column', () => {
    expect(metricOver(fcr, [{ created: 0, solved: DAY, ...one }], options)).toEqual({
      kind: 'unavailable',
      reason: 'fcr.no_repeat needs customer',
    });
  });
});

describe('describe', () => {
  it('names the variant in every report', () => {
    expect(fcr.describe(referenceOptions())).toMatch(/^fcr\.one_touch_no_reopen: /);
    expect(fcr.describe(referenceOptions({ fcrVariant: 'no_repeat' }))).toMatch(/^fcr\.no_repeat: /);
  });
});
