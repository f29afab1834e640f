/**
 * relationSource (src/sql/source.ts), the table's columns as the statement's fields, on its own: what
 * it writes into the SQL, where a whole report would not show it.
 */
import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../src/ingest/profiles/resolve.js';
import { DIALECT } from '../../src/sql/dialect.js';
import { relationSource } from '../../src/sql/source.js';

const header = ['id', 'created', 'team'];
const columns = header.map((name) => ({ name, type: 'text' as const }));
const profile = resolveProfile('generic', header, true, 'test', 'sql');

describe('null tokens', () => {
  it('are listed once each after lower-casing', () => {
    const { source } = relationSource(DIALECT.duckdb, 'tickets', columns, {
      profile,
      map: { id: 'id', created: 'created', team: 'team' },
      by: [],
      inputTimezone: 'UTC',
      nullTokens: ['NULL', 'null', 'N/A', 'n/a', ' #N/A ', '?', '?', ''],
    });
    const lists = source.relation.match(/IN \([^)]*\)/g) ?? [];
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) expect(list).toBe("IN ('null', 'n/a', '#n/a', '?')");
  });
});
