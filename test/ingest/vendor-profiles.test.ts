/**
 * The parsing rules the vendor profiles add, each on a hand-made row: Freshdesk HH:MM:SS durations
 * past 24 h and its ambiguous 00:00:00, SLA verdicts (localized, unknown), ServiceNow's audit-log
 * folding (version, then update time), Jira dates, and detection by the fullest signature.
 */
import { describe, expect, it } from 'vitest';
import type { RowIssue } from '../../src/ingest/issues.js';
import { createRowReader } from '../../src/ingest/normalize.js';
import { TicketBuilder } from '../../src/engine/ticket-builder.js';
import { detectProfile, findProfile, guessMapping, type TicketProfile } from '../../src/ingest/profiles/index.js';
import { TicketTable } from '../../src/engine/ticket-table.js';
import { Verdict } from '../../src/model/ticket.js';

function read(
  profile: TicketProfile,
  header: string[],
  rows: string[][],
  extra: { dateFormat?: string; nullTokens?: string[] } = {},
) {
  const table = new TicketTable();
  const builder = new TicketBuilder(table);
  const issues: RowIssue[] = [];
  const reader = createRowReader(header, builder, {
    file: 't.csv',
    profile,
    map: {},
    by: [],
    inputTimezone: 'UTC',
    nullTokens: extra.nullTokens ?? [''],
    onBadValue: 'reject',
    onIssue: (i) => issues.push(i),
    ...(extra.dateFormat ? { dateFormat: extra.dateFormat } : {}),
  });
  for (const [k, cells] of rows.entries()) reader.read(cells, k + 2);
  return { table, builder, issues };
}

const freshdesk = findProfile('tickets', 'freshdesk')!;
const servicenow = findProfile('tickets', 'servicenow')!;
const jira = findProfile('tickets', 'jira')!;
const FD = [
  'Ticket ID',
  'Created time',
  'Initial response time',
  'Resolved time',
  'First response time (in hrs)',
  'Resolution time (in hrs)',
  'First response status',
  'Resolution status',
];

describe('freshdesk durations and verdicts', () => {
  const { table, builder, issues } = read(freshdesk, FD, [
    [
      '1',
      '2025-11-03 09:00:00',
      '2025-11-03 09:00:00',
      '2025-11-10 09:00:00',
      '00:00:00',
      '123:45:06',
      'Within SLA',
      'SLA Violated',
    ],
    ['2', '2025-11-03 10:00:00', '', '', '00:00:00', '00:00:00', '', ''],
    ['3', '2025-11-03 11:00:00', '2025-11-03 12:00:00', '', '01:00:00', '00:00:00', 'Innerhalb des SLA', 'Paused'],
  ]);

  it('reads HH:MM:SS with hours past 24', () => {
    expect(table.durations.full_resolution_business_duration[0]).toBe(((123 * 60 + 45) * 60 + 6) * 1000);
  });

  it('keeps 00:00:00 only when the event has a timestamp', () => {
    expect(table.durations.first_reply_business_duration[0]).toBe(0); // replied at creation
    expect(table.durations.first_reply_business_duration[1]).toBeNaN(); // never replied
    expect(table.durations.full_resolution_business_duration[1]).toBeNaN(); // unresolved
    expect(table.durations.full_resolution_business_duration[2]).toBeNaN();
  });

  it('reads verdicts, localized ones too, and keeps an unknown one as no verdict with a nulled issue', () => {
    expect(Array.from(table.verdicts.vendor_sla_first_reply.subarray(0, 3))).toEqual([
      Verdict.met,
      Verdict.unknown,
      Verdict.met,
    ]);
    expect(Array.from(table.verdicts.vendor_sla_resolution.subarray(0, 3))).toEqual([
      Verdict.violated,
      Verdict.unknown,
      Verdict.unknown,
    ]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'unknown_value',
        column: 'Resolution status',
        value: 'Paused',
        action: 'nulled',
        line: 4,
      }),
    ]);
    expect(builder.counts).toMatchObject({ accepted: 3, rejected: 0, nulled: 1 });
  });
});

