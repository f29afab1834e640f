import { describe, expect, it } from 'vitest';
import { linkTicketsToOrders, LinkMethod, subjectOrderRefs, type CodedText } from '../../src/metrics/orders/linking.js';

const DAY = 86_400_000;
const t0 = Date.UTC(2025, 9, 1);

/** Interns a list of values like a DimColumn (code 0 = missing). */
function coded(values: readonly (string | null)[]): CodedText {
  const dict = [''];
  const codes = values.map((v) => {
    if (v === null) return 0;
    const k = dict.indexOf(v);
    return k > 0 ? k : dict.push(v) - 1;
  });
  return { codes, values: dict };
}

describe('subjectOrderRefs', () => {
  it.each([
    ['Where is my order #1002?', ['1002']],
    ['Re: #1002 and # 1003', ['1002', '1003']],
    ['Order #ORD-7 broken', ['ord-7']],
    ['no reference here', []],
  ])('%s', (subject, refs) => expect(subjectOrderRefs(subject)).toEqual(refs));
});

describe('linkTicketsToOrders', () => {
  const orders = Object.freeze({
    ids: ['#1001', '#1002', '#1003'],
    created: Float64Array.of(t0, t0 + 5 * DAY, t0 + 10 * DAY),
    email: coded(['a@x.com', 'b@x.com', 'a@x.com']),
  });

  it('prefers the order number, then the subject, then the email within the window', () => {
    const tickets = {
      length: 6,
      created: Float64Array.of(t0 + DAY, t0 + 6 * DAY, t0 + 12 * DAY, t0 + 3 * DAY, t0 + 50 * DAY, t0 + 2 * DAY),
      orderNumber: coded(['1002', null, null, '9999', null, null]),
      subjectRef: coded(['1001', '1001', null, null, null, '4242']),
      email: coded(['a@x.com', 'b@x.com', 'a@x.com', 'a@x.com', 'a@x.com', 'c@x.com']),
    };
    const links = linkTicketsToOrders(orders, tickets, { windowDays: 30 });
    // 0: number beats subject; 1: subject; 2: latest order of a@x.com before it (#1003);
    // 3: unknown number falls through to email (#1001); 4: 40 days after #1003: outside; 5: nobody's.
    expect([...links.orderOf]).toEqual([1, 0, 2, 0, -1, -1]);
    expect([...links.method]).toEqual([LinkMethod.order_number, LinkMethod.subject, LinkMethod.email, LinkMethod.email, 0, 0]);
    expect([...links.ticketsPerOrder]).toEqual([2, 1, 1]);
    expect(links.counts).toEqual({ order_number: 1, subject: 1, email: 2, unlinked: 2 });
  });

  it('never links a ticket to an order created after it', () => {
    const tickets = { length: 1, created: Float64Array.of(t0 - DAY), orderNumber: null, subjectRef: null, email: coded(['a@x.com']) };
    expect([...linkTicketsToOrders(orders, tickets, { windowDays: 30 }).orderOf]).toEqual([-1]);
  });
});
