#!/usr/bin/env node
/**
 * Seeded generator of realistic helpdesk exports for the benchmark (not part of `npm test`).
 *
 *   node bench/generate.mjs --size 1m [--layout zendesk|generic] [--seed 42] [--out FILE]
 *
 * Layouts: `zendesk` (Zendesk Support columns, BOM, LF, offset-less account-zone times) and `generic`
 * (a home-grown helpdesk: snake_case columns, ISO times with offsets in several zones, CRLF).
 * Both carry Zipf-like customers (so repeat contacts occur), quoted text with commas, doubled quotes,
 * line breaks and non-ASCII, unresolved and unanswered tickets, empty dimensions, follow-ups of closed
 * tickets. The output is streamed (backpressure respected), so 10M rows need no memory to speak of.
 * Same seed and size -> byte-identical file.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** `100k`, `1m`, `10m`, or a plain number of rows. */
export function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(String(text).trim());
  if (!match) throw new Error(`--size must look like 100k, 1m, 10m or a number; got ${text}`);
  const factor = { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()];
  return Math.round(Number(match[1]) * factor);
}

export function dataFile(layout, sizeLabel) {
  return resolve(here, 'data', `tickets-${layout}-${sizeLabel.toLowerCase()}.csv`);
}

/** mulberry32: small, fast, good enough for synthetic data. */
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

const TEAMS = [
  ['Billing', 30],
  ['Shipping', 25],
  ['Technical', 20],
  ['Returns', 12],
  ['Sales', 8],
  ['Onboarding', 3],
  ['', 2],
];
const PRIORITIES = [
  ['Normal', 50],
  ['High', 25],
  ['Low', 15],
  ['Urgent', 7],
  ['', 3],
];
const CHANNELS = [
  ['Web form', 40],
  ['Mail', 30],
  ['Chat', 15],
  ['Phone', 8],
  ['API', 4],
  ['Closed ticket', 3],
];
const TYPES = [
  ['question', 45],
  ['incident', 30],
  ['problem', 15],
  ['task', 7],
  ['', 3],
];
const AGENTS = [
  'Priya Natarajan',
  'Marcus Chen',
  'Sofía Álvarez',
  'Ole Hansen',
  'Zoë Dubois',
  'Jürgen Weiß',
  'Aiko Tanaka',
  'Kwame Mensah',
  'Łukasz Nowak',
  'Chloé Martin',
  'Ana Ђорђевић',
  '',
];
const FIRST = [
  'Heinz',
  'Carla',
  'Aisha',
  'Ravi',
  'Émilie',
  'Søren',
  'Małgorzata',
  'José',
  'Ngozi',
  '美咲',
  'Игорь',
  'Fatima',
  'Björn',
  'Chen',
];
const LAST = [
  'Müller',
  'Reyes',
  'Bello',
  'Shankar',
  'Lefèvre',
  'Jørgensen',
  'Wiśniewska',
  'García',
  'Okafor',
  '佐藤',
  'Петров',
  'Haddad',
  'Öberg',
  'Wei',
];
const SUBJECT_HEADS = [
  'Parcel stuck in customs',
  'Charged in the wrong currency',
  'Refund for order',
  'Package arrived damaged',
  'Cannot log in after password reset',
  'Invoice address wrong',
  'Wie ändere ich meine Lieferadresse?',
  'Commande non reçue',
  'Pedido duplicado',
  'Screen flickers on the 5" model',
  'Question about the “premium” plan',
  'App crashes on start 🚀',
  '注文がまだ届きません',
  'Где мой заказ?',
  'Coupon code not applied',
];
const SUBJECT_TAILS = [
  '',
  '',
  '',
  ', please help',
  ' - urgent!',
  ', again',
  ' (second time)',
  ', order #',
  ': "tracking says delivered"',
  '; see attachment',
  ', thanks 🙏',
  ' – merci',
  '\nSent from my phone',
  '\r\nSecond line of the subject',
];
const STATUSES_OPEN = [
  ['open', 40],
  ['pending', 35],
  ['hold', 15],
  ['new', 10],
];
const STATUSES_DONE = [
  ['closed', 60],
  ['solved', 40],
];
const REGIONS = ['DACH', 'Nordics', 'Benelux', 'UK', 'US', 'APAC', 'LATAM'];
const ZONES = [
  ['Z', 0],
  ['+01:00', 60],
  ['+02:00', 120],
  ['-05:00', -300],
  ['-04:00', -240],
  ['+05:30', 330],
  ['+09:00', 540],
];

function weighted(table) {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  const cumulative = [];
  let acc = 0;
  for (const [value, w] of table) cumulative.push([value, (acc += w) / total]);
  return (u) => {
    for (const [value, c] of cumulative) if (u < c) return value;
    return cumulative[cumulative.length - 1][0];
  };
}