describe('servicenow audit-log folding', () => {
  const H = ['number', 'opened_at', 'state', 'sys_updated_on', 'sys_mod_count', 'reassignment_count'];
  it('keeps the highest sys_mod_count, then the latest sys_updated_on, whatever the row order', () => {
    const { table, builder, issues } = read(servicenow, H, [
      ['INC1', '2025-11-03 09:00:00', 'Resolved', '2025-11-04 09:00:00', '5', '2'],
      ['INC1', '2025-11-03 09:00:00', 'New', '2025-11-03 09:00:00', '1', '0'],
      ['INC2', '2025-11-03 10:00:00', 'Closed', '2025-11-05 10:00:00', '3', '1'],
      ['INC2', '2025-11-03 10:00:00', 'In Progress', '2025-11-04 10:00:00', '3', '0'],
      ['INC3', '2025-11-03 11:00:00', 'New', '2025-11-03 11:00:00', '1', '0'],
      ['INC3', '2025-11-03 11:00:00', 'In Progress', '2025-11-03 12:00:00', '2', '1'],
    ]);
    expect(table.length).toBe(3);
    const status = table.dim('status')!;
    expect([0, 1, 2].map((i) => status.dictionary.value(status.codes[i]!))).toEqual([
      'Resolved',
      'Closed',
      'In Progress',
    ]);
    expect(Array.from(table.counts.reassignments.subarray(0, 3))).toEqual([2, 1, 1]);
    expect(builder.counts.duplicate).toBe(3);
    expect(issues.filter((i) => i.code === 'duplicate_id').every((i) => i.message.includes('folded'))).toBe(true);
  });

  it('folds rows without an update time as older, whatever the order of the rows', () => {
    // INC1: the row with an update time wins over a later row without one; INC2: over an earlier one.
    const header = ['number', 'opened_at', 'state', 'sys_updated_on'];
    const { table } = read(servicenow, header, [
      ['INC1', '2025-11-03 09:00:00', 'New', '2025-11-03 10:00:00'],
      ['INC1', '2025-11-03 09:00:00', 'Closed', ''],
      ['INC2', '2025-11-03 09:00:00', 'New', ''],
      ['INC2', '2025-11-03 09:00:00', 'Closed', '2025-11-03 10:00:00'],
      ['INC3', '2025-11-03 09:00:00', 'New', ''],
      ['INC3', '2025-11-03 09:00:00', 'Closed', ''],
    ]);
    const status = table.dim('status')!;
    expect([0, 1, 2].map((i) => status.dictionary.value(status.codes[i] as number))).toEqual([
      'New',
      'Closed',
      'Closed',
    ]);
  });

  it('reads day-first dates and "?" through options', () => {
    const { table, issues } = read(
      servicenow,
      ['number', 'opened_at', 'resolved_at'],
      [['INC9', '3/11/2025 09:05', '?']],
      { dateFormat: 'd/M/yyyy HH:mm', nullTokens: ['', '?'] },
    );
    expect(issues).toEqual([]);
    expect(table.instants.created[0]).toBe(Date.UTC(2025, 10, 3, 9, 5));
    expect(table.instants.solved[0]).toBeNaN();
  });
});

describe('jira', () => {
  it('reads dd/MMM/yy h:mm a with the profile format and keeps the SLA display text as a dimension', () => {
    const { table, issues } = read(
      jira,
      ['Issue key', 'Issue id', 'Issue Type', 'Created', 'Resolved', 'Custom field (Time to first response)'],
      [['ITSM-1', '10001', 'Incident', '24/Nov/25 9:14 AM', '24/Nov/25 12:05 PM', '-1h 12m']],
      { dateFormat: jira.dateFormat! },
    );
    expect(issues).toEqual([]);
    expect(table.instants.created[0]).toBe(Date.UTC(2025, 10, 24, 9, 14));
    expect(table.instants.solved[0]).toBe(Date.UTC(2025, 10, 24, 12, 5));
    const sla = table.dim('sla_first_response');
    expect(sla?.dictionary.value(sla.codes[0]!)).toBe('-1h 12m');
  });
});

