import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { looksLikeXml, openXes, xesThreaded } from './xes.js';

async function* chunks(text: string, size = 64): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let k = 0; k < bytes.length; k += size) yield bytes.subarray(k, k + size);
}

async function rows(text: string, wanted: string[] = [], size = 64) {
  const source = await openXes(chunks(text, size), { name: 'log.xes', wanted });
  const out: Record<string, string>[] = [];
  const lines: number[] = [];
  const count = await source.feed((cells, line) => {
    out.push(Object.fromEntries(source.header.map((h, k) => [h, cells[k] ?? ''])));
    lines.push(line);
  });
  return { header: source.header, rows: out, lines, count };
}

const fixture = readFileSync(new URL('../../fixtures/events/incidents.xes', import.meta.url), 'utf8');

describe('openXes', () => {
  it('reads one row per event with its trace attributes, in pm4py column names', async () => {
    // chunks of 7 bytes: tags and entities are split across writes
    const { header, rows: events, count } = await rows(fixture, [], 7);
    expect(count).toBe(21);
    expect(header.slice(0, 7)).toEqual([
      'case:concept:name',
      'concept:name',
      'time:timestamp',
      'org:resource',
      'org:group',
      'org:role',
      'lifecycle:transition',
    ]);
    expect(header).toEqual(expect.arrayContaining(['case:priority', 'case:category']));
    expect(events[1]).toMatchObject({
      'case:concept:name': 'INC1001',
      'concept:name': 'Assign',
      'time:timestamp': '2025-04-01T09:30:00.000+02:00',
      'org:resource': 'Ann Berg',
      'org:group': 'Network L2',
      'case:priority': '2 - High',
      'case:category': 'Network',
    });
    // entities decoded; the nested list of an event is passed over, not read as its attributes
    expect(events[4]!['case:category']).toBe('Email & calendar');
    expect(events[7]!['org:resource']).toBe('Ben Ode');
    expect(header).not.toContain('note');
    // a trace without concept:name is numbered (pm4py names such cases too)
    expect(events.at(-1)!['case:concept:name']).toBe('trace 5');
  });

  it('accepts single-quoted values, character references and naive times as written', async () => {
    const text =
      "<?xml version='1.0'?><log><trace><string key='concept:name' value='T&#49;'/>" +
      '<event><string key="concept:name" value=\'say "hi"\'/><date key="time:timestamp" value="2025-01-01T10:00:00"/>' +
      '<string key="team" value="A&#10;B"/></event></trace></log>';
    const { rows: events } = await rows(text, ['team']);
    expect(events).toEqual([
      expect.objectContaining({
        'case:concept:name': 'T1',
        'concept:name': 'say "hi"',
        'time:timestamp': '2025-01-01T10:00:00',
        team: 'A\nB',
      }),
    ]);
  });

  it('reads bytes that are not UTF-8 as U+FFFD, as a UTF-8 decoder does', async () => {
    const head = Buffer.from(
      '<log><trace><string key="concept:name" value="T1"/><event><string key="org:resource" value="',
    );
    const tail = Buffer.from('"/></event></trace></log>');
    const bytes = Buffer.concat([head, Buffer.from([0x63, 0x61, 0x66, 0xe9]), tail]);
    async function* one() {
      yield bytes;
    }
    const source = await openXes(one(), { name: 'latin1.xes' });
    const cells: string[][] = [];
    await source.feed((row) => cells.push([...row]));
    expect(cells[0]?.[source.header.indexOf('org:resource')]).toBe('caf\uFFFD');
    expect(cells[0]?.[source.header.indexOf('org:resource')]).toBe(Buffer.from([0x63, 0x61, 0x66, 0xe9]).toString());
  });

  it('gives the line of each event', async () => {
    const { lines } = await rows(fixture);
    const source = fixture.split('\n');
    expect(source[(lines[0] as number) - 1]).toContain('<event>');
  });

  it.each([
    ['truncated', fixture.slice(0, fixture.indexOf('INC1003'))],
    ['mismatched', fixture.replace('</trace>', '</event>')],
    ['raw ampersand', fixture.replace('Email &amp; calendar', 'Email & calendar')],
  ])('refuses a %s file with its place (exit 3), never a shorter log', async (_, text) => {
    const error = await rows(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_xes');
    expect((error as AppError).exitCode).toBe(3);
    expect((error as AppError).where).toMatch(/^log\.xes:\d+:\d+$/);
  });

  it('tells XML from CSV by its first bytes', () => {
    expect(looksLikeXml(Buffer.from('\uFEFF\n  <?xml version="1.0"?>'))).toBe(true);
    expect(looksLikeXml(Buffer.from('case,timestamp\n'))).toBe(false);
  });
});

describe('xesThreaded', () => {
  const MIB = 1 << 20;
  it.each([
    // size, mode, cores, on a second thread
    [284e6, 'auto', 2, true],
    [284e6, 'auto', 8, true],
    [284e6, 'auto', 1, false], // one core: no second one to scan on
    [32 * MIB, 'auto', 2, true],
    [32 * MIB - 1, 'auto', 2, false], // a small file: starting the thread costs what it saves
    [100, 'on', 1, true], // tests send any file to the thread
    [284e6, 'off', 8, false],
    [0, 'on', 2, false], // gzip or standard input: no plain file for the thread to read
  ] as const)('%d bytes, %s, %d cores: %s', (size, mode, cores, expected) => {
    expect(xesThreaded(size, mode, cores)).toBe(expected);
  });
});
