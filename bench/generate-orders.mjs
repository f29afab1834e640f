#!/usr/bin/env node
/**
 * Seeded generator of a Shopify-style order export for the benchmark (not part of `npm test`).
 *
 *   node bench/generate-orders.mjs --size 1m [--seed 42] [--out FILE]
 *
 * `--size` counts orders; each has 1 to 4 line items, one row each (about 1.7 rows per order), as
 * Shopify writes them: the first row carries the order's fields, the others only Name, Email, Created at
 * and the line item's, so a reader folds them into their order. Shopify's 32 columns, times with an
 * offset (`2025-10-06 09:50:26 +0200`), Zipf-like customers by e-mail (repeat customers), quoted
 * product names with commas. Statuses are kept unambiguous for the DuckDB side of the benchmark: a
 * cancelled order is `voided` with a cancellation time and no fulfillment; a refund has a refunded
 * status and a refunded amount > 0. Same seed and size -> byte-identical file.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSize } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));

export function ordersFile(sizeLabel) {
  return resolve(here, 'data', `orders-shopify-${sizeLabel.toLowerCase()}.csv`);
}

/** mulberry32, as generate.mjs. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ORDER_HEADER = [
  'Name',
  'Email',
  'Financial Status',
  'Paid at',
  'Fulfillment Status',
  'Fulfilled at',
  'Accepts Marketing',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Total',
  'Discount Code',
  'Discount Amount',
  'Shipping Method',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem sku',
  'Lineitem fulfillment status',
  'Shipping Province',
  'Shipping Country',
  'Notes',
  'Cancelled at',
  'Payment Method',
  'Refunded Amount',
  'Vendor',
  'Id',
  'Tags',
  'Risk Level',
  'Source',
];

const PRODUCTS = [
  ['Linen shirt - M', 'LS-M', 3990],
  ['Canvas tote', 'CT-1', 1510],
  ['Wool socks (3 pack)', 'WS-3', 1890],
  ['Cap', 'CAP', 2500],
  ['Rain jacket, navy', 'RJ-N', 12900],
  ['Chino "slim" 32/32', 'CH-32', 6990],
  ['Gift card €50', 'GC-50', 5000],
  ['Leather belt', 'LB-1', 4490],
  ['Merino beanie', 'MB-1', 2990],
  ['Sneaker, white 42', 'SN-42', 8990],
];
const OFFSETS = [
  ['+0100', 60],
  ['+0200', 120],
  ['-0500', -300],
];
const METHODS = ['DHL Paket', 'UPS Standard', 'Hermes', 'Pickup'];
const COUNTRIES = [
  ['DE', 'BE'],
  ['DE', 'HH'],
  ['AT', 'W'],
  ['FR', ''],
  ['NL', 'NH'],
  ['US', 'NY'],
];

const pad = (n) => String(n).padStart(2, '0');
/** `YYYY-MM-DD HH:mm:ss +hhmm`: the instant (epoch s) shown in a zone `offset` minutes east of UTC. */
function shopifyTime(seconds, [suffix, offset]) {
  const d = new Date((seconds + offset * 60) * 1000);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${suffix}`
  );
}
const money = (cents) => (cents / 100).toFixed(2);
const cell = (text) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * Writes `orders` orders to `out`; resolves with the byte count.
 * @param {{ orders: number, seed?: number, out: string }} options
 */
export async function generateOrders({ orders, seed = 42, out }) {
  mkdirSync(dirname(out), { recursive: true });
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const customers = Math.max(10, Math.floor(orders / 2));
  const logCustomers = Math.log(customers);
  const start = Date.UTC(2025, 0, 1) / 1000;
  const step = (365 * 86400) / orders;
  const stream = createWriteStream(out);
  let bytes = 0;
  const write = async (text) => {
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) await new Promise((r) => stream.once('drain', r));
  };
  await write(`${ORDER_HEADER.join(',')}\n`);
  let block = '';
  let created = start;
  for (let i = 0; i < orders; i++) {
    created += Math.floor(random() * step * 2);
    const name = `#${1001 + i}`;
    const email = `buyer${Math.floor(Math.exp(random() * logCustomers))}@example.com`;
    const zone = pick(OFFSETS);
    const u = random();
    const items = u < 0.55 ? 1 : u < 0.8 ? 2 : u < 0.92 ? 3 : 4;
    const lines = [];
    let subtotal = 0;
    for (let k = 0; k < items; k++) {
      const [product, sku, price] = pick(PRODUCTS);
      const quantity = random() < 0.85 ? 1 : 2;
      subtotal += price * quantity;
      lines.push([String(quantity), product, money(price), sku]);
    }
    const shipping = subtotal >= 10000 ? 0 : 490;
    const discount = random() < 0.1 ? Math.round(subtotal * 0.1) : 0;
    const total = subtotal + shipping - discount;
    const taxes = Math.round((total * 19) / 119);
    const kind = random();
    // 4% cancelled (voided), 3% refunded, 3% partially refunded, 6% paid but not fulfilled, 84% fulfilled.
    const cancelled = kind < 0.04;
    const refunded = kind >= 0.04 && kind < 0.07;
    const partial = kind >= 0.07 && kind < 0.1;
    const open = kind >= 0.1 && kind < 0.16;
    const fulfilled = !cancelled && !open;
    const fulfilledAt = fulfilled ? created + 600 + Math.floor(Math.exp(random() * 13.2)) : null; // up to ~6 d
    const refundedCents = refunded ? total : partial ? Math.max(1, Math.round(total * (0.1 + random() * 0.5))) : 0;
    const financial = cancelled ? 'voided' : refunded ? 'refunded' : partial ? 'partially_refunded' : 'paid';
    const [country, province] = pick(COUNTRIES);
    const first = [
      name,
      email,
      financial,
      cancelled ? '' : shopifyTime(created + 4, zone),
      fulfilled ? 'fulfilled' : cancelled ? '' : 'unfulfilled',
      fulfilled ? shopifyTime(fulfilledAt, zone) : '',
      random() < 0.6 ? 'yes' : 'no',
      'EUR',
      money(subtotal),
      money(shipping),
      money(taxes),
      money(total),
      discount > 0 ? 'WELCOME10' : '',
      money(discount),
      pick(METHODS),
      shopifyTime(created, zone),
      ...lines[0].slice(0, 4),
      fulfilled ? 'fulfilled' : '',
      province,
      country,
      random() < 0.05 ? 'Please leave at the door, thanks' : '',
      cancelled ? shopifyTime(created + 3600 + Math.floor(random() * 86400), zone) : '',
      random() < 0.8 ? 'Shopify Payments' : 'PayPal Express Checkout',
      money(refundedCents),
      'Nordwerk',
      String(5800000 + i),
      random() < 0.1 ? 'vip, newsletter' : '',
      random() < 0.97 ? 'Low' : 'High',
      random() < 0.9 ? 'web' : 'pos',
    ];
    block += `${first.map(cell).join(',')}\n`;
    for (let k = 1; k < items; k++) {
      const row = new Array(ORDER_HEADER.length).fill('');
      row[0] = name;
      row[1] = email;
      row[15] = shopifyTime(created, zone);
      [row[16], row[17], row[18], row[19]] = lines[k];
      row[20] = fulfilled ? 'fulfilled' : '';
      row[27] = 'Nordwerk';
      block += `${row.map(cell).join(',')}\n`;
    }
    if (block.length > 1 << 20) {
      await write(block);
      block = '';
    }
  }
  await write(block);
  await new Promise((resolvePromise, reject) => stream.end((error) => (error ? reject(error) : resolvePromise())));
  return bytes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
  };
  const sizeLabel = option('size', '1m');
  const out = option('out', ordersFile(sizeLabel));
  const began = performance.now();
  const bytes = await generateOrders({ orders: parseSize(sizeLabel), seed: Number(option('seed', '42')), out });
  process.stderr.write(
    `wrote ${out}: ${parseSize(sizeLabel)} orders, ${(bytes / 1e6).toFixed(1)} MB in ` +
      `${((performance.now() - began) / 1000).toFixed(1)} s\n`,
  );
}
