/**
 * Linking tickets to orders, pure, over arrays the caller gives.
 *
 * Order of evidence, strongest first:
 * 1. an explicit order number on the ticket (an order-number field), then
 * 2. a `#1234`-style reference in the subject, then
 * 3. the requester's email equal to the order's email, with the ticket created within
 *    `windowDays` (default 30) after the order: the latest such order created at or before the
 *    ticket wins, since a customer writes about the order they just placed.
 * A reference naming no known order is not evidence: the ticket falls through to the next rule.
 */
import { orderKey } from '../../model/order.js';

const DAY_MS = 86_400_000;

/** How a ticket was linked. */
export const LinkMethod = { none: 0, order_number: 1, subject: 2, email: 3 } as const;
export type LinkMethodName = Exclude<keyof typeof LinkMethod, 'none'>;

/** Interned text per ticket or order: `codes[i]` indexes `values`, 0 is "missing" (the ticket table's DimColumn). */
export interface CodedText {
  readonly codes: ArrayLike<number>;
  readonly values: readonly string[];
}

export interface LinkOrders {
  /** Order ids as written (`#1001`, `ORD-7`). */
  readonly ids: readonly string[];
  readonly created: Float64Array;
  /** Customer email per order, lower-cased; null when the orders have none. */
  readonly email: CodedText | null;
}

export interface LinkTickets {
  readonly length: number;
  readonly created: Float64Array;
  /** Explicit order number per ticket (an order-number field); null when the tickets have none. */
  readonly orderNumber: CodedText | null;
  /** Order reference taken from the subject (`1234` from `Where is #1234?`), or the subjects themselves. */
  readonly subjectRef: CodedText | null;
  /** Requester email per ticket; null when the tickets have none. */
  readonly email: CodedText | null;
}

export interface LinkOptions {
  /** Days after the order's creation in which a ticket from the same email is linked to it. */
  windowDays: number;
}

export interface Links {
  /** Order index per ticket, -1 when unlinked. */
  readonly orderOf: Int32Array;
  /** `LinkMethod` per ticket. */
  readonly method: Uint8Array;
  /** Tickets linked per order. */
  readonly ticketsPerOrder: Int32Array;
  readonly counts: Record<LinkMethodName | 'unlinked', number>;
}

const reference = /#\s?([A-Za-z]*-?\d+)\b/g;

/**
 * The order references in a subject, in order: `#1234`, `# 1234`, `#ORD-7`.
 * @example subjectOrderRefs('Re: order #1002 and #1003 late') // ['1002', '1003']
 */
export function subjectOrderRefs(subject: string): string[] {
  const refs: string[] = [];
  for (const m of subject.matchAll(reference)) refs.push(orderKey(m[1] as string));
  return refs;
}

/** ASCII letter, digit or `_`: JavaScript's `\w` without the `u` flag (what `\b` looks at). */
const isWordByte = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;
const isLetterByte = (b: number): boolean => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/**
 * {@link subjectOrderRefs} of the subject written as the UTF-8 bytes `buf[s, e)`, joined by spaces,
 * without decoding it; undefined when a byte after a `#` is not ASCII (it may be a space the
 * pattern's `\s` takes), for the caller to decode and use {@link subjectOrderRefs}.
 */
export function subjectOrderRefsBytes(buf: Uint8Array, s: number, e: number): string | undefined {
  let refs = '';
  for (let p = s; p < e; p++) {
    if (buf[p] !== 0x23) continue;
    let i = p + 1;
    if (i < e) {
      const b = buf[i] as number;
      if (b >= 0x80) return undefined;
      if (b === 0x20 || (b >= 0x09 && b <= 0x0d)) i++;
    }
    let j = i;
    while (j < e && isLetterByte(buf[j] as number)) j++;
    let k = j;
    if (k < e && buf[k] === 0x2d) k++;
    let d = k;
    while (d < e && (buf[d] as number) >= 0x30 && (buf[d] as number) <= 0x39) d++;
    // No digits, or digits running into a letter or `_` (no word boundary): no reference at this `#`.
    if (d === k || (d < e && isWordByte(buf[d] as number))) continue;
    // orderKey of the reference: lower-cased, a leading "no" or "nr" dropped.
    let ref = '';
    for (let x = i; x < d; x++)
      ref += String.fromCharCode(isLetterByte(buf[x] as number) ? (buf[x] as number) | 0x20 : (buf[x] as number));
    if (ref.startsWith('no') || ref.startsWith('nr')) ref = ref.slice(2);
    refs = refs === '' ? ref : `${refs} ${ref}`;
    p = d - 1;
  }
  return refs;
}

