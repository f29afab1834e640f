import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser, type SaxesTag } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { openXes } from './xes.js';

/**
 * The rows of an XES text as a general XML parser (saxes, strict) reads it, with the reader's rules
 * (direct attributes of a trace or event, trace attributes as `case:<key>`, a nameless trace numbered):
 * the independent reading the byte scanner must give, cell for cell and line for line.
 */
function saxesRows(text: string): { events: Record<string, string>[]; lines: number[] } {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const events: Record<string, string>[] = [];
  const lines: number[] = [];
  let depth = 0;
  let traceDepth = -1;
  let eventDepth = -1;
  let trace: Record<string, string> = {};
  let pending: Record<string, string>[] = [];
  let traces = 0;
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  parser.on('opentag', (tag: SaxesTag) => {
    depth++;
    const name = local(tag.name);
    const a = tag.attributes as Record<string, string>;
    if (name === 'trace' && traceDepth < 0) {
      traceDepth = depth;
      trace = {};
      pending = [];
    } else if (name === 'event' && traceDepth > 0 && eventDepth < 0) {
      eventDepth = depth;
      pending.push({});
      lines.push(parser.line);
    } else if (['string', 'date', 'int', 'float', 'boolean', 'id'].includes(name) && a.key !== undefined) {
      if (eventDepth > 0 && depth === eventDepth + 1) (pending.at(-1) as Record<string, string>)[a.key] = a.value ?? '';
      else if (eventDepth < 0 && traceDepth > 0 && depth === traceDepth + 1) trace[`case:${a.key}`] = a.value ?? '';
    }
  });
  parser.on('closetag', (tag: SaxesTag) => {
    const name = local(tag.name);
    if (name === 'event' && depth === eventDepth) eventDepth = -1;
    else if (name === 'trace' && depth === traceDepth) {
      traces++;
      trace['case:concept:name'] ??= `trace ${traces}`;
      for (const e of pending) events.push({ ...e, ...trace });
      traceDepth = -1;
    }
    depth--;
  });
  parser.write(text).close();
  return { events, lines };
}

const scratch = mkdtempSync(join(tmpdir(), 'xes-scan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let files = 0;

/** The rows the reader gives for `text` in pieces of `size` bytes: from a stream, or from a file (`XesFile`). */
async function scannerRows(text: string, size: number, wanted: string[], from: 'stream' | 'file' = 'stream') {
  const bytes = Buffer.from(text, 'utf8');
  async function* chunks() {
    for (let k = 0; k < bytes.length; k += size) yield bytes.subarray(k, k + size);
  }
  const path = join(scratch, `log-${files++}.xes`);
  if (from === 'file') writeFileSync(path, bytes);
  const input = from === 'file' ? { path, chunkBytes: size } : chunks();
  const source = await openXes(input, { name: 'log.xes', wanted });
  const events: Record<string, string>[] = [];
  const lines: number[] = [];
  await source.feed((cells, line) => {
    const row: Record<string, string> = {};
    source.header.forEach((h, k) => {
      if (cells[k] !== '') row[h] = cells[k] as string;
    });
    events.push(row);
    lines.push(line);
  });
  return { events, lines };
}

/** A log with what real files hold: a BOM, CRLF, comments, a DOCTYPE, CDATA, prefixes, entities, nesting. */
const LOG = [
  '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<!DOCTYPE log [ <!ENTITY x "y"> ]>',
  '<!-- exported by a tool -->',
  '<xes:log xmlns:xes="http://www.xes-standard.org/" xes.version="1849-2016">',
  '<global scope="event"><string key="org:resource" value="__INVALID__"/></global>',
  '<xes:trace><string key=\'concept:name\' value=\'A&amp;B\'/><int key="n"\tvalue="3" />',
  '  <xes:event>',
  '    <string key="concept:name" value="Réception &lt;client&gt; &#233;&#x41;"/>',
  '    <date key="time:timestamp" value="2025-03-01T10:00:00.000+01:00"/>',
  '    <list key="tags"><values><string key="concept:name" value="nested, not read"/></values></list>',
  '    <string key="org:resource"\n       value="multi\nline\tvalue"/>',
  '  </xes:event>',
  '  <![CDATA[ text <event> that is no event ]]>',
  '  <event><string key="concept:name" value=\'say "hi"\'/>',
  '<date key="time:timestamp" value="2025-03-01T11:00:00Z"/></event>',
  '</xes:trace>',
  '<trace><event><string key="concept:name" value="x"/><string key="late" value="v"/></event>',
  '<string key="priority" value="high"/></trace>',
  '<trace><string key="concept:name" value="C"/></trace>',
  '<trace><event><string key="concept:name" value="only"/></event><event/></trace>',
  '</xes:log>\r\n<!-- end -->\n',
].join('\r\n');

const SIZES = [1, 2, 3, 7, 64, 1 << 20].flatMap((size) => [
  [size, 'stream'],
  [size, 'file'],
]) as [number, 'stream' | 'file'][];

describe('the XES byte scanner', () => {
  it.each(SIZES)('reads what a general XML parser reads, in chunks of %i bytes from a %s', async (size, from) => {
    const expected = saxesRows(LOG);
    const got = await scannerRows(LOG, size, ['late', 'case:n', 'case:priority'], from);
    expect(got.lines).toEqual(expected.lines);
    // `late` is first met after the first trace: a mapped name is read all the same.
    expect(got.events).toEqual(
      expected.events.map((e) => Object.fromEntries(Object.entries(e).filter(([, v]) => v !== ''))),
    );
    expect(got.events[0]).toMatchObject({
      'concept:name': 'Réception <client> éA',
      'org:resource': 'multi line value',
    });
    expect(got.events).toHaveLength(5);
  });

  it.each([
    ['a second root', '<log><trace/></log><log/>'],
    ['text after the root', '<log></log>x'],
    ['an unknown entity', '<log><trace><event><string key="a" value="&nbsp;"/></event></trace></log>'],
    ['a raw <', '<log><trace><event><string key="a" value="a<b"/></event></trace></log>'],
    ['an unquoted value', '<log><trace><event><string key=a value="b"/></event></trace></log>'],
    ['a cut comment', '<log><trace></trace><!-- no end'],
    ['an unclosed root', '<log><trace></trace>'],
    ['a stray closing tag', '<log></trace></log>'],
  ])('refuses %s with its place', async (_, text) => {
    for (const [size, from] of SIZES.filter(([size]) => size !== 2 && size !== 64)) {
      const error = await scannerRows(`<?xml version="1.0"?>\n${text}`, size, [], from).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('bad_xes');
      expect((error as AppError).where).toMatch(/^log\.xes:2:\d+$/);
      // saxes refuses it too: the scanner is no stricter than XML.
      expect(() => saxesRows(`<?xml version="1.0"?>\n${text}`)).toThrow();
    }
  });
});
