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

interface PendingEvent {
  line: number;
  values: Map<string, string>;
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
  let traceValues = new Map<string, string>();
  let events: PendingEvent[] = [];
  let globalScope: string | null = null;
  /** Rows of finished traces not yet handed out: cells by column, and the event's line. */
  const ready: { values: Map<string, string>; line: number }[] = [];
  let firstTraceDone = false;

  parser.on('opentag', (tag: SaxesTag) => {
    depth++;
    const name = tag.name.includes(':') ? tag.name.slice(tag.name.indexOf(':') + 1) : tag.name;
    const attributes = tag.attributes as Record<string, string>;
    if (name === 'trace' && traceDepth < 0) {
      traceDepth = depth;
      traceName = null;
      traceValues = new Map();
      events = [];
      return;
    }
    if (name === 'event' && traceDepth > 0 && eventDepth < 0) {
      eventDepth = depth;
      events.push({ line: parser.line, values: new Map() });
      return;
    }
    if (name === 'global') {
      globalScope = attributes.scope ?? 'event';
      return;
    }
    if (!VALUE_ELEMENTS.has(name)) return;
    const key = attributes.key;
    const value = attributes.value ?? '';
    if (key === undefined) return;
    if (globalScope !== null && depth === 3) {
      declared.push(globalScope === 'trace' ? `case:${key}` : key);
    } else if (eventDepth > 0 && depth === eventDepth + 1) {
      events.at(-1)?.values.set(key, value);
    } else if (traceDepth > 0 && eventDepth < 0 && depth === traceDepth + 1) {
      if (key === 'concept:name') traceName = value;
      traceValues.set(`case:${key}`, value);
    }
  });
  parser.on('closetag', (tag: SaxesTag) => {
    const name = tag.name.includes(':') ? tag.name.slice(tag.name.indexOf(':') + 1) : tag.name;
    if (name === 'global') globalScope = null;
    if (name === 'event' && depth === eventDepth) eventDepth = -1;
    else if (name === 'trace' && depth === traceDepth) {
      traces++;
      // A trace without a name is numbered, as pm4py does for its missing case ids.
      const id = traceName ?? `trace ${traces}`;
      traceValues.set('case:concept:name', id);
      for (const event of events) {
        for (const [key, value] of traceValues) event.values.set(key, value);
        ready.push({ values: event.values, line: event.line });
      }
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
  for (const { values } of ready) for (const key of values.keys()) keys.add(key);
  for (const wanted of options.wanted ?? []) keys.add(wanted);
  const header = [...keys];
  const cellsOf = (values: Map<string, string>) => header.map((key) => values.get(key) ?? '');

  return {
    header,
    feed: async (read) => {
      let rows = 0;
      for (;;) {
        for (const row of ready) {
          rows++;
          read(cellsOf(row.values), row.line);
        }
        ready.length = 0;
        if (done) break;
        await pump();
      }
      return rows;
    },
  };
}
