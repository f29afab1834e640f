/**
 * The column names and status spellings issue #20 lists, read without any mapping or config: the
 * expected fields and meanings are the issue's own list (and docs/events.md, "Vocabulary").
 */
import { describe, expect, it } from 'vitest';
import { planEventColumns } from '../../src/ingest/events/columns.js';
import { EventMeanings } from '../../src/ingest/events/meanings.js';
import { compileVocabulary } from '../../src/ingest/events-vocabulary.js';
import { eventsGeneric } from '../../src/ingest/profiles/events/generic.js';

describe('event logs read by their own names', () => {
  it.each([
    [['Case ID', 'Activity', 'Complete Timestamp'], 2],
    [['CaseID', 'Activity', 'CompleteTimestamp'], 2],
    [['case:concept:name', 'concept:name', 'time:timestamp'], 2],
  ])('finds the timestamp among %j', (header, timestamp) => {
    const plan = planEventColumns(header, eventsGeneric, {});
    expect(plan.columns).toMatchObject({ case: 0, activity: 1, timestamp });
    expect(plan.mapped.size).toBe(0);
  });

  it('takes opened_at as the creation time', () => {
    const plan = planEventColumns(['number', 'incident_state', 'sys_updated_at', 'opened_at'], eventsGeneric, {
      case: 'number',
      status: 'incident_state',
      timestamp: 'sys_updated_at',
    });
    expect(plan.columns.opened).toBe(3);
    expect(plan.mapped.has('opened')).toBe(false);
  });

  it('knows the ITSM waiting states and a cancellation', () => {
    const meanings = new EventMeanings(compileVocabulary({}));
    const read = (text: string) => {
      const { meaning, cancelled } = meanings.status(text);
      return { meaning, cancelled };
    };
    expect(read('Awaiting User Info')).toEqual({ meaning: 'waiting', cancelled: false });
    expect(read('Wait - User')).toEqual({ meaning: 'waiting', cancelled: false });
    expect(read('Wait - Customer')).toEqual({ meaning: 'waiting', cancelled: false });
    expect(read('Pending')).toEqual({ meaning: 'waiting', cancelled: false });
    expect(read('Awaiting Vendor')).toEqual({ meaning: 'on_hold', cancelled: false });
    expect(read('Canceled')).toEqual({ meaning: 'cancelled', cancelled: true });
    expect(read('Cancelled')).toEqual({ meaning: 'cancelled', cancelled: true });
  });
});
