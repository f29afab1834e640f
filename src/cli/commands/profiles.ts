/** `opsmetrics profiles`: the export profiles and their column maps. */
import { MAPPING_NAMES } from '../../ingest/fields.js';
import { PROFILES } from '../../ingest/profiles/index.js';
import { writeStdout } from '../io.js';

export async function runProfiles(options: { format: 'table' | 'json' }): Promise<number> {
  if (options.format === 'json') {
    await writeStdout(`${JSON.stringify({ profiles: PROFILES, mapping_fields: MAPPING_NAMES }, null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  for (const p of PROFILES) {
    lines.push(`${p.name}: ${p.description}`);
    if (p.signature.length) lines.push(`  detected by columns: ${p.signature.join(', ')}`);
    if (p.dateFormat) lines.push(`  date format: ${p.dateFormat}`);
    if (p.inputTimezone) lines.push(`  input zone: ${p.inputTimezone}`);
    const width = Math.max(0, ...Object.keys(p.columns).map((k) => k.length));
    for (const [field, columns] of Object.entries(p.columns))
      lines.push(`  ${field.padEnd(width)}  ${columns.join(' | ')}`);
    lines.push('');
  }
  lines.push('Fields a mapping (--map field=Column, config input.map) can use:');
  lines.push(`  ${MAPPING_NAMES.join(', ')}`);
  lines.push('  any other lower-case name becomes an extra dimension for --by (e.g. --map region=Region)');
  await writeStdout(`${lines.join('\n')}\n`);
  return 0;
}
