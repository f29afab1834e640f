/** Reassigned rate (Zendesk assignee stations, ServiceNow reassignment count) and group transfers (metrics/counts.ts). */
import { describe, expect, it } from 'vitest';
import { groupTransfers } from './counts.js';
import { reassigned } from './handoffs.js';
import { metricOver } from './reference.js';

describe('reassigned', () => {
  it('Zendesk: assignee stations > 1 / tickets with a known count', () => {
    // stations 0 (never assigned), 1, 2, 3, unknown (-1 and null): counted 4, reassigned 2, 3 -> 2 / 4
    const tickets = [0, 1, 2, 3, -1, null].map((s) => ({ created: 0, assignee_stations: s }));
    expect(metricOver(reassigned, tickets)).toEqual({ kind: 'rate', numerator: 2, denominator: 4, value: 0.5 });
  });

  it('ServiceNow: reassignment count > 0', () => {
    // 0, 1, 4, unknown -> 2 / 3
    const tickets = [0, 1, 4, null].map((r) => ({ created: 0, reassignments: r }));
    expect(metricOver(reassigned, tickets)).toEqual({ kind: 'rate', numerator: 2, denominator: 3, value: 2 / 3 });
  });

  it('with both mapped, either suffices, and a ticket is known when either count is', () => {
    const tickets = [
      { created: 0, assignee_stations: 1, reassignments: 2 }, // reassigned by the count
      { created: 0, assignee_stations: null, reassignments: 0 }, // known, not reassigned
      { created: 0, assignee_stations: 2, reassignments: null }, // reassigned by the stations
      { created: 0 }, // unknown: left out
    ];
    expect(metricOver(reassigned, tickets)).toEqual({ kind: 'rate', numerator: 2, denominator: 3, value: 2 / 3 });
  });

  it('is unavailable without either column', () => {
    expect(metricOver(reassigned, [{ created: 0 }])).toMatchObject({ kind: 'unavailable' });
  });
});

describe('group_transfers', () => {
  it('is group stations - 1 per ticket (never below 0): sum and mean over tickets with a known count', () => {
    // stations 0, 1, 2, 5 -> transfers 0, 0, 1, 4; unknown left out -> n 4, sum 5, mean 1.25
    const tickets = [0, 1, 2, 5, -1, null].map((s) => ({ created: 0, group_stations: s }));
    expect(metricOver(groupTransfers, tickets)).toMatchObject({ kind: 'total', n: 4, sum: 5, mean: 1.25 });
  });

  it('has a null mean without known counts', () => {
    expect(metricOver(groupTransfers, [{ created: 0, group_stations: -1 }])).toMatchObject({
      kind: 'total',
      n: 0,
      sum: 0,
      mean: null,
    });
  });

  it('is unavailable without group stations', () => {
    expect(metricOver(groupTransfers, [{ created: 0, assignee_stations: 1 }])).toEqual({
      kind: 'unavailable',
      reason:
        'no count: map group_transfers (a group transfer count) or group_stations (Zendesk `Group stations`, or an event log)',
    });
  });
});
