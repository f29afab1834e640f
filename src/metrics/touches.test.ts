/** One-, two- and multi-touch resolution (Zendesk Explore) over resolved tickets with a known reply count. */
import { describe, expect, it } from 'vitest';
import { DAY, metricOver, referenceOptions } from './reference.js';
import { touchMulti, touchOne, touchTwo } from './touches.js';

// Resolved with 0, 1, 2, 3 and 5 agent replies; resolved with an unknown count (-1); open with 1 reply.
const tickets = [
  ...[0, 1, 2, 3, 5].map((agent_replies) => ({ created: 0, solved: DAY, agent_replies })),
  { created: 0, solved: DAY, agent_replies: -1 },
  { created: 0, agent_replies: 1 },
];

describe('touch_one, touch_two, touch_multi', () => {
  it('split the resolved tickets with a known count: at most 1 (0 included), exactly 2, more than 2', () => {
    // denominator 5 (the unknown count and the open ticket are left out): one 0 and 1 -> 2; two 2 -> 1; multi 3, 5 -> 2
    expect(metricOver(touchOne, tickets)).toEqual({ kind: 'rate', numerator: 2, denominator: 5, value: 0.4 });
    expect(metricOver(touchTwo, tickets)).toEqual({ kind: 'rate', numerator: 1, denominator: 5, value: 0.2 });
    expect(metricOver(touchMulti, tickets)).toEqual({ kind: 'rate', numerator: 2, denominator: 5, value: 0.4 });
  });

  it('count a ticket closed without solving, and not one resolved after as-of', () => {
    const more = [
      { created: 0, closed: DAY, agent_replies: 1 },
      { created: 0, solved: 3 * DAY, agent_replies: 1 },
    ];
    // as-of day 2: only the closed ticket -> 1 / 1
    expect(metricOver(touchOne, more, referenceOptions({ asOf: 2 * DAY }))).toMatchObject({
      numerator: 1,
      denominator: 1,
    });
  });

  it('are unavailable without a reply count, naming the Zendesk column', () => {
    for (const metric of [touchOne, touchTwo, touchMulti]) {
      expect(metricOver(metric, [{ created: 0, solved: DAY }])).toEqual({
        kind: 'unavailable',
        reason: 'no agent reply count: map agent_replies (Zendesk `Replies`)',
      });
    }
  });
});
