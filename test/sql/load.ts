/**
 * Test support: a ticket table (read by the JS engine) written into a SQL table with the normalized
 * field names, so that the generated statement and the JS engine compute from the same tickets.
 */
import type { Tickets } from '../../src/model/ticket.js';
import { COUNT_FIELDS, DURATION_FIELDS, INSTANT_FIELDS, VERDICT_FIELDS } from '../../src/model/ticket.js';
import type { SqlSource } from '../../src/sql/statement.js';
import type { Dialect } from '../../src/sql/dialect.js';

const text = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
const number = (v: number) => (Number.isFinite(v) ? String(v) : 'NULL');

/** CREATE TABLE and INSERT statements of `table` (in batches), and the source over it. */
export function ticketsAsSql(
  table: Tickets,
  name: string,
  d: Dialect,
  dims: readonly string[],
): { statements: string[]; source: SqlSource } {
  const q = d.ident;
  const cols: { name: string; type: string; value: (i: number) => string; field?: string }[] = [];
  cols.push({ name: 'om_row', type: d.bigint, value: (i) => String(i) });
  if (table.present.has('id'))
    cols.push({ name: 'id', type: d.textType, value: (i) => text(table.ids.get(i)), field: 'id' });
  for (const f of INSTANT_FIELDS) {
    if (!table.present.has(f)) continue;
    cols.push({ name: f, type: d.bigint, value: (i) => number(table.instants[f][i] as number), field: f });
  }
  for (const f of DURATION_FIELDS) {
    if (!table.present.has(f)) continue;
    cols.push({ name: f, type: d.double, value: (i) => number(table.durations[f][i] as number), field: f });
  }
  for (const f of COUNT_FIELDS) {
    if (!table.present.has(f)) continue;
    cols.push({
      name: f,
      type: d.bigint,
      value: (i) => ((table.counts[f][i] as number) < 0 ? 'NULL' : String(table.counts[f][i])),
      field: f,
    });
  }
  for (const f of VERDICT_FIELDS) {
    if (!table.present.has(f)) continue;
    cols.push({
      name: f,
      type: d.bigint,
      value: (i) => ((table.verdicts[f][i] as number) < 0 ? 'NULL' : String(table.verdicts[f][i])),
      field: f,
    });
  }
  if (table.present.has('satisfaction')) {
    cols.push({
      name: 'satisfaction',
      type: d.bigint,
      value: (i) => ((table.satisfaction[i] as number) < 0 ? 'NULL' : String(table.satisfaction[i])),
      field: 'satisfaction',
    });
  }
  cols.push({ name: 'follow_up', type: d.bigint, value: (i) => String(table.followUp[i]), field: 'follow_up' });
  // The numbers of the config's metrics (`metrics:`), as the source's `number:<id>` fields.
  for (const [id, values] of table.numbers) {
    cols.push({
      name: `number_${id}`,
      type: d.double,
      value: (i) => number(values[i] as number),
      field: `number:${id}`,
    });
  }
  const extras: Record<string, string> = {};
  const dimNames = new Set(['customer', 'category', 'priority', ...dims]);
  for (const key of dimNames) {
    const column = table.dim(key);
    const known = table.extraDims.includes(key) || table.present.has(key as never);
    if (column === undefined || !known) continue;
    const colName = `dim_${key.replace(/[^a-z0-9_]/gi, '_')}`;
    cols.push({
      name: colName,
      type: d.textType,
      value: (i) => text(column.dictionary.value(column.codes[i] as number)),
      field: key,
    });
  }
  const statements = [`CREATE TABLE ${q(name)} (${cols.map((c) => `${q(c.name)} ${c.type}`).join(', ')})`];
  for (let start = 0; start < table.length; start += 500) {
    const rows: string[] = [];
    for (let i = start; i < Math.min(table.length, start + 500); i++)
      rows.push(`(${cols.map((c) => c.value(i)).join(', ')})`);
    statements.push(`INSERT INTO ${q(name)} VALUES ${rows.join(',\n')}`);
  }
  const fields: Record<string, string> = {};
  for (const c of cols) {
    if (c.field === undefined) continue;
    if (table.extraDims.includes(c.field)) extras[c.field] = q(c.name);
    else fields[c.field] = q(c.name);
  }
  return { statements, source: { relation: q(name), fields, extras, order: q('om_row') } };
}
