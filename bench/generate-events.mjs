#!/usr/bin/env node
/**
 * Seeded generator of realistic helpdesk event logs for the benchmark (not part of `npm test`).
 *
 *   node bench/generate-events.mjs --size 1m [--format csv|xes] [--split 2] [--seed 42] [--out FILE]
 *
 * `--size` counts events (about 5.9 per case, so 1m is about 170k cases). The CSV has seven columns
 * (case, timestamp, activity, status, resource, team, priority), rows in time order across cases as a
 * system writes them; `--split N` writes N files (`-1.csv`, `-2.csv`, ...) with the events dealt out
 * by kind (messages in the first, status and assignment changes in the others), as a comments file and
 * a field-history file are. `xes` writes the same log as IEEE 1849 XES (one trace per case, trace
 * attribute priority). Cases: customer-opened or agent-opened (outbound), replies both ways, waiting on
 * the customer, on hold, team transfers (some back and forth), solves, reopens, closes, cancellations,
 * cases still open. Same seed and size -> byte-identical output.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSize } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));

export function eventsFile(sizeLabel, format = 'csv', part) {
  const suffix = part === undefined ? '' : `-${part}`;
  return resolve(here, 'data', `events-${sizeLabel.toLowerCase()}${suffix}.${format}`);
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

const TEAMS = ['Billing', 'Shipping', 'Technical', 'Returns', 'Sales'];
const PRIORITIES = ['normal', 'normal', 'normal', 'high', 'high', 'low', 'urgent'];
const AGENTS = ['ann', 'bob', 'carl', 'dina', 'eve', 'fay', 'gus', 'hana', 'ivo', 'jun', 'kai', 'lea'];

/** A min-heap of cases by their next event time (ties: case number), so rows come out in time order. */
class Heap {
  constructor() {
    this.items = [];
  }
  get size() {
    return this.items.length;
  }
  less(a, b) {
    return a.at < b.at || (a.at === b.at && a.n < b.n);
  }
  push(item) {
    const items = this.items;
    items.push(item);
    let k = items.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!this.less(items[k], items[p])) break;
      [items[k], items[p]] = [items[p], items[k]];
      k = p;
    }
  }
  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < items.length && this.less(items[l], items[m])) m = l;
        if (r < items.length && this.less(items[r], items[m])) m = r;
        if (m === k) break;
        [items[k], items[m]] = [items[m], items[k]];
        k = m;
      }
    }
    return top;
  }
}

/**
 * The events of one case: [offsetSeconds, activity, status, resource, team], offsets increasing.
 * @param {() => number} random
 */
function caseEvents(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const minutes = (max) => 60 * (1 + Math.floor(Math.exp(random() * Math.log(max))));
  const events = [];
  let t = 0;
  let team = pick(TEAMS);
  let agent = pick(AGENTS);
  const outbound = random() < 0.06;
  events.push([t, 'created', 'new', outbound ? agent : '', team]);
  if (outbound) events.push([(t += 30), 'agent reply', 'pending', agent, team]);
  else events.push([t, 'customer message', '', '', team]);
  const steps = Math.floor(random() * random() * 12);
  for (let s = 0; s < steps; s++) {
    const u = random();
    if (u < 0.18) {
      const next = pick(TEAMS);
      agent = pick(AGENTS);
      events.push([(t += minutes(600)), 'assigned', 'open', agent, next]);
      team = next;
    } else if (u < 0.6) {
      events.push([(t += minutes(1440)), 'agent reply', random() < 0.5 ? 'pending' : 'open', agent, team]);
    } else if (u < 0.85) {
      events.push([(t += minutes(2880)), 'customer message', 'open', '', team]);
    } else {
      events.push([(t += minutes(300)), 'escalated', 'on hold', agent, team]);
    }
  }
  const end = random();
  if (end < 0.72) {
    events.push([(t += minutes(2000)), 'agent reply', 'solved', agent, team]);
    if (random() < 0.12) {
      events.push([(t += minutes(4000)), 'customer message', 'open', '', team]);
      events.push([(t += minutes(1000)), 'agent reply', 'solved', agent, team]);
    }
    if (random() < 0.6) events.push([(t += 4 * 86400), 'closed', 'closed', '', team]);
  } else if (end < 0.78) {
    events.push([(t += minutes(3000)), 'cancelled', 'cancelled', agent, team]);
  }
  return events;
}

function xmlText(text) {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');
}

/**
 * Writes an event log of about `events` rows; resolves with the rows written per file.
 * @param {{ events: number, format?: 'csv' | 'xes', split?: number, seed?: number, out: string[] }} options
 */