/**
 * Links every ticket to at most one order.
 * @example
 * // order #1001 by a@x.com on Oct 1; ticket 1 says "Where is #1001?", ticket 2 from A@x.com on Oct 5, ticket 3
 * // from A@x.com on Nov 20 (50 days after the order: outside the 30-day window)
 * const email = { codes: [1], values: ['', 'a@x.com'] };
 * const orders = { ids: ['#1001'], created: Float64Array.of(Date.UTC(2025, 9, 1)), email };
 * const tickets = {
 *   length: 3,
 *   created: Float64Array.of(Date.UTC(2025, 9, 2), Date.UTC(2025, 9, 5), Date.UTC(2025, 10, 20)),
 *   orderNumber: null,
 *   subjectRef: { codes: [1, 0, 0], values: ['', 'Where is #1001?'] },
 *   email: { codes: [0, 1, 1], values: ['', 'A@x.com'] },
 * };
 * const { orderOf, counts } = linkTicketsToOrders(orders, tickets, { windowDays: 30 });
 * [orderOf, counts] // [Int32Array.of(0, 0, -1), { order_number: 0, subject: 1, email: 1, unlinked: 1 }]
 */
export function linkTicketsToOrders(orders: LinkOrders, tickets: LinkTickets, options: LinkOptions): Links {
  const byKey = new Map<string, number>();
  orders.ids.forEach((id, i) => {
    const key = orderKey(id);
    if (!byKey.has(key)) byKey.set(key, i);
  });
  const n = tickets.length;
  const orderOf = new Int32Array(n).fill(-1);
  const method = new Uint8Array(n);
  const counts = { order_number: 0, subject: 0, email: 0, unlinked: 0 };

  // Per dictionary code, resolved once: the order an order-number value or a subject names.
  const resolveCodes = (text: CodedText | null, parse: (value: string) => string[]): Int32Array | null => {
    if (text === null) return null;
    const byCode = new Int32Array(text.values.length).fill(-1);
    for (let code = 1; code < text.values.length; code++) {
      for (const key of parse(text.values[code] as string)) {
        const order = byKey.get(key);
        if (order !== undefined) {
          byCode[code] = order;
          break;
        }
      }
    }
    return byCode;
  };
  const byNumber = resolveCodes(tickets.orderNumber, (v) => [orderKey(v)]);
  // A subject column holds whole subjects; an extracted reference is a bare key, which orderKey keeps.
  const bySubject = resolveCodes(tickets.subjectRef, (v) => (v.includes('#') ? subjectOrderRefs(v) : [orderKey(v)]));

  // Orders per email, ascending by creation, for the window search.
  const ordersByEmail = new Map<string, number[]>();
  if (orders.email) {
    for (let i = 0; i < orders.ids.length; i++) {
      const code = orders.email.codes[i] as number;
      if (code === 0) continue;
      const email = orders.email.values[code] as string;
      let list = ordersByEmail.get(email);
      if (!list) ordersByEmail.set(email, (list = []));
      list.push(i);
    }
    for (const list of ordersByEmail.values())
      list.sort((a, b) => (orders.created[a] as number) - (orders.created[b] as number) || a - b);
  }
  const windowMs = options.windowDays * DAY_MS;

  for (let t = 0; t < n; t++) {
    const numberCode = tickets.orderNumber ? (tickets.orderNumber.codes[t] as number) : 0;
    const subjectCode = tickets.subjectRef ? (tickets.subjectRef.codes[t] as number) : 0;
    let order = byNumber && numberCode ? (byNumber[numberCode] as number) : -1;
    if (order >= 0) {
      method[t] = LinkMethod.order_number;
    } else {
      order = bySubject && subjectCode ? (bySubject[subjectCode] as number) : -1;
      if (order >= 0) method[t] = LinkMethod.subject;
    }
    if (order < 0 && tickets.email) {
      const code = tickets.email.codes[t] as number;
      const list =
        code === 0 ? undefined : ordersByEmail.get((tickets.email.values[code] as string).trim().toLowerCase());
      const at = tickets.created[t] as number;
      if (list) {
        for (let k = list.length - 1; k >= 0; k--) {
          const o = list[k] as number;
          const c = orders.created[o] as number;
          if (c > at) continue;
          if (at - c <= windowMs) order = o;
          break;
        }
      }
      if (order >= 0) method[t] = LinkMethod.email;
    }
    orderOf[t] = order;
    if (order < 0) counts.unlinked++;
    else
      counts[
        method[t] === LinkMethod.order_number ? 'order_number' : method[t] === LinkMethod.subject ? 'subject' : 'email'
      ]++;
  }
  const ticketsPerOrder = new Int32Array(orders.ids.length);
  for (let t = 0; t < n; t++) {
    const o = orderOf[t] as number;
    if (o >= 0) ticketsPerOrder[o] = (ticketsPerOrder[o] as number) + 1;
  }
  return { orderOf, method, ticketsPerOrder, counts };
}
