import { describe, expect, it } from 'vitest';
import { Replies } from './replies.js';
import { at, event, type EventSpec } from '../../../test/helpers/fold-events.js';

function fold(created: string, specs: EventSpec[]) {
  const r = new Replies();
  r.grow(4);
  r.begin(0, at(created), false);
  for (const spec of specs) r.apply(0, event(spec));
  return r;
}

const minutes = (r: Replies) => (r.firstReplyOf(0) - at('10:00')) / 60_000;

describe('Replies', () => {
  it("skips the agent's opening message and measures to the next public agent message (the issue's example)", () => {
    const r = fold('10:00', [
      { at: '10:00', message: 'agent' },
      { at: '12:00', message: 'customer' },
      { at: '13:00', message: 'agent' },
    ]);
    expect(minutes(r)).toBe(180);
    expect(r.openedByAgent(0)).toBe(true);
    expect(r.outboundOnly(0)).toBe(false);
    expect([...r.pairMs.view()]).toEqual([60 * 60_000]);
    expect([r.agentReplies[0], r.customerMessages[0]]).toEqual([2, 1]);
  });

  it('counts an agent-opened case the customer never answered as outbound-only, without a first reply', () => {
    const r = fold('10:00', [
      { at: '10:00', message: 'agent' },
      { at: '10:30', message: 'agent' },
    ]);
    expect(r.outboundOnly(0)).toBe(true);
    expect(r.firstReplyOf(0)).toBeNaN();
  });

  it.each([
    [
      'the customer acted first',
      [
        { at: '10:00', byCustomer: true },
        { at: '10:00', message: 'agent' },
      ],
      0,
    ],
    [
      'a note came first (the opening comment was not public)',
      [
        { at: '10:00', message: 'note' },
        { at: '10:20', message: 'agent' },
      ],
      20,
    ],
    ['the agent wrote after the creation instant', [{ at: '10:40', message: 'agent' }], 40],
  ] as [string, EventSpec[], number][])('takes the first public agent message when %s', (_, specs, expected) => {
    const r = fold('10:00', specs);
    expect(r.openedByAgent(0)).toBe(false);
    expect(minutes(r)).toBe(expected);
  });

  it('pairs every customer message with the next public agent reply; notes do not answer', () => {
    const r = fold('09:00', [
      { at: '09:00', message: 'customer' },
      { at: '09:20', message: 'customer' },
      { at: '09:50', message: 'note' },
      { at: '10:00', message: 'agent' },
      { at: '11:00', message: 'customer' },
    ]);
    expect([...r.pairMs.view()].map((ms) => ms / 60_000)).toEqual([60, 40]);
    expect(r.firstReplyOf(0)).toBe(at('10:00'));
  });
});