export async function generateEvents({ events, format = 'csv', split = 1, seed = 42, out }) {
  for (const file of out) mkdirSync(dirname(file), { recursive: true });
  const random = rng(seed);
  const streams = out.map((file) => createWriteStream(file));
  const blocks = out.map(() => '');
  const written = out.map(() => 0);
  const flush = async (k, force) => {
    if (!force && blocks[k].length < 1 << 20) return;
    const stream = streams[k];
    if (!stream.write(blocks[k])) await new Promise((r) => stream.once('drain', r));
    blocks[k] = '';
  };
  const start = Date.UTC(2025, 0, 1) / 1000;
  const cases = Math.round(events / 5.9);
  const step = (365 * 86400) / cases;
  const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

  if (format === 'xes') {
    blocks[0] +=
      '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">\n' +
      '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n' +
      '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n' +
      '  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n' +
      '  <classifier name="Activity" keys="concept:name"/>\n';
    let opened = start;
    for (let c = 0; c < cases; c++) {
      opened += Math.floor(random() * step * 2);
      const list = caseEvents(random);
      const priority = PRIORITIES[Math.floor(random() * PRIORITIES.length)];
      let text = `  <trace>\n    <string key="concept:name" value="C${100000 + c}"/>\n`;
      text += `    <string key="priority" value="${priority}"/>\n`;
      for (const [offset, activity, status, resource, team] of list) {
        text += `    <event>\n      <string key="concept:name" value="${xmlText(activity)}"/>\n`;
        text += `      <date key="time:timestamp" value="${iso(opened + offset)}"/>\n`;
        if (status !== '') text += `      <string key="lifecycle:transition" value="${xmlText(status)}"/>\n`;
        if (resource !== '') text += `      <string key="org:resource" value="${xmlText(resource)}"/>\n`;
        text += `      <string key="org:group" value="${xmlText(team)}"/>\n    </event>\n`;
      }
      blocks[0] += `${text}  </trace>\n`;
      written[0] += list.length;
      await flush(0, false);
    }
    blocks[0] += '</log>\n';
  } else {
    const header = 'case,timestamp,activity,status,resource,team,priority\n';
    for (let k = 0; k < out.length; k++) blocks[k] += header;
    // Cases overlap in time: a heap of open cases yields every event in time order.
    const heap = new Heap();
    let opened = start;
    let c = 0;
    const open = () => {
      opened += Math.floor(random() * step * 2);
      const list = caseEvents(random);
      const priority = PRIORITIES[Math.floor(random() * PRIORITIES.length)];
      heap.push({ n: c, id: `C${100000 + c}`, base: opened, list, k: 0, priority, at: opened + list[0][0] });
      c++;
    };
    open();
    while (heap.size > 0) {
      // Open every case that starts before the next event, so that rows stay in time order.
      while (c < cases && opened <= heap.items[0].at) open();
      const item = heap.pop();
      const [offset, activity, status, resource, team] = item.list[item.k];
      const file =
        split === 1 ? 0 : activity.endsWith('message') || activity.endsWith('reply') ? 0 : 1 + (c % (split - 1));
      blocks[file] +=
        `${item.id},${iso(item.base + offset)},${activity},${status},${resource},${team},${item.priority}\n`;
      written[file]++;
      item.k++;
      if (item.k < item.list.length) {
        item.at = item.base + item.list[item.k][0];
        heap.push(item);
      }
      if (heap.size === 0 && c < cases) open();
      await flush(file, false);
    }
  }
  for (let k = 0; k < out.length; k++) {
    await flush(k, true);
    await new Promise((resolvePromise, reject) =>
      streams[k].end((error) => (error ? reject(error) : resolvePromise())),
    );
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
  };
  const sizeLabel = option('size', '1m');
  const format = option('format', 'csv');
  if (format !== 'csv' && format !== 'xes') throw new Error('--format must be csv or xes');
  const split = Number(option('split', '1'));
  const base = option('out', undefined);
  const out =
    split === 1
      ? [base ?? eventsFile(sizeLabel, format)]
      : Array.from({ length: split }, (_, k) =>
          base === undefined ? eventsFile(sizeLabel, format, k + 1) : base.replace(/(\.\w+)?$/, `-${k + 1}$1`),
        );
  const began = performance.now();
  const written = await generateEvents({
    events: parseSize(sizeLabel),
    format,
    split,
    seed: Number(option('seed', '42')),
    out,
  });
  process.stderr.write(
    `wrote ${out.join(', ')}: ${written.join(' + ')} events in ${((performance.now() - began) / 1000).toFixed(1)} s\n`,
  );
}
