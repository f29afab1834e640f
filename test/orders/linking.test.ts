import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  linkTicketsToOrders,
  LinkMethod,
  subjectOrderRefs,
  subjectOrderRefsBytes,
  type CodedText,
} from '../../src/metrics/orders/linking.js';

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
    expect([...links.method]).toEqual([
      LinkMethod.order_number,
      LinkMethod.subject,
      LinkMethod.email,
      LinkMethod.email,
      0,
      0,
    ]);
    expect([...links.ticketsPerOrder]).toEqual([2, 1, 1]);
    expect(links.counts).toEqual({ order_number: 1, subject: 1, email: 2, unlinked: 2 });
  });

  it('never links a ticket to an order created after it', () => {
    const tickets = {
      length: 1,
      created: Float64Array.of(t0 - DAY),
      orderNumber: null,
      subjectRef: null,
      email: coded(['a@x.com']),
    };
    expect([...linkTicketsToOrders(orders, tickets, { windowDays: 30 }).orderOf]).toEqual([-1]);
  });
});

describe('subject references from bytes', () => {
  it('are those of the pattern on the decoded subject, or undefined when a byte after "#" is not ASCII', () => {
    const piece = fc.constantFrom(
      '#',
      '# ',
      '#\t',
      '#\u00a0',
      '#\u3000',
      '#-',
      'No',
      'nr',
      'NO',
      'no.',
      'ORD',
      'ord-',
      '-',
      '_',
      'x',
      'Z',
      '1',
      '42',
      '007',
      ' ',
      '\t',
      'é',
      '日',
      '\u2028',
      '""',
      '.',
      '#Ñ',
      'İ',
    );
    const subject = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(subject, (text) => {
        const bytes = Buffer.from(text, 'utf8');
        const fromBytes = subjectOrderRefsBytes(bytes, 0, bytes.length);
        if (fromBytes === undefined) {
          expect(/#[^\u0000-\u007f]/.test(text)).toBe(true);
        } else {
          expect(fromBytes).toBe(subjectOrderRefs(text.trim()).join(' '));
        }
      }),
      { numRuns: 5000 },
    );
    // By hand: "NO-1002" -> "no-1002" -> "-1002" (orderKey drops "no"); "# 7" -> "7"; "#x1y" and "#12_" have no word
    // boundary.
    const example = Buffer.from('Re: #NO-1002 and # 7, #x1y, #12_');
    expect(subjectOrderRefsBytes(example, 0, example.length)).toBe('-1002 7');
    expect(subjectOrderRefs(example.toString())).toEqual(['-1002', '7']);
  });
});
