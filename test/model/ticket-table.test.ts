import { describe, expect, it } from 'vitest';
import { TicketTable } from '../../src/model/ticket.js';

describe('TicketTable', () => {
  it('gives a field column used as an extra dimension an array of its own (no write into the shared "missing" codes)', () => {
    const table = new TicketTable(16);
    table.useOnly(['created', 'status']);
    // `order_ref` is derived from subjects, so `--map order_ref=<column>` arrives as an extra dimension.
    const extra = table.addExtraDim('order_ref');
    const row = table.addRow('1', 2);
    extra.codes[row] = extra.dictionary.intern('R1');
    for (const field of ['channel', 'agent', 'team', 'customer', 'category', 'tags'] as const) {
      expect(table.dims.get(field)?.codes[row]).toBe(0);
    }
    expect(table.complaints[row]).toBe(0);
    expect(table.dims.get('order_ref')?.dictionary.value(table.dims.get('order_ref')?.codes[row] ?? 0)).toBe('R1');
  });
});
