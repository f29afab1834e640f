/**
 * One `--map` syntax for every input (issue #24): `field=Column` maps the run's main export (the
 * tickets, the event log, or the orders when they are the only export), `orders.field=Column`,
 * `events.field=Column` and `tickets.field=Column` name their input, `field=` switches a field off
 * for every kind, and the older `--orders-map field=Column` still reads as `--map orders.field=Column`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-map-'));
const orders = join(dir, 'orders.csv');
// A1 arrives a day early, A2 two days late (due 2025-11-06, arrived the 8th), A3 three days early.
writeFileSync(
  orders,
  [
    'Order No,Placed,Due,Arrived,Carrier',
    'A1,2025-11-03T09:00:00Z,2025-11-06,2025-11-05T12:00:00Z,DHL',
    'A2,2025-11-04T09:00:00Z,2025-11-06,2025-11-08T12:00:00Z,DHL',
    'A3,2025-11-05T09:00:00Z,2025-11-10,2025-11-07T12:00:00Z,UPS',
    '',
  ].join('\n'),
);
const tickets = join(dir, 'tickets.csv');
writeFileSync(tickets, 'Ticket,Opened,Order\n1,2025-11-07T09:00:00Z,A2\n2,2025-11-08T09:00:00Z,A2\n');
const zones = ['--input-tz', 'UTC', '--orders-input-tz', 'UTC', '--tz', 'UTC', '--format', 'json'];
const orderFields = 'id=Order No,created=Placed,promised=Due,delivered=Arrived';
const prefixed = orderFields.replace(/(^|,)/g, '$1orders.');

interface Figures {
  used: number;
  orders: number;
  onTime: [number, number];
  deliveryMedianHours: number;
  contactRate?: [number, number];
}
function figures(stdout: string): Figures {
  const r = JSON.parse(stdout);
  const m = r.rows[0].metrics;
  return {
    used: r.input.used,
    orders: m.orders.value,
    onTime: [m.on_time_rate.numerator, m.on_time_rate.denominator],
    deliveryMedianHours: m.delivery_time.median,
    ...(m.order_contact_rate?.kind === 'rate'
      ? { contactRate: [m.order_contact_rate.numerator, m.order_contact_rate.denominator] }
      : {}),
  };
}
// Worked by hand from the rows above: on time 2 of 3 (A2 late); delivery 51 h, 99 h, 51 h: median 51.
const ORDERS_ONLY: Figures = { used: 3, orders: 3, onTime: [2, 3], deliveryMedianHours: 51 };

describe('--map on an order export', () => {
  it.each([
    ['--map field=Column (the orders are the only export)', ['--map', orderFields]],
    ['--map orders.field=Column', ['--map', prefixed]],
    ['--orders-map field=Column (older spelling)', ['--orders-map', orderFields]],
  ])('%s', async (_name, map) => {
    const r = await runCli(['report', '--orders', orders, ...map, ...zones, '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(figures(r.stdout)).toEqual(ORDERS_ONLY);
  });

  it('beside a ticket export: unprefixed names map the tickets, orders.* the orders', async () => {
    const ticketMap = ['--map', 'id=Ticket,created=Opened,order_number=Order'];
    const expected = { ...ORDERS_ONLY, used: 5, contactRate: [1, 3] };
    for (const orderMap of [
      ['--map', prefixed],
      ['--orders-map', orderFields],
    ]) {
      const r = await runCli(['report', tickets, '--orders', orders, ...ticketMap, ...orderMap, ...zones, '-q']);
      expect(r.code).toBe(0);
      expect(figures(r.stdout)).toEqual(expected);
    }
    // Without the prefix the order fields name ticket columns: the order export has no id mapped.
    const r = await runCli(['report', tickets, '--orders', orders, ...ticketMap, '--map', orderFields, ...zones]);
    expect(r.code).toBe(2);
  });

  it('inspect --orders reads the same syntax', async () => {
    for (const map of [
      ['--map', orderFields],
      ['--map', prefixed],
      ['--orders-map', orderFields],
    ]) {
      const r = await runCli(['inspect', '--orders', orders, ...map, '--format', 'json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).columns).toMatchObject({ id: 'Order No', promised: 'Due', delivered: 'Arrived' });
    }
  });
});

describe('--map on an event log', () => {
  const log = 'fixtures/events/log.csv';
  const teamColumn = async (map: string[]) => {
    const r = await runCli(['inspect', '--events', log, ...map, '--format', 'json']);
    expect(r.code).toBe(0);
    const fields = JSON.parse(r.stdout)[0].result.fields as { field: string; column: string }[];
    return fields.find((f) => f.field === 'team')?.column ?? null;
  };

  it('events.field=Column is field=Column; field= switches a picked column off, as for tickets', async () => {
    expect(await teamColumn([])).toBe('team');
    expect(await teamColumn(['--map', 'team=resource'])).toBe('resource');
    expect(await teamColumn(['--map', 'events.team=resource'])).toBe('resource');
    expect(await teamColumn(['--map', 'team='])).toBeNull();
    expect(await teamColumn(['--map', 'events.team='])).toBeNull();
  });

  it("applies to a vendor's log too, instead of being dropped without a word", async () => {
    const vendor = 'fixtures/events/zendesk_comments.csv';
    const mapped = await runCli(['inspect', '--events', vendor, '--map', 'team=author_role', '--format', 'json']);
    expect(mapped.code).toBe(0);
    const fields = JSON.parse(mapped.stdout)[0].result.fields as { field: string; column: string }[];
    expect(fields.find((f) => f.field === 'team')?.column).toBe('author_role');
    const missing = await runCli(['report', '--events', vendor, '--map', 'team=Group', '--format', 'json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('team=Group');
  });
});

describe('a prefix naming an input the run does not read is a usage error (exit 2)', () => {
  it.each([
    ['tickets.* with --events', ['report', '--events', 'fixtures/events/log.csv', '--map', 'tickets.team=x']],
    ['events.* on tickets', ['report', 'fixtures/zendesk/tickets.csv', '--map', 'events.team=x']],
    ['orders.* without --orders', ['report', 'fixtures/zendesk/tickets.csv', '--map', 'orders.id=x']],
    ['an unknown prefix', ['report', 'fixtures/zendesk/tickets.csv', '--map', 'order.id=x']],
  ])('%s', async (_name, args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--map');
    expect(r.stdout).toBe('');
  });
});