describe('profile detection', () => {
  it('detects each vendor from its header', () => {
    expect(detectProfile('tickets', ['Ticket ID', 'Subject', 'Status', 'Source', 'Created time']).profile?.name).toBe(
      'freshdesk',
    );
    expect(detectProfile('tickets', ['number', 'opened_at', 'state']).profile?.name).toBe('servicenow');
    expect(detectProfile('tickets', ['Summary', 'Issue key', 'Issue id', 'Issue Type', 'Created']).profile?.name).toBe(
      'jira',
    );
    expect(detectProfile('tickets', [' ID ', 'created AT', 'status', 'via']).profile?.name).toBe('zendesk');
  });

  it('prefers the profile with the most signature columns when several match', () => {
    const small: TicketProfile = {
      kind: 'tickets',
      name: 'small',
      description: '',
      signature: ['Id', 'Status'],
      columns: {},
    };
    const big: TicketProfile = {
      kind: 'tickets',
      name: 'big',
      description: '',
      signature: ['Id', 'Status', 'Via'],
      columns: {},
    };
    expect(detectProfile('tickets', ['Id', 'Status', 'Via'], [small, big]).profile?.name).toBe('big');
    expect(detectProfile('tickets', ['Id', 'Status'], [small, big]).profile?.name).toBe('small');
  });

  it('names the closest profile and its missing columns when none matches', () => {
    const d = detectProfile('tickets', ['Ticket ID', 'Created time', 'Subject']);
    expect(d.profile).toBeNull();
    expect(d.closest?.profile.name).toBe('freshdesk');
    expect(d.closest?.missing).toEqual(['Status', 'Source']);
  });
});

describe('mapping guess for an export no profile knows (the error message example)', () => {
  const guess = (header: string[]) => {
    const g = guessMapping(header);
    return [g.id, g.created, g.resolved === null ? null : `${g.resolved.field}=${g.resolved.column}`];
  };

  it('names the id, creation and resolution columns of common exports by their names', () => {
    // NYC 311 (Socrata), Salesforce cases, Jira, HubSpot, a warehouse table, Freshservice.
    expect(
      guess(['Unique Key', 'Created Date', 'Closed Date', 'Agency', 'Due Date', 'Resolution Description']),
    ).toEqual(['Unique Key', 'Created Date', 'closed=Closed Date']);
    expect(
      guess(['Case Owner', 'Case Number', 'Created By', 'Date/Time Opened', 'Date/Time Closed', 'Status']),
    ).toEqual(['Case Number', 'Date/Time Opened', 'closed=Date/Time Closed']);
    expect(guess(['Summary', 'Issue key', 'Issue id', 'Created', 'Resolved', 'Updated'])).toEqual([
      'Issue key',
      'Created',
      'solved=Resolved',
    ]);
    expect(guess(['Ticket ID', 'Ticket name', 'Create date', 'Close date', 'Time to close (HH:mm:ss)'])).toEqual([
      'Ticket ID',
      'Create date',
      'closed=Close date',
    ]);
    expect(guess(['id', 'created_by_id', 'created_at', 'closed_at', 'solved_at'])).toEqual([
      'id',
      'created_at',
      'solved=solved_at',
    ]);
  });

  it('guesses nothing rather than a person, a duration or an unrelated date', () => {
    expect(
      guess(['Customer Name', 'Date of Purchase', 'First Response Time', 'Time to Resolution', 'Resolution']),
    ).toEqual([null, null, null]);
    expect(guess(['Closed by', 'Opened by', 'Resolved by user', 'Minutes to resolved'])).toEqual([null, null, null]);
  });
});
