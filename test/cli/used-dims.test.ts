/**
 * A report reads the dimensions it uses and leaves the other mapped ones out (NormalizeOptions.dims):
 * which ones it keeps for each flag and config that needs one, and that the profile's follow-up
 * field still marks follow-ups when its dimension is left out. Both CSV engines (the byte lane and
 * the reference reader) must agree.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, loadTickets, resolveTicketRun, type ReportFlags } from '../../src/index.js';
import type { DimField } from '../../src/model/ticket.js';

const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-dims-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A Zendesk export: Via "Closed ticket" makes ticket 3 a follow-up (Zendesk's profile).
const file = join(dir, 'tickets.csv');
writeFileSync(
  file,
  [
    'Id,Requester id,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Solved at',
    '1,100,Ann Lee,Billing,Order #1001 charged ' +
      'twice,billing,solved,High,Email,question,2025-01-06 10:00:00,2025-01-06 12:00:00',
    '2,200,Bob Ray,Shipping,Where is my parcel,late,open,Normal,Web form,incident,2025-01-07 09:00:00,',
    '3,100,Ann Lee,Billing,Re: Order #1001,billing,solved,High,Closed ' +
      'ticket,question,2025-01-20 10:00:00,2025-01-21 10:00:00',
    '',
  ].join('\n'),
);

const sla = join(dir, 'sla.yml');
writeFileSync(sla, 'sla:\n  first_reply: { high: 4h, default: 8h }\n');

const OPTIONAL: readonly DimField[] = [
  'agent',
  'team',
  'status',
  'priority',
  'channel',
  'category',
  'tags',
  'order_ref',
];

/** Reads the export with these flags as `report` does, on the given CSV reader. */
async function read(engine: 'fast' | 'reference', flags: ReportFlags, extraBy?: string[]) {
  const config = await loadConfig(flags.config, dir);
  const run = resolveTicketRun({ quiet: true, inputTz: 'UTC', ...flags }, config, { OPSMETRICS_ENGINE: engine });
  return loadTickets([file], run, config, { version: '0.0.0', ...(extraBy ? { extraBy } : {}) });
}

async function load(engine: 'fast' | 'reference', flags: ReportFlags) {
  const { table } = await read(engine, flags);
  const kept = OPTIONAL.filter((field) => table.present.has(field));
  const values = (field: DimField) =>
    Array.from(table.dims.get(field)!.codes.subarray(0, table.length), (code) =>
      table.dims.get(field)!.dictionary.value(code),
    );
  return { table, kept, values };
}

describe.each(['fast', 'reference'] as const)('dimensions a report reads (%s engine)', (engine) => {
  it('keeps the customer, the groupings and the follow-up field (Via) only', async () => {
    const { table, kept, values } = await load(engine, { by: 'team' });
    expect(table.length).toBe(3);
    // channel: Zendesk's profile marks follow-ups by Via, which the repeat contacts count.
    expect(kept).toEqual(['team', 'channel']);
    expect(table.present.has('customer')).toBe(true);
    expect(values('customer')).toEqual(['100', '200', '100']);
    expect(values('team')).toEqual(['Billing', 'Shipping', 'Billing']);
    // Not read: no codes, no dictionary.
    expect(values('agent')).toEqual([null, null, null]);
    expect(table.dims.get('status')!.dictionary.size).toBe(0);
    expect(Array.from(table.followUp.subarray(0, 3))).toEqual([0, 0, 1]);
  });

  it('keeps a grouping named by its column, and the groupings of checks (extra by)', async () => {
    expect((await load(engine, { by: 'Assignee,Ticket type' })).kept).toEqual(['agent', 'channel', 'category']);
    const { table } = await read(engine, {}, ['status']);
    expect(OPTIONAL.filter((field) => table.present.has(field))).toEqual(['status', 'channel']);
  });

  it('keeps an extra column mapped for --by only when the report groups by it', async () => {
    expect((await load(engine, { map: ['region=Tags'] })).table.extraDims).toEqual([]);
    const grouped = await load(engine, { map: ['region=Tags'], by: 'region' });
    expect(grouped.table.extraDims).toEqual(['region']);
    const region = grouped.table.dim('region')!;
    expect(Array.from(region.codes.subarray(0, 3), (code) => region.dictionary.value(code))).toEqual([
      'billing',
      'late',
      'billing',
    ]);
  });

  it('keeps the category for --repeat-same category, and the priority for SLA targets', async () => {
    expect((await load(engine, { repeatSame: 'category' })).kept).toEqual(['channel', 'category']);
    const withSla = await load(engine, { config: sla });
    expect(withSla.kept).toEqual(['priority', 'channel']);
    expect(withSla.values('priority')).toEqual(['High', 'Normal', 'High']);
  });

  it(
    "keeps every mapped dimension and the subject's order " + 'references with complaints (also --insights, HTML)',
    async () => {
      const all = ['agent', 'team', 'status', 'priority', 'channel', 'category', 'tags', 'order_ref'];
      expect((await load(engine, { complaints: true })).kept).toEqual(all);
      const insights = await load(engine, { insights: true });
      expect(insights.kept).toEqual(all);
      expect(insights.values('order_ref')).toEqual(['1001', null, '1001']);
    },
  );
});
