/** `opsmetrics profiles`: the export profiles of every kind (tickets, orders, events) and their column maps. */
import { MAPPING_NAMES } from '../../ingest/fields.js';
import { ORDER_MAPPING_NAMES } from '../../ingest/order-columns.js';
import { PROFILES, type InputKind, type Profile } from '../../ingest/profiles/index.js';
import { EVENT_FIELDS } from '../../ingest/profiles/types.js';
import { writeStdout } from '../io.js';

/** The fields a mapping of each kind can name, and where it is written. */
const MAPPINGS: Readonly<Record<InputKind, { fields: readonly string[]; how: string }>> = {
  tickets: { fields: MAPPING_NAMES, how: '--map field=Column, config input.map' },
  orders: { fields: ORDER_MAPPING_NAMES, how: '--map orders.field=Column, config orders.map' },
  events: { fields: EVENT_FIELDS, how: '--events FILE --map field=Column, config events.map' },
};

const TITLES: Readonly<Record<InputKind, string>> = {
  tickets: 'Ticket exports (opsmetrics report FILE, --profile)',
  orders: 'Order exports (opsmetrics report --orders FILE, --orders-profile)',
  events: 'Event logs (opsmetrics report --events FILE, --profile)',
};

function profileLines(p: Profile): string[] {
  const lines = [`${p.name}: ${p.description}`];
  if (p.signature.length) lines.push(`  detected by columns: ${p.signature.join(', ')}`);
  if (p.dateFormat) lines.push(`  date format: ${p.dateFormat}`);
  if (p.inputTimezone) lines.push(`  input zone: ${p.inputTimezone}`);
  const columns = Object.entries(p.columns as Readonly<Record<string, readonly string[]>>);
  const width = Math.max(0, ...columns.map(([field]) => field.length));
  for (const [field, names] of columns) lines.push(`  ${field.padEnd(width)}  ${names.join(' | ')}`);
  return lines;
}

export async function runProfiles(options: { format: 'table' | 'json' }): Promise<number> {
  const kinds = Object.keys(PROFILES) as InputKind[];
  if (options.format === 'json') {
    const mappingFields = Object.fromEntries(kinds.map((kind) => [kind, MAPPINGS[kind].fields]));
    await writeStdout(`${JSON.stringify({ profiles: PROFILES, mapping_fields: mappingFields }, null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  for (const kind of kinds) {
    lines.push(`# ${TITLES[kind]}`, '');
    for (const p of PROFILES[kind]) lines.push(...profileLines(p), '');
    lines.push(`Fields a mapping can name (${MAPPINGS[kind].how}):`, `  ${MAPPINGS[kind].fields.join(', ')}`);
    if (kind !== 'events')
      lines.push('  any other lower-case name becomes an extra dimension for --by (e.g. region=Region)');
    lines.push('');
  }
  await writeStdout(`${lines.join('\n')}`);
  return 0;
}
