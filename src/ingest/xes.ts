/**
 * XES (IEEE 1849-2016, the event-log exchange format of process mining) as event rows: one row per
 * `<event>`, streamed with saxes (strict: a truncated or malformed file is an error with its line and
 * column, never a silently shorter log). The columns are the attribute keys, named as pm4py names
 * them: `case:concept:name` (the trace's name, the case id) and `case:<key>` for the other trace
 * attributes; `concept:name` (the activity), `time:timestamp`, `org:resource`, `org:group`,
 * `org:role`, `lifecycle:transition` and any other key for the event's own attributes. Only the
 * direct attributes of a trace or an event are read (nested attributes, lists and containers are
 * passed over). The header is the declared keys (`<global>`), the keys of the first trace and the
 * names asked for (`wanted`: mapped columns, `--by` columns); a key first met later is not read.
 * A trace's events are kept until `</trace>` (its attributes may follow them), so memory is bounded
 * by the longest trace.
 */
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTag } from 'saxes';
import { inputError } from '../errors.js';

/** The value-carrying attribute elements (list and container carry children, not a value). */
const VALUE_ELEMENTS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);

/** The columns every XES file has, in this order. */
const BASE_COLUMNS = [
  'case:concept:name',
  'concept:name',
  'time:timestamp',
  'org:resource',
  'org:group',
  'org:role',
  'lifecycle:transition',
];

export interface XesSource {
  header: string[];
  /** Feeds every event row to `read` (the line is the event's); resolves with the number of rows. */
  feed(read: (cells: readonly string[], line: number) => void): Promise<number>;
}

/** An event read, its attributes as key, value, key, value... */
interface PendingEvent {
  line: number;
  pairs: string[];
}

/**
 * Whether the start of an input is XML (after a byte order mark and white space): an XES log.
 * @example looksLikeXml(Buffer.from('\uFEFF <?xml version="1.0"?><log>')) // true
 */
export function looksLikeXml(head: Uint8Array): boolean {
  let k = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (k < head.length && (head[k] === 0x20 || head[k] === 0x09 || head[k] === 0x0a || head[k] === 0x0d)) k++;
  return head[k] === 0x3c;
}

/**
 * Opens an XES byte stream (already decompressed): reads up to the end of the first trace to fix the
 * header, and returns it with a feed of every event row.
 * @throws AppError (input, `bad_xes`) when the XML is not well-formed
 */
export async function openXes(
  bytes: AsyncIterable<Buffer>,
  options: { name: string; wanted?: readonly string[] },
): Promise<XesSource> {
  const parser = new SaxesParser({ position: true, xmlns: false });
  const decoder = new StringDecoder('utf8');
  const iterator = bytes[Symbol.asyncIterator]();
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  const fail = (): never => {
    const error = failure as Error;
    const at = `${options.name}:${parser.line}:${parser.column + 1}`;
    throw inputError(
      'bad_xes',
      `${options.name} is not well-formed XES: ${error.message.replace(/^[^:]*:\d+:\d+: /, '')}`,
      {
        where: at,
        hint: 'The XML is broken at that place (a truncated or hand-edited export?): export the log again.',
      },
    );
  };

  const declared: string[] = [];
  let depth = 0;
  let traceDepth = -1;
  let eventDepth = -1;
  let traceName: string | null = null;
  let traces = 0;
  let tracePairs: string[] = [];
  let events: PendingEvent[] = [];
  let globalScope: string | null = null;
  /** Events of finished traces not yet handed out, each with its trace's attributes. */
  const ready: { event: PendingEvent; trace: string[] }[] = [];
  let firstTraceDone = false;
  const localName = (name: string) => {
    const colon = name.indexOf(':');
    return colon < 0 ? name : name.slice(colon + 1);
  };

  parser.on('opentag', (tag: SaxesTag) => {
    depth++;
    const name = localName(tag.name);
    const attributes = tag.attributes as Record<string, string>;
    if (name === 'trace' && traceDepth < 0) {
      traceDepth = depth;
      traceName = null;
      tracePairs = [];
      events = [];
      return;
    }
    if (name === 'event' && traceDepth > 0 && eventDepth < 0) {
      eventDepth = depth;
      events.push({ line: parser.line, pairs: [] });
      return;
    }
    if (name === 'global') {
      globalScope = attributes.scope ?? 'event';
      return;
    }
    if (!VALUE_ELEMENTS.has(name)) return;
    const key = attributes.key;
    if (key === undefined) return;
    const value = attributes.value ?? '';
    if (eventDepth > 0) {
      if (depth === eventDepth + 1) events[events.length - 1]?.pairs.push(key, value);
    } else if (traceDepth > 0) {
      if (depth === traceDepth + 1) {
        if (key === 'concept:name') traceName = value;
        tracePairs.push(`case:${key}`, value);
      }
    } else if (globalScope !== null && depth === 3) {
      declared.push(globalScope === 'trace' ? `case:${key}` : key);
    }
  });
  parser.on('closetag', (tag: SaxesTag) => {
    const name = localName(tag.name);
    if (name === 'global') globalScope = null;
    if (name === 'event' && depth === eventDepth) eventDepth = -1;
    else if (name === 'trace' && depth === traceDepth) {
      traces++;
      // A trace without a name is numbered, as pm4py does for its missing case ids.
      tracePairs.push('case:concept:name', traceName ?? `trace ${traces}`);
      for (const event of events) ready.push({ event, trace: tracePairs });
      events = [];
      traceDepth = -1;
      firstTraceDone = true;
    }
    depth--;
  });

  let done = false;
  const pump = async (): Promise<void> => {
    const next = await iterator.next();
    if (next.done) {
      parser.write(decoder.end());
      parser.close();
      done = true;
    } else parser.write(decoder.write(next.value));
    if (failure !== null) fail();
  };
  while (!firstTraceDone && !done) await pump();

  const keys = new Set<string>([...BASE_COLUMNS, ...declared]);
  for (const { event, trace } of ready) {
    for (let k = 0; k < event.pairs.length; k += 2) keys.add(event.pairs[k] as string);
    for (let k = 0; k < trace.length; k += 2) keys.add(trace[k] as string);
  }
  for (const wanted of options.wanted ?? []) keys.add(wanted);
  const header = [...keys];
  const column = new Map(header.map((key, k) => [key, k]));
  const cellsOf = (event: PendingEvent, trace: string[]): string[] => {
    const cells = new Array<string>(header.length).fill('');
    for (const pairs of [event.pairs, trace]) {
      for (let k = 0; k < pairs.length; k += 2) {
        const at = column.get(pairs[k] as string);
        if (at !== undefined) cells[at] = pairs[k + 1] as string;
      }
    }
    return cells;
  };

  return {
    header,
    feed: async (read) => {
      let rows = 0;
      for (;;) {
        for (const { event, trace } of ready) {
          rows++;
          read(cellsOf(event, trace), event.line);
        }
        ready.length = 0;
        if (done) break;
        await pump();
      }
      return rows;
    },
  };
}