/** RFC 4180 cell: quoted when it holds the delimiter, a quote or a line break. */
function cell(text, delimiter) {
  if (text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r'))
    return `"${text.replaceAll('"', '""')}"`;
  return text;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD HH:mm:ss` of epoch seconds, as wall time (UTC fields). */
function wall(seconds, separator = ' ') {
  const d = new Date(seconds * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}${separator}${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** ISO 8601 with an offset: the instant shown in the zone `offsetMinutes` east of UTC. */
function withOffset(seconds, zone) {
  const [suffix, offsetMinutes] = zone;
  return wall(seconds + offsetMinutes * 60, 'T') + suffix;
}

/**
 * Writes `rows` tickets of `layout` to `out`; resolves with the byte count.
 * @param {{ rows: number, layout: 'zendesk' | 'generic', seed?: number, out: string }} options
 */
export async function generate({ rows, layout, seed = 42, out }) {
  mkdirSync(dirname(out), { recursive: true });
  const random = rng(seed);
  const team = weighted(TEAMS);
  const priority = weighted(PRIORITIES);
  const channel = weighted(CHANNELS);
  const type = weighted(TYPES);
  const statusOpen = weighted(STATUSES_OPEN);
  const statusDone = weighted(STATUSES_DONE);
  const zone = weighted(ZONES.map((z) => [z, 1]));
  const pick = (list) => list[Math.floor(random() * list.length)];
  // Zipf-like (exponent 1): log-uniform ranks, so a few customers write often and most once.
  const customers = Math.max(10, Math.floor(rows / 2.5));
  const logCustomers = Math.log(customers);
  const customer = () => Math.floor(Math.exp(random() * logCustomers));
  const name = (c) => `${FIRST[c % FIRST.length]} ${LAST[Math.floor(c / FIRST.length) % LAST.length]}`;
  const subject = () => {
    let text = pick(SUBJECT_HEADS) + pick(SUBJECT_TAILS);
    if (random() < 0.5) text += ` ${pick(SUBJECT_HEADS).toLowerCase()}, ${pick(SUBJECT_HEADS).toLowerCase()}`;
    if (text.endsWith('#') || text.startsWith('Refund')) text += String(100000 + Math.floor(random() * 900000));
    return text;
  };

  const start = Date.UTC(2025, 0, 1) / 1000;
  const span = 365 * 86400;
  const step = span / rows;
  const zendesk = layout === 'zendesk';
  const delimiter = ',';
  const eol = zendesk ? '\n' : '\r\n';
  const header = zendesk
    ? [
        'Id',
        'Requester id',
        'Requester',
        'Assignee',
        'Group',
        'Subject',
        'Status',
        'Priority',
        'Via',
        'Ticket type',
        'Created at',
        'Solved at',
        'Replies',
        'First reply time in minutes',
      ]
    : [
        'ticket_id',
        'opened_at',
        'first_response_at',
        'resolved_at',
        'state',
        'priority',
        'team',
        'customer_email',
        'topic',
        'channel',
        'agent',
        'reopen_count',
        'description',
        'region',
      ];

  const stream = createWriteStream(out);
  let bytes = 0;
  const write = async (text) => {
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) await new Promise((r) => stream.once('drain', r));
  };
  await write((zendesk ? '\uFEFF' : '') + header.join(delimiter) + eol);

  let block = '';
  let created = start;
  for (let i = 0; i < rows; i++) {
    created += Math.floor(random() * step * 2);
    const id = 100000 + i;
    const c = customer();
    const answered = random() >= 0.08;
    const replyMinutes = answered ? Math.floor(Math.exp(random() * 8)) : -1; // up to ~50 h
    const resolved = random() >= 0.15;
    // up to ~3 weeks
    const resolveSeconds = resolved ? Math.floor(Math.exp(3 + random() * 11)) + Math.max(0, replyMinutes) * 60 : -1;
    const t = team(random());
    const p = priority(random());
    const via = channel(random());
    const replies = answered ? 1 + Math.floor(random() * random() * 6) : 0;
    let fields;
    if (zendesk) {
      fields = [
        String(id),
        String(380100000000 + c),
        name(c),
        pick(AGENTS),
        t,
        subject(),
        resolved ? statusDone(random()) : statusOpen(random()),
        p,
        via,
        type(random()),
        wall(created),
        resolved ? wall(created + resolveSeconds) : '',
        String(replies),
        answered ? String(replyMinutes) : '',
      ];
    } else {
      const z = zone(random());
      fields = [
        `HD-${id}`,
        withOffset(created, z),
        answered ? withOffset(created + replyMinutes * 60 + Math.floor(random() * 60), z) : '',
        resolved ? withOffset(created + resolveSeconds, random() < 0.9 ? z : ZONES[0]) : '',
        resolved ? 'Resolved' : random() < 0.5 ? 'Open' : 'Waiting',
        p === '' ? '-' : p,
        t,
        `customer${c}@example.${pick(['com', 'de', 'fr', 'jp'])}`,
        type(random()) || 'other',
        via,
        pick(AGENTS),
        resolved ? String(random() < 0.1 ? 1 : 0) : '',
        `${subject()}, ${name(c)} wrote: "${pick(SUBJECT_HEADS)}"`,
        pick(REGIONS),
      ];
    }
    block += fields.map((f) => cell(f, delimiter)).join(delimiter) + eol;
    if (block.length > 1 << 20) {
      await write(block);
      block = '';
    }
  }
  await write(block);
  await new Promise((resolvePromise, reject) => stream.end((error) => (error ? reject(error) : resolvePromise())));
  return bytes;
}

/** The `--map` flags that read the generic layout. */
export const GENERIC_MAP = [
  'id=ticket_id',
  'created=opened_at',
  'first_reply=first_response_at',
  'solved=resolved_at',
  'status=state',
  'priority=priority',
  'team=team',
  'customer=customer_email',
  'category=topic',
  'channel=channel',
  'agent=agent',
  'reopens=reopen_count',
  'region=region',
];

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
  };
  const sizeLabel = option('size', '1m');
  const layout = option('layout', 'zendesk');
  if (layout !== 'zendesk' && layout !== 'generic') throw new Error('--layout must be zendesk or generic');
  const out = option('out', dataFile(layout, sizeLabel));
  const began = performance.now();
  const bytes = await generate({ rows: parseSize(sizeLabel), layout, seed: Number(option('seed', '42')), out });
  process.stderr.write(
    `wrote ${out}: ${parseSize(sizeLabel)} rows, ${(bytes / 1e6).toFixed(1)} ` +
      `MB in ${((performance.now() - began) / 1000).toFixed(1)} s\n`,
  );
}
