import { describe, expect, it } from 'vitest';
import { initializeRows, type RowPlan } from '../../src/engine/row-plan.js';
import { TicketTable } from '../../src/engine/ticket-table.js';

describe('TicketTable', () => {
  it(
    'gives a field column used as an extra dimension an array ' +
      'of its own (no write into the shared "missing" codes)',
    () => {
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
    },
  );
});

/**
 * Rows past the table's initial capacity are zero in memory until set to "missing": by the table when
 * a row reaches them, ahead of the rows while a reader waits (initializeAhead), or by the fast engine's
 * reading thread through a row plan. Whichever way, a row reads "missing" in every field not written.
 */
describe('TicketTable rows set to "missing" ahead of use', () => {
  /** What every field of `row` reads when only `created` and `status` were written. */
  function unwritten(table: TicketTable, row: number) {
    return {
      instant: table.instants.first_reply[row],
      shared: table.instants.closed[row],
      duration: table.durations.first_reply_duration[row],
      count: table.counts.reopens[row],
      dim: table.dims.get('team')?.codes[row],
      satisfaction: table.satisfaction[row],
      verdict: table.verdicts.vendor_sla_first_reply[row],
      followUp: table.followUp[row],
      complaints: table.complaints[row],
    };
  }
  const MISSING = {
    instant: NaN,
    shared: NaN,
    duration: NaN,
    count: -1,
    dim: 0,
    satisfaction: -1,
    verdict: -1,
    followUp: 0,
    complaints: 0,
  };

  /** A table mapping a few fields, `rows` of them added with created = row and status 'open'. */
  function build(
    rows: number,
    before?: (table: TicketTable) => void,
    each?: (table: TicketTable, row: number) => void,
  ): TicketTable {
    const table = new TicketTable(16);
    table.useOnly([
      'created',
      'status',
      'first_reply',
      'first_reply_duration',
      'reopens',
      'team',
      'satisfaction',
      'vendor_sla_first_reply',
    ]);
    before?.(table);
    const status = table.dims.get('status');
    for (let i = 0; i < rows; i++) {
      each?.(table, i);
      const row = table.addRow(String(i), i + 2);
      table.instants.created[row] = i;
      if (status) status.codes[row] = status.dictionary.intern('open');
    }
    return table;
  }

  function expectRows(table: TicketTable, rows: number): void {
    expect(table.length).toBe(rows);
    for (const row of [0, 15, 16, 4095, 4096, 4111, 9000, rows - 1]) {
      if (row >= rows) continue;
      expect(table.instants.created[row], `row ${row}`).toBe(row);
      expect(unwritten(table, row), `row ${row}`).toEqual(MISSING);
    }
  }

  it('when the rows reach them: growing by doubling, or after reserve', () => {
    expectRows(build(9001), 9001);
    expectRows(
      build(9001, (table) => table.reserve(20_000)),
      9001,
    );
  });

  it('ahead of the rows while a reader waits, and as the rows reach them', () => {
    const table = build(9001, (t) => {
      t.reserve(12_000);
      while (t.initializeAhead()) {
        // As many steps as it takes: then every reserved row is set.
      }
    });
    expectRows(table, 9001);
    // Steps interleaved with rows: never over a written row.
    expectRows(
      build(
        9001,
        (t) => t.reserve(12_000),
        (t, i) => i % 700 === 0 && t.initializeAhead(),
      ),
      9001,
    );
  });

  it('by a reading thread through the row plan, up to the rows posted, before the table sets them itself', () => {
    let plan: RowPlan | undefined;
    let initialized = 0;
    const table = build(
      9001,
      (t) => {
        t.reserve(9500);
        plan = t.rowPlan();
        initialized = plan?.initialized ?? 0;
      },
      (t, i) => {
        // A batch of 1000 records "posted": its rows are set first, as scan-worker.ts does.
        if (plan === undefined || i % 1000 !== 0) return;
        const rows = Math.min(plan.capacity, plan.length + i + 1000);
        initializeRows(plan, initialized, rows);
        initialized = rows;
        t.rowsInitialized(plan, rows);
      },
    );
    expect(plan).toBeDefined();
    // The plan's arrays are the table's own (shared memory), each named once.
    expect(plan?.columns.every(({ array }) => array.buffer instanceof SharedArrayBuffer)).toBe(true);
    expect(new Set(plan?.columns.map(({ array }) => array)).size).toBe(plan?.columns.length);
    expectRows(table, 9001);
  });

  it('ignores a row plan whose arrays were replaced (the table grew past it) and sets the rows itself', () => {
    const table = new TicketTable(16);
    table.useOnly(['created', 'first_reply', 'reopens']);
    table.reserve(20_000);
    const stale = table.rowPlan() as RowPlan;
    // A larger estimate replaces the arrays: rows set through the old plan are not set in the new ones.
    table.reserve(40_000);
    initializeRows(stale, stale.initialized, 20_000);
    table.rowsInitialized(stale, 20_000);
    for (let i = 0; i < 10_000; i++) {
      // (The row first: adding it may replace the arrays.)
      const row = table.addRow(String(i), i + 2);
      table.instants.created[row] = i;
    }
    for (const row of [15, 16, 4111, 4112, 9999]) {
      expect(table.instants.created[row]).toBe(row);
      expect(table.instants.first_reply[row]).toBeNaN();
      expect(table.counts.reopens[row]).toBe(-1);
    }
  });

  it('has no plan while a column is outside shared memory (the thread would set a copy)', () => {
    const table = new TicketTable(16);
    table.useOnly(['created']);
    expect(table.rowPlan()).toBeUndefined();
    table.reserve(1000);
    expect(table.rowPlan()).toBeDefined();
  });
});
